/**
 * The one contract test suite, run against every transport. A transport passes if a typed client built
 * on it calls methods, receives events, and gets typed errors for malformed, oversized and unknown input.
 */
import { describe, expect, it } from 'vitest';
import { IpcError } from '../../../shared/ipc/errors';
import { MAX_PAYLOAD_BYTES, type RpcTransport } from '../../../shared/ipc/wire';
import { FAILING_STEP_MS, type createTestServices, type TestClient } from './test-services';

export interface TransportUnderTest {
  client: TestClient;
  raw: RpcTransport;
  services: ReturnType<typeof createTestServices>;
  dispose(): Promise<void>;
}

async function expectIpcError(promise: Promise<unknown>, code: string): Promise<IpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IpcError);
  expect((error as IpcError).code).toBe(code);
  return error as IpcError;
}

const until = async (check: () => boolean, ms = 2000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

export function runContractSuite(name: string, setup: () => Promise<TransportUnderTest>): void {
  describe(`IPC contract over ${name}`, () => {
    it('calls methods and returns typed results', async () => {
      const t = await setup();
      try {
        expect(await t.client.clock.setSpeed({ speed: 5 })).toEqual({ now: 0, speed: 5, paused: true });
        const snapshot = await t.client.cluster.snapshot({});
        expect(snapshot.frame).toBe(7);
        expect(snapshot.objects[0]?.metadata.name).toBe('minikube');
        expect(t.services.calls).toEqual([{ method: 'setSpeed', arg: 5, transport: name === 'electron' ? 'electron' : 'websocket' }]);
      } finally {
        await t.dispose();
      }
    });

    it('delivers events until unsubscribed', async () => {
      const t = await setup();
      try {
        const seen: number[] = [];
        const stop = t.client.cluster.onDelta((delta) => seen.push(delta.frame));
        await until(() => t.services.listenerCount() === 1);
        t.services.pushDelta({ frame: 8, clock: { now: 1, speed: 1, paused: false }, changes: [] });
        t.services.pushDelta({ frame: 9, clock: { now: 2, speed: 1, paused: false }, changes: [] });
        await until(() => seen.length === 2);
        stop();
        await until(() => t.services.listenerCount() === 0);
        t.services.pushDelta({ frame: 10, clock: { now: 3, speed: 1, paused: false }, changes: [] });
        await t.client.clock.state({});
        expect(seen).toEqual([8, 9]);
      } finally {
        await t.dispose();
      }
    });

    it('refuses malformed payloads with INVALID_PAYLOAD and the field at fault', async () => {
      const t = await setup();
      try {
        const wrongType = await expectIpcError(t.client.clock.setSpeed({ speed: 'fast' as unknown as number }), 'INVALID_PAYLOAD');
        expect(wrongType.issues?.[0]?.path).toBe('speed');
        await expectIpcError(t.client.clock.setSpeed({ speed: 1000 }), 'INVALID_PAYLOAD');
        await expectIpcError(t.client.clock.setSpeed({ speed: 2, extra: true } as unknown as { speed: number }), 'INVALID_PAYLOAD');
        await expectIpcError(t.raw.call('kubelab:clock.setSpeed', null).then((e) => (e.ok ? e.value : Promise.reject(new IpcError(e.error)))), 'INVALID_PAYLOAD');
        expect(t.services.calls).toEqual([]);
        // The transport keeps working after refusals.
        expect((await t.client.clock.setSpeed({ speed: 2 })).speed).toBe(2);
      } finally {
        await t.dispose();
      }
    });

    it('refuses oversized payloads with PAYLOAD_TOO_LARGE', async () => {
      const t = await setup();
      try {
        const envelope = await t.raw.call('kubelab:clock.setSpeed', { speed: 1, pad: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) });
        expect(envelope.ok).toBe(false);
        expect(!envelope.ok && envelope.error.code).toBe('PAYLOAD_TOO_LARGE');
        expect((await t.client.clock.state({})).speed).toBe(1);
      } finally {
        await t.dispose();
      }
    });

    it('refuses unknown channels with UNKNOWN_CHANNEL', async () => {
      const t = await setup();
      try {
        const envelope = await t.raw.call('kubelab:fs.readFile', { path: '/etc/passwd' });
        expect(!envelope.ok && envelope.error.code).toBe('UNKNOWN_CHANNEL');
      } finally {
        await t.dispose();
      }
    });

    it('turns a failing service into a typed INTERNAL error, not a crash', async () => {
      const t = await setup();
      try {
        const error = await expectIpcError(t.client.clock.step({ ms: FAILING_STEP_MS }), 'INTERNAL');
        expect(error.message).toContain('refused to step');
        expect((await t.client.clock.step({ ms: 500 })).now).toBe(500);
      } finally {
        await t.dispose();
      }
    });
  });
}
