// A lesson's Run button types through the one attached typist; each line ends with Enter.
import { describe, expect, it } from 'vitest';
import { sanitizePaste } from './paste';
import { keystrokesFor, terminalInput } from './terminal-input';

describe('terminalInput', () => {
  it('types through the attached typist and reports when none is attached', () => {
    const typed: string[] = [];
    expect(terminalInput.type('kubectl get pods')).toBe(false);
    const detach = terminalInput.attach((command) => (typed.push(command), true));
    expect(terminalInput.type('kubectl get pods')).toBe(true);
    detach();
    expect(terminalInput.type('kubectl get nodes')).toBe(false);
    expect(typed).toEqual(['kubectl get pods']);
  });

  it('ends every line with a carriage return and drops control characters', () => {
    expect(keystrokesFor('kubectl get pods\n', sanitizePaste)).toBe('kubectl get pods\r');
    expect(keystrokesFor('echo a\r\necho \u001b[201~b', sanitizePaste)).toBe('echo a\recho [201~b\r');
  });
});
