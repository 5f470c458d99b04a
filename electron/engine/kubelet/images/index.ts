/**
 * The simulated registry: reference parsing (reference.ts), the offline catalogue of real images
 * (catalog/), and pull outcomes with the registries' own errors (resolve.ts, registries.ts).
 */
export type { Behaviour, HttpAnswerFromImage, HttpRequestInfo, ImageProfile, LaunchSpec } from './types';
export { parseImage, parseReference, type ImageRef, type ParsedReference } from './reference';
export { CATALOG, findRepository } from './catalog';
export { isPreloaded, launchProfile, resolveImage, type PullResult } from './resolve';
