/**
 * Answers for connections whose bytes never became a request, written straight to the socket
 * ('clientError' has no response object): 431 when the head outgrew the parser's limit, 408 when
 * it was not sent in time, 400 for anything unparsable, then close. Destroying the socket without
 * a word, as before, left clients to guess (kubectl reports a bare EOF).
 */
import type { Duplex } from 'node:stream';

// Go's net/http sends exactly this for an oversized head (net/http/server.go, errTooLarge), and
// closes; its other parse failures are "400 Bad Request" in the same shape.
const TEXT_HEADERS = '\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n';

function reply(status: string): string {
  return `HTTP/1.1 ${status}${TEXT_HEADERS.replace('\r\n\r\n', `\r\nContent-Length: ${status.length}\r\n\r\n`)}${status}`;
}

export function clientErrorReply(code: string | undefined): string | undefined {
  if (code === 'HPE_HEADER_OVERFLOW') return reply('431 Request Header Fields Too Large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return reply('408 Request Timeout');
  // Other parser errors get Go's 400. Anything else (a reset peer, a TLS handshake that failed or
  // timed out, which the HTTPS server reports here too) has no HTTP stream to answer in.
  if (code?.startsWith('HPE_')) return reply('400 Bad Request');
  return undefined;
}

/** Sockets already answered: the parser may report the rest of their bytes as errors too. */
const answered = new WeakSet<Duplex>();

/** The 'clientError' listener for both servers. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Destroying now would cut off the reply still being flushed; the timer below ends it.
  if (answered.has(socket)) return;
  // A response already under way on this keep-alive connection cannot be followed by another head.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  const text = clientErrorReply(error.code);
  if (text !== undefined && socket.writable && !inFlight?.headersSent) {
    answered.add(socket);
    socket.end(text);
    // end() flushes first (closing at once with unread bytes would reset the connection and lose
    // the reply, which Go avoids the same way with closeWriteAndWait); a peer that never reads
    // must still not keep the socket.
    setTimeout(() => socket.destroy(), 1000).unref();
    return;
  }
  socket.destroy();
}
