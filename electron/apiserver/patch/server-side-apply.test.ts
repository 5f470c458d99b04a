import { describe, expect, it } from 'vitest';
import { StatusError } from '../../engine/api';
import { checkApplyConfiguration, checkPatchOptions, fieldManagerOf, managerFromUserAgent } from './server-side-apply';

function statusOf(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return { code: error.status.code ?? 0, message: error.status.message ?? '' };
    throw error;
  }
  throw new Error('expected a StatusError');
}

const request = (userAgent: string) => ({ headers: { 'user-agent': userAgent } }) as never;

describe('field manager of a write', () => {
  it('is the User-Agent up to its first slash when the client names none', () => {
    expect(managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07')).toBe('kubectl');
    expect(managerFromUserAgent('kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc/system:serviceaccount:kube-system:deployment-controller')).toBe('kube-controller-manager');
    expect(managerFromUserAgent('a\u0007b/1')).toBe('ab');
    expect(managerFromUserAgent('x'.repeat(200))).toHaveLength(128);
    expect(fieldManagerOf(request('curl/8.0'), new URLSearchParams(''), 'CreateOptions')).toBe('curl');
    expect(fieldManagerOf(request('curl/8.0'), new URLSearchParams('fieldManager=kubectl-create'), 'CreateOptions')).toBe('kubectl-create');
  });

  it('refuses a named manager past 128 bytes or with unprintable characters', () => {
    expect(statusOf(() => fieldManagerOf(request(''), new URLSearchParams(`fieldManager=${'m'.repeat(129)}`), 'PatchOptions'))).toEqual({
      code: 422,
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    });
    expect(statusOf(() => fieldManagerOf(request(''), new URLSearchParams('fieldManager=a%07'), 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\a": invalid character U+0007 (at position 1)',
    );
  });
});

describe('PatchOptions', () => {
  it('requires a field manager for apply and refuses force elsewhere', () => {
    expect(statusOf(() => checkPatchOptions(new URLSearchParams('force=true'), true))).toEqual({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
    expect(statusOf(() => checkPatchOptions(new URLSearchParams('force=true'), false))).toEqual({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
    expect(checkPatchOptions(new URLSearchParams('fieldManager=kubectl&force=true'), true)).toBe(true);
    expect(checkPatchOptions(new URLSearchParams('fieldManager=kubectl&force=false'), true)).toBe(false);
  });

  it('checks the configuration as structuredMergeManager.Apply does', () => {
    expect(statusOf(() => checkApplyConfiguration({ kind: 'Deployment' }, 'apps/v1'))).toEqual({ code: 400, message: 'Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1' });
    expect(statusOf(() => checkApplyConfiguration({ apiVersion: 'apps/v1', metadata: { managedFields: [] } }, 'apps/v1'))).toEqual({ code: 400, message: 'metadata.managedFields must be nil' });
    expect(() => checkApplyConfiguration({ apiVersion: 'apps/v1', metadata: { name: 'x' } }, 'apps/v1')).not.toThrow();
  });
});
