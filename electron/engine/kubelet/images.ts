/**
 * The simulated registry: images as data (size, pull time, what the process does, the ports it
 * serves, its files and environment). Known repositories refuse unknown tags, as a real registry
 * does for `kubernetes-bootcamp:v10`; unknown repositories behave as generic long-running servers.
 */
import { fnv32a } from '../clock/random';

export type Behaviour =
  | { kind: 'serve' }
  | { kind: 'crash'; afterMs: number; exitCode: number }
  | { kind: 'leak'; bytesPerSecond: number }
  | { kind: 'script' };

export interface HttpRequestInfo {
  method: string;
  path: string;
  podName: string;
  podIp: string;
  clientIp: string;
  now: string;
  /** Seconds since the container started. */
  uptime: number;
  requestNumber: number;
}

export interface ImageProfile {
  /** Canonical repository, e.g. docker.io/library/nginx. */
  repository: string;
  /** Existing tags; undefined means every tag exists. */
  tags?: string[];
  sizeBytes: number;
  pullMs: number;
  behaviour: Behaviour;
  /** Ports the process listens on once started. */
  ports: number[];
  /** Time from start until the process listens (readiness). */
  startupMs: number;
  /** How long the process takes to exit after SIGTERM; Infinity ignores SIGTERM (killed at the grace period). */
  shutdownMs: number;
  cpuMilli: number;
  memoryBytes: number;
  env: Record<string, string>;
  workingDir: string;
  files: Record<string, string>;
  startLogs(pod: string, isoTime: string, tag: string): string[];
  /** Serves a request on a port; undefined when nothing listens there. */
  http?(port: number, req: HttpRequestInfo, tag: string): { status: number; body: string; headers: Record<string, string>; log?: string } | undefined;
}

const BOOTCAMP_SERVER_JS = `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=1\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;

function bootcamp(repository: string, tags: string[], versionOf: (tag: string) => number): ImageProfile {
  return {
    repository,
    tags,
    sizeBytes: 70_000_000,
    pullMs: 2500,
    behaviour: { kind: 'serve' },
    ports: [8080],
    startupMs: 200,
    // node as PID 1 ignores SIGTERM: deleting a bootcamp pod takes the full grace period.
    shutdownMs: Infinity,
    cpuMilli: 1,
    memoryBytes: 9 * 1024 * 1024,
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', NPM_CONFIG_LOGLEVEL: 'info', NODE_VERSION: '6.3.1' },
    workingDir: '/',
    files: { '/server.js': BOOTCAMP_SERVER_JS.replace('v=1', 'v=1') },
    startLogs: (pod, iso) => [`Kubernetes Bootcamp App Started At: ${iso} | Running On:  ${pod} `, ''],
    http(port, req, tag) {
      if (port !== 8080) return undefined;
      return {
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: `Hello Kubernetes bootcamp! | Running on: ${req.podName} | v=${versionOf(tag)}\n`,
        log: `Running On: ${req.podName} | Total Requests: ${req.requestNumber} | App Uptime: ${req.uptime} seconds | Log Time: ${req.now}`,
      };
    },
  };
}

const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function nginxDate(iso: string): string {
  return iso.slice(0, 19).replace(/-/g, '/').replace('T', ' ');
}

function accessDate(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const NGINX: ImageProfile = {
  repository: 'docker.io/library/nginx',
  sizeBytes: 72_000_000,
  pullMs: 3000,
  behaviour: { kind: 'serve' },
  ports: [80],
  startupMs: 100,
  shutdownMs: 300,
  cpuMilli: 1,
  memoryBytes: 3 * 1024 * 1024,
  env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', NGINX_VERSION: '1.27.3', NJS_VERSION: '0.8.7', PKG_RELEASE: '1~bookworm' },
  workingDir: '/',
  files: { '/usr/share/nginx/html/index.html': NGINX_PAGE, '/etc/nginx/conf.d/default.conf': 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n' },
  startLogs: (_pod, iso) => [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${nginxDate(iso)} [notice] 1#1: using the "epoll" event method`,
    `${nginxDate(iso)} [notice] 1#1: nginx/1.27.3`,
    `${nginxDate(iso)} [notice] 1#1: start worker processes`,
  ],
  http(port, req) {
    if (port !== 80) return undefined;
    const found = req.path === '/' || req.path === '/index.html';
    const body = found ? NGINX_PAGE : '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n';
    const status = found ? 200 : 404;
    return { status, body, headers: { Server: 'nginx/1.27.3', 'Content-Type': 'text/html' }, log: `${req.clientIp} - - [${accessDate(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${body.length} "-" "curl/8.5.0" "-"` };
  },
};

