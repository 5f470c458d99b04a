import { describe, expect, it } from 'vitest';
import { pod, replicaSet } from '../testing/fixtures';
import type { HistoryRecord } from '../state/history';
import { actingComponents, fitLabel, labelWidth, PULSE_MS, pulse } from './control-plane';

const rec = (partial: Partial<HistoryRecord> & Pick<HistoryRecord, 'object'>): HistoryRecord => ({ frame: 1, time: 0, type: 'MODIFIED', key: 'k', cause: { actor: 'system', name: 'test' }, ...partial });

describe('control-plane activity', () => {
  it('credits the component the cause names: the scheduler, the controller manager, or none beyond the API server', () => {
    expect(actingComponents(rec({ object: pod('a', { node: 'n' }), prev: pod('a'), cause: { actor: 'scheduler', name: 'default-scheduler' } }))).toEqual(['apiServer', 'etcd', 'scheduler']);
    expect(actingComponents(rec({ type: 'ADDED', object: pod('a', { rs: 'rs' }), cause: { actor: 'controller', name: 'replicaset-controller' } }))).toEqual(['apiServer', 'etcd', 'controllerManager']);
    expect(actingComponents(rec({ object: replicaSet('rs', 'd', { replicas: 2 }), cause: { actor: 'controller', name: 'deployment-controller' } }))).toContain('controllerManager');
    expect(actingComponents(rec({ object: pod('a', { node: 'n' }), prev: pod('a'), cause: { actor: 'user', name: 'kubectl' } }))).toEqual(['apiServer', 'etcd']);
    expect(actingComponents(rec({ type: 'ADDED', object: pod('bare'), cause: { actor: 'kubelet', name: 'kubelet' } }))).toEqual(['apiServer', 'etcd']);
  });

  it('fades a pulse over virtual time', () => {
    expect(pulse(1000, 1000)).toBe(1);
    expect(pulse(1000 + PULSE_MS / 2, 1000)).toBeCloseTo(0.5);
    expect(pulse(1000 + PULSE_MS, 1000)).toBe(0);
    expect(pulse(1000, undefined)).toBe(0);
  });
});

describe('fitLabel', () => {
  it('keeps a short name on one line at 12 px', () => {
    expect(fitLabel('Scheduler', 142)).toEqual({ lines: ['Scheduler'], size: 12 });
    expect(fitLabel('스케줄러', 100)).toEqual({ lines: ['스케줄러'], size: 12 });
  });
  it('splits a long name in a narrow box at the space, so it stays inside its box', () => {
    const fitted = fitLabel('Controller manager', 105);
    expect(fitted.lines).toEqual(['Controller', 'manager']);
    for (const line of fitted.lines) expect(labelWidth(line, fitted.size)).toBeLessThanOrEqual(105 - 12);
    expect(fitLabel('컨트롤러 매니저', 80).lines).toEqual(['컨트롤러', '매니저']);
  });
  it('never goes below 11 px: a word too long for the box is cut with an ellipsis', () => {
    const fitted = fitLabel('Controller manager', 60);
    expect(fitted.size).toBe(11);
    expect(fitted.lines[0]!.endsWith('…')).toBe(true);
    for (const line of fitted.lines) expect(labelWidth(line, 11)).toBeLessThanOrEqual(48);
  });
  it('measures Hangul wider than Latin letters', () => {
    expect(labelWidth('가나', 12)).toBeGreaterThan(labelWidth('ab', 12));
  });
});
