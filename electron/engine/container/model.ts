/**
 * One model per container instance, as a container runtime keeps it: the filesystem (the image's
 * files, the kubelet-managed /etc files and the pod's volumes mounted as the container asks),
 * the environment and working directory. The writable layer lives as long as the instance: a
 * restart (a new containerID) starts again from the image, as Docker's overlay layer does.
 *
 * ConfigMap, Secret, downwardAPI and projected volumes follow changes at the pod's next periodic
 * sync, as the kubelet's volume manager remounts them when the pod worker resyncs: every
 * SyncFrequency (1 min, pkg/kubelet/apis/config/v1beta1/defaults.go) jittered by
 * workerResyncIntervalJitterFactor 0.5 (pkg/kubelet/pod_workers.go), so 60-90 s apart; the default
 * Watch change-detection strategy adds no cache TTL. subPath mounts are bind mounts of one file
 * made at start and never change.
 */
import type { Container, Pod, Volume as PodVolume } from '../../../shared/k8s/objects';
import { Random, fnv32a } from '../clock/random';
import { downwardFacts } from '../kubelet/env';
import type { Kubelet } from '../kubelet/kubelet';
import type { ContainerInstance, Sandbox } from '../kubelet/sandbox';
import { ContainerFs, Volume, normalize } from './fs';
import type { Waiter } from './fs';
import { isProjected, projectFiles, referencedObjects } from './projection';
import type { ProjectedVolumeSpec } from './projection';
import type { Flavour } from './shell/types';
import { worldOf } from './world';

/** kubeCfg.SyncFrequency and workerResyncIntervalJitterFactor. */
const SYNC_FREQUENCY_MS = 60_000;
const RESYNC_JITTER = 0.5;

export interface ContainerModel {
  containerID: string;
  fs: ContainerFs;
  env: Record<string, string>;
  workingDir: string;
  flavour: Flavour;
  /** PID 1's command line, for ps. */
  mainProcess: string;
}

interface PodVolumes {
  emptyDirs: Map<string, Volume>;
  projected: Map<string, { spec: ProjectedVolumeSpec; volume: Volume }>;
  issuedAtWallMs: number;
  sync: { rng: Random; next: number; scheduled: boolean };
}

const podVolumes = new WeakMap<Sandbox, PodVolumes>();
const models = new WeakMap<ContainerInstance, ContainerModel>();
/** Wakes `waiter` once, when container `c` next gets a model of its own (its files stop being the image's alone). */
export function onModelCreated(c: ContainerInstance, waiter: Waiter): void {
  // A literal of the exact length: a push would reserve room for 17 in each of 150k arrays.
  c.modelWaiters = c.modelWaiters ? [...c.modelWaiters, waiter] : [waiter];
}

/** busybox and alpine have busybox's applets and ash; the rest here are Debian-based. */
export function flavourOf(repository: string | undefined): Flavour {
  return /(^|\/)(busybox|alpine)$/.test(repository ?? '') || /-alpine|alpine$/.test(repository ?? '') ? 'busybox' : 'gnu';
}

function volumesOf(pod: Pod): PodVolume[] {
  return (pod.spec.volumes as PodVolume[] | undefined) ?? [];
}

function podVolumesFor(k: Kubelet, sb: Sandbox): PodVolumes {
  let pv = podVolumes.get(sb);
  if (pv) return pv;
  const now = k.ctx.clock.now();
  pv = { emptyDirs: new Map(), projected: new Map(), issuedAtWallMs: k.ctx.clock.wallMs(now), sync: { rng: new Random(fnv32a(`pod-sync/${sb.uid}`)), next: sb.startTime, scheduled: false } };
  podVolumes.set(sb, pv);
  const ns = sb.namespace;
  const refs = new Set<string>();
  for (const v of volumesOf(sb.pod)) {
    if (v.emptyDir) pv.emptyDirs.set(v.name, new Volume());
    else if (isProjected(v as ProjectedVolumeSpec)) {
      pv.projected.set(v.name, { spec: v as ProjectedVolumeSpec, volume: new Volume() });
      for (const r of referencedObjects(v as ProjectedVolumeSpec, ns)) refs.add(r);
    }
  }
  refreshProjections(k, sb, pv);
  if (refs.size) {
    const state = pv;
    worldOf(k.ctx).watchers.set(sb.uid, { uid: sb.uid, refs, changed: () => scheduleRefresh(k, sb, state) });
  }
  return pv;
}

function refreshProjections(k: Kubelet, sb: Sandbox, pv: PodVolumes): void {
  const facts = downwardFacts(k.ctx.store, sb.pod, sb.ip, k.hostIP);
  for (const { spec, volume } of pv.projected.values()) volume.replace(projectFiles(spec, { store: k.ctx.store, pod: sb.pod, facts, issuedAtWallMs: pv.issuedAtWallMs }));
}

