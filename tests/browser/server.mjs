// A static server for web/dist on 127.0.0.1 and a free port, sending the headers netlify.toml
// declares, so the browser tests run the page under the production Content-Security-Policy.
// Like Netlify it sends an ETag with every file and answers a request that names it in
// If-None-Match with 304 and no body: files marked must-revalidate are asked for again, not sent
// again. `answered` records each request's path and status (the page engine's test reads it).
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'web', 'dist');
// The page's dev dependencies (smol-toml, playwright-core) live in web/node_modules.
export const requireWeb = createRequire(path.join(ROOT, 'web', 'package.json'));
const { parse } = requireWeb('smol-toml');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** netlify.toml's [[headers]] rules: [{for, values}]. */
export function netlifyRules() {
  const config = parse(fs.readFileSync(path.join(ROOT, 'netlify.toml'), 'utf8'));
  return (config.headers ?? []).map((rule) => ({ for: rule.for, values: rule.values ?? {} }));
}

/** Whether a Netlify path pattern ('/*', '/assets/*', '/ghaplay.wasm') matches a URL path. */
export function matches(pattern, urlPath) {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(urlPath);
}

/** The headers Netlify would send for a path: every matching rule, later rules winning a name. */
export function headersFor(rules, urlPath) {
  const out = {};
  for (const rule of rules) {
    if (!matches(rule.for, urlPath)) continue;
    for (const [name, value] of Object.entries(rule.values)) out[name.toLowerCase()] = String(value);
  }
  return out;
}

export async function startServer() {
  const rules = netlifyRules();
  const served = [];
  const answered = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(DIST, path.normalize(rel));
    served.push(url.pathname);
    if (!file.startsWith(DIST + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${crypto.createHash('sha1').update(body).digest('hex')}"`;
    const headers = {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      etag,
      ...headersFor(rules, url.pathname === '/' ? '/index.html' : url.pathname),
    };
    const unchanged = (req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim()).includes(etag);
    answered.push({ path: url.pathname, status: unchanged ? 304 : 200 });
    res.writeHead(unchanged ? 304 : 200, headers);
    res.end(unchanged ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    answered,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
