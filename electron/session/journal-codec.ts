/**
 * The line format of session journals, checkpoints and scenario files: one JSON record per line,
 * preceded by the CRC-32 of its bytes (`1a2b3c4d {"t":"input",...}`). Text, so a file can be read
 * and diffed by hand; checksummed, so a record torn by a power loss (a short last line, or one whose
 * bytes never reached the disk and read back as zeros) is told apart from a whole one.
 *
 * Reading stops at the first record that is not whole. If nothing whole follows it, it was the
 * tail being written when the process or the machine stopped: it was never acknowledged, and is
 * dropped. If whole records follow, the file was damaged in the middle: the caller keeps the part
 * before it and sets the file aside.
 */
import { crc32 } from 'node:zlib';

export function encodeRecord(record: unknown): string {
  const json = JSON.stringify(record);
  return `${checksum(json)} ${json}\n`;
}

function checksum(json: string): string {
  return (crc32(json) >>> 0).toString(16).padStart(8, '0');
}

export interface DecodedLines {
  records: unknown[];
  /** Bytes of the text that hold whole records, from the start. */
  goodBytes: number;
  /** What stopped the reading, if anything did. */
  problem?: { kind: 'torn' | 'damaged'; line: number };
}

export function decodeRecords(text: string): DecodedLines {
  const records: unknown[] = [];
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const record = end < 0 ? undefined : parseLine(text.slice(offset, end));
    line++;
    if (record === undefined) {
      const rest = end < 0 ? '' : text.slice(end + 1);
      const damaged = rest.split('\n').some((l) => parseLine(l) !== undefined);
      return { records, goodBytes: Buffer.byteLength(text.slice(0, offset)), problem: { kind: damaged ? 'damaged' : 'torn', line } };
    }
    records.push(record.value);
    offset = end + 1;
  }
  return { records, goodBytes: Buffer.byteLength(text) };
}

function parseLine(line: string): { value: unknown } | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (checksum(json) !== line.slice(0, 8)) return undefined;
  try {
    return { value: JSON.parse(json) as unknown };
  } catch {
    return undefined;
  }
}
