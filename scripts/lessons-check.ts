/**
 * `npm run lessons:check [-- <lesson-id> ...]`: parses every lesson in both languages, compares
 * them, and plays each with the real kubectl against a fresh simulated cluster (see
 * electron/lessons/check-runner.ts). Prints one line per lesson, then `N passed, N failed`.
 * `--dir <folder>` checks another lessons folder (the tests' sample lessons).
 */
import { checkLessons } from '../electron/lessons/check-runner';
import { defaultLessonsDir } from '../electron/lessons/library';
import { resolveKubectl } from '../electron/pty/kubectl-resolve';

/** The same search the runner makes for the kubectl it plays lessons with. */
function kubectlOnPath(): boolean {
  return resolveKubectl({ platform: process.platform, pathEnv: process.env.PATH ?? '' }).source !== 'none';
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let dir = defaultLessonsDir();
  const only: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--dir') dir = args[++i] ?? dir;
    else only.push(args[i]!);
  }
  if (!kubectlOnPath()) {
    console.log('lessons:check skipped: no kubectl on PATH (the lessons are played with the real kubectl)');
    return 0;
  }
  const results = await checkLessons({ lessonsDir: dir, only, log: (line) => console.log(line) });
  const passed = results.filter((r) => r.ok).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return results.length - passed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
