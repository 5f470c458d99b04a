// The sessions control against an in-memory sessions service: the list, rename in place, delete
// with a confirm, a scenario saved from a past frame, a refused file, and a launch notice shown once.
import { cleanup, fireEvent, render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionsState, SessionSummary } from '../../../shared/ipc/services/sessions';
import { setLocale } from '../i18n/i18n.svelte';
import SessionsControl from './SessionsControl.svelte';
import type { SessionsClient } from './sessions-client';
import { SessionsStore } from './sessions-store.svelte';

const summary = (id: string, name: string, updatedMs: number): SessionSummary => ({ id, name, createdMs: 0, updatedMs, nodes: 3, virtualMs: 90_000, frames: 40, origin: 'new' });

function fakeService(notices: string[] = []) {
  const calls: { method: string; arg: unknown }[] = [];
  let state: SessionsState = { current: summary('s1', 'First', 2000), recent: [summary('s1', 'First', 2000), summary('s2', 'Second', 1000)], durable: true, notices };
  const answer = (method: string, arg: unknown, change: () => void = () => undefined) => {
    calls.push({ method, arg });
    change();
    return Promise.resolve(state);
  };
  const client = {
    state: (arg: object) => answer('state', arg),
    rename: (arg: { id: string; name: string }) => answer('rename', arg, () => (state = { ...state, current: { ...state.current!, name: arg.name } })),
    duplicate: (arg: object) => answer('duplicate', arg),
    remove: (arg: { id: string }) => answer('remove', arg, () => (state = { ...state, recent: state.recent.filter((s) => s.id !== arg.id) })),
    open: (arg: object) => answer('open', arg),
    create: (arg: object) => answer('create', arg),
    saveScenario: (arg: object) => (calls.push({ method: 'saveScenario', arg }), Promise.resolve({ fileName: 'first.kubelab', text: 'lines\n', frames: 12, logHash: 'h' })),
    openScenario: (arg: { text: string }) => {
      calls.push({ method: 'openScenario', arg });
      return arg.text.startsWith('v99') ? Promise.reject(new Error('this scenario was written by a newer Kubelab (format 99)')) : Promise.resolve({ state, verified: true, note: 'Try draining m02.' });
    },
    onChanged: () => () => undefined,
  };
  return { client: client as unknown as SessionsClient, calls };
}

async function mount(options: { viewing?: number | null; notices?: string[] } = {}) {
  const fake = fakeService(options.notices);
  const downloads: [string, string][] = [];
  const replaced: string[] = [];
  const storage = new Map<string, string>();
  const store = new SessionsStore(fake.client, { download: (name, text) => downloads.push([name, text]), onReplaced: async () => void replaced.push('reload'), storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) } });
  await store.follow();
  const view = render(SessionsControl, { store, viewing: options.viewing ?? null });
  await tick();
  return { ...fake, store, view, downloads, replaced, storage };
}
const settle = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
  await tick();
};

afterEach(() => {
  cleanup();
  setLocale('en');
});

