/** Whole records are read back; a torn tail is told apart from damage in the middle. */
import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord } from './journal-codec';

describe('journal lines', () => {
  const text = [1, 2, 3].map((n) => encodeRecord({ t: 'input', n, s: 'é' })).join('');

  it('read back every whole record', () => {
    const decoded = decodeRecords(text);
    expect(decoded.records).toEqual([1, 2, 3].map((n) => ({ t: 'input', n, s: 'é' })));
    expect(decoded.problem).toBeUndefined();
    expect(decoded.goodBytes).toBe(Buffer.byteLength(text));
  });

  it('drop a last record cut short, or one whose bytes read back as zeros', () => {
    const cut = text.slice(0, text.length - 7);
    expect(decodeRecords(cut).records).toHaveLength(2);
    expect(decodeRecords(cut).problem).toEqual({ kind: 'torn', line: 3 });
    const zeros = text + '\0'.repeat(40);
    expect(decodeRecords(zeros).records).toHaveLength(3);
    expect(decodeRecords(zeros).problem?.kind).toBe('torn');
    expect(decodeRecords(cut).goodBytes).toBe(Buffer.byteLength(text.split('\n').slice(0, 2).join('\n') + '\n'));
  });

  it('call a bad record followed by good ones damage, and keep what came before it', () => {
    const lines = text.split('\n');
    lines[1] = lines[1]!.replace('"n":2', '"n":7');
    const decoded = decodeRecords(lines.join('\n'));
    expect(decoded.records).toHaveLength(1);
    expect(decoded.problem).toEqual({ kind: 'damaged', line: 2 });
  });
});
