/**
 * The cluster survives whatever it is sent. fast-check generates objects of every served kind with
 * wrong types, wrong shapes, huge and non-ASCII values and unknown fields, and sends them through
 * the real HTTP API (create, replace, the patch types, server-side apply, JSON and YAML) and through
 * the inspector's apply path, while the real engine's controllers run on the virtual clock for
 * minutes. Every reply must be a success or a Status (never a 5xx), nothing wrongly typed may be
 * stored, and a set of sentinel objects made before the storm must be exactly as they were.
 * Seeded: a failure prints the seed and the case that reproduces it (FUZZ_SEED overrides the seed,
 * FUZZ_RUNS the number of cases).
 */
import { Agent, request as httpsRequest } from 'node:https';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import type { KubeObject } from '../../shared/k8s/objects';
import type { Engine, ResourceType } from '../engine/api';
import { createEngine } from '../engine/index';
import { startHarness, type Harness } from '../apiserver/testing/harness';
import { applyText } from './objects-service';
import { replaceAt, SAMPLES, valuePaths } from './hostile-objects.test-support';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
/** Virtual time the controllers get between batches of cases. */
const CASES_PER_TICK = 50;
const TICK_MS = 1_000;
const NAMES = ['fz-0', 'fz-1', 'fz-2', 'fz-3', 'fz-4', 'fz-5'];

const hugeString = 'x'.repeat(100_000);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2147483648, -2147483649, 1.5, -1, 0, 1_000_000, Number.MAX_SAFE_INTEGER),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('3', 'abc', '', '1e308', '10Gi', '-1', '한국어', '\u0000\u0007', 'true', '25%', '2026-13-45T99:99:99Z', hugeString),
  fc.constantFrom({}, [], [{}], [[[]]], { $patch: 'delete' }, { '$setElementOrder/containers': 5 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant({})), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant([])), { maxKeys: 3 }),
);
const unknownKey = fc.oneof(fc.constantFrom('foo', 'specs', 'replica', '이름', 'ünïcödé', '', 'a.b', '$patch'), fc.string({ maxLength: 10 }));

const hostileCase = fc.record({
  kind: fc.constantFrom(...Object.keys(SAMPLES)),
  name: fc.constantFrom(...NAMES),
  op: fc.constantFrom('create', 'create', 'replace', 'merge', 'strategic', 'apply', 'inspector'),
  encoding: fc.constantFrom('json', 'yaml'),
  fieldValidation: fc.constantFrom(undefined, 'Strict', 'Warn', 'Ignore', 'Bogus'),
  breaks: fc.array(fc.record({ at: fc.nat(), value: hostileValue }), { minLength: 1, maxLength: 3 }),
  extras: fc.array(fc.record({ at: fc.nat(), key: unknownKey, value: hostileValue }), { maxLength: 2 }),
});
type HostileCase = typeof hostileCase extends fc.Arbitrary<infer T> ? T : never;

let engine: Engine;
let h: Harness;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Reply {
  status: number;
  type: string;
  text: string;
}

