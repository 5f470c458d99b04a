/**
 * Watches: one JSON event per line on a chunked 200 reply. Headers are flushed at once (the Go
 * client waits for them), disconnects are seen through res 'close', history replay and the
 * synthetic ADDED events come from the store, and an expired resourceVersion becomes an ERROR
 * event carrying a 410 Expired Status. Table watches carry one-row Tables.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../../engine/api';
import type { WatchEvent } from '../../engine/api';
import type { ApiContext } from '../context';
import { typeMetaOf } from '../context';
import type { ResourceRoute } from '../route';
import { toStatus } from '../status';
import { buildTable } from '../tables';
import { includeObject, intParam, isTrue, wantsTable } from './query';

/** A client that reads slower than this many buffered bytes is cut off rather than buffered forever. */
const MAX_BUFFERED = 16 * 1024 * 1024;
const BOOKMARK_INTERVAL_MS = 30_000;
const LINE_CACHE_SIZE = 4096;
const LINE_CACHE_BYTES = 16 * 1024 * 1024;
const LINE_CACHE = new Map<string, string>();
let lineCacheBytes = 0;

export function serveWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): void {
  const asTable = wantsTable(req);
  const include = includeObject(query);
  const options: Parameters<ApiContext['store']['watch']>[1] = {};
  if (route.namespace !== undefined) options.namespace = route.namespace;
  const labelSelector = query.get('labelSelector');
  if (labelSelector) options.labelSelector = labelSelector;
  let fieldSelector = query.get('fieldSelector') ?? '';
  if (route.name) fieldSelector = fieldSelector ? `${fieldSelector},metadata.name=${route.name}` : `metadata.name=${route.name}`;
  if (fieldSelector) options.fieldSelector = fieldSelector;
  const rv = query.get('resourceVersion');
  if (rv) options.resourceVersion = rv;

  let ended = false;
  let firstTable = true;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  // A burst of events becomes one socket write per tick instead of one per event.
  let pending: string[] = [];

  const finish = () => {
    if (ended) return;
    if (pending.length > 0 && !res.writableEnded && !res.destroyed) res.write(pending.join(''));
    pending = [];
    ended = true;
    for (const t of timers) clearTimeout(t);
    unsubscribe?.();
    untrack();
    if (!res.writableEnded) res.end();
  };

  const untrack = ctx.track(() => finish());
  const flush = () => {
    const text = pending.join('');
    pending = [];
    if (ended || text === '') return;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED) finish();
  };
  const writeText = (text: string) => {
    if (ended) return;
    if (pending.length === 0) setImmediate(flush);
    pending.push(text);
  };
  const writeLine = (line: unknown) => writeText(`${JSON.stringify(line)}\n`);

  const onEvent = (event: WatchEvent) => {
    if (ended) return;
    if (event.type === 'BOOKMARK') {
      writeLine({ type: 'BOOKMARK', object: { ...typeMetaOf(route.type), metadata: { resourceVersion: event.object.metadata.resourceVersion } } });
      return;
    }
    // Many watchers see the same event: serialize it once (the cache key covers format and shift).
    const key = firstTable && asTable ? undefined : `${asTable ? `t${include}` : 'j'}|${event.type}|${event.object.metadata.uid ?? event.object.metadata.name}|${event.object.metadata.resourceVersion ?? ''}|${Math.round(ctx.clock.offset() / 1000)}`;
    const cached = key ? LINE_CACHE.get(key) : undefined;
    if (cached !== undefined) {
      writeText(cached);
      return;
    }
    let text: string;
    if (asTable) {
      const table = buildTable(route.type, [event.object], ctx.clock.virtualNow(), {
        include,
        withColumns: firstTable,
        resourceVersion: event.object.metadata.resourceVersion,
        present: ctx.present,
      presentMetadata: ctx.presentMetadata,
      });
      firstTable = false;
      text = `${JSON.stringify({ type: event.type, object: table })}\n`;
    } else text = `${JSON.stringify({ type: event.type, object: ctx.present(event.object) })}\n`;
    if (key) {
      while (LINE_CACHE.size > 0 && (LINE_CACHE.size >= LINE_CACHE_SIZE || lineCacheBytes + text.length > LINE_CACHE_BYTES)) {
        const oldest = LINE_CACHE.keys().next().value as string;
        lineCacheBytes -= LINE_CACHE.get(oldest)?.length ?? 0;
        LINE_CACHE.delete(oldest);
      }
      LINE_CACHE.set(key, text);
      lineCacheBytes += text.length;
    }
    writeText(text);
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  res.on('close', finish);

  try {
    unsubscribe = ctx.store.watch(route.type, options, onEvent);
  } catch (error) {
    if (error instanceof StatusError) writeLine({ type: 'ERROR', object: error.status });
    else writeLine({ type: 'ERROR', object: toStatus(error) });
    finish();
    return;
  }
  if (ended) {
    unsubscribe();
    return;
  }
  const timeout = intParam(query, 'timeoutSeconds');
  if (timeout !== undefined && timeout > 0) timers.push(setTimeout(finish, Math.min(timeout, 3600) * 1000));
  if (isTrue(query, 'allowWatchBookmarks')) {
    const bookmark = () => {
      if (ended) return;
      writeLine({ type: 'BOOKMARK', object: { ...typeMetaOf(route.type), metadata: { resourceVersion: ctx.store.currentResourceVersion() } } });
      timers.push(setTimeout(bookmark, BOOKMARK_INTERVAL_MS).unref());
    };
    timers.push(setTimeout(bookmark, Math.min(BOOKMARK_INTERVAL_MS, 1000)).unref());
  }
}
