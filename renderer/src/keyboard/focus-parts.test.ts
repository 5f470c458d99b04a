import { afterEach, describe, expect, it } from 'vitest';
import { focusNextPart, nextPartIndex } from './focus-parts';

describe('nextPartIndex', () => {
  it('goes round the parts both ways, starting at an end when no part has the focus', () => {
    expect(nextPartIndex(-1, 4, false)).toBe(0);
    expect(nextPartIndex(-1, 4, true)).toBe(3);
    expect(nextPartIndex(3, 4, false)).toBe(0);
    expect(nextPartIndex(0, 4, true)).toBe(3);
    expect(nextPartIndex(1, 4, false)).toBe(2);
    expect(nextPartIndex(0, 0, false)).toBe(-1);
  });
});

describe('focusNextPart', () => {
  afterEach(() => document.body.replaceChildren());
  function page(): void {
    // happy-dom/jsdom lay nothing out, so give every element a size.
    document.body.innerHTML = `
      <header data-part="header"><button id="learn">Learn</button></header>
      <section data-part="cluster"><button id="zoom">+</button><div data-kind="node" tabindex="0" id="node"></div>
        <div data-testid="pod-keys"><div role="option" tabindex="0" id="pod"></div></div></section>
      <section data-part="empty"></section>
      <section data-part="terminal"><button id="tab">bash</button><div data-testid="terminal-view"><textarea id="shell"></textarea></div></section>`;
    for (const element of document.querySelectorAll<HTMLElement>('*')) element.getBoundingClientRect = () => ({ width: 10, height: 10 }) as DOMRect;
  }
  it('enters the drawing at its pods and the terminal at its shell, skipping parts with nowhere to land', () => {
    page();
    expect(focusNextPart(document, document.getElementById('learn'), false)).toBe(true);
    expect(document.activeElement?.id).toBe('pod');
    focusNextPart(document, document.activeElement, false);
    expect(document.activeElement?.id).toBe('shell');
    // From the terminal, on to the first part again.
    focusNextPart(document, document.activeElement, false);
    expect(document.activeElement?.id).toBe('learn');
  });
  it('goes backwards with Shift, from the terminal to the drawing', () => {
    page();
    focusNextPart(document, document.getElementById('shell'), true);
    expect(document.activeElement?.id).toBe('pod');
    focusNextPart(document, document.activeElement, true);
    expect(document.activeElement?.id).toBe('learn');
  });
  it('enters a part without an entry rule at its first tabbable element', () => {
    page();
    document.getElementById('learn')!.remove();
    document.querySelector('header')!.innerHTML = '<span></span><select id="lang"></select>';
    document.getElementById('lang')!.getBoundingClientRect = () => ({ width: 10, height: 10 }) as DOMRect;
    focusNextPart(document, null, false);
    expect(document.activeElement?.id).toBe('lang');
  });
});
