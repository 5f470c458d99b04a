/**
 * Images the Kubernetes documentation's tasks and tutorials pull from registry.k8s.io: the probe
 * examples' liveness server and goproxy, agnhost, echoserver (hello-node), hpa-example, nginx-slim
 * (StatefulSet basics), jessie-dnsutils (DNS debugging), test-webserver (volumes), fluentd (DaemonSet)
 * and registry.k8s.io/busybox. Behaviour
 * follows kubernetes/test/images (agnhost/liveness/server.go: /healthz fails after 10 s).
 */
import { flag, image, text } from './helpers';
import { exiting } from './interpreters';
import { NGINX } from './web';
import type { HttpAnswerFromImage, HttpRequestInfo, ImageProfile, LaunchSpec } from '../types';

/** agnhost liveness: /healthz is 200 "ok" for 10 s after start, then 500 "error: <seconds>". */
function livenessAnswer(port: number, req: HttpRequestInfo): HttpAnswerFromImage | undefined {
  if (port !== 8080) return undefined;
  if (req.path === '/started') return text(`${req.uptime}s`);
  if (req.path !== '/healthz') return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
  if (req.uptime > 10) return { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `error: ${req.uptime}` };
  return text('ok');
}

const LIVENESS = image('registry.k8s.io/liveness', {
  tagGroups: [['latest']],
  sizeBytes: 4_400_000,
  cmd: ['/server'],
  ports: [8080],
  startupMs: 20,
  memoryBytes: 2 * 1024 * 1024,
  http: livenessAnswer,
});

function words(spec: LaunchSpec): string[] {
  const all = [...(spec.command ?? []), ...(spec.args ?? [])];
  return all[0] === '/agnhost' || all[0] === 'agnhost' ? all.slice(1) : all;
}

/** agnhost netexec's answers (test/images/agnhost/netexec/netexec.go), the common ones. */
function netexecAnswer(httpPort: number) {
  return (port: number, req: HttpRequestInfo): HttpAnswerFromImage | undefined => {
    if (port !== httpPort) return undefined;
    const [path, query = ''] = req.path.split('?');
    if (path === '/hostname') return text(req.podName);
    if (path === '/clientip') return text(`${req.clientIp}:${40000 + (req.requestNumber % 20000)}`);
    if (path === '/echo') return text(decodeURIComponent(/(?:^|&)msg=([^&]*)/.exec(query)?.[1] ?? ''));
    if (path === '/healthz') return text('');
    return text(`NOW: ${req.now.slice(0, 10)} ${req.now.slice(11, 23)} +0000 UTC`);
  };
}

const AGNHOST: ImageProfile = image('registry.k8s.io/e2e-test-images/agnhost', {
  tagGroups: [['2.56'], ['2.53'], ['2.52'], ['2.47'], ['2.45'], ['2.43'], ['2.40'], ['2.39']],
  sizeBytes: 127_000_000,
  entrypoint: ['/agnhost'],
  cmd: ['pause'],
  memoryBytes: 4 * 1024 * 1024,
  launch(spec) {
    const [sub, ...rest] = words(spec);
    const base = { ...AGNHOST, launch: undefined };
    if (sub === undefined || sub === 'pause') return base;
    if (sub === 'netexec') {
      const port = Number(flag(rest, 'http-port') ?? 8080);
      return { ...base, ports: [port], http: netexecAnswer(port) };
    }
    if (sub === 'serve-hostname') {
      const port = Number(flag(rest, 'port') ?? 9376);
      return { ...base, ports: [port], http: (p, req) => (p === port ? text(req.podName) : undefined) };
    }
    if (sub === 'liveness') return { ...base, ports: [8080], http: livenessAnswer };
    if (sub === 'test-webserver') {
      const port = Number(flag(rest, 'port') ?? 80);
      return { ...base, ports: [port], http: (p) => (p === port ? text('Hello World') : undefined) };
    }
    // The other subcommands (dns-suffix, inclusterclient, ...) are treated as short-lived tools.
    return exiting(base, []);
  },
});

/** registry.k8s.io/echoserver: the nginx+lua echo server of the hello-node tutorials. */
function echoserverAnswer(port: number, req: HttpRequestInfo, tag: string): HttpAnswerFromImage | undefined {
  if (port !== 8080) return undefined;
  const [path, query] = req.path.split('?');
  if (tag === '1.4') {
    return text(`CLIENT VALUES:\nclient_address=${req.clientIp}\ncommand=${req.method}\nreal path=${path}\nquery=${query ?? 'nil'}\nrequest_version=1.1\nrequest_uri=http://${req.podIp}:8080${req.path}\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\nhost=${req.podIp}:8080\nuser-agent=curl/8.5.0\nBODY:\n-no body in request-`);
  }
  return text(`\n\nHostname: ${req.podName}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${req.clientIp}\n\tmethod=${req.method}\n\treal path=${path}\n\tquery=${query ?? ''}\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://${req.podIp}:8080${req.path}\n\nRequest Headers:\n\taccept=*/*\n\thost=${req.podIp}:8080\n\tuser-agent=curl/8.5.0\n\nRequest Body:\n\t-no body in request-\n\n`);
}

export const K8S_DOCS_IMAGES: ImageProfile[] = [
  image('registry.k8s.io/busybox', { tagGroups: [['latest'], ['1.27.2'], ['1.24']], sizeBytes: 1_100_000, pullMs: 700, behaviour: { kind: 'script' }, cmd: ['sh'], cpuMilli: 0, memoryBytes: 300 * 1024 }),
  LIVENESS,
  image('registry.k8s.io/goproxy', { tagGroups: [['0.1']], sizeBytes: 5_000_000, ports: [8080], startupMs: 20, memoryBytes: 2 * 1024 * 1024 }),
  AGNHOST,
  image('registry.k8s.io/echoserver', { tagGroups: [['1.4'], ['1.10']], sizeBytes: 140_000_000, ports: [8080], memoryBytes: 4 * 1024 * 1024, http: echoserverAnswer }),
  image('registry.k8s.io/hpa-example', {
    tagGroups: [['latest']],
    sizeBytes: 481_000_000,
    ports: [80],
    cpuMilli: 1,
    memoryBytes: 10 * 1024 * 1024,
    http: (port) => (port === 80 ? { status: 200, headers: { 'Content-Type': 'text/html' }, body: 'OK!' } : undefined),
  }),
  { ...NGINX, ...image('registry.k8s.io/nginx-slim', { tagGroups: [['0.8'], ['0.24'], ['0.27']], sizeBytes: 18_000_000, ports: [80], memoryBytes: 2 * 1024 * 1024 }), http: NGINX.http, files: NGINX.files, startLogs: () => [] },
  // The volumes page's examples, and the DaemonSet page's log collector.
  image('registry.k8s.io/test-webserver', { tagGroups: [['latest']], sizeBytes: 4_500_000, ports: [80], memoryBytes: 2 * 1024 * 1024 }),
  image('quay.io/fluentd_elasticsearch/fluentd', { tagGroups: [['v2.5.2']], sizeBytes: 140_000_000, memoryBytes: 60 * 1024 * 1024, cpuMilli: 3 }),
  image('registry.k8s.io/e2e-test-images/jessie-dnsutils', { tagGroups: [['1.3'], ['1.7']], sizeBytes: 112_000_000, behaviour: { kind: 'script' }, cmd: ['/bin/sh'], cpuMilli: 0, memoryBytes: 1024 * 1024 }),
];
