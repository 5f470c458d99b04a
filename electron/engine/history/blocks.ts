/**
 * The event log's encoded lines, in deflated blocks. A block is sealed at 1024 lines or once its
 * raw text passes 1 MB, whichever comes first: an open block of 1024 multi-megabyte ADDED lines
 * would hold gigabytes of raw JSON. Blocks can be dropped from the front when the history is
 * compacted; lines keep their absolute index (the frame number minus one). A few recently inflated
 * blocks are cached for stepping and nearby seeks, bounded by their raw size as well as their count.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { lastAtOrBefore } from './search';

const BLOCK_LINES = 1024;
const BLOCK_CHARS = 1 << 20;
const CACHE_BLOCKS = 4;
const CACHE_CHARS = 16 << 20;

interface Sealed {
  /** Index of the block's first line. */
  first: number;
  count: number;
  data: Buffer;
  /** Raw characters, for the decoded cache's accounting. */
  chars: number;
}

export class LineBlocks {
  private sealed: Sealed[] = [];
  private open: string[] = [];
  private openChars = 0;
  /** Index of the first line held (lines before it were compacted away). */
  private start = 0;
  private decoded = new Map<Sealed, string[]>();
  private decodedChars = 0;
  bytesSealed = 0;

  /** Index of the next line to be appended. */
  end(): number {
    return this.openFirst() + this.open.length;
  }

  /** Index of the first line still held. */
  first(): number {
    return this.start;
  }

  openBytes(): number {
    return this.openChars;
  }

  push(line: string): void {
    this.open.push(line);
    this.openChars += line.length;
    if (this.open.length >= BLOCK_LINES || this.openChars >= BLOCK_CHARS) this.seal();
  }

  line(index: number): string {
    const openFirst = this.openFirst();
    if (index >= openFirst) return this.open[index - openFirst]!;
    if (index < this.start) throw new RangeError(`line ${index} was compacted away (first kept: ${this.start})`);
    const block = this.sealed[lastAtOrBefore(this.sealed, (b) => b.first, index)]!;
    return this.lines(block)[index - block.first]!;
  }

  /**
   * Drops whole blocks that end before line `index`; the block holding it stays. Returns the new
   * first index (at or before `index`).
   */
  dropBefore(index: number): number {
    let n = 0;
    while (n < this.sealed.length && this.sealed[n]!.first + this.sealed[n]!.count <= index) n++;
    if (n === 0) return this.start;
    const openFirst = this.openFirst();
    for (const b of this.sealed.slice(0, n)) {
      this.bytesSealed -= b.data.length;
      const cached = this.decoded.get(b);
      if (cached) {
        this.decoded.delete(b);
        this.decodedChars -= b.chars;
      }
    }
    this.sealed = this.sealed.slice(n);
    this.start = this.sealed[0]?.first ?? openFirst;
    return this.start;
  }

  private openFirst(): number {
    const last = this.sealed[this.sealed.length - 1];
    return last ? last.first + last.count : this.start;
  }

  private seal(): void {
    const first = this.openFirst();
    const data = deflateRawSync(Buffer.from(this.open.join('\n'), 'utf8'), { level: 1 });
    this.sealed.push({ first, count: this.open.length, data, chars: this.openChars });
    this.bytesSealed += data.length;
    this.open = [];
    this.openChars = 0;
  }

  private lines(block: Sealed): string[] {
    let lines = this.decoded.get(block);
    if (lines) return lines;
    lines = inflateRawSync(block.data).toString('utf8').split('\n');
    while (this.decoded.size && (this.decoded.size >= CACHE_BLOCKS || this.decodedChars + block.chars > CACHE_CHARS)) {
      const [oldest] = this.decoded.keys();
      this.decoded.delete(oldest!);
      this.decodedChars -= oldest!.chars;
    }
    // A block bigger than the whole cache is decoded for this read only.
    if (block.chars <= CACHE_CHARS) {
      this.decoded.set(block, lines);
      this.decodedChars += block.chars;
    }
    return lines;
  }
}
