/**
 * The tar archive format, as the images' tar programs write it and Go's archive/tar (kubectl cp)
 * reads and writes it: 512-byte headers with octal fields and a checksum, content padded to 512,
 * two zero blocks at the end. GNU tar writes its `gnu` format (magic "ustar  \0", long names in
 * ././@LongLink entries) and pads the archive to its 10240-byte record; busybox writes POSIX ustar
 * (magic "ustar\0" "00", long names split into prefix and name, else a GNU long-name entry, as
 * busybox's FEATURE_TAR_GNU_EXTENSIONS does). Reading accepts both, plus the
 * PAX extended headers Go writes when a field does not fit.
 */

export const BLOCK = 512;
/** GNU tar's default record: blocking factor 20. */
export const GNU_RECORD = 20 * BLOCK;

export type TarFormat = 'gnu' | 'ustar';

export interface TarEntry {
  /** Path as stored (no leading slash); folders end without a slash here. */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  content?: Buffer;
  linkname?: string;
  mode: number;
  mtimeSeconds: number;
}

function octal(value: number, width: number): string {
  // width-1 octal digits, zero padded, then NUL (as both GNU tar and busybox write them).
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function put(block: Buffer, offset: number, width: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  bytes.copy(block, offset, 0, Math.min(width, bytes.length));
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

interface HeaderFields {
  name: string;
  prefix?: string;
  mode: number;
  size: number;
  mtimeSeconds: number;
  typeflag: string;
  linkname?: string;
}

function header(fields: HeaderFields, format: TarFormat): Buffer {
  const block = Buffer.alloc(BLOCK);
  put(block, 0, 100, fields.name);
  put(block, 100, 8, octal(fields.mode, 8));
  put(block, 108, 8, octal(0, 8));
  put(block, 116, 8, octal(0, 8));
  put(block, 124, 12, octal(fields.size, 12));
  put(block, 136, 12, octal(fields.mtimeSeconds, 12));
  put(block, 156, 1, fields.typeflag);
  if (fields.linkname) put(block, 157, 100, fields.linkname);
  if (format === 'gnu') put(block, 257, 8, 'ustar  \0');
  else put(block, 257, 8, 'ustar\x0000');
  put(block, 265, 32, 'root');
  put(block, 297, 32, 'root');
  if (format === 'ustar') {
    put(block, 329, 8, octal(0, 8));
    put(block, 337, 8, octal(0, 8));
    if (fields.prefix) put(block, 345, 155, fields.prefix);
  }
  // "%06o\0 ": six digits, NUL, space.
  put(block, 148, 8, `${checksum(block).toString(8).padStart(6, '0')}\0 `);
  return block;
}

function padded(content: Buffer): Buffer[] {
  const rest = content.length % BLOCK;
  return rest === 0 ? [content] : [content, Buffer.alloc(BLOCK - rest)];
}

/** Splits a ustar name at a slash into prefix (≤155 bytes) and name (≤100 bytes); undefined when it cannot. */
function splitUstar(name: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest) return { prefix, name: rest };
  }
  return undefined;
}

/** Writes entries as an archive. */
export function writeArchive(entries: TarEntry[], format: TarFormat): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const stored = entry.type === 'dir' ? `${entry.name}/` : entry.name;
    const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const typeflag = entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0';
    const base = { mode: entry.mode, size: content.length, mtimeSeconds: entry.mtimeSeconds, typeflag, ...(entry.linkname ? { linkname: entry.linkname } : {}) };
    const split = format === 'ustar' ? splitUstar(stored) : undefined;
    if (split) parts.push(header({ ...base, name: split.name, prefix: split.prefix }, 'ustar'));
    else {
      // GNU tar, and busybox when prefix/name cannot hold it: a ././@LongLink entry first.
      if (Buffer.byteLength(stored) > 100) {
        const long = Buffer.from(`${stored}\0`, 'utf8');
        parts.push(header({ name: '././@LongLink', mode: 0o644, size: long.length, mtimeSeconds: 0, typeflag: 'L' }, format), ...padded(long));
      }
      parts.push(header({ ...base, name: stored }, format));
    }
    if (content.length) parts.push(...padded(content));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  let archive = Buffer.concat(parts);
  if (format === 'gnu' && archive.length % GNU_RECORD !== 0) archive = Buffer.concat([archive, Buffer.alloc(GNU_RECORD - (archive.length % GNU_RECORD))]);
  return archive;
}

