/**
 * Service-specific write rules: cluster IP and node port allocation on create and update, and their
 * release on delete. Errors are worded as the API server's.
 */
import type { KubeObject } from '../../../shared/k8s/objects';
import type { FieldError } from './errors';
import type { NodePortAllocator, ServiceIpAllocator } from './allocators';

type Obj = Record<string, unknown>;

export interface ServiceAllocators {
  ips: ServiceIpAllocator;
  ports: NodePortAllocator;
}

/** Allocates what `svc` needs, reusing what `old` had. Returns field errors instead of throwing. */
export function allocateService(svc: KubeObject, old: KubeObject | undefined, alloc: ServiceAllocators, dryRun: boolean): FieldError[] {
  const spec = svc.spec as Obj;
  const oldSpec = old?.spec as Obj | undefined;
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    return errs;
  }
  const requested = (spec.clusterIP as string | undefined) || (spec.clusterIPs as string[] | undefined)?.[0];
  const oldIp = oldSpec?.clusterIP as string | undefined;
  if (oldIp && (!requested || requested === oldIp)) {
    spec.clusterIP = oldIp;
  } else if (requested === 'None') {
    spec.clusterIP = 'None';
  } else if (requested) {
    if (!alloc.ips.inRange(requested)) {
      errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [requested], detail: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is 10.96.0.0/12` });
    } else if (alloc.ips.isUsed(requested)) {
      errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [requested], detail: `failed to allocate IP ${requested}: provided IP is already allocated` });
    } else if (!dryRun) alloc.ips.reserve(requested);
    spec.clusterIP = requested;
  } else {
    spec.clusterIP = dryRun ? '10.96.0.0' : alloc.ips.allocate();
  }
  spec.clusterIPs = [spec.clusterIP];
  if (spec.clusterIP === 'None') {
    delete spec.ipFamilies;
    spec.ipFamilies = ['IPv4'];
  }

  const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  const oldPorts = new Map<string, number>();
  for (const p of (oldSpec?.ports as Obj[] | undefined) ?? []) if (p.nodePort) oldPorts.set(`${p.port}/${p.protocol}`, p.nodePort as number);
  const oldPortSet = new Set(oldPorts.values());
  const ports = (spec.ports as Obj[] | undefined) ?? [];
  const seen = new Set<number>();
  ports.forEach((p, i) => {
    if (!wantsNodePorts) {
      delete p.nodePort;
      return;
    }
    const np = p.nodePort as number | undefined;
    if (np) {
      if (seen.has(np)) errs.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}].nodePort`, value: np });
      else if (!oldPortSet.has(np) && alloc.ports.isUsed(np)) errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: np, detail: 'provided port is already allocated' });
      seen.add(np);
      return;
    }
    const reuse = oldPorts.get(`${p.port}/${p.protocol}`);
    if (reuse !== undefined) p.nodePort = reuse;
    else p.nodePort = dryRun ? 30000 : alloc.ports.allocate();
    seen.add(p.nodePort as number);
  });
  if (errs.length === 0 && !dryRun) {
    for (const p of ports) if (p.nodePort) alloc.ports.reserve(p.nodePort as number);
    // Ports the update dropped are released.
    for (const np of oldPortSet) if (!seen.has(np)) alloc.ports.release(np);
    if (oldIp && oldIp !== spec.clusterIP && oldIp !== 'None') alloc.ips.release(oldIp);
  }
  return errs;
}

export function releaseService(svc: KubeObject, alloc: ServiceAllocators): void {
  const spec = svc.spec as Obj;
  if (spec.clusterIP && spec.clusterIP !== 'None') alloc.ips.release(spec.clusterIP as string);
  for (const p of (spec.ports as Obj[] | undefined) ?? []) if (p.nodePort) alloc.ports.release(p.nodePort as number);
}