function send(method: string, path: string, body: string | undefined, contentType: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${h.server.token}`, Accept: 'application/json', 'User-Agent': 'kubectl/v1.32.4 (hostile-objects)' };
    const payload = body === undefined ? undefined : Buffer.from(body);
    if (payload) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = String(payload.length);
    }
    const req = httpsRequest({ host: '127.0.0.1', port: h.server.port, path, method, headers, ca: h.server.caPem, servername: 'localhost', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function typeOf(kind: string): ResourceType {
  const type = engine.store.resourceTypes().find((t) => t.kind === kind);
  if (!type) throw new Error(`no served type for ${kind}`);
  return type;
}

function collectionPath(type: ResourceType): string {
  const root = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return type.namespaced ? `${root}/namespaces/default/${type.resource}` : `${root}/${type.resource}`;
}

/** The sample of `kind` named `name`, broken as the case says. */
function brokenObject(c: HostileCase): unknown {
  let object: unknown = { ...SAMPLES[c.kind], metadata: { ...SAMPLES[c.kind]!.metadata, name: c.name } };
  const paths = valuePaths(object).filter((p) => !(p.length === 2 && p[0] === 'metadata' && p[1] === 'name'));
  for (const b of c.breaks) object = replaceAt(object, paths[b.at % paths.length]!, b.value);
  for (const e of c.extras) {
    const containers = valuePaths(object).filter((p) => {
      let node: unknown = object;
      for (const k of p) node = (node as Record<string | number, unknown>)[k];
      return !!node && typeof node === 'object' && !Array.isArray(node);
    });
    const at = containers.length ? containers[e.at % containers.length]! : [];
    object = replaceAt(object, [...at, e.key], e.value);
  }
  return object;
}

function encode(value: unknown, encoding: string): { body: string; type: string } {
  return encoding === 'yaml' ? { body: toYaml(value, { aliasDuplicateObjects: false }), type: 'application/yaml' } : { body: JSON.stringify(value), type: 'application/json' };
}

async function ensureExists(type: ResourceType, name: string): Promise<void> {
  if (engine.store.get(type, type.namespaced ? 'default' : undefined, name)) return;
  const reply = await send('POST', collectionPath(type), JSON.stringify({ ...SAMPLES[type.kind], metadata: { ...SAMPLES[type.kind]!.metadata, name } }), 'application/json');
  if (reply.status >= 500) throw new Error(`creating the valid ${type.kind} sample gave ${reply.status}: ${reply.text}`);
}

/** Sends one case; returns the reply (or the inspector's result as a pseudo-reply). */
async function play(c: HostileCase): Promise<Reply> {
  const type = typeOf(c.kind);
  const object = brokenObject(c);
  const query = c.fieldValidation ? `?fieldValidation=${c.fieldValidation}` : '';
  if (c.op === 'inspector') {
    const result = applyText(engine, toYaml(object, { aliasDuplicateObjects: false }));
    return { status: result.ok ? 200 : 400, type: 'inspector', text: JSON.stringify(result) };
  }
  if (c.op === 'create') {
    const { body, type: contentType } = encode(object, c.encoding);
    return send('POST', collectionPath(type) + query, body, contentType);
  }
  await ensureExists(type, c.name);
  const itemPath = `${collectionPath(type)}/${c.name}`;
  if (c.op === 'replace') {
    const live = engine.store.get(type, type.namespaced ? 'default' : undefined, c.name);
    const withVersion = replaceAt(object, ['metadata', 'resourceVersion'], live?.metadata.resourceVersion ?? '');
    const { body, type: contentType } = encode(withVersion, c.encoding);
    return send('PUT', itemPath + query, body, contentType);
  }
  if (c.op === 'apply') {
    const sep = query ? '&' : '?';
    return send('PATCH', `${itemPath}${query}${sep}fieldManager=fuzz&force=true`, toYaml(object, { aliasDuplicateObjects: false }), 'application/apply-patch+yaml');
  }
  // merge / strategic: the broken parts only, as a patch.
  let patch: unknown = {};
  const paths = valuePaths(SAMPLES[c.kind]).filter((p) => p[0] !== 'metadata' || p[1] !== 'name');
  for (const b of c.breaks) patch = replaceAt(patch, paths[b.at % paths.length]!, b.value);
  return send('PATCH', itemPath + query, JSON.stringify(patch), c.op === 'merge' ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json');
}

/** What a reply must look like whatever was sent: a success, or a Status that says why not. */
function problemWith(reply: Reply): string | undefined {
  if (reply.type === 'inspector') {
    const result = JSON.parse(reply.text) as { ok: boolean; problems?: { message: string }[] };
    if (!result.ok && !(result.problems?.length && result.problems.every((p) => typeof p.message === 'string' && p.message.length > 0))) return `inspector result without a problem: ${reply.text}`;
    return undefined;
  }
  if (reply.status >= 500 || reply.status < 200) return `HTTP ${reply.status}: ${reply.text.slice(0, 300)}`;
  if (reply.status >= 400) {
    if (!reply.type.startsWith('application/json')) return `HTTP ${reply.status} is not JSON (${reply.type})`;
    const status = JSON.parse(reply.text) as { kind?: string; code?: number; message?: string };
    if (status.kind !== 'Status' || status.code !== reply.status || !status.message) return `HTTP ${reply.status} is not a Status: ${reply.text.slice(0, 300)}`;
  }
  return undefined;
}

const SENTINEL_NS = 'sentinel';
let sentinelsBefore: KubeObject[] = [];

function sentinels(): KubeObject[] {
  return (['Deployment', 'Service', 'ConfigMap', 'Secret'] as const).flatMap((kind) => engine.store.list(kind, { namespace: SENTINEL_NS }).items);
}

/** Removes what the fuzz made in default (cascading), so pods do not pile up over thousands of cases. */
function sweep(): void {
  for (const kind of ['Deployment', 'ReplicaSet', 'Pod', 'PersistentVolumeClaim']) {
    for (const o of engine.store.list(kind, { namespace: 'default' }).items) {
      if (!o.metadata.name.startsWith('fz-')) continue;
      try {
        engine.store.delete(kind, 'default', o.metadata.name, { actor: 'user', name: 'fuzz-sweep' }, { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
      } catch {
        // Already going, or gone: either is what the sweep wants.
      }
    }
  }
}

describe('hostile objects', () => {
  beforeAll(async () => {
    engine = createEngine({ seed: 7, nodes: 2 });
    h = await startHarness(engine, { bodyLimit: 3 * 1024 * 1024 });
    const user = { actor: 'user' as const, name: 'sentinel' };
    engine.store.create('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SENTINEL_NS } }, user);
    engine.store.create('Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'keeper', namespace: SENTINEL_NS, labels: { app: 'keeper' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'keeper' } }, template: { metadata: { labels: { app: 'keeper' } }, spec: { containers: [{ name: 'app', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1' }] } } } } as KubeObject, user);
    engine.store.create('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'keeper', namespace: SENTINEL_NS }, spec: { selector: { app: 'keeper' }, ports: [{ port: 80, targetPort: 8080 }] } } as KubeObject, user);
    engine.store.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keeper', namespace: SENTINEL_NS }, data: { a: 'b' } } as KubeObject, user);
    engine.store.create('Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'keeper', namespace: SENTINEL_NS }, data: { a: 'Yg==' } } as KubeObject, user);
    engine.advance(60_000);
    sentinelsBefore = sentinels();
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
    await h?.close();
    engine?.dispose();
  });

  it('has a sample of every kind the store serves', () => {
    const served = engine.store.resourceTypes().map((t) => t.kind).sort();
    expect(Object.keys(SAMPLES).sort()).toEqual(served);
  });

  it(`answers ${RUNS} hostile objects with a success or a Status, while the controllers run`, { timeout: 600_000 }, async () => {
    const seen = new Map<number, number>();
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(hostileCase, async (c) => {
        const reply = await play(c);
        seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
        if (++cases % CASES_PER_TICK === 0) engine.advance(TICK_MS);
        if (cases % (CASES_PER_TICK * 10) === 0) sweep();
        const problem = problemWith(reply);
        if (problem) throw new Error(problem);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // Minutes of controllers on the virtual clock after the storm.
    engine.advance(5 * 60_000);
    expect((await send('GET', '/version', undefined, '')).status).toBe(200);
    // The mix reached both acceptance and refusal.
    expect(seen.get(201) ?? 0).toBeGreaterThan(0);
    expect((seen.get(400) ?? 0) + (seen.get(422) ?? 0)).toBeGreaterThan(RUNS / 4);

    // The sentinels are exactly as they were, and the Deployment still has its pods ready.
    expect(sentinels()).toEqual(sentinelsBefore);
    const keeper = engine.store.get('Deployment', SENTINEL_NS, 'keeper')!;
    expect((keeper.status as { readyReplicas?: number }).readyReplicas).toBe(2);
  });
});
