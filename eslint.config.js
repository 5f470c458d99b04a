// Lint, including the layer rules that keep Kubelab's runtimes apart:
// - shared/ imports nothing of ours; renderer/ imports only shared/;
// - the engine imports neither electron nor node-pty, and never reads wall time or Math.random;
// - only electron/ipc/electron-ipc.ts touches ipcMain or ipcRenderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'worker_threads', 'url', 'util', 'module', 'tls', 'zlib', 'events', 'process', 'buffer', 'dgram', 'dns', 'readline', 'vm'];
const nodeBuiltinPatterns = NODE_BUILTINS.flatMap((name) => [name, `${name}/*`, `node:${name}`, `node:${name}/*`]);

const IPC_SELECTORS = [
  { selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]", message: 'Only electron/ipc/electron-ipc.ts may touch ipcMain or ipcRenderer.' },
  { selector: "MemberExpression[property.name=/^ipc(Main|Renderer)$/]", message: 'Only electron/ipc/electron-ipc.ts may touch ipcMain or ipcRenderer.' },
];

export const layerRules = [
  {
    files: ['**/*.ts', '**/*.svelte'],
    // Tests of the IPC module drive it through fakes of ipcMain/ipcRenderer.
    ignores: ['electron/ipc/electron-ipc.ts', 'electron/ipc/*.test.ts', 'electron/ipc/testing/**'],
    rules: { 'no-restricted-syntax': ['error', ...IPC_SELECTORS] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', 'electron', 'node-pty'], message: 'shared/ imports nothing of ours (and no runtime-specific modules).' },
          { group: nodeBuiltinPatterns, message: 'shared/ runs in both the browser and Node: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', 'electron', 'node-pty'], message: 'renderer/ may import only shared/ (and browser packages).' },
          { group: nodeBuiltinPatterns, message: 'renderer/ runs in a browser: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'node-pty', '**/apiserver/**', '**/pty/**', '**/main/**', '**/ipc/**', '**/web/**', '**/core/**'], message: 'The engine imports only shared/: no electron, node-pty or outer layers.' },
        ],
      }],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    ignores: ['electron/engine/**/*.test.ts', 'electron/engine/**/*.bench.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'The engine is deterministic: use the virtual clock.' },
        { object: 'Math', property: 'random', message: 'The engine is deterministic: use the seeded PRNG from the context.' },
        { object: 'performance', property: 'now', message: 'The engine is deterministic: use the virtual clock.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'The engine is deterministic: schedule on the virtual clock.' },
        { name: 'setInterval', message: 'The engine is deterministic: schedule on the virtual clock.' },
        { name: 'setImmediate', message: 'The engine is deterministic: schedule on the virtual clock.' },
      ],
      'no-restricted-syntax': ['error', ...IPC_SELECTORS, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the wall clock; pass the virtual time.' }],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.vite/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // Our view state is replaced, never mutated in place ($state.raw snapshots, $derived view models),
      // so plain Map/Set built inside pure helpers are intentional; SvelteMap would only add proxies.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  ...layerRules,
);
