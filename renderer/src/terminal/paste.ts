/**
 * Pasted text is cleaned before it reaches the shell. In bracketed-paste mode a paste is wrapped in
 * ESC[200~ … ESC[201~ so the shell treats it as text, not as typed commands; a paste that itself
 * contains ESC[201~ would end that mode early and run whatever follows. Stripping ESC and the C1
 * controls (the 8-bit CSI is one of them) removes that smuggling whatever the xterm.js version.
 * Other control characters, bar tab and line breaks, go too: Ctrl-C or Ctrl-D have no business in a paste.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function sanitizePaste(text: string): string {
  return text.replace(UNSAFE, '');
}