describe('SessionsControl', () => {
  it('lists the current session first with its size and length; the current one cannot be opened or deleted', async () => {
    const { view } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    const panel = view.getByRole('dialog', { name: 'Sessions' });
    const rows = within(panel).getAllByTestId('session-row');
    expect(rows.map((row) => row.getAttribute('data-session-id'))).toEqual(['s1', 's2']);
    expect(rows[0]!.getAttribute('aria-current')).toBe('true');
    expect(within(rows[0]!).getByTestId('session-length').textContent).toBe('0:01:30');
    expect(within(rows[0]!).queryByTestId('session-open')).toBeNull();
    expect(within(rows[0]!).queryByTestId('session-delete')).toBeNull();
    expect(within(rows[1]!).getByRole('button', { name: 'Open the session Second' })).toBeTruthy();
  });

  it('renames in place: Enter saves, Esc cancels without closing the dialog', async () => {
    const { view, calls } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    await fireEvent.click(view.getByRole('button', { name: 'Rename the session Second' }));
    let input = view.getByTestId('session-rename-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'Nope' } });
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(view.queryByTestId('session-rename-input')).toBeNull();
    expect(view.getByTestId('sessions-panel')).toBeTruthy();
    await fireEvent.click(view.getByRole('button', { name: 'Rename the session First' }));
    input = view.getByTestId('session-rename-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: '  Drain practice ' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    expect(calls.filter((c) => c.method === 'rename').map((c) => c.arg)).toEqual([{ id: 's1', name: 'Drain practice' }]);
    expect(view.getAllByTestId('session-name')[0]!.textContent).toBe('Drain practice');
  });

  it('asks before moving a session to the trash', async () => {
    const { view, calls } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    await fireEvent.click(view.getByRole('button', { name: 'Delete the session Second' }));
    expect(view.getByText('Move the session "Second" to the trash?')).toBeTruthy();
    await fireEvent.click(view.getByTestId('session-delete-cancel'));
    expect(calls.some((c) => c.method === 'remove')).toBe(false);
    await fireEvent.click(view.getByRole('button', { name: 'Delete the session Second' }));
    await fireEvent.click(view.getByTestId('session-delete-confirm'));
    await settle();
    expect(calls.find((c) => c.method === 'remove')?.arg).toEqual({ id: 's2' });
    expect(view.getAllByTestId('session-row')).toHaveLength(1);
  });

  it('saves a scenario up to the frame on screen, with the note, and downloads it', async () => {
    const { view, calls, downloads } = await mount({ viewing: 17 });
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    await fireEvent.click(view.getByTestId('scenario-save'));
    await fireEvent.input(view.getByTestId('scenario-note'), { target: { value: 'Look at m02 ' } });
    await fireEvent.click(view.getByRole('button', { name: 'Save up to this frame (17)' }));
    await settle();
    expect(calls.find((c) => c.method === 'saveScenario')?.arg).toEqual({ frame: 17, note: 'Look at m02' });
    expect(downloads).toEqual([['first.kubelab', 'lines\n']]);
    expect(view.getByTestId('scenario-outcome').textContent).toContain('Saved first.kubelab (12 frames).');
  });

  it('offers only the whole session while live', async () => {
    const { view } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    await fireEvent.click(view.getByTestId('scenario-save'));
    expect(view.queryByTestId('scenario-save-frame')).toBeNull();
    expect(view.getByTestId('scenario-save-whole')).toBeTruthy();
  });

  it('opens a file: verified with its note, and reloads the drawing; a refused file says why', async () => {
    const { view, replaced } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    const picker = view.getByTestId('scenario-file') as HTMLInputElement;
    expect(picker.accept).toBe('.kubelab');
    const pick = async (text: string) => {
      Object.defineProperty(picker, 'files', { configurable: true, value: [new File([text], 'demo.kubelab')] });
      await fireEvent.change(picker);
      await settle();
      await settle();
    };
    await pick('{"v":1}');
    expect(view.getByTestId('scenario-outcome').getAttribute('data-verified')).toBe('true');
    expect(view.getByTestId('scenario-note-shown').textContent).toBe('Try draining m02.');
    expect(replaced).toEqual(['reload']);
    await pick('v99');
    const refused = view.getByRole('alert');
    expect(refused.textContent).toContain('Could not open demo.kubelab: this scenario was written by a newer Kubelab (format 99)');
    expect(replaced).toEqual(['reload']);
  });

  it('shows a launch notice until dismissed, and not again', async () => {
    const { view, store } = await mount({ notices: ['the last session journal was damaged and set aside'] });
    const notice = view.getByTestId('sessions-notice');
    expect(notice.textContent).toContain('damaged');
    await fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    expect(view.queryByTestId('sessions-notice')).toBeNull();
    store.state = { ...store.state!, notices: [...store.state!.notices] };
    await tick();
    expect(view.queryByTestId('sessions-notice')).toBeNull();
  });

  it('speaks Korean', async () => {
    setLocale('ko');
    const { view } = await mount();
    await fireEvent.click(view.getByTestId('sessions-toggle'));
    expect(view.getByRole('button', { name: 'Second 세션 열기' })).toBeTruthy();
    expect(view.getByTestId('sessions-new').textContent).toBe('새 클러스터');
  });
});
