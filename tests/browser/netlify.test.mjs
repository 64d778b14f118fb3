// netlify.toml against the built page: the build command and publish folder, and the headers each
// built file would be served with (wasm MIME type, long caching only for hashed names, a CSP that
// allows only the page's own scripts and wasm, nosniff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, DIST, requireWeb, netlifyRules, headersFor } from './server.mjs';
import { INTERPRETERS } from '../../web/src/interpreters.js';

const WASM_MODULES = ['/ghaplay.wasm', ...Object.values(INTERPRETERS).map((files) => `/${files.wasm}`)];
const WASM_GLUE = ['/ghaplay.js', ...Object.values(INTERPRETERS).map((files) => `/${files.script}`)];

const { parse } = requireWeb('smol-toml');
const config = parse(fs.readFileSync(path.join(ROOT, 'netlify.toml'), 'utf8'));
const rules = netlifyRules();

function builtFiles(dir = DIST, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? builtFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`)
    : [`${prefix}/${entry.name}`]));
}

test('netlify builds with make web and publishes web/dist', () => {
  assert.equal(config.build.publish, 'web/dist');
  assert.match(config.build.command, /\bmake web\b/);
});

test('web/dist holds the page, its hashed bundle, the worker, the engine and the interpreters', () => {
  const files = builtFiles();
  for (const file of ['/index.html', '/engine-worker.js', ...WASM_GLUE, ...WASM_MODULES]) {
    assert.ok(files.includes(file), `${file} is not in web/dist (${files.join(', ')})`);
  }
  assert.ok(files.some((f) => /^\/assets\/app-[A-Z0-9]+\.js$/.test(f)), 'no hashed assets/app-*.js');
  assert.ok(files.some((f) => /^\/assets\/app-[A-Z0-9]+\.css$/.test(f)), 'no hashed assets/app-*.css');
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  for (const ref of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
    const url = ref[1];
    if (url.startsWith('data:') || url === './' || url.startsWith('#')) continue;
    assert.ok(!/^[a-z]+:|^\/\//i.test(url), `index.html refers to another origin: ${url}`);
    assert.ok(files.includes(`/${url.replace(/^\.?\//, '')}`), `index.html refers to a missing file: ${url}`);
  }
});

test('every built file is served with nosniff and the Content-Security-Policy', () => {
  for (const file of builtFiles()) {
    const headers = headersFor(rules, file);
    assert.equal(headers['x-content-type-options'], 'nosniff', file);
    assert.ok(headers['content-security-policy'], `${file} has no Content-Security-Policy`);
  }
});

test('the Content-Security-Policy allows only the page\'s own scripts and wasm', () => {
  const csp = headersFor(rules, '/index.html')['content-security-policy'];
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [name, ...values] = d.split(/\s+/); return [name, values]; }));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'].sort(), ["'self'", "'wasm-unsafe-eval'"].sort());
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['worker-src'], ["'self'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  for (const [name, values] of Object.entries(directives)) {
    for (const value of values) {
      assert.ok(!/^'unsafe-(eval|inline)'$/.test(value), `${name} allows ${value}`);
      assert.ok(!/^(https?:|\*|[\w-]+\.[\w.-]+)/.test(value) || value === 'data:', `${name} allows another origin: ${value}`);
    }
  }
});

test('the engine and interpreter modules are served as application/wasm and revalidated', () => {
  for (const file of WASM_MODULES) {
    const headers = headersFor(rules, file);
    assert.equal(headers['content-type'], 'application/wasm', file);
    assert.match(headers['cache-control'] ?? '', /must-revalidate/, file);
  }
  for (const file of WASM_GLUE) assert.match(headersFor(rules, file)['cache-control'] ?? '', /must-revalidate/, file);
});

test('hashed assets are cached for a long time, unhashed files are not', () => {
  for (const file of builtFiles()) {
    const cache = headersFor(rules, file)['cache-control'] ?? '';
    const hashed = /^\/assets\/[\w-]+-[A-Z0-9]{8,}\.\w+$/.test(file);
    if (hashed) {
      assert.match(cache, /max-age=31536000/, `${file} is hashed but not cached long`);
      assert.match(cache, /immutable/, file);
    } else {
      assert.doesNotMatch(cache, /immutable|max-age=[1-9]/, `${file} keeps its name across builds but is cached long`);
    }
  }
});
