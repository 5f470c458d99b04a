/**
 * Warning headers as k8s.io/apiserver sends them: `299 - "text"` with `"` and `\` escaped, one
 * header line per warning. Upstream's NewWarningHeader refuses text with control characters (the
 * warning is then dropped) and writes any other Unicode as raw UTF-8; Node would throw on such a
 * header string, so the UTF-8 bytes are handed over as a latin1 string, which Node writes as is.
 */
import type { ServerResponse } from 'node:http';

// Go's unicode.IsControl: C0, DEL and C1.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The header value for one warning, or undefined when upstream would drop it. */
export function warningHeaderValue(text: string): string | undefined {
  if (text === '' || CONTROL.test(text)) return undefined;
  const quoted = `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return Buffer.from(quoted, 'utf8').toString('latin1');
}

export function addWarnings(res: ServerResponse, texts: string[]): void {
  if (res.headersSent) return;
  const values = texts.map(warningHeaderValue).filter((v): v is string => v !== undefined);
  if (values.length === 0) return;
  const existing = res.getHeader('Warning');
  const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Warning', [...before, ...values]);
}