/** A watched object changed: the files follow at the pod's next periodic sync. False once the pod is gone. */
function scheduleRefresh(k: Kubelet, sb: Sandbox, pv: PodVolumes): boolean {
  if (k.sandboxes.get(sb.uid) !== sb || sb.terminating) return false;
  if (pv.sync.scheduled) return true;
  const now = k.ctx.clock.now();
  while (pv.sync.next <= now) pv.sync.next += pv.sync.rng.jitter(SYNC_FREQUENCY_MS, RESYNC_JITTER);
  pv.sync.scheduled = true;
  k.after(pv.sync.next - now, () => {
    pv.sync.scheduled = false;
    if (k.sandboxes.get(sb.uid) === sb) refreshProjections(k, sb, pv);
  });
  return true;
}

/** The kubelet-managed files every container gets (pkg/kubelet/kubelet_pods.go makeMounts). */
function etcFiles(pod: Pod, podIp: string): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  return {
    '/etc/hostname': `${pod.metadata.name}\n`,
    '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${podIp}\t${pod.metadata.name}\n`,
    '/etc/resolv.conf': `nameserver 10.96.0.10\nsearch ${ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`,
  };
}

function mountVolumes(k: Kubelet, sb: Sandbox, spec: Container, fs: ContainerFs): void {
  const world = worldOf(k.ctx);
  const pv = podVolumesFor(k, sb);
  const byName = new Map(volumesOf(sb.pod).map((v) => [v.name, v]));
  for (const m of (spec.volumeMounts as { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[] | undefined) ?? []) {
    const v = byName.get(m.name);
    if (!v) continue;
    const path = normalize('/', m.mountPath);
    const projected = pv.projected.get(m.name);
    if (projected) {
      if (m.subPath) {
        const content = projected.volume.files.get(m.subPath);
        if (content !== undefined) fs.mountFile(path, content);
        continue;
      }
      // configMap, secret, downwardAPI and projected volumes are always mounted read-only.
      fs.mount({ path, volume: projected.volume, base: '', readOnly: true });
      continue;
    }
    let volume: Volume;
    const claim = v.persistentVolumeClaim;
    if (v.emptyDir) volume = pv.emptyDirs.get(m.name)!;
    else if (claim) {
      const pvc = k.ctx.store.get('PersistentVolumeClaim', sb.namespace, claim.claimName) as { metadata: { uid?: string }; spec?: { volumeName?: string } } | undefined;
      volume = world.volume(pvc?.spec?.volumeName ? `pv/${pvc.spec.volumeName}` : `claim/${pvc?.metadata.uid ?? `${sb.namespace}/${claim.claimName}`}`);
    } else if (v.hostPath) volume = world.volume(`host/${k.nodeName}${normalize('/', v.hostPath.path)}`);
    else volume = new Volume();
    fs.mount({ path, volume, base: m.subPath ?? '', readOnly: !!m.readOnly || !!claim?.readOnly });
  }
}

/** The command line PID 1 runs: the pod's command/args over the image's entrypoint/cmd. */
export function mainArgv(c: ContainerInstance): string[] {
  const profile = c.profile as { entrypoint?: string[]; cmd?: string[] } | undefined;
  const command = c.spec.command ?? profile?.entrypoint ?? [];
  const args = c.spec.args ?? (c.spec.command ? [] : (profile?.cmd ?? []));
  return [...command, ...args];
}

/** The model of container `c`'s current instance, made on first use after each (re)start. */
export function containerModel(k: Kubelet, sb: Sandbox, c: ContainerInstance): ContainerModel {
  const id = c.containerID ?? '';
  const existing = models.get(c);
  if (existing && existing.containerID === id) return existing;
  const profile = c.profile;
  const fs = new ContainerFs({ ...(profile?.files ?? {}), ...etcFiles(sb.pod, sb.ip) });
  mountVolumes(k, sb, c.spec, fs);
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...c.env };
  env.HOSTNAME ??= sb.name;
  // Docker sets HOME for the container's user when the image does not.
  env.HOME ??= '/root';
  const workingDir = normalize('/', (c.spec.workingDir as string | undefined) ?? profile?.workingDir ?? '/');
  fs.mkdir(workingDir, true);
  const model: ContainerModel = { containerID: id, fs, env, workingDir, flavour: flavourOf(c.ref?.repository ?? profile?.repository), mainProcess: mainArgv(c).join(' ') || 'sh' };
  models.set(c, model);
  const waiters = c.modelWaiters;
  if (waiters) {
    c.modelWaiters = undefined;
    for (const w of waiters) w.wake();
  }
  return model;
}

/** The model if the instance already has one (no side effects). */
export function existingModel(c: ContainerInstance): ContainerModel | undefined {
  const m = models.get(c);
  return m && m.containerID === (c.containerID ?? '') ? m : undefined;
}
