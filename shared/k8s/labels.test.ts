import { describe, expect, it } from 'vitest';
import { formatSelector, labelSelectorMatches, matchesSelector, parseSelector, SelectorParseError } from './labels';
import { matchesFields, parseFieldSelector } from './fields';
import { cpuMillis, formatMemory, quantityValue } from './quantity';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=frontend,env in (prod,staging)', true],
    ['app=web,tier=backend', false],
    ['', true],
  ])('%s -> %s', (sel, want) => {
    expect(matchesSelector(parseSelector(sel), labels)).toBe(want);
  });
  it('rejects malformed selectors', () => {
    expect(() => parseSelector('app=we b')).toThrow(SelectorParseError);
    expect(() => parseSelector('a,,b')).toThrow(SelectorParseError);
  });
  it('matches API LabelSelectors; nil matches nothing, empty matches everything', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, labels)).toBe(true);
    expect(labelSelectorMatches({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(formatSelector(parseSelector('app in (web,db),!x,y!=z'))).toBe('app in (db,web),!x,y!=z');
  });
});

describe('field selectors', () => {
  it('compares dotted paths with =, == and !=', () => {
    const pod = { metadata: { name: 'p', namespace: 'default' }, spec: {}, status: { phase: 'Running' } };
    expect(matchesFields(parseFieldSelector('metadata.name=p,status.phase!=Pending'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase==Pending'), pod)).toBe(false);
  });
});

describe('quantities', () => {
  it('parses cpu and memory', () => {
    expect(cpuMillis('250m')).toBe(250);
    expect(cpuMillis('1.5')).toBe(1500);
    expect(cpuMillis(2)).toBe(2000);
    expect(quantityValue('128Mi')).toBe(128 * 1024 * 1024);
    expect(quantityValue('1G')).toBe(1e9);
    expect(quantityValue('1e3')).toBe(1000);
    expect(formatMemory(3912 * 1024 * 1024)).toBe('3912Mi');
  });
});
