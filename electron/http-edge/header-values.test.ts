// Header values holding any text go out as valid bytes: UTF-8 beyond Latin-1, control characters percent-encoded.
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientErrorReply } from './client-errors';
import { EncodedHeadersResponse, encodeHeaderValue } from './header-values';

async function rawHead(handle: (res: ServerResponse) => void): Promise<Buffer> {
  const server = createServer({ ServerResponse: EncodedHeadersResponse }, (_req, res) => handle(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent: false }, (res) => {
        // rawHeaders are decoded as Latin-1, so they map back to the exact bytes sent.
        resolve(Buffer.from(res.rawHeaders.join('\n'), 'latin1'));
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.close();
  }
}

describe('encodeHeaderValue', () => {
  it('leaves valid values alone', () => {
    expect(encodeHeaderValue('299 - "unknown field \\"spec.x\\""')).toBe('299 - "unknown field \\"spec.x\\""');
    expect(encodeHeaderValue('caf\u00e9')).toBe('caf\u00e9');
  });
  it('sends text beyond Latin-1 as its UTF-8 bytes and percent-encodes control characters', () => {
    expect(Buffer.from(encodeHeaderValue('이름'), 'latin1').toString('utf8')).toBe('이름');
    expect(encodeHeaderValue('a\r\nSet-Cookie: x=1')).toBe('a%0D%0ASet-Cookie: x=1');
    expect(encodeHeaderValue('tab\tok\u0000')).toBe('tab\tok%00');
  });
});

describe('EncodedHeadersResponse', () => {
  it('encodes values from setHeader and both writeHead forms, keeping the head byte-exact with a string body', async () => {
    const head = await rawHead((res) => {
      res.setHeader('X-Set', '이름');
      res.writeHead(200, { 'X-Object': 'a\nb', 'Content-Type': 'text/plain' });
      res.end('본문');
    });
    expect(head.toString('utf8')).toContain('X-Set\n이름');
    expect(head.toString('utf8')).toContain('X-Object\na%0Ab');
    const flat = await rawHead((res) => {
      res.writeHead(200, 'OK', ['X-Flat', '한', 'X-Many', ['x\ry', '둘']]);
      res.end();
    });
    expect(flat.toString('utf8')).toContain('X-Flat\n한');
    expect(flat.toString('utf8')).toContain('X-Many\nx%0Dy\nX-Many\n둘');
  });
});

describe('clientErrorReply', () => {
  it('answers parser failures in the shape Go uses and leaves TLS and reset errors unanswered', () => {
    expect(clientErrorReply('HPE_HEADER_OVERFLOW')).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: 35\r\n\r\n431 Request Header Fields Too Large');
    expect(clientErrorReply('ERR_HTTP_REQUEST_TIMEOUT')?.startsWith('HTTP/1.1 408 Request Timeout\r\n')).toBe(true);
    expect(clientErrorReply('HPE_INVALID_METHOD')?.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(clientErrorReply('ECONNRESET')).toBeUndefined();
    expect(clientErrorReply('ERR_TLS_HANDSHAKE_TIMEOUT')).toBeUndefined();
  });
});
