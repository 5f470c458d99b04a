/**
 * The Table of a list, serialised straight to JSON text: the same document buildTable describes,
 * without building it as objects first. A row's metadata (the bulk of a `kubectl get` reply) is
 * serialised once per stored object and reused while that object is unchanged: the store hands out
 * its immutable objects, so identity means "unchanged". Only creationTimestamp, which moves with
 * the virtual clock's offset, is spliced in per request.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { ResourceType } from '../../engine/api';
import { printerFor } from './index';
import type { TableColumn } from './types';

/** Marks where the creationTimestamp goes in a cached metadata text. */
const SLOT = '\u0000kubelab-creation-timestamp\u0000';
const SLOT_JSON = JSON.stringify(SLOT);

interface MetadataText {
  /** Text before the creationTimestamp value, or the whole text when there is none to shift. */
  head: string;
  tail: string;
  creationTimestamp: string | undefined;
  /** The slot marker also occurs in the object itself (absurd, but users write labels): no caching. */
  uncacheable?: true;
}

const metadataTexts = new WeakMap<object, MetadataText>();
const columnTexts = new WeakMap<readonly TableColumn[], string>();

function metadataText(meta: KubeObject['metadata']): MetadataText {
  let text = metadataTexts.get(meta);
  if (!text) {
    const created = meta.creationTimestamp;
    if (typeof created === 'string') {
      const parts = JSON.stringify({ ...meta, creationTimestamp: SLOT }).split(SLOT_JSON);
      text = parts.length === 2 ? { head: parts[0]!, tail: parts[1]!, creationTimestamp: created } : { head: '', tail: '', creationTimestamp: created, uncacheable: true };
    } else {
      text = { head: JSON.stringify(meta), tail: '', creationTimestamp: undefined };
    }
    metadataTexts.set(meta, text);
  }
  return text;
}

function columnsText(columns: readonly TableColumn[]): string {
  let text = columnTexts.get(columns);
  if (text === undefined) {
    text = JSON.stringify(columns);
    columnTexts.set(columns, text);
  }
  return text;
}

/**
 * JSON of buildTable(type, objects, nowMs, { include: 'Metadata', resourceVersion, presentMetadata })
 * where presentMetadata moves creationTimestamp and deletionTimestamp with `shift`.
 */
export function tableJson(type: Pick<ResourceType, 'group' | 'resource'>, objects: readonly KubeObject[], nowMs: number, resourceVersion: string, shift: (timestamp: string) => string): string {
  const printer = printerFor(type);
  const rows: string[] = new Array<string>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    const cells = JSON.stringify(printer.row(object, nowMs));
    const meta = object.metadata;
    let metaJson: string;
    const text = typeof meta.deletionTimestamp === 'string' ? undefined : metadataText(meta);
    if (!text || text.uncacheable) {
      // Rare (Terminating objects): not cached, both timestamps shifted.
      const shifted = { ...meta };
      if (typeof meta.creationTimestamp === 'string') shifted.creationTimestamp = shift(meta.creationTimestamp);
      if (typeof meta.deletionTimestamp === 'string') shifted.deletionTimestamp = shift(meta.deletionTimestamp);
      metaJson = JSON.stringify(shifted);
    } else {
      metaJson = text.creationTimestamp === undefined ? text.head : `${text.head}${JSON.stringify(shift(text.creationTimestamp))}${text.tail}`;
    }
    rows[i] = `{"cells":${cells},"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${metaJson}}}`;
  }
  const metadata = resourceVersion ? JSON.stringify({ resourceVersion }) : '{}';
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${metadata},"columnDefinitions":${columnsText(printer.columns)},"rows":[${rows.join(',')}]}`;
}
