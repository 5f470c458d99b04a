// Pasted text loses ESC, C1 and other control characters, so it cannot end bracketed paste early.
import { describe, expect, it } from 'vitest';
import { sanitizePaste } from './paste';

describe('sanitizePaste', () => {
  it('removes the ESC that would end bracketed-paste mode', () => {
    const hostile = 'echo hello\x1b[201~rm -rf ~\r';
    const cleaned = sanitizePaste(hostile);
    expect(cleaned).toBe('echo hello[201~rm -rf ~\r');
    expect(cleaned).not.toContain('\x1b');
  });

  it('removes 8-bit C1 controls such as CSI (0x9b) and other C0 controls', () => {
    expect(sanitizePaste('a\x9b201~b\x90c\x03d\x04e\x7f')).toBe('a201~bcde');
  });

  it('keeps text, tabs, line breaks and non-ASCII characters', () => {
    const text = 'kubectl get pods\t-A\r\nline two\n한국어 ✓ é';
    expect(sanitizePaste(text)).toBe(text);
  });
});
