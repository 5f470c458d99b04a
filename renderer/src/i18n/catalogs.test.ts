// Every UI string exists in both languages, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { catalogs, format } from './i18n.svelte';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys in English and Korean, none empty', () => {
    expect(Object.keys(catalogs.ko).sort()).toEqual(Object.keys(catalogs.en).sort());
    for (const [key, text] of Object.entries(catalogs.ko)) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(catalogs.en) as (keyof typeof catalogs.en)[]) {
      expect(placeholders(catalogs.ko[key]), key).toEqual(placeholders(catalogs.en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Node {name} has {count} pods', { name: 'minikube', count: 3 })).toBe('Node minikube has 3 pods');
    expect(format('{missing}')).toBe('{missing}');
  });
});
