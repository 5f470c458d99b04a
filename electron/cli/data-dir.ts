/** Where Kubelab keeps its CA, certificates and kubeconfig when no Electron app path is available. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KUBELAB_DATA_DIR) return env.KUBELAB_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Kubelab');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kubelab');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Kubelab');
}
