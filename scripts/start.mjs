#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is available; otherwise one clear line saying
// so, then the same app in web mode (the URL is printed; open it in any browser).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function electronBinary() {
  const pkg = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (existsSync(pathFile)) {
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const binary = electronBinary();
if (binary) {
  run(binary, ['out/main/index.js', ...process.argv.slice(2)]);
} else {
  console.log('Kubelab: no Electron binary is installed here (it cannot be downloaded offline), so starting the web mode instead.');
  run(process.execPath, ['out/main/serve.js', ...process.argv.slice(2)]);
}
