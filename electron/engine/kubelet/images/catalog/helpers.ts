/**
 * Shared building blocks for the catalogue files: one `image()` builder with the defaults most
 * images share, tag groups (tags that name the same image share one digest), the digest derived
 * for images whose real digest we do not carry, and a few HTTP answer helpers.
 */
import { fnv32a } from '../../../clock/random';
import type { HttpAnswerFromImage, ImageProfile } from '../types';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A digest derived from the image's first tag: `sha256:` and 64 hex characters of FNV-1a over
 * `repository:tag`. Not the registry's digest (the catalogue is offline), but stable, well-formed
 * and shared by every tag of a group, as `nginx:1.27` and `nginx:latest` share one on Docker Hub.
 */
export function derivedDigest(repository: string, tag: string): string {
  const text = `${repository}:${tag}`;
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}:${text}`).toString(16).padStart(8, '0');
  return `sha256:${out.slice(0, 64)}`;
}

/** Pull time from size: ~0.6 s of registry round trips plus ~40 MB/s of download and extraction. */
export function pullMsFor(sizeBytes: number): number {
  return Math.round(600 + sizeBytes / 40_000);
}

export interface ImageSpec extends Partial<Omit<ImageProfile, 'repository' | 'tags' | 'digests'>> {
  /** Groups of tags that name one image (first tag first); every listed tag exists on the registry. */
  tagGroups?: string[][];
  /** Real digests by tag, where known (they override the derived one for the whole group). */
  knownDigests?: Record<string, string>;
}

export function image(repository: string, spec: ImageSpec): ImageProfile {
  const { tagGroups, knownDigests, ...rest } = spec;
  const sizeBytes = rest.sizeBytes ?? 30_000_000;
  let tags: string[] | undefined;
  let digests: Record<string, string> | undefined;
  if (tagGroups) {
    tags = [];
    digests = {};
    for (const group of tagGroups) {
      const known = group.map((t) => knownDigests?.[t]).find((d) => d !== undefined);
      const digest = known ?? derivedDigest(repository, group[0]!);
      for (const t of group) {
        tags.push(t);
        digests[t] = digest;
      }
    }
  }
  return {
    repository,
    ...(tags ? { tags, digests } : {}),
    sizeBytes,
    pullMs: rest.pullMs ?? pullMsFor(sizeBytes),
    behaviour: { kind: 'serve' },
    ports: [],
    startupMs: 100,
    shutdownMs: 200,
    cpuMilli: 1,
    memoryBytes: 12 * 1024 * 1024,
    env: { PATH: DEFAULT_PATH },
    workingDir: '/',
    files: {},
    startLogs: () => [],
    ...rest,
  };
}

/** `['1.2.3', '1.2', '1']` and the same with a suffix: the usual way official images tag one build. */
export function versionTags(version: string, extra: string[] = [], suffix = ''): string[] {
  const parts = version.split('.');
  const tags: string[] = [];
  for (let n = parts.length; n >= 1; n--) tags.push(parts.slice(0, n).join('.') + suffix);
  return [...tags, ...extra];
}

export function text(body: string, extraHeaders: Record<string, string> = {}): HttpAnswerFromImage {
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders }, body };
}

/** Apache/nginx access-log time: 09/Dec/2024:10:00:00 +0000. */
export function accessDate(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The value of `-name=value` or `--name=value` (or `-name value`) in an argument list. */
export function flag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const prefix of [`-${name}=`, `--${name}=`]) if (a.startsWith(prefix)) return a.slice(prefix.length);
    if ((a === `-${name}` || a === `--${name}`) && i + 1 < args.length) return args[i + 1];
  }
  return undefined;
}
