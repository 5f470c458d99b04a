// Setup files land in the learner's own folder: they must never cost the learner a file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSetupFiles } from './setup';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('lesson setup files', () => {
  it('moves a different file of the same name aside instead of overwriting it, and skips names outside the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-setup-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'replicaset.yaml'), 'mine\n');
    writeSetupFiles(dir, { 'replicaset.yaml': 'lesson\n', '../escape.yaml': 'x' });
    expect(readFileSync(join(dir, 'replicaset.yaml'), 'utf8')).toBe('lesson\n');
    expect(readFileSync(join(dir, 'replicaset.yaml.before-kubelab'), 'utf8')).toBe('mine\n');
    // The same content again changes nothing; an edited copy is kept as the next aside file.
    writeSetupFiles(dir, { 'replicaset.yaml': 'lesson\n' });
    writeFileSync(join(dir, 'replicaset.yaml'), 'edited\n');
    writeSetupFiles(dir, { 'replicaset.yaml': 'lesson\n' });
    expect(readFileSync(join(dir, 'replicaset.yaml.before-kubelab-2'), 'utf8')).toBe('edited\n');
    expect(() => readFileSync(join(dir, '..', 'escape.yaml'))).toThrow();
  });
});
