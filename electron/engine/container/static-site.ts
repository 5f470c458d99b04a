/**
 * How nginx and Apache httpd serve a document root from the container's filesystem, with their
 * default configurations: nginx's `location / { root ...; index index.html index.htm; }` (a
 * folder without an index is 403, autoindex being off) and httpd's `DirectoryIndex index.html`
 * with `Options Indexes` on htdocs (a folder without an index is listed). A folder asked for
 * without its trailing slash is redirected (301) to it, as both do.
 */

/** What a web server reads: the container's files. */
export interface ServedFiles {
  read(path: string): string | undefined;
  isDir(path: string): boolean;
  list?(path: string): string[];
}

export interface StaticAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** A few of nginx's mime.types / Apache's mime.types. */
function contentType(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  const types: Record<string, string> = { html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', txt: 'text/plain', xml: 'text/xml', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', ico: 'image/x-icon' };
  return types[ext] ?? 'application/octet-stream';
}

/** The file (or folder) a URL path names under root, with `..` kept inside the root. */
function locate(root: string, urlPath: string): string {
  const clean = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const parts: string[] = [];
  for (const part of clean.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.length ? `${root}/${parts.join('/')}` : root;
}

function nginxError(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

export function serveNginx(files: ServedFiles, root: string, urlPath: string, version: string, host: string): StaticAnswer {
  const server = { Server: `nginx/${version}` };
  const path = locate(root, urlPath);
  const pathOnly = urlPath.split('?')[0] ?? '/';
  const html = (status: number, text: string): StaticAnswer => ({ status, body: nginxError(status, text, version), headers: { ...server, 'Content-Type': 'text/html' } });
  if (files.isDir(path)) {
    if (!pathOnly.endsWith('/')) return { ...html(301, 'Moved Permanently'), headers: { ...server, 'Content-Type': 'text/html', Location: `http://${host}${pathOnly}/` } };
    for (const index of ['index.html', 'index.htm']) {
      const content = files.read(`${path}/${index}`);
      if (content !== undefined) return { status: 200, body: content, headers: { ...server, 'Content-Type': 'text/html' } };
    }
    return html(403, 'Forbidden');
  }
  const content = files.read(path);
  if (content === undefined) return html(404, 'Not Found');
  return { status: 200, body: content, headers: { ...server, 'Content-Type': contentType(path) } };
}

const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

export function serveHttpd(files: ServedFiles, root: string, urlPath: string, version: string, host: string): StaticAnswer {
  const server = { Server: `Apache/${version} (Unix)` };
  const path = locate(root, urlPath);
  const pathOnly = urlPath.split('?')[0] ?? '/';
  if (files.isDir(path)) {
    if (!pathOnly.endsWith('/')) {
      const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>301 Moved Permanently</title>\n</head><body>\n<h1>Moved Permanently</h1>\n<p>The document has moved <a href="http://${host}${pathOnly}/">here</a>.</p>\n</body></html>\n`;
      return { status: 301, body, headers: { ...server, Location: `http://${host}${pathOnly}/`, 'Content-Type': 'text/html; charset=iso-8859-1' } };
    }
    const index = files.read(`${path}/index.html`);
    if (index !== undefined) return { status: 200, body: index, headers: { ...server, 'Content-Type': 'text/html' } };
    // mod_autoindex's plain list (IndexOptions unset in the image's httpd.conf).
    const names = (files.list?.(path) ?? []).filter((n) => !n.startsWith('.'));
    const title = `Index of ${pathOnly}`;
    const items = [...(pathOnly === '/' ? [] : ['<li><a href="/"> Parent Directory</a></li>']), ...names.map((n) => `<li><a href="${n}${files.isDir(`${path}/${n}`) ? '/' : ''}"> ${n}${files.isDir(`${path}/${n}`) ? '/' : ''}</a></li>`)];
    const body = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>${title}</title>\n </head>\n <body>\n<h1>${title}</h1>\n<ul>${items.join('\n')}</ul>\n</body></html>\n`;
    return { status: 200, body, headers: { ...server, 'Content-Type': 'text/html;charset=ISO-8859-1' } };
  }
  const content = files.read(path);
  if (content === undefined) return { status: 404, body: HTTPD_404, headers: { ...server, 'Content-Type': 'text/html; charset=iso-8859-1' } };
  return { status: 200, body: content, headers: { ...server, 'Content-Type': contentType(path) } };
}
