/**
 * Image references as the kubelet and docker read them: the grammar of distribution/reference
 * (reference.go, regexp.go), the familiar-name normalisation of normalize.go (`nginx` is
 * `docker.io/library/nginx:latest`, `index.docker.io/x/y` is `docker.io/x/y`, a first element
 * with a dot, a colon or `localhost` is a registry host) and go-digest's validation, with the same
 * error strings, so an invalid name fails as InvalidImageName with upstream's words.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_AND_PORT = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DIGEST_ANCHORED_RE = new RegExp(`^${DIGEST}$`);

/** reference.go: RepositoryNameTotalLengthMax. */
const NAME_MAX = 255;
/** go-digest's registered algorithms and their hex lengths (sha256 and sha512 are what docker and the kubelet import). */
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export interface ImageRef {
  /** As written in the pod spec. */
  image: string;
  /** Registry host (with port), e.g. docker.io, registry.k8s.io, localhost:5000. */
  domain: string;
  /** Path inside the registry, e.g. library/nginx. */
  path: string;
  /** Canonical repository, e.g. docker.io/library/nginx. */
  repository: string;
  /** The tag; `latest` when none is given; the digest itself for a digest-only reference. */
  tag: string;
  /** The tag as written, if any. */
  explicitTag?: string;
  digest?: string;
  /** Canonical reference, e.g. docker.io/library/nginx:latest or …@sha256:… (a digest wins over a tag, as ParseDockerRef does). */
  canonical: string;
  /** docker's FamiliarName: `nginx`, `jocatalin/kubernetes-bootcamp`, `gcr.io/google-samples/kubernetes-bootcamp`. */
  familiarName: string;
  /** docker's FamiliarString: the familiar name with its tag or digest. */
  familiar: string;
}

export type ParsedReference = { ok: true; ref: ImageRef } | { ok: false; ref: ImageRef; error: string };

/** normalize.go splitDockerDomain. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const maybeDomain = name.slice(0, slash);
  let remote = name.slice(slash + 1);
  let domain: string;
  if (maybeDomain === 'localhost') domain = maybeDomain;
  else if (maybeDomain === 'index.docker.io') domain = 'docker.io';
  else if (/[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) domain = maybeDomain;
  else {
    domain = 'docker.io';
    remote = name;
  }
  if (domain === 'docker.io' && !remote.includes('/')) remote = `library/${remote}`;
  return [domain, remote];
}

/** go-digest Digest.Validate. */
function digestError(d: string): string | undefined {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) return 'invalid checksum digest format';
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const size = DIGEST_HEX[algorithm];
  if (size === undefined) return DIGEST_ANCHORED_RE.test(d) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (encoded.length !== size) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}

function familiarName(domain: string, path: string): string {
  if (domain !== 'docker.io') return `${domain}/${path}`;
  const rest = path.startsWith('library/') ? path.slice('library/'.length) : path;
  return rest.includes('/') ? path : rest;
}

function makeRef(image: string, domain: string, path: string, explicitTag: string | undefined, digest: string | undefined): ImageRef {
  const repository = `${domain}/${path}`;
  const tag = explicitTag ?? digest ?? 'latest';
  const fam = familiarName(domain, path);
  const suffix = (explicitTag ? `:${explicitTag}` : '') + (digest ? `@${digest}` : '');
  return {
    image,
    domain,
    path,
    repository,
    tag,
    ...(explicitTag ? { explicitTag } : {}),
    ...(digest ? { digest } : {}),
    canonical: digest ? `${repository}@${digest}` : `${repository}:${tag}`,
    familiarName: fam,
    familiar: `${fam}${suffix || ':latest'}`,
  };
}

/** A best-effort reference for an unparsable name, so callers still have something to show. */
function looseRef(image: string): ImageRef {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const [domain, path] = splitDockerDomain(hasTag ? name.slice(0, colon) : name);
  return makeRef(image, domain, path, hasTag ? name.slice(colon + 1) || undefined : undefined, at >= 0 ? image.slice(at + 1) : undefined);
}

/** ParseNormalizedNamed: the reference, or upstream's error for it. */
export function parseReference(image: string): ParsedReference {
  const fail = (error: string): ParsedReference => ({ ok: false, ref: looseRef(image), error });
  if (IDENTIFIER_RE.test(image)) return fail(`invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(image);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) return fail(`invalid reference format: repository name (${remote}) must be lowercase`);
  // reference.go Parse, on domain + "/" + remainder.
  const s = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    const lower = s.toLowerCase();
    return fail(lower !== s && REFERENCE_RE.test(lower) ? 'repository name must be lowercase' : 'invalid reference format');
  }
  const nameMatch = ANCHORED_NAME_RE.exec(m[1]!);
  const refDomain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? m[1]!;
  if (path.length > NAME_MAX) return fail(`repository name must not be more than ${NAME_MAX} characters`);
  const digest = m[3];
  if (digest) {
    const err = digestError(digest);
    if (err) return fail(err);
  }
  return { ok: true, ref: makeRef(image, refDomain, path, m[2], digest) };
}

/** The reference, normalised as containerd and docker do; unparsable names get a best-effort reading. */
export function parseImage(image: string): ImageRef {
  return parseReference(image).ref;
}
