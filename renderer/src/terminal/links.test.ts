// Only http(s) links from terminal output are opened.
import { describe, expect, it } from 'vitest';
import { isSafeLink, openLink } from './links';

describe('terminal links', () => {
  it('accepts http and https URLs only', () => {
    expect(isSafeLink('http://127.0.0.1:30080/')).toBe(true);
    expect(isSafeLink('https://kubernetes.io/docs/')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'vscode://x', 'data:text/html,hi', 'not a url', 'http://']) {
      expect(isSafeLink(bad), bad).toBe(false);
    }
  });

  it('opens through the given opener only after the check', () => {
    const opened: string[] = [];
    expect(openLink('https://example.com', (u) => opened.push(u))).toBe(true);
    expect(openLink('javascript:alert(1)', (u) => opened.push(u))).toBe(false);
    expect(opened).toEqual(['https://example.com']);
  });
});
