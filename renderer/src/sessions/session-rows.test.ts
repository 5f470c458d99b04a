import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../shared/ipc/services/sessions';
import { formatSessionDate, sessionRows } from './session-rows';

const summary = (id: string, updatedMs: number, extra: Partial<SessionSummary> = {}): SessionSummary => ({ id, name: `Session ${id}`, createdMs: 0, updatedMs, nodes: 3, virtualMs: 3_723_000, frames: 12345, origin: 'new', ...extra });
const DEC_3 = Date.UTC(2026, 11, 3, 17, 12);

describe('session rows', () => {
  it('put the current session first, then the others newest first, never the current one twice', () => {
    const current = summary('b', DEC_3 - 5000);
    const rows = sessionRows({ current, recent: [summary('a', DEC_3 - 9000), current, summary('c', DEC_3)], durable: true, notices: [] }, 'en', 'UTC');
    expect(rows.map((row) => [row.id, row.current])).toEqual([['b', true], ['c', false], ['a', false]]);
  });

  it('format the length as the timeline does, counts with the locale, and the date in the locale', () => {
    const [row] = sessionRows({ current: summary('x', DEC_3, { origin: 'scenario' }), recent: [], durable: true, notices: [] }, 'en', 'UTC');
    expect(row).toMatchObject({ length: '1:02:03', frames: '12,345', nodes: '3', origin: 'scenario', dateTime: '2026-12-03T17:12:00.000Z' });
    expect(row!.date).toBe(formatSessionDate(DEC_3, 'en', 'UTC'));
    expect(row!.date).toContain('2026');
    expect(formatSessionDate(DEC_3, 'ko', 'UTC')).toMatch(/2026\. 12\. 3\..*(오후|PM)/);
  });

  it('are empty before the state is known', () => {
    expect(sessionRows(undefined, 'en')).toEqual([]);
  });
});
