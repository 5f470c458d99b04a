/**
 * Owner colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), picked by a
 * stable hash of the owner's name so a Deployment keeps its colour across reloads and rollouts.
 * Colour is never the only signal: pod state also has a shape, and owners are named in labels.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'] as const;

/** Colour for pods without an owner (bare pods): neutral grey, distinct from every palette entry. */
export const UNOWNED_COLOUR = '#9AA5B1';

export function hashName(name: string): number {
  // FNV-1a: tiny, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function ownerColour(owner: string | undefined): string {
  if (!owner) return UNOWNED_COLOUR;
  return OKABE_ITO[hashName(owner) % OKABE_ITO.length]!;
}
