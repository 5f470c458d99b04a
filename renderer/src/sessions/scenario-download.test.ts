import { describe, expect, it } from 'vitest';
import { downloadText, scenarioFileName } from './scenario-download';

describe('scenario download', () => {
  it('clicks a temporary link to a Blob of the text, named as the service said, then lets the Blob go', async () => {
    const blobs: Blob[] = [];
    const revoked: string[] = [];
    const later: (() => void)[] = [];
    let clicked: { href: string; download: string; attached: boolean } | undefined;
    document.body.addEventListener('click', (event) => {
      const link = event.target as HTMLAnchorElement;
      clicked = { href: link.getAttribute('href') ?? '', download: link.download, attached: document.body.contains(link) };
      event.preventDefault();
    });
    downloadText('web demo.kubelab', '{"v":1}\n', {
      document,
      createObjectURL: (blob) => (blobs.push(blob), `blob:test/${blobs.length}`),
      revokeObjectURL: (url) => revoked.push(url),
      later: (run) => later.push(run),
    });
    expect(clicked).toEqual({ href: 'blob:test/1', download: 'web demo.kubelab', attached: true });
    expect(await blobs[0]!.text()).toBe('{"v":1}\n');
    expect(document.querySelectorAll('a').length).toBe(0);
    expect(revoked).toEqual([]);
    later.forEach((run) => run());
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('keeps the .kubelab extension and drops any folder', () => {
    expect(scenarioFileName('demo')).toBe('demo.kubelab');
    expect(scenarioFileName('../x/demo.KUBELAB')).toBe('demo.KUBELAB');
    expect(scenarioFileName('  ')).toBe('scenario.kubelab');
  });
});