function simple(repository: string, overrides: Partial<ImageProfile>): ImageProfile {
  return {
    repository,
    sizeBytes: 30_000_000,
    pullMs: 1500,
    behaviour: { kind: 'serve' },
    ports: [],
    startupMs: 100,
    shutdownMs: 200,
    cpuMilli: 2,
    memoryBytes: 12 * 1024 * 1024,
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    workingDir: '/',
    files: {},
    startLogs: () => [],
    ...overrides,
  };
}

const HELLO = (name: string) => (port: number, req: HttpRequestInfo) => (port === 8080 || port === 80 ? { status: 200, headers: { 'Content-Type': 'text/plain' }, body: `${name}: ${req.podName}\n` } : undefined);

export const CATALOG: ImageProfile[] = [
  bootcamp('gcr.io/google-samples/kubernetes-bootcamp', ['v1'], () => 1),
  bootcamp('docker.io/jocatalin/kubernetes-bootcamp', ['v1', 'v2'], (tag) => (tag === 'v2' ? 2 : 1)),
  NGINX,
  simple('docker.io/library/busybox', { sizeBytes: 2_200_000, pullMs: 800, behaviour: { kind: 'script' }, cpuMilli: 0, memoryBytes: 300 * 1024 }),
  simple('docker.io/kubelab/crashloop', { behaviour: { kind: 'crash', afterMs: 3000, exitCode: 1 }, startLogs: () => ['starting...', 'panic: cannot connect to database at db:5432'] }),
  simple('docker.io/kubelab/slow-start', { ports: [8080], startupMs: 30_000, startLogs: () => ['warming caches (this takes 30s)...'], http: HELLO('slow-start') }),
  simple('docker.io/kubelab/memory-leak', { ports: [8080], behaviour: { kind: 'leak', bytesPerSecond: 5 * 1024 * 1024 }, startLogs: () => ['leaky service started'], http: HELLO('memory-leak') }),
  simple('registry.k8s.io/coredns/coredns', { ports: [53, 8080, 8181, 9153], memoryBytes: 14 * 1024 * 1024, startLogs: () => ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 05e3eaddc414b2d71a69b2e2bc6f2681fc1f4d04bcdd3acc1a41457bb7db518208b95ddfc4c9fffedc59c25a8faf458be1af4915a4a3c0d6777cb7a346bc5d86', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'], http: (port) => (port === 8080 || port === 8181 ? { status: 200, headers: {}, body: 'OK' } : undefined) }),
];

export interface ImageRef {
  /** As written in the pod spec. */
  image: string;
  repository: string;
  tag: string;
  /** Canonical reference, e.g. docker.io/library/nginx:latest */
  canonical: string;
}

/** Normalises `nginx`, `jocatalin/kubernetes-bootcamp:v2`, `gcr.io/x/y:v1` as containerd does. */
export function parseImage(image: string): ImageRef {
  let name = image;
  let tag = 'latest';
  const at = name.indexOf('@');
  if (at >= 0) {
    tag = name.slice(at + 1);
    name = name.slice(0, at);
  } else {
    const slash = name.lastIndexOf('/');
    const colon = name.indexOf(':', slash + 1);
    if (colon >= 0) {
      tag = name.slice(colon + 1);
      name = name.slice(0, colon);
    }
  }
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasRegistry ? name : `docker.io/${name}`;
  if (!hasRegistry && !name.includes('/')) repository = `docker.io/library/${name}`;
  return { image, repository, tag, canonical: `${repository}${at >= 0 ? '@' : ':'}${tag}` };
}

export type PullResult = { ok: true; profile: ImageProfile; ref: ImageRef; digest: string } | { ok: false; ref: ImageRef; message: string };

/** Resolves an image against the catalog. Unknown repositories pull as generic long-running servers. */
export function resolveImage(image: string): PullResult {
  const ref = parseImage(image);
  const known = CATALOG.find((p) => p.repository === ref.repository);
  const digest = `sha256:${hex64(ref.canonical)}`;
  if (known) {
    if (known.tags && !known.tags.includes(ref.tag) && !ref.tag.startsWith('sha256:')) {
      const short = `${ref.repository.replace(/^docker\.io\/(library\/)?/, '')}:${ref.tag}`;
      return { ok: false, ref, message: `Error response from daemon: manifest for ${short} not found: manifest unknown: manifest unknown` };
    }
    return { ok: true, profile: known, ref, digest };
  }
  return { ok: true, profile: simple(ref.repository, { ports: [80, 8080], http: HELLO(ref.repository.split('/').pop() ?? 'app') }), ref, digest };
}

function hex64(text: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}:${text}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}
