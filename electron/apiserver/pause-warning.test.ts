import { describe, expect, it } from 'vitest';
import { createPauseWarnings, PAUSED_TEXT, pastText, pausedRequestOf, STOPPED_TEXT, type PauseState } from './pause-warning';

function policy(initial: PauseState) {
  let state = initial;
  const warnings = createPauseWarnings(() => state);
  return { warnings, set: (next: Partial<PauseState>) => (state = { ...state, ...next }) };
}
const live: PauseState = { paused: false, viewing: null, now: 30_000 };

describe('the paused warning', () => {
  it('says nothing while the clock runs at the live frame', () => {
    const { warnings } = policy(live);
    expect(warnings.warningFor({ kind: 'write', session: 'a' })).toBeUndefined();
    expect(warnings.warningFor({ kind: 'watch' })).toBeUndefined();
    expect(warnings.warningFor({ kind: 'read' })).toBeUndefined();
  });

  it('tells every write and watch while paused, once per kubectl command', () => {
    const { warnings } = policy({ ...live, paused: true });
    expect(warnings.warningFor({ kind: 'write', session: 'scale-1' })).toBe(PAUSED_TEXT);
    // The same command's next request (kubectl delete's wait) is not told twice.
    expect(warnings.warningFor({ kind: 'watch', session: 'scale-1' })).toBeUndefined();
    expect(warnings.warningFor({ kind: 'write', session: 'scale-2' })).toBe(PAUSED_TEXT);
    expect(warnings.warningFor({ kind: 'watch', session: 'rollout-status' })).toBe(PAUSED_TEXT);
    // Without kubectl's session header every write is told (kubectl would deduplicate the text itself).
    expect(warnings.warningFor({ kind: 'write' })).toBe(PAUSED_TEXT);
    expect(warnings.warningFor({ kind: 'write' })).toBe(PAUSED_TEXT);
  });

  it('tells reads once per frozen view: again after a step or a new pause, not on every get', () => {
    const { warnings, set } = policy({ ...live, paused: true });
    expect(warnings.warningFor({ kind: 'read', session: 'get-1' })).toBe(PAUSED_TEXT);
    expect(warnings.warningFor({ kind: 'read', session: 'get-2' })).toBeUndefined();
    expect(warnings.warningFor({ kind: 'read' })).toBeUndefined();
    // A write is still told, even after the reads were.
    expect(warnings.warningFor({ kind: 'write', session: 'apply' })).toBe(PAUSED_TEXT);
    set({ now: 31_000 }); // a step while paused: the answers changed, and are frozen again
    expect(warnings.warningFor({ kind: 'read', session: 'get-3' })).toBe(PAUSED_TEXT);
    expect(warnings.warningFor({ kind: 'read', session: 'get-4' })).toBeUndefined();
    set({ paused: false, now: 40_000 });
    expect(warnings.warningFor({ kind: 'read', session: 'get-5' })).toBeUndefined();
    set({ paused: true });
    expect(warnings.warningFor({ kind: 'read', session: 'get-6' })).toBe(PAUSED_TEXT);
  });

  it('names the past frame on screen, and tells a new frame once more', () => {
    const { warnings, set } = policy({ paused: true, viewing: 120, now: 12_000 });
    expect(warnings.warningFor({ kind: 'read', session: 'get-1' })).toBe(pastText(120, true));
    expect(warnings.warningFor({ kind: 'read', session: 'get-2' })).toBeUndefined();
    set({ viewing: 90, now: 9_000 });
    expect(warnings.warningFor({ kind: 'read', session: 'get-3' })).toBe(pastText(90, true));
    expect(pastText(90, true)).toContain('frame 90, in the past, with the clock paused');
    expect(pastText(90, false)).not.toContain('paused');
  });

  it('gives a command one line even when its view changes between requests (a write that forks the past)', () => {
    const { warnings, set } = policy({ paused: true, viewing: 120, now: 12_000 });
    expect(warnings.warningFor({ kind: 'write', session: 'scale' })).toBe(pastText(120, true));
    set({ viewing: null }); // the write forked the timeline: live, still paused
    expect(warnings.warningFor({ kind: 'read', session: 'scale' })).toBeUndefined();
    expect(warnings.warningFor({ kind: 'read', session: 'next' })).toBe(PAUSED_TEXT);
  });

  it('names minikube start after minikube stop, which is what resumes the clock then', () => {
    const { warnings, set } = policy({ ...live, paused: true, stopped: true });
    expect(warnings.warningFor({ kind: 'write', session: 'a' })).toBe(STOPPED_TEXT);
    expect(STOPPED_TEXT).toMatch(/until minikube start starts it again$/);
    set({ stopped: false });
    expect(warnings.warningFor({ kind: 'read', session: 'b' })).toBe(PAUSED_TEXT);
  });

  it('says how to resume, in a header kubectl prints as one line', () => {
    expect(PAUSED_TEXT).toMatch(/press Live in Kubelab's timeline to resume$/);
    for (const text of [PAUSED_TEXT, STOPPED_TEXT, pastText(7, true)]) expect(text).not.toMatch(/[\n"\\]/);
  });
});

describe('which requests the paused warning is for', () => {
  const pods = { type: { group: '' } };
  const q = (s = '') => new URLSearchParams(s);
  it('tells reads, writes and watches apart, and keeps kubectl session', () => {
    expect(pausedRequestOf('GET', pods, q(), {})).toEqual({ kind: 'read' });
    expect(pausedRequestOf('GET', pods, q('watch=true'), {})).toEqual({ kind: 'watch' });
    expect(pausedRequestOf('GET', { ...pods, subresource: 'log' }, q('follow=true'), {})).toEqual({ kind: 'watch' });
    expect(pausedRequestOf('GET', { ...pods, subresource: 'log' }, q(), {})).toEqual({ kind: 'read' });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(pausedRequestOf(method, pods, q(), { 'kubectl-session': 'abc' })).toEqual({ kind: 'write', session: 'abc' });
    expect(pausedRequestOf('PATCH', { ...pods, subresource: 'scale' }, q('dryRun=All'), {})).toEqual({ kind: 'read' });
  });
  it('leaves out access reviews, proxy, exec and unknown methods', () => {
    expect(pausedRequestOf('POST', { type: { group: 'authorization.k8s.io' } }, q(), {})).toBeUndefined();
    expect(pausedRequestOf('GET', { ...pods, subresource: 'proxy' }, q(), {})).toBeUndefined();
    expect(pausedRequestOf('POST', { ...pods, subresource: 'exec' }, q(), {})).toBeUndefined();
    expect(pausedRequestOf('OPTIONS', pods, q(), {})).toBeUndefined();
  });
});
