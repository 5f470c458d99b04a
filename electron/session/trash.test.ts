/** The freedesktop trash: the item moves under files/, with an info file a desktop can restore it from. */
import { mkdtempSync, mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trashFreedesktop, trashInto } from './trash';

describe('trash', () => {
  it('moves a folder to a freedesktop trash with its original path and date', () => {
    const root = mkdtempSync(join(tmpdir(), 'kubelab-trash-'));
    const item = join(root, 'my session');
    mkdirSync(item);
    writeFileSync(join(item, 'meta.json'), '{}');
    const trash = join(root, 'Trash');
    const where = trashFreedesktop(item, trash, new Date(2026, 11, 3, 9, 5, 7));
    expect(existsSync(item)).toBe(false);
    expect(readFileSync(join(where, 'meta.json'), 'utf8')).toBe('{}');
    const info = readFileSync(join(trash, 'info', 'my session.trashinfo'), 'utf8');
    expect(info).toBe(`[Trash Info]\nPath=${item.split('/').map(encodeURIComponent).join('/')}\nDeletionDate=2026-12-03T09:05:07\n`);
    // A second item of the same name does not overwrite the first.
    mkdirSync(item);
    const second = trashFreedesktop(item, trash);
    expect(second.endsWith('my session.2')).toBe(true);
  });

  it('falls back to a folder of its own', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kubelab-trash-'));
    const item = join(root, 's1');
    mkdirSync(item);
    await trashInto(join(root, 'trash'))(item);
    expect(existsSync(join(root, 'trash', 's1'))).toBe(true);
  });
});
