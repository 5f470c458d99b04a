import { describe, expect, it } from 'vitest';
import { trapTab } from './focus-trap';

function dialog() {
  const root = document.createElement('div');
  root.tabIndex = -1;
  root.innerHTML = '<button id="a">a</button><button disabled>off</button><input id="b"><button id="c">c</button>';
  document.body.append(root);
  return root;
}
const key = (shiftKey: boolean) => {
  const event = { key: 'Tab', shiftKey, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};

describe('trapTab', () => {
  it('wraps from the last control to the first and back, and leaves Tab in the middle alone', () => {
    const root = dialog();
    const [a, , , c] = [...root.children] as HTMLElement[];
    const forward = key(false);
    expect(trapTab(forward, root, c!)).toBe(true);
    expect(forward.prevented).toBe(true);
    expect(document.activeElement).toBe(a);
    expect(trapTab(key(true), root, a!)).toBe(true);
    expect(document.activeElement).toBe(c);
    const middle = key(false);
    expect(trapTab(middle, root, a!)).toBe(false);
    expect(middle.prevented).toBe(false);
    expect(trapTab(key(true), root, root)).toBe(true);
    expect(document.activeElement).toBe(c);
    root.remove();
  });
});
