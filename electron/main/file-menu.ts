/**
 * The desktop app's File menu: scenario files saved and opened with the system's dialogs, through
 * the same sessions service the renderer's panel uses in both modes (web mode downloads and
 * uploads the same text). Only the dialogs and the file reads and writes live here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { BrowserWindow, Dialog, Menu as MenuType, MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/create-core';

interface MenuDeps {
  Menu: typeof MenuType;
  dialog: Dialog;
  core: () => Core | undefined;
  window: () => BrowserWindow | undefined;
}

const FILTERS = [{ name: 'Kubelab scenario', extensions: ['kubelab'] }];

export function installFileMenu({ Menu, dialog, core, window }: MenuDeps): void {
  const sessions = () => core()?.services.sessions;
  const report = (title: string, message: string) => {
    const w = window();
    void (w ? dialog.showMessageBox(w, { type: 'info', title, message }) : dialog.showMessageBox({ type: 'info', title, message }));
  };
  const save = async (fromFrame: boolean) => {
    const c = core();
    const s = sessions();
    if (!c || !s) return;
    const viewing = c.engine.timeline.state().viewing;
    const saved = await s.saveScenario(fromFrame && viewing !== null ? { frame: viewing } : {}, { clientId: 'menu', transport: 'local' });
    const w = window();
    const options = { defaultPath: saved.fileName, filters: FILTERS };
    const chosen = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return;
    await writeFile(chosen.filePath, saved.text, { mode: 0o600 });
  };
  const open = async () => {
    const s = sessions();
    if (!s) return;
    const w = window();
    const options = { filters: FILTERS, properties: ['openFile' as const] };
    const chosen = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    const path = chosen.filePaths[0];
    if (chosen.canceled || !path) return;
    try {
      const opened = await s.openScenario({ text: await readFile(path, 'utf8'), fileName: path }, { clientId: 'menu', transport: 'local' });
      report('Scenario opened', opened.verified ? 'The scenario was replayed and verified: same log hash as when it was saved.' : (opened.mismatch ?? 'The scenario was opened.'));
    } catch (error) {
      report('The scenario could not be opened', (error as Error).message);
    }
  };
  const guard = (fn: () => Promise<void>) => () => void fn().catch((error: unknown) => report('Kubelab', (error as Error).message));
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Scenario…', accelerator: 'CmdOrCtrl+O', click: guard(open) },
        { label: 'Save Scenario…', accelerator: 'CmdOrCtrl+S', click: guard(() => save(false)) },
        { label: 'Save Scenario from This Frame…', accelerator: 'CmdOrCtrl+Shift+S', click: guard(() => save(true)) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
