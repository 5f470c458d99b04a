// Links leave the app only as http(s), only after the user has seen the host and chosen Open.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { createExternalOpener, externalUrl } = await import('./external-links');

function setup(response: number) {
  const prompts: { message?: string; detail?: string; defaultId?: number; cancelId?: number }[] = [];
  const opened: string[] = [];
  const open = createExternalOpener({
    showMessageBox: (options) => {
      prompts.push(options);
      return Promise.resolve({ response, checkboxChecked: false });
    },
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
  return { open, prompts, opened };
}

describe('external links', () => {
  it('asks "Open <host> in your browser?" and opens on Open', async () => {
    const { open, prompts, opened } = setup(0);
    expect(await open('https://kubernetes.io/docs/concepts/')).toBe(true);
    expect(prompts[0]).toMatchObject({ message: 'Open kubernetes.io in your browser?', detail: 'https://kubernetes.io/docs/concepts/', defaultId: 1, cancelId: 1 });
    expect(opened).toEqual(['https://kubernetes.io/docs/concepts/']);
  });

  it('opens nothing when the user cancels', async () => {
    const { open, opened } = setup(1);
    expect(await open('http://127.0.0.1:30080/')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('never asks about, or opens, anything but http(s)', async () => {
    const { open, prompts, opened } = setup(0);
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'vscode://x', 'mailto:a@b.c', 'not a url', 'http://']) expect(await open(url)).toBe(false);
    expect(prompts).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('shows international hosts as punycode, so look-alikes are visible', async () => {
    const { open, prompts } = setup(1);
    await open('https://kubernetеs.io/'); // Cyrillic "е"
    expect(prompts[0]?.message).toBe('Open xn--kubernets-n0h.io in your browser?');
    expect(externalUrl('https://user:pw@example.com/')?.host).toBe('example.com');
  });

  it('asks one question at a time, dropping requests while a prompt is open', async () => {
    let answer: (value: { response: number; checkboxChecked: boolean }) => void = () => undefined;
    const opened: string[] = [];
    const open = createExternalOpener({
      showMessageBox: () => new Promise((resolve) => (answer = resolve)),
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    });
    const first = open('https://a.example/');
    expect(await open('https://b.example/')).toBe(false);
    answer({ response: 0, checkboxChecked: false });
    expect(await first).toBe(true);
    expect(opened).toEqual(['https://a.example/']);
  });
});
