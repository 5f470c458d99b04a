// The layer rules in eslint.config.js, checked on small files placed where they would live.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('rejects a renderer file importing fs', async () => {
    const messages = await ruleIds('renderer/src/viz/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*renderer\/ runs in a browser/);
  });

  it('rejects a renderer file importing main-process code', async () => {
    const messages = await ruleIds('renderer/src/viz/bad.ts', "import { createCore } from '../../../electron/core/create-core';\nexport const x = createCore;\n");
    expect(messages.join('\n')).toMatch(/renderer\/ may import only shared\//);
  });

  it('rejects an engine file importing electron or node-pty', async () => {
    expect((await ruleIds('electron/engine/bad.ts', "import { app } from 'electron';\nexport const x = app;\n")).join('\n')).toMatch(/The engine imports only shared/);
    expect((await ruleIds('electron/engine/bad.ts', "import { spawn } from 'node-pty';\nexport const x = spawn;\n")).join('\n')).toMatch(/The engine imports only shared/);
  });

  it('rejects wall-clock time and Math.random in the engine, but not in its tests', async () => {
    const code = 'export const a = Date.now();\nexport const b = Math.random();\nexport const c = new Date();\nsetTimeout(() => 1, 5);\n';
    const messages = (await ruleIds('electron/engine/clock/bad.ts', code)).join('\n');
    expect(messages).toMatch(/'Date\.now' is restricted/);
    expect(messages).toMatch(/'Math\.random' is restricted/);
    expect(messages).toMatch(/new Date\(\) reads the wall clock/);
    expect(messages).toMatch(/setTimeout/);
    expect(await ruleIds('electron/engine/clock/bad.test.ts', 'export const a = Date.now();\n')).toEqual([]);
  });

  it('rejects shared/ importing anything of ours or Node built-ins', async () => {
    expect((await ruleIds('shared/ipc/bad.ts', "import { createCore } from '../../electron/core/create-core';\nexport const x = createCore;\n")).join('\n')).toMatch(/shared\/ imports nothing of ours/);
    expect((await ruleIds('shared/ipc/bad.ts', "import { join } from 'path';\nexport const x = join;\n")).join('\n')).toMatch(/no Node built-ins/);
  });

  it('allows ipcMain and ipcRenderer only in the IPC module', async () => {
    const code = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
    expect((await ruleIds('electron/main/rogue.ts', code)).join('\n')).toMatch(/Only electron\/ipc\/electron-ipc\.ts may touch ipcMain/);
    expect((await ruleIds('electron/engine/rogue.ts', "import electron from 'electron';\nexport const x = electron.ipcRenderer;\n")).join('\n')).toMatch(/Only electron\/ipc\/electron-ipc\.ts/);
    expect(await ruleIds('electron/ipc/electron-ipc.ts', code)).toEqual([]);
  });
});
