import { describe, expect, it } from 'vitest';
import { StatusError } from '../engine/api';
import { formatLabelSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'kubernetes.io/name': 'x' };
  const match = (s: string) => matchesLabels(parseLabelSelector(s), labels);
  it('supports equality, inequality, set-based and existence forms', () => {
    expect(match('app=web')).toBe(true);
    expect(match('app==web')).toBe(true);
    expect(match('app!=web')).toBe(false);
    expect(match('app in (web, api)')).toBe(true);
    expect(match('app notin (web)')).toBe(false);
    expect(match('tier')).toBe(true);
    expect(match('!tier')).toBe(false);
    expect(match('!version')).toBe(true);
    expect(match('app=web,tier in (frontend),kubernetes.io/name=x')).toBe(true);
    expect(match('app=web,version')).toBe(false);
  });
  it('rejects malformed selectors with 400', () => {
    for (const bad of ['app=we b', 'a b c', '=x', 'app in (web']) {
      let caught: unknown;
      try {
        parseLabelSelector(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(StatusError);
      expect((caught as StatusError).status.code).toBe(400);
    }
  });
  it('formats a LabelSelector like metav1.FormatLabelSelector', () => {
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe('a=1,b=2,c in (x,y)');
    expect(formatLabelSelector({})).toBe('<none>');
  });
});

describe('field selectors', () => {
  const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: { name: 'p', kind: 'Pod', uid: 'u1' } };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  it('matches the fields kubectl describe and drain send', () => {
    expect(matchesFields(parseFieldSelector('involvedObject.name=p,involvedObject.namespace=default,involvedObject.uid=u1'), { ...event, involvedObject: { ...event.involvedObject, namespace: 'default' } })).toBe(true);
    expect(matchesFields(parseFieldSelector('involvedObject.kind=Node'), event)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name==p'), pod)).toBe(true);
  });
});
