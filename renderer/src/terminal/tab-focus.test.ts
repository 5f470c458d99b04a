import { describe, expect, it } from 'vitest';
import { tabFocus, terminalKeyAction } from './tab-focus.svelte';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({ key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });

describe('terminalKeyAction', () => {
  it('gives Tab to the shell until the switch is on', () => {
    expect(terminalKeyAction(key('Tab'), false)).toBe('shell');
    expect(terminalKeyAction(key('Tab', { shiftKey: true }), false)).toBe('shell');
    expect(terminalKeyAction(key('Tab'), true)).toBe('browser');
    expect(terminalKeyAction(key('Tab', { shiftKey: true }), true)).toBe('browser');
  });
  it('switches with Ctrl+M, and with Ctrl+Shift+M as on macOS', () => {
    expect(terminalKeyAction(key('m', { ctrlKey: true }), false)).toBe('toggle');
    expect(terminalKeyAction(key('M', { ctrlKey: true, shiftKey: true }), true)).toBe('toggle');
    // Alt+Ctrl+M and a plain m are the shell's.
    expect(terminalKeyAction(key('m', { ctrlKey: true, altKey: true }), false)).toBe('shell');
    expect(terminalKeyAction(key('m'), false)).toBe('shell');
  });
  it('always lets F6 leave the terminal, and keeps Ctrl+Tab and other keys for the shell', () => {
    expect(terminalKeyAction(key('F6'), false)).toBe('browser');
    expect(terminalKeyAction(key('F6', { shiftKey: true }), false)).toBe('browser');
    expect(terminalKeyAction(key('Tab', { ctrlKey: true }), true)).toBe('shell');
    expect(terminalKeyAction(key('Enter'), true)).toBe('shell');
  });
});

describe('tabFocus', () => {
  it('toggles and counts the switches', () => {
    const before = tabFocus.switches;
    const was = tabFocus.moves;
    tabFocus.toggle();
    expect(tabFocus.moves).toBe(!was);
    tabFocus.toggle();
    expect(tabFocus.moves).toBe(was);
    expect(tabFocus.switches).toBe(before + 2);
  });
});
