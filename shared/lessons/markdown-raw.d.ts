/**
 * Lesson files imported as text by the tests (`import en from './en.md?raw'`, a Vite/Vitest
 * feature), for the Node type-check, which does not load vite/client's declarations.
 */
declare module '*.md?raw' {
  const text: string;
  export default text;
}
