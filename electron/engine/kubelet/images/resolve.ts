/**
 * Resolving an image reference against the simulated registries: a catalogued repository and tag
 * (or digest) pulls; anything else fails as the kubelet reports it. An unparsable name is
 * InvalidImageName before any pull (pkg/kubelet/images/image_manager.go applyDefaultImageTag); a
 * missing repository, tag or host is ErrImagePull with the registry's words (registries.ts).
 */
import { findRepository } from './catalog';
import { derivedDigest } from './catalog/helpers';
import { parseReference, type ImageRef } from './reference';
import { registryRefusal } from './registries';
import type { ImageProfile, LaunchSpec } from './types';

export type PullResult =
  | { ok: true; profile: ImageProfile; ref: ImageRef; digest: string }
  | {
      ok: false;
      ref: ImageRef;
      /** The container's waiting reason: InvalidImageName (never pulled) or ErrImagePull. */
      reason: 'InvalidImageName' | 'ErrImagePull';
      message: string;
      /** How long the failed pull takes, when not the usual quick answer (a dial timeout). */
      failMs?: number;
    };

function failed(ref: ImageRef, missing: 'tag' | 'repository'): PullResult {
  const refusal = registryRefusal(ref, missing);
  return { ok: false, ref, reason: 'ErrImagePull', message: refusal.message, ...(refusal.ms ? { failMs: refusal.ms } : {}) };
}

export function resolveImage(image: string): PullResult {
  const parsed = parseReference(image);
  if (!parsed.ok) {
    // image_manager.go: "Failed to apply default image tag %q: %v" around parsers.ParseImageName's "couldn't parse image name %q: %w".
    return { ok: false, ref: parsed.ref, reason: 'InvalidImageName', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${parsed.error}` };
  }
  const ref = parsed.ref;
  const profile = findRepository(ref.repository);
  if (!profile) return failed(ref, 'repository');
  if (!profile.tags) return { ok: true, profile, ref, digest: derivedDigest(ref.repository, ref.tag) };
  if (ref.digest) {
    // A digest wins over a tag (ParseDockerRef): it must name one of the repository's images.
    const tag = Object.entries(profile.digests ?? {}).find(([, d]) => d === ref.digest)?.[0];
    if (!tag) return failed(ref, 'tag');
    return { ok: true, profile, ref, digest: ref.digest };
  }
  if (!profile.tags.includes(ref.tag)) return failed(ref, 'tag');
  return { ok: true, profile, ref, digest: profile.digests?.[ref.tag] ?? derivedDigest(ref.repository, ref.tag) };
}

/** The process the container really runs, once its entrypoint has seen the environment and arguments. */
export function launchProfile(profile: ImageProfile, spec: LaunchSpec, tag: string): ImageProfile {
  return profile.launch?.(spec, tag) ?? profile;
}

/** Whether the node has this image from boot (minikube's preload), so IfNotPresent never pulls it. */
export function isPreloaded(profile: ImageProfile, ref: ImageRef): boolean {
  return !ref.digest && (profile.preloadedTags?.includes(ref.tag) ?? false);
}
