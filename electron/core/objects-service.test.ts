import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine';
import { applyText, fieldPath } from './objects-service';

const deployment = (replicas: string | number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: c
          image: nginx${extra}
`;

describe('objects service (the inspector editor)', () => {
  it('creates, then configures, then reports unchanged', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    expect(applyText(engine, deployment(2))).toEqual({ ok: true, action: 'created', kind: 'Deployment', namespace: 'default', name: 'web' });
    expect(applyText(engine, deployment(3))).toMatchObject({ ok: true, action: 'configured' });
    const type = engine.store.resourceTypes().find((t) => t.kind === 'Deployment')!;
    expect((engine.store.get(type, 'default', 'web')?.spec as { replicas: number }).replicas).toBe(3);
  });

  it('points syntax errors at their line and applies nothing', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    const result = applyText(engine, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('returns the API server validation with field and line, and a dry run changes nothing', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    const result = applyText(engine, deployment(-1));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const problem = result.problems.find((p) => p.field === 'spec.replicas');
      expect(problem?.line).toBe(6);
    }
    expect(applyText(engine, deployment(1), true)).toMatchObject({ ok: true, action: 'created' });
    const type = engine.store.resourceTypes().find((t) => t.kind === 'Deployment')!;
    expect(engine.store.get(type, 'default', 'web')).toBeUndefined();
  });

  it('refuses a wrongly typed field with the decoder\'s message, its field and line, and stores nothing', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    const rv = engine.store.currentResourceVersion();
    const result = applyText(engine, deployment('"three"'));
    expect(result).toEqual({ ok: false, problems: [{ message: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32', field: 'spec.replicas', line: 6 }] });
    expect(engine.store.currentResourceVersion()).toBe(rv);
    expect(engine.store.get('Deployment', 'default', 'web')).toBeUndefined();
  });

  it('refuses an unknown field as kubectl apply\'s strict decoding does, pointing at its line', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    const rv = engine.store.currentResourceVersion();
    const result = applyText(engine, deployment(2, '\n          imagee: nginx'));
    expect(result).toEqual({ ok: false, problems: [{ message: 'unknown field "spec.template.spec.containers[0].imagee"', field: 'spec.template.spec.containers[0].imagee', line: 18 }] });
    expect(engine.store.currentResourceVersion()).toBe(rv);
  });

  it('refuses a bad enum value with upstream\'s Unsupported value wording and line', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    const rv = engine.store.currentResourceVersion();
    const result = applyText(engine, deployment(2, '\n          imagePullPolicy: Sometimes'));
    expect(result).toEqual({
      ok: false,
      problems: [{ message: 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"', field: 'spec.template.spec.containers[0].imagePullPolicy', line: 18 }],
    });
    expect(engine.store.currentResourceVersion()).toBe(rv);
  });

  it('drops a null field instead of storing it', () => {
    const engine = createEngine({ seed: 1, nodes: 1, settleMs: 0 });
    expect(applyText(engine, deployment(2, '\n          workingDir: null'))).toMatchObject({ ok: true, action: 'created' });
    const stored = engine.store.get('Deployment', 'default', 'web') as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    expect('workingDir' in stored.spec.template.spec.containers[0]!).toBe(false);
  });

  it('parses field paths with indexes', () => {
    expect(fieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
  });
});
