/**
 * Runs the real kubectl against a test API server and returns its exit code and output, whether
 * it succeeded or not, so that tests can assert on kubectl's own error text.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runKubectl(kubectlPath: string, kubeconfig: string, args: string[], options: { cacheDir?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  try {
    const env = options.cacheDir ? { ...process.env, KUBECACHEDIR: options.cacheDir } : process.env;
    const { stdout, stderr } = await run(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { timeout: options.timeoutMs ?? 30_000, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
