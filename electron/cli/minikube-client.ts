/** Sends one request to Kubelab's control endpoint and returns its typed result or throws its error. */
import { request } from 'node:http';
import { CONTROL_PATH, ControlError, type ControlRequest, type ControlResponse, type ControlResults } from '../control/control-protocol';

export interface ControlEndpoint {
  url: string;
  token: string;
}

export const REQUEST_TIMEOUT_MS = 15_000;

export function callControl<Op extends ControlRequest['op']>(endpoint: ControlEndpoint, body: Extract<ControlRequest, { op: Op }>): Promise<ControlResults[Op]> {
  const target = new URL(CONTROL_PATH, endpoint.url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${endpoint.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ControlResponse<ControlResults[Op]>;
            if (answer.ok) resolve(answer.result);
            else reject(new ControlError(answer.error.code, answer.error.message));
          } catch {
            reject(new ControlError('INTERNAL', `unexpected answer from Kubelab (HTTP ${res.statusCode})`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new ControlError('INTERNAL', 'Kubelab did not answer in time')));
    req.on('error', (error) => reject(error instanceof ControlError ? error : new ControlError('INTERNAL', `cannot reach Kubelab: ${error.message}`)));
    req.end(payload);
  });
}
