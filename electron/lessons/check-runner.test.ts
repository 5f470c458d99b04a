import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLessons } from './check-runner';

const hasKubectl = (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, 'kubectl')));
const FINE = join(__dirname, 'testdata', 'broken', 'fine');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A lessons folder holding the `fine` sample, edited by `edit`. */
function lessonsWith(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-check-'));
  temps.push(dir);
  mkdirSync(join(dir, 'fine'));
  for (const lang of ['en', 'ko']) writeFileSync(join(dir, 'fine', `${lang}.md`), edit(readFileSync(join(FINE, `${lang}.md`), 'utf8')));
  return dir;
}

describe.skipIf(!hasKubectl)('lessons:check with the real kubectl', () => {
  it('plays the sample lesson to its end', async () => {
    const lines: string[] = [];
    const results = await checkLessons({ lessonsDir: join(__dirname, '..', '..', 'shared', 'lessons', 'testdata'), log: (l) => lines.push(l) });
    expect(lines).toEqual(['✓ hello-deploy (3 steps)']);
    expect(results[0]!.ok).toBe(true);
  }, 120_000);

  it('fails a lesson whose wrong attempt solves the step', async () => {
    const dir = lessonsWith((t) => t.replace('["kubectl version"]', '["kubectl get nodes"]'));
    const lines: string[] = [];
    await checkLessons({ lessonsDir: dir, log: (l) => lines.push(l), wrongWatchMs: 5_000 });
    expect(lines).toEqual(['✗ fine: step look: wrong attempt 1 made the check true (kubectl get nodes)']);
  }, 60_000);

  it('fails a lesson whose solution does not make the check hold', async () => {
    const dir = lessonsWith((t) => t.replace('kubectl get nodes\n```', 'kubectl get pods\n```'));
    const lines: string[] = [];
    await checkLessons({ lessonsDir: dir, log: (l) => lines.push(l), wrongWatchMs: 5_000, solutionMs: 5_000 });
    expect(lines[0]).toMatch(/^✗ fine: step look: check still false after the solution/);
  }, 60_000);

  it('reports a broken file without playing it, and an unknown id', async () => {
    const lines: string[] = [];
    const results = await checkLessons({ lessonsDir: join(__dirname, 'testdata', 'broken'), only: ['bad', 'nope'], log: (l) => lines.push(l) });
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['nope', false],
      ['bad', false],
    ]);
    expect(lines[0]).toMatch(/^✗ bad: broken\/bad\/en\.md:4: level: expected beginner or intermediate/);
  });
});
