import { describe, expect, it } from 'vitest';
import { createClockSkewWarnings } from './clock-skew-warning';

describe('the clock-skew warning', () => {
  const at = (ahead: number) => createClockSkewWarnings(() => 1_000_000 + ahead, () => 1_000_000);

  it('tells describe and kubectl events only when kubectl would print <invalid> (an age of -2 s or less)', () => {
    expect(at(1_999).warningFor('kubectl describe')).toBeUndefined();
    expect(at(-600_000).warningFor('kubectl describe')).toBeUndefined();
    expect(at(2_000).warningFor('kubectl describe')).toMatch(/^Kubelab's cluster clock is 2s ahead of this computer's/);
    expect(at(545_000).warningFor('kubectl events')).toContain('kubectl events counts ages on this computer\'s clock, so what happened in the last 9m5s shows <invalid>');
  });

  it('leaves commands whose ages the server counts alone, and tells a command once', () => {
    const warnings = at(60_000);
    expect(warnings.warningFor('kubectl get')).toBeUndefined();
    expect(warnings.warningFor('')).toBeUndefined();
    expect(warnings.warningFor('kubectl describe', 's1')).toBeDefined();
    expect(warnings.warningFor('kubectl describe', 's1')).toBeUndefined();
    expect(warnings.warningFor('kubectl describe', 's2')).toBeDefined();
  });
});