function text(block: Buffer, offset: number, width: number): string {
  const field = block.subarray(offset, offset + width);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? width : nul).toString('utf8');
}

function number(block: Buffer, offset: number, width: number): number {
  const field = block.subarray(offset, offset + width);
  // GNU base-256 for values that do not fit in octal.
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < width; i++) value = value * 256 + field[i]!;
    return value;
  }
  const digits = text(block, offset, width).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new RangeError(`not an octal number: ${digits}`);
  return parseInt(digits, 8);
}

/** PAX records: "%d key=value\n". */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.toString('ascii', offset, space));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) throw new RangeError('malformed extended header');
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    offset += length;
  }
  return out;
}

export interface ReadResult {
  /** The members read, in order, up to where reading stopped. */
  entries: TarEntry[];
  /** Headers that did not check out and were skipped: the first as "not a tar archive", later ones as "skipping". */
  skipped: 'This does not look like a tar archive' | 'Skipping to next header' | undefined;
  /** Reading stopped at a member cut short. */
  truncated: boolean;
}

/**
 * Reads an archive as GNU tar does: up to the first zero block (end of archive; none at all is
 * fine), skipping blocks whose header checksum is wrong until a valid header, stopping at a member
 * cut short. Members read before a problem are returned with it, so they can still be extracted.
 */
export function readArchive(archive: Buffer): ReadResult {
  const result: ReadResult = { entries: [], skipped: undefined, truncated: false };
  const entries = result.entries;
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax = new Map<string, string>();
  let valid = false;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return result;
    let stored: number;
    try {
      stored = number(block, 148, 8);
    } catch {
      stored = -1;
    }
    if (stored !== checksum(block)) {
      result.skipped ??= valid ? 'Skipping to next header' : 'This does not look like a tar archive';
      offset += BLOCK;
      continue;
    }
    valid = true;
    let size: number;
    try {
      size = number(block, 124, 12);
    } catch {
      result.skipped ??= 'Skipping to next header';
      offset += BLOCK;
      continue;
    }
    const typeflag = String.fromCharCode(block[156]!);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) {
      result.truncated = true;
      return result;
    }
    const data = archive.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (typeflag === 'K') {
      longLink = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (typeflag === 'x') {
      try {
        pax = new Map([...pax, ...paxRecords(data)]);
      } catch {
        result.skipped ??= 'Skipping to next header';
      }
      continue;
    }
    if (typeflag === 'g') continue;
    const magic = block.subarray(257, 263).toString('latin1');
    const prefix = magic === 'ustar\0' ? text(block, 345, 155) : '';
    let name = longName ?? pax.get('path') ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    const linkname = longLink ?? pax.get('linkpath') ?? text(block, 157, 100);
    longName = undefined;
    longLink = undefined;
    pax = new Map();
    const isDir = typeflag === '5' || ((typeflag === '0' || typeflag === '\0') && name.endsWith('/'));
    name = name.replace(/\/+$/, '');
    const type: TarEntry['type'] = isDir ? 'dir' : typeflag === '0' || typeflag === '\0' || typeflag === '7' ? 'file' : typeflag === '2' ? 'symlink' : 'other';
    let mode = 0;
    let mtimeSeconds = 0;
    try {
      mode = number(block, 100, 8);
      mtimeSeconds = number(block, 136, 12);
    } catch {
      // Unreadable mode or time: the member still extracts, as GNU tar warns and goes on.
    }
    const entry: TarEntry = { name, type, mode, mtimeSeconds };
    if (type === 'file') entry.content = Buffer.from(data);
    if (type === 'symlink') entry.linkname = linkname;
    entries.push(entry);
  }
  if (offset < archive.length) {
    // A partial block: a header cut short is no archive; after members it is a truncated one.
    if (valid) result.truncated = true;
    else result.skipped ??= 'This does not look like a tar archive';
  } else if (archive.length === 0) result.skipped = 'This does not look like a tar archive';
  return result;
}
