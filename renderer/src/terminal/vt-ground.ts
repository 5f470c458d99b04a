/**
 * Follows just enough of a VT500-style parser (the one xterm.js implements) to know whether a stream
 * ends in the ground state, i.e. not inside an escape sequence or control string. Fast-forwarding a
 * flood (fast-forward.ts) may only start where the terminal's parser is in ground state. It also
 * notices scroll margins (DECSTBM), under which scrolled lines no longer go to the scrollback.
 */
const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
/** C1 codes that open a sequence or string rather than executing at once. */
const C1_INTRODUCERS = new Set([0x90, 0x98, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f]);

type State = 'ground' | 'escape' | 'escapeIntermediate' | 'csi' | 'oscString' | 'controlString';

/** Characters that can leave the ground state: ESC and the C1 introducers. */
// eslint-disable-next-line no-control-regex -- ESC is exactly what this looks for
const LEAVES_GROUND = /[\x1b\x80-\x9f]/g;

export class VtGroundTracker {
  private state: State = 'ground';
  private csiParams = '';
  /** Set by a DECSTBM with margins; cleared by one without (the full screen again). */
  private margins = false;

  get inGround(): boolean {
    return this.state === 'ground';
  }

  get scrollMarginsSet(): boolean {
    return this.margins;
  }

  feed(text: string): void {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.state === 'ground') {
        LEAVES_GROUND.lastIndex = i;
        const found = LEAVES_GROUND.exec(text);
        if (!found) return;
        i = found.index;
        this.anywhere(text.charCodeAt(i));
        i++;
        continue;
      }
      this.step(text.charCodeAt(i));
      i++;
    }
  }

  /** Transitions from any state (as in xterm.js's parser table); false when the code has none. */
  private anywhere(code: number): boolean {
    if (code === ESC) this.state = 'escape';
    else if (code === CAN || code === SUB || code === 0x9c || (code >= 0x80 && code <= 0x9f && !C1_INTRODUCERS.has(code))) this.state = 'ground';
    else if (code === 0x9b) this.startCsi();
    else if (code === 0x9d) this.state = 'oscString';
    else if (code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f) this.state = 'controlString';
    else return false;
    return true;
  }

  private startCsi(): void {
    this.state = 'csi';
    this.csiParams = '';
  }

  private step(code: number): void {
    if (this.anywhere(code)) return;
    switch (this.state) {
      case 'escape':
        if (code === 0x5b) this.startCsi();
        else if (code === 0x5d) this.state = 'oscString';
        else if (code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) this.state = 'controlString';
        else if (code >= 0x20 && code <= 0x2f) this.state = 'escapeIntermediate';
        else if (code >= 0x30 && code <= 0x7e) this.state = 'ground';
        // C0 controls execute inside an escape sequence without ending it.
        return;
      case 'escapeIntermediate':
        if (code >= 0x30 && code <= 0x7e) this.state = 'ground';
        return;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) {
          if (code === 0x72 /* r: DECSTBM */) this.margins = this.csiParams.replace(/[;0]/g, '') !== '';
          this.state = 'ground';
        } else if (code >= 0x20 && code <= 0x3f && this.csiParams.length < 32) {
          this.csiParams += String.fromCharCode(code);
        }
        return;
      case 'oscString':
        if (code === BEL) this.state = 'ground';
        return;
      case 'controlString':
      case 'ground':
        return;
    }
  }
}
