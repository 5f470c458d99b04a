/**
 * Three builds: the main process (plus the web-mode and helper entries that run in plain Node), the
 * sandboxed preload (one CommonJS file with its dependencies bundled), and the Svelte renderer.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          serve: resolve('electron/cli/serve.ts'),
          // The terminal's pty host process and the `minikube` command run by the shell shim.
          'pty-host': resolve('electron/pty/host/pty-host.ts'),
          minikube: resolve('electron/cli/minikube.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
