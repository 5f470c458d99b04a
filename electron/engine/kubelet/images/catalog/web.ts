/**
 * Web servers the tutorials start first: nginx (docker-library/nginx, Debian bookworm and Alpine
 * variants) and Apache httpd. Tags are a snapshot of Docker Hub around nginx 1.27.3 / httpd
 * 2.4.62; the files are the ones the images ship and the tutorials read or replace.
 */
import { accessDate, DEFAULT_PATH, image, versionTags } from './helpers';
import type { ImageProfile } from '../types';
import { serveHttpd, serveNginx } from '../../../container/static-site';

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

const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const NGINX_MAINLINE = '1.27.3';
const NGINX_STABLE = '1.26.2';

/** The nginx version a tag runs: its own number when it has one, else mainline (stable for `stable*`). */
export function nginxVersion(tag: string): string {
  const m = /^(\d+\.\d+\.\d+)/.exec(tag);
  if (m) return m[1]!;
  if (tag.startsWith('stable')) return NGINX_STABLE;
  const minor = /^(\d+\.\d+)(?:-|$)/.exec(tag)?.[1];
  if (minor === '1.26') return NGINX_STABLE;
  return NGINX_MAINLINE;
}

function nginxDate(iso: string): string {
  return iso.slice(0, 19).replace(/-/g, '/').replace('T', ' ');
}

const NGINX_TAGS: string[][] = [
  [...versionTags(NGINX_MAINLINE, ['mainline', 'latest']), '1.27.3-bookworm', '1.27-bookworm', '1-bookworm', 'mainline-bookworm', 'bookworm'],
  [...versionTags(NGINX_MAINLINE, ['mainline-alpine', 'alpine'], '-alpine')],
  ['1.27.3-alpine-slim', '1.27-alpine-slim', '1-alpine-slim', 'mainline-alpine-slim', 'alpine-slim'],
  ['1.27.3-perl', '1.27-perl', '1-perl', 'mainline-perl', 'perl'],
  // Later releases, for rollouts from 1.27 onwards (latest and stable stay at the snapshot's builds).
  ['1.29.0', '1.29'], ['1.29.0-alpine', '1.29-alpine'], ['1.28.0', '1.28'], ['1.28.0-alpine', '1.28-alpine'],
  ['1.27.2'], ['1.27.2-alpine'], ['1.27.1'], ['1.27.1-alpine'], ['1.27.0'], ['1.27.0-alpine'],
  [NGINX_STABLE, '1.26', 'stable', '1.26.2-bookworm', '1.26-bookworm', 'stable-bookworm'],
  ['1.26.2-alpine', '1.26-alpine', 'stable-alpine'], ['1.26.2-perl', '1.26-perl', 'stable-perl'],
  ['1.26.1'], ['1.26.1-alpine'], ['1.26.0'], ['1.26.0-alpine'],
  ['1.25.5', '1.25'], ['1.25.5-alpine', '1.25-alpine'], ['1.25.4'], ['1.25.3'], ['1.25.2'], ['1.25.1'], ['1.25.0'],
  ['1.24.0', '1.24'], ['1.24.0-alpine', '1.24-alpine'],
  ['1.23.4', '1.23'], ['1.23.3'], ['1.23.2'], ['1.23.1'], ['1.23.0'],
  ['1.22.1', '1.22'], ['1.22.0'], ['1.21.6', '1.21'], ['1.21.5'], ['1.21.4'], ['1.21.3'], ['1.21.1'], ['1.21.0'],
  ['1.20.2', '1.20'], ['1.20.1'], ['1.20.0'], ['1.19.10', '1.19'], ['1.19.6'], ['1.19.0'], ['1.18.0', '1.18'],
  ['1.17.10', '1.17'], ['1.17.0'], ['1.16.1', '1.16'], ['1.16.0'], ['1.15.12', '1.15'], ['1.15.4'], ['1.15.0'],
  ['1.14.2', '1.14'], ['1.14.1'], ['1.14.0'], ['1.13.12', '1.13'], ['1.12.2', '1.12'], ['1.11.13', '1.11'],
  ['1.10.3', '1.10'], ['1.9.15', '1.9'], ['1.7.9'],
];

