import { describe, expect, it } from 'vitest';
import { pod, replicaSet } from '../testing/fixtures';
import type { HistoryRecord } from '../state/history';
import { actingComponents, PULSE_MS, pulse } from './control-plane';

const rec = (partial: Partial<HistoryRecord> & Pick<HistoryRecord, 'object'>): HistoryRecord => ({ frame: 1, time: 0, type: 'MODIFIED', key: 'k', ...partial });

describe('control-plane activity', () => {
  it('credits the scheduler with binding and the controller manager with owned objects', () => {
    expect(actingComponents(rec({ object: pod('a', { node: 'n' }), prev: pod('a') }))).toEqual(['apiServer', 'etcd', 'scheduler']);
    expect(actingComponents(rec({ type: 'ADDED', object: pod('a', { rs: 'rs' }) }))).toEqual(['apiServer', 'etcd', 'controllerManager']);
    expect(actingComponents(rec({ object: replicaSet('rs', 'd', { replicas: 2 }) }))).toContain('controllerManager');
    expect(actingComponents(rec({ type: 'ADDED', object: pod('bare') }))).toEqual(['apiServer', 'etcd']);
  });

  it('prefers the engine cause when there is one', () => {
    expect(actingComponents(rec({ object: pod('a'), cause: { actor: 'scheduler', name: 'default-scheduler' } }))).toContain('scheduler');
    expect(actingComponents(rec({ object: pod('a', { node: 'n' }), prev: pod('a'), cause: { actor: 'user', name: 'kubectl' } }))).toEqual(['apiServer', 'etcd']);
  });

  it('fades a pulse over virtual time', () => {
    expect(pulse(1000, 1000)).toBe(1);
    expect(pulse(1000 + PULSE_MS / 2, 1000)).toBeCloseTo(0.5);
    expect(pulse(1000 + PULSE_MS, 1000)).toBe(0);
    expect(pulse(1000, undefined)).toBe(0);
  });
});
