/**
 * Watches: one JSON event per line on a chunked 200 reply. Headers are flushed at once (the Go
 * client waits for them), disconnects are seen through res 'close', history replay and the
 * synthetic ADDED events come from the store, and an expired resourceVersion becomes an ERROR
 * event carrying a 410 Expired Status. Table watches carry one-row Tables. Options are validated
 * as ListOptions for a watch (list-options.ts); sendInitialEvents=true (client-go's WatchList)
 * gets the current state as ADDED events, then a BOOKMARK marked `k8s.io/initial-events-end`;
 * allowWatchBookmarks=true gets a BOOKMARK every virtual minute and just before the timeout.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../../engine/api';
import type { WatchEvent } from '../../engine/api';
import type { ApiContext } from '../context';
import { typeMetaOf } from '../context';
import type { ResourceRoute } from '../route';
import { toStatus } from '../status';
import { buildTable } from '../tables';
import { listOptions } from './read';
import { parseListOptions, validateListOptions } from './list-options';
import { includeObject, wantsTable } from './query';

/** A client that reads slower than this many buffered bytes is cut off rather than buffered forever. */
const MAX_BUFFERED = 16 * 1024 * 1024;
/**
 * staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go: defaultBookmarkFrequency = time.Minute,
 * and cache_watcher.go nextBookmarkTime also sends one 2 s before the watch's deadline. The minute
 * is virtual (the cluster's time); the deadline, like timeoutSeconds, is wall time.
 */
const BOOKMARK_INTERVAL_MS = 60_000;
const BOOKMARK_BEFORE_DEADLINE_MS = 2_000;
/** How often a watch looks at the virtual clock for its next bookmark. */
const BOOKMARK_POLL_MS = 250;
/** The annotation on the bookmark that ends a WatchList's initial events (metav1.InitialEventsAnnotationKey). */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';
const LINE_CACHE_SIZE = 4096;
const LINE_CACHE_BYTES = 16 * 1024 * 1024;
const LINE_CACHE = new Map<string, string>();
let lineCacheBytes = 0;

export function serveWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): void {
  const asTable = wantsTable(req);
  const include = includeObject(query);
  // Refusals come before the 200: conversion (400) and validation (422) errors are plain replies.
  const parsed = parseListOptions(query);
  validateListOptions(parsed, true);
  const selection = listOptions(route, query);
  if (route.name) selection.fieldSelector = selection.fieldSelector ? `${selection.fieldSelector},metadata.name=${route.name}` : `metadata.name=${route.name}`;
  const options: Parameters<ApiContext['store']['watch']>[1] = { ...selection };
  const rv = parsed.resourceVersion;
  // sendInitialEvents defaults to true for resourceVersion "" and "0" (the store's synthetic
  // ADDED events); false starts after the current revision, or after the one given.
  const initialEvents = parsed.sendInitialEvents;
  if (initialEvents === undefined) {
    if (rv) options.resourceVersion = rv;
  } else if (initialEvents || rv === '' || rv === '0') options.resourceVersion = ctx.store.currentResourceVersion();
  else options.resourceVersion = rv;

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
  const writeBookmark = (resourceVersion: string, annotations?: Record<string, string>) =>
    writeLine({ type: 'BOOKMARK', object: { ...typeMetaOf(route.type), metadata: { resourceVersion, ...(annotations ? { annotations } : {}) } } });

  const onEvent = (event: WatchEvent) => {
    if (ended) return;
    if (event.type === 'BOOKMARK') {
      writeLine({ type: 'BOOKMARK', object: { ...typeMetaOf(route.type), metadata: { resourceVersion: event.object.metadata.resourceVersion } } });
      return;
    }
    // Many watchers see the same event: serialize it once (the cache key covers format, and for a
    // Table row the virtual second its AGE cell was counted at).
    const key = firstTable && asTable ? undefined : `${asTable ? `t${include}|${Math.floor(ctx.clock.virtualNow() / 1000)}` : 'j'}|${event.type}|${event.object.metadata.uid ?? event.object.metadata.name}|${event.object.metadata.resourceVersion ?? ''}`;
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
    if (initialEvents) {
      // The list and the subscription run in one turn: no change can fall between them.
      const state = ctx.store.list(route.type, selection);
      for (const object of state.items) onEvent({ type: 'ADDED', object });
      unsubscribe = ctx.store.watch(route.type, { ...options, resourceVersion: state.resourceVersion }, onEvent);
      // cacher.go sends the initial-events-end bookmark to watchers that allow bookmarks.
      if (parsed.allowWatchBookmarks) writeBookmark(state.resourceVersion, { [INITIAL_EVENTS_END]: 'true' });
    } else unsubscribe = ctx.store.watch(route.type, options, onEvent);
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
  const timeout = parsed.timeoutSeconds;
  const timeoutMs = timeout !== undefined && timeout > 0 ? Math.min(timeout, 3600) * 1000 : undefined;
  if (timeoutMs !== undefined) timers.push(setTimeout(finish, timeoutMs));
  if (parsed.allowWatchBookmarks) {
    const bookmark = () => {
      if (!ended) writeBookmark(ctx.store.currentResourceVersion());
    };
    let next = ctx.clock.virtualNow() + BOOKMARK_INTERVAL_MS;
    const poll = setInterval(() => {
      if (ctx.clock.virtualNow() < next) return;
      next = ctx.clock.virtualNow() + BOOKMARK_INTERVAL_MS;
      bookmark();
    }, BOOKMARK_POLL_MS).unref();
    timers.push(poll);
    if (timeoutMs !== undefined && timeoutMs > BOOKMARK_BEFORE_DEADLINE_MS) timers.push(setTimeout(bookmark, timeoutMs - BOOKMARK_BEFORE_DEADLINE_MS).unref());
  }
}
