/** Two test projects: Node-side code (engine, API server, pty, IPC) and renderer code under happy-dom. */
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.ts'],
          setupFiles: ['renderer/src/test-setup.ts'],
        },
      },
    ],
  },
});
