/**
 * Puts the cluster and the terminal's folder in the state a lesson starts from: a fresh cluster of
 * the lesson's node count (as `minikube delete && minikube start` would give), its objects created
 * through the store as a user's request would be, and its files written next to the learner's shell.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../shared/k8s/objects';
import type { LessonSetup } from '../../shared/lessons/model';
import type { Engine, ResourceType } from '../engine/api';

const CAUSE = { actor: 'user' as const, name: 'lesson', detail: 'lesson setup' };

function typeOf(engine: Pick<Engine, 'store'>, object: KubeObject): ResourceType | undefined {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return engine.store.resourceTypes().find((t) => t.kind === object.kind && t.group === group && t.version === version);
}

/** Creates the setup objects; returns what could not be created (the lesson still starts). */
export function createSetupObjects(engine: Pick<Engine, 'store'>, objects: readonly string[]): string[] {
  const failures: string[] = [];
  for (const text of objects) {
    try {
      const object = parseYaml(text) as KubeObject;
      const type = typeOf(engine, object);
      if (!type) throw new Error(`no resource type for ${object.apiVersion} ${object.kind}`);
      if (type.namespaced) object.metadata.namespace ??= 'default';
      engine.store.create(type, object, CAUSE);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  return failures;
}

/**
 * Writes the setup files into `workDir`; names that would leave the folder are skipped. The folder
 * is the learner's own (where their shell starts), so a different file already there is never
 * overwritten: it is moved aside to `<name>.before-kubelab` (or `.before-kubelab-2`, ...) first.
 */
export function writeSetupFiles(workDir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = resolve(workDir, name);
    const rel = relative(resolve(workDir), path);
    if (rel.startsWith('..') || rel === '' || isAbsolute(rel)) continue;
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path)) {
      if (readFileSync(path, 'utf8') === content) continue;
      renameSync(path, asideName(path));
    }
    writeFileSync(path, content);
  }
}

function asideName(path: string): string {
  for (let n = 1; ; n++) {
    const candidate = `${path}.before-kubelab${n === 1 ? '' : `-${n}`}`;
    if (!existsSync(candidate)) return candidate;
  }
}

export function applySetup(engine: Pick<Engine, 'store' | 'recreate'>, setup: LessonSetup, workDir: string | undefined): string[] {
  engine.recreate(setup.nodes);
  const failures = createSetupObjects(engine, setup.objects);
  if (workDir) writeSetupFiles(workDir, setup.files);
  return failures;
}
