/** Where Kubelab keeps its CA, certificates and kubeconfig when no Electron app path is available. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * A base directory from the environment, or undefined when it must be ignored. The XDG Base
 * Directory spec says an unset or empty $XDG_CONFIG_HOME means the default, and that a relative
 * path is invalid and must be ignored; the same rule keeps %APPDATA% from ever meaning "the
 * current directory", where the CA key would otherwise land.
 */
function absoluteDir(value: string | undefined, platform: NodeJS.Platform): string | undefined {
  if (!value) return undefined;
  const absolute = platform === 'win32' ? /^(?:[a-zA-Z]:[\\/]|\\\\)/.test(value) : isAbsolute(value);
  return absolute ? value : undefined;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  // An explicit choice wins, but an empty variable is treated as unset rather than as ".".
  if (env.KUBELAB_DATA_DIR) return env.KUBELAB_DATA_DIR;
  if (platform === 'win32') return join(absoluteDir(env.APPDATA, platform) ?? join(homedir(), 'AppData', 'Roaming'), 'Kubelab');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kubelab');
  return join(absoluteDir(env.XDG_CONFIG_HOME, platform) ?? join(homedir(), '.config'), 'Kubelab');
}
