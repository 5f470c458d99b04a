/**
 * Network commands (curl, wget, nslookup) as a pod sees the cluster: cluster DNS names and IPs
 * become pod or Service targets, the way CoreDNS and kube-proxy route them.
 */
import type { HttpTarget } from '../../../api';
import { normalize } from '../../fs';
import type { Command, CommandIo, ShellHost } from '../types';

interface Resolved {
  address: string;
  target?: { kind: 'pod' | 'service'; namespace: string; name: string };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** A host name or IP as seen from the pod; undefined when DNS has no answer. */
function resolveHost(host: ShellHost, name: string): Resolved | undefined {
  const h = name.toLowerCase().replace(/\.$/, '');
  const self = host.pod;
  if (h === 'localhost' || h === '127.0.0.1' || h === self.name || (self.podIP && h === self.podIP)) {
    return { address: h === 'localhost' ? '127.0.0.1' : h, target: { kind: 'pod', namespace: self.namespace, name: self.name } };
  }
  if (IPV4.test(h)) return { address: h };
  const answer = host.network.resolve(h, self.namespace);
  if (!answer) return undefined;
  const parts = h.split('.');
  const namespace = parts.length >= 2 && parts[1] !== 'svc' ? parts[1]! : self.namespace;
  return { address: answer.addresses[0] ?? '', target: { kind: 'service', namespace, name: parts[0]! } };
}

function parseUrl(raw: string): { host: string; port: number; path: string } | undefined {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port, path: `${url.pathname}${url.search}` };
  } catch {
    return undefined;
  }
}

function fetchUrl(host: ShellHost, raw: string, tool: 'curl' | 'wget', io: CommandIo): { status: number; headers: Record<string, string>; body: string } | number {
  const url = parseUrl(raw);
  if (!url) {
    io.err(tool === 'curl' ? `curl: (3) URL using bad/illegal format or missing URL\n` : `wget: bad address '${raw}'\n`);
    return tool === 'curl' ? 3 : 1;
  }
  const resolved = resolveHost(host, url.host);
  if (!resolved) {
    io.err(tool === 'curl' ? `curl: (6) Could not resolve host: ${url.host}\n` : `wget: bad address '${url.host}'\n`);
    return tool === 'curl' ? 6 : 1;
  }
  const refused = (): number => {
    io.err(tool === 'curl' ? `curl: (7) Failed to connect to ${url.host} port ${url.port}: Connection refused\n` : `wget: can't connect to remote host (${resolved.address}): Connection refused\n`);
    return tool === 'curl' ? 7 : 1;
  };
  let target: HttpTarget | undefined;
  const byIp = IPV4.test(resolved.address) ? host.network.byIp(resolved.address, url.port) : undefined;
  if (resolved.target?.kind === 'pod' || !byIp) target = resolved.target ? { ...resolved.target, port: url.port, path: url.path, method: 'GET' } : undefined;
  else target = { ...byIp, path: url.path, method: 'GET' };
  if (!target) return refused();
  const answer = host.network.http(target);
  if (answer.status === 0 || answer.status === 502) return refused();
  return answer;
}

export const NET_COMMANDS: Record<string, Command> = {
  curl(args, env, io) {
    const include = args.some((a) => /^-[a-zA-Z]*i/.test(a) && !a.startsWith('--'));
    const url = args.find((a, i) => !a.startsWith('-') && !['-o', '-H', '-X', '-d', '-m', '--max-time'].includes(args[i - 1] ?? ''));
    if (!url) {
      io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    const answer = fetchUrl(env.host, url, 'curl', io);
    if (typeof answer === 'number') return answer;
    if (include) {
      io.out(`HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? ''}\r\n`);
      for (const [k, v] of Object.entries(answer.headers)) io.out(`${k}: ${v}\r\n`);
      io.out('\r\n');
    }
    io.out(answer.body);
    return 0;
  },
  wget(args, env, io) {
    const quiet = args.some((a) => a.startsWith('-') && !a.startsWith('--') && a.includes('q'));
    const toStdout = args.some((a, i) => (a === '-O' && args[i + 1] === '-') || a.endsWith('O-') || a === '-O-');
    const url = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1] === '-O' || args[i - 1] === '-T')).find(Boolean);
    if (!url) {
      io.err('wget: missing URL\n');
      return 1;
    }
    const answer = fetchUrl(env.host, url, 'wget', io);
    if (typeof answer === 'number') return answer;
    if (!quiet) io.err(`Connecting to ${url.replace(/^https?:\/\//, '').split('/')[0]}\n`);
    if (answer.status >= 400) {
      io.err(`wget: server returned error: HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? ''}\n`);
      return 1;
    }
    if (toStdout) {
      if (!quiet) io.err("writing to stdout\n");
      io.out(answer.body);
      if (!quiet) io.err("written to stdout\n");
      return 0;
    }
    const path = normalize(env.host.cwd, 'index.html');
    env.host.fs.write(path, answer.body);
    if (!quiet) io.err(`saving to 'index.html'\nindex.html           100% |********************************| ${Buffer.byteLength(answer.body)}  0:00:00 ETA\n'index.html' saved\n`);
    return 0;
  },
  nslookup(args, env, io) {
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      io.err('nslookup: missing name\n');
      return 1;
    }
    const resolver = '10.96.0.10';
    const answer = env.host.network.resolve(name, env.host.pod.namespace);
    if (!answer || (answer.addresses.length === 0 && !answer.cname)) {
      io.out(`Server:\t\t${resolver}\nAddress:\t${resolver}#53\n\n** server can't find ${name}: NXDOMAIN\n\n`);
      return 1;
    }
    const fqdn = name.includes('.svc') || name.split('.').length > 2 ? name : name.includes('.') ? `${name}.svc.cluster.local` : `${name}.${env.host.pod.namespace}.svc.cluster.local`;
    let text = `Server:\t\t${resolver}\nAddress:\t${resolver}#53\n\n`;
    if (answer.cname) text += `${fqdn}\tcanonical name = ${answer.cname}.\n`;
    for (const address of answer.addresses) text += `Name:\t${answer.cname ?? fqdn}\nAddress: ${address}\n`;
    io.out(`${text}\n`);
    return 0;
  },
};
