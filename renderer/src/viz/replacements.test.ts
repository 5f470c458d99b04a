import { describe, expect, it } from 'vitest';
import { pod } from '../testing/fixtures';
import { toPodViews } from './pod-view';
import { replacementLinks } from './replacements';

describe('replacement links', () => {
  it('pairs each terminating pod with a newer pod of the same ReplicaSet, once', () => {
    const views = toPodViews([
      pod('a', { rs: 'rs1', node: 'dead', phase: 'Terminating', created: '2026-01-01T00:00:01Z' }),
      pod('b', { rs: 'rs1', node: 'dead', phase: 'Terminating', created: '2026-01-01T00:00:02Z' }),
      pod('keep', { rs: 'rs1', node: 'ok', created: '2026-01-01T00:00:00Z' }),
      pod('new1', { rs: 'rs1', node: 'ok', phase: 'Creating', created: '2026-01-01T00:05:00Z' }),
      pod('new2', { rs: 'rs1', phase: 'Pending', created: '2026-01-01T00:05:01Z' }),
      pod('other', { rs: 'rs2', node: 'ok', created: '2026-01-01T00:06:00Z' }),
    ]);
    expect(replacementLinks(views)).toEqual([
      { from: 'default/a', to: 'default/new2' },
      { from: 'default/b', to: 'default/new1' },
    ]);
  });

  it('links nothing when no newer pod exists', () => {
    const views = toPodViews([pod('a', { rs: 'rs1', node: 'n', phase: 'Terminating', created: '2026-01-01T00:01:00Z' }), pod('old', { rs: 'rs1', node: 'n', created: '2026-01-01T00:00:00Z' })]);
    expect(replacementLinks(views)).toEqual([]);
  });
});
