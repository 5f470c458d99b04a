/** Table rows for Services, Nodes, Namespaces, Events and the smaller core and networking kinds. */
import type { KubeObject } from '../../../shared/k8s/objects';
import { since } from '../clock';
import { formatSelectorMap } from '../selectors';
import { AGE_COLUMN, NAME_COLUMN, at, col, int, list, record, str } from './types';
import type { Cell, TablePrinter } from './types';

function portString(ports: unknown[]): string {
  return ports
    .map((p) => {
      const nodePort = int(at(p, 'nodePort'));
      return `${int(at(p, 'port'))}${nodePort > 0 ? `:${nodePort}` : ''}/${str(at(p, 'protocol')) || 'TCP'}`;
    })
    .join(',');
}

function serviceExternalIP(svc: KubeObject): string {
  const type = str(at(svc, 'spec', 'type')) || 'ClusterIP';
  const externalIPs = list(at(svc, 'spec', 'externalIPs')).map(str);
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = list(at(svc, 'status', 'loadBalancer', 'ingress')).map((i) => str(at(i, 'ip')) || str(at(i, 'hostname'))).filter(Boolean);
      const all = [...ingress, ...externalIPs];
      if (all.length === 0) return '<pending>';
      const text = all.join(',');
      return text.length > 16 ? `${text.slice(0, 13)}...` : text;
    }
    case 'ExternalName':
      return str(at(svc, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

export const serviceTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  row(svc, nowMs): Cell[] {
    const ports = portString(list(at(svc, 'spec', 'ports')));
    return [
      svc.metadata.name,
      str(at(svc, 'spec', 'type')) || 'ClusterIP',
      str(at(svc, 'spec', 'clusterIPs', 0)) || str(at(svc, 'spec', 'clusterIP')) || '<none>',
      serviceExternalIP(svc),
      ports || '<none>',
      since(svc.metadata.creationTimestamp, nowMs),
      formatSelectorMap(record(at(svc, 'spec', 'selector')) as Record<string, string>),
    ];
  },
};

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

/** Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const parts: string[] = [];
  const ready = list(at(node, 'status', 'conditions')).find((c) => str(at(c, 'type')) === 'Ready');
  if (ready) parts.push(str(at(ready, 'status')) === 'True' ? 'Ready' : 'NotReady');
  else parts.push('Unknown');
  if (at(node, 'spec', 'unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  const found = list(at(node, 'status', 'addresses')).find((a) => str(at(a, 'type')) === type);
  return found ? str(at(found, 'address')) : '<none>';
}

export const nodeTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  row(node, nowMs): Cell[] {
    const info = (key: string) => str(at(node, 'status', 'nodeInfo', key)) || '<unknown>';
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      since(node.metadata.creationTimestamp, nowMs),
      str(at(node, 'status', 'nodeInfo', 'kubeletVersion')),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info('osImage'),
      info('kernelVersion'),
      info('containerRuntimeVersion'),
    ];
  },
};

export const namespaceTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
  row: (ns, nowMs) => [ns.metadata.name, str(at(ns, 'status', 'phase')) || 'Active', since(ns.metadata.creationTimestamp, nowMs)],
};

function eventSource(event: KubeObject): string {
  const component = str(at(event, 'source', 'component')) || str(at(event, 'reportingComponent'));
  const host = str(at(event, 'source', 'host')) || str(at(event, 'reportingInstance'));
  if (!component && !host) return '';
  return host ? `${component}, ${host}` : component;
}

export const eventTable: TablePrinter = {
  columns: [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', { priority: 1 }),
    col('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
    col('Count', 'The number of times this event has occurred.', { priority: 1 }),
    { ...NAME_COLUMN, priority: 1 },
  ],
  row(event, nowMs): Cell[] {
    const first = str(at(event, 'firstTimestamp')) || str(at(event, 'eventTime'));
    const firstText = since(first || undefined, nowMs);
    const seriesLast = str(at(event, 'series', 'lastObservedTime'));
    const lastRaw = str(at(event, 'lastTimestamp'));
    const lastText = seriesLast ? since(seriesLast, nowMs) : lastRaw ? since(lastRaw, nowMs) : firstText;
    const count = at(event, 'series') ? int(at(event, 'series', 'count')) : int(at(event, 'count')) || 1;
    const kind = str(at(event, 'involvedObject', 'kind')).toLowerCase();
    const name = str(at(event, 'involvedObject', 'name'));
    return [
      lastText,
      str(at(event, 'type')),
      str(at(event, 'reason')),
      name ? `${kind}/${name}` : kind,
      str(at(event, 'involvedObject', 'fieldPath')),
      eventSource(event),
      str(at(event, 'message')).trim(),
      firstText,
      count,
      event.metadata.name,
    ];
  },
};

export const configMapTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Data', 'Data contains the configuration data.', { type: 'integer' }), AGE_COLUMN],
  row: (cm, nowMs) => [cm.metadata.name, Object.keys(record(at(cm, 'data'))).length + Object.keys(record(at(cm, 'binaryData'))).length, since(cm.metadata.creationTimestamp, nowMs)],
};

export const secretTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Type', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'Data contains the secret data.', { type: 'integer' }), AGE_COLUMN],
  row: (s, nowMs) => [s.metadata.name, str(at(s, 'type')) || 'Opaque', Object.keys(record(at(s, 'data'))).length, since(s.metadata.creationTimestamp, nowMs)],
};

export const serviceAccountTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { type: 'integer' }), AGE_COLUMN],
  row: (sa, nowMs) => [sa.metadata.name, list(at(sa, 'secrets')).length, since(sa.metadata.creationTimestamp, nowMs)],
};

// printers.go listWithMoreString: at most three entries, then "+ N more...".
const LIST_MAX = 3;

function listWithMore(items: string[], total: number, empty: string): string {
  const text = items.join(',');
  if (total > LIST_MAX) return `${text} + ${total - LIST_MAX} more...`;
  return text === '' ? empty : text;
}

/** net.JoinHostPort: brackets around IPv6 addresses. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * printers.go formatEndpoints: `<none>` without subsets; otherwise ip:port for each port of each
 * subset (address-only for port-less headless subsets), the first three and a count of the rest.
 */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = list(at(ep, 'subsets'));
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = list(at(subset, 'addresses')).map((a) => str(at(a, 'ip')));
    const ports = list(at(subset, 'ports'));
    if (ports.length === 0) {
      count += addresses.length;
      for (const ip of addresses) if (shown.length < LIST_MAX) shown.push(ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const ip of addresses) if (shown.length < LIST_MAX) shown.push(joinHostPort(ip, int(at(port, 'port'))));
    }
  }
  const text = shown.join(',');
  return count > LIST_MAX ? `${text} + ${count - LIST_MAX} more...` : text;
}

