/** A v5.channel.k8s.io exec client, speaking the protocol as kubectl does, for tests. */
import WebSocket from 'ws';

export interface ExecResult {
  stdout: string;
  stderr: string;
  status: Record<string, unknown> | undefined;
  closeCode: number;
}

export interface ExecSession {
  send(text: string): void;
  closeStdin(): void;
  resize(width: number, height: number): void;
  output(): string;
  waitForOutput(fragment: string, timeoutMs?: number): Promise<void>;
  result: Promise<ExecResult>;
}

export function openExec(server: { port: number; token: string; caPem: string }, path: string): ExecSession {
  const ws = new WebSocket(`wss://127.0.0.1:${server.port}${path}`, ['v5.channel.k8s.io'], { headers: { Authorization: `Bearer ${server.token}` }, ca: server.caPem });
  let stdout = '';
  let stderr = '';
  let status: Record<string, unknown> | undefined;
  const waiters: { fragment: string; resolve: () => void }[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) throw new Error('text frame from server');
    const stream = data[0];
    const text = data.subarray(1).toString('utf8');
    if (stream === 1) stdout += text;
    else if (stream === 2) stderr += text;
    else if (stream === 3) status = JSON.parse(text) as Record<string, unknown>;
    for (const w of [...waiters]) if (stdout.includes(w.fragment)) w.resolve();
  });
  const result = new Promise<ExecResult>((resolve, reject) => {
    ws.on('close', (code) => resolve({ stdout, stderr, status, closeCode: code }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${body}`)));
    });
  });
  const frame = (stream: number, payload: Buffer) => void opened.then(() => ws.send(Buffer.concat([Buffer.from([stream]), payload]), { binary: true }));
  return {
    send: (text) => frame(0, Buffer.from(text)),
    closeStdin: () => frame(255, Buffer.from([0])),
    resize: (width, height) => frame(4, Buffer.from(JSON.stringify({ Width: width, Height: height }))),
    output: () => stdout,
    waitForOutput(fragment, timeoutMs = 3000) {
      if (stdout.includes(fragment)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${fragment}" in output: ${JSON.stringify(stdout)}`)), timeoutMs);
        waiters.push({
          fragment,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    result,
  };
}
