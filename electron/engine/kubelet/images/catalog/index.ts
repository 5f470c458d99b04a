/**
 * The whole offline catalogue, one list of every image the simulated registries hold, and a lookup
 * by canonical repository. Adding an image: see ../README.md.
 */
import type { ImageProfile } from '../types';
import { ALPINE, BUSYBOX, NODE, PERL, PYTHON, UBUNTU } from './base';
import { MYSQL, POSTGRES, REDIS } from './databases';
import { K8S_DOCS_IMAGES } from './k8s-docs';
import { KUBELAB_IMAGES } from './kubelab';
import { SYSTEM_IMAGES } from './system';
import { TUTORIAL_IMAGES } from './tutorials';
import { HTTPD, NGINX } from './web';

export const CATALOG: ImageProfile[] = [
  ...TUTORIAL_IMAGES,
  NGINX,
  HTTPD,
  BUSYBOX,
  ALPINE,
  UBUNTU,
  PYTHON,
  NODE,
  PERL,
  REDIS,
  POSTGRES,
  MYSQL,
  ...K8S_DOCS_IMAGES,
  ...SYSTEM_IMAGES,
  ...KUBELAB_IMAGES,
];

const BY_REPOSITORY = new Map(CATALOG.map((p) => [p.repository, p]));

/** k8s.gcr.io was frozen and now serves from registry.k8s.io: the same images answer both names. */
const ALIASES: Record<string, string> = { 'k8s.gcr.io': 'registry.k8s.io' };

export function findRepository(repository: string): ImageProfile | undefined {
  const hit = BY_REPOSITORY.get(repository);
  if (hit) return hit;
  const slash = repository.indexOf('/');
  const alias = ALIASES[repository.slice(0, slash)];
  return alias ? BY_REPOSITORY.get(`${alias}${repository.slice(slash)}`) : undefined;
}