export const endpointsTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Endpoints', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  row: (ep, nowMs): Cell[] => [ep.metadata.name, formatEndpoints(ep), since(ep.metadata.creationTimestamp, nowMs)],
};

export const endpointSliceTable: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    AGE_COLUMN,
  ],
  row(slice, nowMs): Cell[] {
    // printers.go formatDiscoveryPorts: the port number, else its name, else "*" (all ports).
    const ports = list(at(slice, 'ports')).map((p) => {
      const port = at(p, 'port');
      if (typeof port === 'number') return String(int(port));
      const name = at(p, 'name');
      return typeof name === 'string' ? name : '*';
    });
    const addresses = list(at(slice, 'endpoints')).flatMap((e) => list(at(e, 'addresses')).map(str));
    return [
      slice.metadata.name,
      str(at(slice, 'addressType')),
      listWithMore(ports.slice(0, LIST_MAX), ports.length, '<unset>'),
      listWithMore(addresses.slice(0, LIST_MAX), addresses.length, '<unset>'),
      since(slice.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const leaseTable: TablePrinter = {
  columns: [NAME_COLUMN, col('Holder', 'The holder of the lease.'), AGE_COLUMN],
  row: (lease, nowMs) => [lease.metadata.name, str(at(lease, 'spec', 'holderIdentity')), since(lease.metadata.creationTimestamp, nowMs)],
};

export const genericTable: TablePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  row: (o, nowMs) => [o.metadata.name, since(o.metadata.creationTimestamp, nowMs)],
};
