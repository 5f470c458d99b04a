/**
 * Runs every benchmark module (`**\/*.bench.ts`) in plain Node and prints one line per figure:
 * `name: value unit`. Each module exports `default async function (report: Report)`.
 * Pass a substring to run only matching files: `npm run bench -- engine`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Report = (name: string, value: number, unit: string) => void;

const ROOTS = ['electron', 'shared', 'e2e'];
const SKIP = new Set(['node_modules', 'out', 'dist']);

function findBenchFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findBenchFiles(path, found);
    else if (entry.endsWith('.bench.ts')) found.push(path);
  }
  return found;
}

const filter = process.argv[2] ?? '';
const files = ROOTS.flatMap((root) => findBenchFiles(root)).filter((f) => f.includes(filter)).sort();
const report: Report = (name, value, unit) => {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
  console.log(`${name}: ${shown} ${unit}`);
};
let failed = 0;
for (const file of files) {
  console.log(`# ${relative(process.cwd(), file)}`);
  try {
    const mod = (await import(pathToFileURL(join(process.cwd(), file)).href)) as { default: (r: Report) => Promise<void> };
    await mod.default(report);
  } catch (error) {
    failed++;
    console.error(`bench failed: ${file}: ${(error as Error).stack ?? String(error)}`);
  }
}
process.exit(failed ? 1 : 0);
