import { describe, expect, it } from 'vitest';
import type { StatusError } from '../engine/api';
import { decodeProtobufObject } from './protobuf';

// Hand-built protobuf: tag = (field << 3) | wireType; wire 0 = varint, 2 = length-delimited.
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const bytes = (field: number, payload: number[] | string): number[] => {
  const data = typeof payload === 'string' ? [...Buffer.from(payload)] : payload;
  return [...varint((field << 3) | 2), ...varint(data.length), ...data];
};
const int = (field: number, value: number): number[] => [...varint((field << 3) | 0), ...varint(value)];
const entry = (field: number, key: string, value: string) => bytes(field, [...bytes(1, key), ...bytes(2, value)]);

function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytes(1, [...bytes(1, apiVersion), ...bytes(2, kind)]), ...bytes(2, raw), ...bytes(3, ''), ...bytes(4, '')]);
}

describe('protobuf request bodies', () => {
  it('decodes the Deployment kubectl create deployment sends, dropping zero values but keeping pointers', () => {
    const meta = [...bytes(1, 'web'), ...bytes(2, ''), ...bytes(3, ''), ...entry(11, 'app', 'web')];
    const container = [...bytes(1, 'nginx'), ...bytes(2, 'nginx:1.27'), ...bytes(8, []), ...bytes(5, '')];
    const template = [...bytes(1, [...entry(11, 'app', 'web')]), ...bytes(2, [...bytes(2, container), ...bytes(3, ''), ...int(11, 0)])];
    const spec = [...int(1, 0), ...bytes(2, [...entry(1, 'app', 'web')]), ...bytes(3, template), ...bytes(4, []), ...int(5, 0), ...int(7, 0)];
    const object = decodeProtobufObject(envelope('apps/v1', 'Deployment', [...bytes(1, meta), ...bytes(2, spec), ...bytes(3, [])]));
    expect(object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    });
  });
  it('decodes Services with IntOrString target ports and node ports', () => {
    const port = (p: number, target: number[]) => bytes(1, [...bytes(1, ''), ...bytes(2, 'TCP'), ...int(3, p), ...bytes(4, target), ...int(5, 0)]);
    const spec = [...port(80, [...int(1, 0), ...int(2, 8080)]), ...port(443, [...int(1, 1), ...bytes(3, 'https')]), ...entry(2, 'app', 'web'), ...bytes(4, 'NodePort')];
    const object = decodeProtobufObject(envelope('v1', 'Service', [...bytes(1, bytes(1, 'web')), ...bytes(2, spec)]));
    expect(object.spec).toEqual({
      ports: [
        { protocol: 'TCP', port: 80, targetPort: 8080 },
        { protocol: 'TCP', port: 443, targetPort: 'https' },
      ],
      selector: { app: 'web' },
      type: 'NodePort',
    });
  });
  it('decodes Namespaces, Secrets (bytes as base64) and DeleteOptions', () => {
    expect(decodeProtobufObject(envelope('v1', 'Namespace', bytes(1, bytes(1, 'dev'))))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    const secret = decodeProtobufObject(envelope('v1', 'Secret', [...bytes(1, bytes(1, 's')), ...entry(2, 'password', 'hunter2'), ...bytes(3, 'Opaque')]));
    expect(secret.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(secret.type).toBe('Opaque');
    const options = decodeProtobufObject(envelope('v1', 'DeleteOptions', [...int(1, 0), ...bytes(4, 'Background')]));
    expect(options).toMatchObject({ gracePeriodSeconds: 0, propagationPolicy: 'Background' });
  });
  it('skips unknown fields', () => {
    const object = decodeProtobufObject(envelope('v1', 'ConfigMap', [...bytes(1, bytes(1, 'cm')), ...bytes(99, 'ignored'), ...int(98, 5), ...entry(2, 'k', 'v')]));
    expect(object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { k: 'v' } });
  });
  it('rejects truncated or mistyped bytes with 400 and unknown kinds with 415', () => {
    const good = envelope('v1', 'Namespace', bytes(1, bytes(1, 'dev')));
    const code = (body: Buffer) => {
      try {
        decodeProtobufObject(body);
        return 0;
      } catch (error) {
        return (error as StatusError).status.code;
      }
    };
    expect(code(good.subarray(0, good.length - 3))).toBe(400);
    expect(code(Buffer.from('k8s'))).toBe(400);
    expect(code(envelope('v1', 'Namespace', [...bytes(1, [(1 << 3) | 0, 5])]))).toBe(400);
    expect(code(envelope('example.com/v1', 'Widget', []))).toBe(415);
  });
});
