/**
 * The API server's decode step for request objects, over the shared schema decoder: wrongly typed
 * fields are refused with 400 in every mode (`Deployment in version "v1" cannot be handled as a
 * Deployment: json: cannot unmarshal ...`), and strict decoding problems (unknown and duplicate
 * fields) follow fieldValidation: Strict refuses them, Warn (the default) answers with one Warning
 * header per problem, Ignore drops them. Kinds without a schema (metrics, reviews) get only the
 * top-level and metadata key check.
 */
import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../engine/api';
import { cannotHandle, decodeAs, strictDecodingError, unknownFieldText } from '../../shared/k8s/schema/decode';
import { factsOf } from './body-facts';
import { errors } from './status';
import { addWarnings } from './warnings';

const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
const OBJECT_META = new Set(['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields']);

function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Unknown top-level and metadata fields, for kinds the schema does not cover. */
function shallowUnknownFields(object: Record<string, unknown>): string[] {
  const unknown = Object.keys(object).filter((key) => !TOP_LEVEL.has(key));
  const metadata = object.metadata;
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    for (const key of Object.keys(metadata)) if (!OBJECT_META.has(key)) unknown.push(`metadata.${key}`);
  }
  return unknown;
}

/** The strict decoding problems of an object, refusing it (400) when a field has the wrong type. */
export function strictProblems(type: ResourceType, object: Record<string, unknown>, parsedFrom: object = object): string[] {
  const facts = factsOf(parsedFrom);
  const decoded = decodeAs(apiVersionOf(type), type.kind, object, { pruneNulls: true, ...(facts?.numberText ? { numberText: facts.numberText } : {}) });
  if (decoded?.typeError !== undefined) throw errors.badRequest(cannotHandle(type.kind, type.version, decoded.typeError));
  const unknown = decoded ? decoded.unknownFields : shallowUnknownFields(object);
  return [...(facts?.strictErrors ?? []), ...unknown.map(unknownFieldText)];
}

/**
 * Decodes an object as the API server would and applies the request's fieldValidation.
 * `parsedFrom` is the parsed body when the object was built from it (a patch result).
 */
export function checkFields(res: ServerResponse, query: URLSearchParams, type: ResourceType, object: Record<string, unknown>, parsedFrom: object = object): void {
  const problems = strictProblems(type, object, parsedFrom);
  const mode = query.get('fieldValidation') ?? 'Warn';
  if (problems.length === 0 || mode === 'Ignore') return;
  if (mode === 'Strict') throw errors.badRequest(cannotHandle(type.kind, type.version, strictDecodingError(problems)));
  addWarnings(res, problems);
}