export const NGINX: ImageProfile = image('docker.io/library/nginx', {
  tagGroups: NGINX_TAGS,
  sizeBytes: 72_000_000,
  pullMs: 3000,
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  ports: [80],
  startupMs: 100,
  shutdownMs: 300,
  memoryBytes: 3 * 1024 * 1024,
  env: { PATH: DEFAULT_PATH, NGINX_VERSION: NGINX_MAINLINE, NJS_VERSION: '0.8.7', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' },
  files: {
    '/usr/share/nginx/html/index.html': NGINX_PAGE,
    '/usr/share/nginx/html/50x.html': NGINX_50X,
    '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF,
  },
  startLogs: (_pod, iso, tag) => [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${nginxDate(iso)} [notice] 1#1: using the "epoll" event method`,
    `${nginxDate(iso)} [notice] 1#1: nginx/${nginxVersion(tag)}`,
    `${nginxDate(iso)} [notice] 1#1: start worker processes`,
  ],
  http(port, req, tag) {
    if (port !== 80) return undefined;
    const version = nginxVersion(tag);
    if (req.files) {
      // The document root is the container's: an index.html removed or edited by exec shows.
      const site = serveNginx(req.files, '/usr/share/nginx/html', req.path, version, req.podIp);
      return { ...site, log: () => `${req.clientIp} - - [${accessDate(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${site.status} ${site.body.length} "-" "curl/8.5.0" "-"` };
    }
    const found = req.path === '/' || req.path === '/index.html';
    const body = found ? NGINX_PAGE : `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
    const status = found ? 200 : 404;
    return { status, body, headers: { Server: `nginx/${version}`, 'Content-Type': 'text/html' }, log: () => `${req.clientIp} - - [${accessDate(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${body.length} "-" "curl/8.5.0" "-"` };
  },
});

const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
const HTTPD_VERSION = '2.4.62';

/** Apache's error-log time: Mon Dec 09 10:00:00.123456 2024. */
function apacheDate(iso: string): string {
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000 ${d.getUTCFullYear()}`;
}

function httpdLogs(ip: string, iso: string): string[] {
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  return [
    fqdn,
    fqdn,
    `[${apacheDate(iso)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${HTTPD_VERSION} (Unix) configured -- resuming normal operations`,
    `[${apacheDate(iso)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
  ];
}

export const HTTPD: ImageProfile = image('docker.io/library/httpd', {
  tagGroups: [
    [...versionTags(HTTPD_VERSION, ['latest']), '2.4.62-bookworm', '2.4-bookworm', '2-bookworm', 'bookworm'],
    [...versionTags(HTTPD_VERSION, ['alpine'], '-alpine')],
    ['2.4.61'], ['2.4.61-alpine'], ['2.4.59'], ['2.4.59-alpine'], ['2.4.58'], ['2.4.58-alpine'], ['2.4.57'], ['2.4.57-alpine'], ['2.4.54'], ['2.4.46'], ['2.4.41'],
  ],
  sizeBytes: 58_000_000,
  cmd: ['httpd-foreground'],
  ports: [80],
  shutdownMs: 300,
  memoryBytes: 6 * 1024 * 1024,
  env: { PATH: `/usr/local/apache2/bin:${DEFAULT_PATH}`, HTTPD_PREFIX: '/usr/local/apache2', HTTPD_VERSION, HTTPD_PATCHES: '' },
  workingDir: '/usr/local/apache2',
  files: { '/usr/local/apache2/htdocs/index.html': HTTPD_INDEX },
  startLogs: (_pod, iso) => httpdLogs('10.244.0.2', iso),
  launch: (spec) => ({ ...HTTPD, startLogs: (_pod, iso) => httpdLogs(spec.podIp ?? '10.244.0.2', iso) }),
  http(port, req) {
    if (port !== 80) return undefined;
    if (req.files) {
      const site = serveHttpd(req.files, '/usr/local/apache2/htdocs', req.path, HTTPD_VERSION, req.podIp);
      return { ...site, log: () => `${req.clientIp} - - [${accessDate(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${site.status} ${site.body.length}` };
    }
    const found = req.path === '/' || req.path === '/index.html';
    const body = found ? HTTPD_INDEX : HTTPD_404;
    const status = found ? 200 : 404;
    return { status, body, headers: { Server: `Apache/${HTTPD_VERSION} (Unix)`, 'Content-Type': 'text/html' }, log: () => `${req.clientIp} - - [${accessDate(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${body.length}` };
  },
});
