/**
 * The inspector's view model: find the selected object at the frame on screen, walk its owner chain
 * (Deployment → ReplicaSet → Pod), list what it owns, and produce the YAML the editor starts from.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ObjectRef } from '../state/selection.svelte';

const refOf = (o: KubeObject): ObjectRef => ({ kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) });

export function findObject(objects: readonly KubeObject[], ref: ObjectRef): KubeObject | undefined {
  return objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.namespace === undefined || (o.metadata.namespace ?? 'default') === ref.namespace));
}

/** The chain from the top owner down to the object itself. */
export function ownerChain(objects: readonly KubeObject[], object: KubeObject): ObjectRef[] {
  const chain: ObjectRef[] = [refOf(object)];
  let current: KubeObject | undefined = object;
  for (let depth = 0; current && depth < 8; depth++) {
    const refs: NonNullable<KubeObject['metadata']['ownerReferences']> = current.metadata.ownerReferences ?? [];
    const owner = refs.find((r) => r.controller) ?? refs[0];
    if (!owner) break;
    const namespace: string | undefined = current.metadata.namespace;
    current = objects.find((o) => o.kind === owner.kind && o.metadata.name === owner.name && o.metadata.namespace === namespace);
    chain.unshift(current ? refOf(current) : { kind: owner.kind, name: owner.name, ...(namespace ? { namespace } : {}) });
  }
  return chain;
}

/** Objects this one controls (a Deployment's ReplicaSets, a ReplicaSet's pods). */
export function ownedBy(objects: readonly KubeObject[], object: KubeObject): ObjectRef[] {
  const uid = object.metadata.uid;
  return objects
    .filter((o) => (o.metadata.ownerReferences ?? []).some((r) => (uid ? r.uid === uid : r.name === object.metadata.name && r.kind === object.kind)) && o.metadata.namespace === object.metadata.namespace)
    .map(refOf)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function toYaml(object: KubeObject): string {
  return stringify(object, { lineWidth: 0 });
}

/** What the editor starts from: the object without status and server bookkeeping noise. */
export function editableYaml(object: KubeObject): string {
  const { status: _status, ...rest } = object;
  const { managedFields: _managed, ...metadata } = rest.metadata;
  return stringify({ ...rest, metadata }, { lineWidth: 0 });
}
