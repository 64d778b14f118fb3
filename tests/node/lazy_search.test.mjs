// web/src/app/lazy-search.js stands in for @codemirror/search's keymap until the search chunk is
// loaded: its list of keys is written by hand, so check it against the real searchKeymap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'web', 'package.json'));
// Both from web/node_modules, as the page's bundle resolves them.
const search = await import(pathToFileURL(require.resolve('@codemirror/search')).href);
const { SEARCH_KEYS } = await import(pathToFileURL(path.join(ROOT, 'web', 'src', 'app', 'lazy-search.js')).href);

/** The name of a command exported by @codemirror/search. */
function nameOf(command) {
  if (!command) return null;
  const name = Object.keys(search).find((k) => search[k] === command);
  assert.ok(name, 'searchKeymap uses a command the module does not export');
  return name;
}

test('the stand-in keys are searchKeymap\'s, with the same commands, scopes and preventDefault', () => {
  const real = search.searchKeymap
    // Escape closes the panel: it has nothing to do before the panel can exist.
    .filter((b) => b.key !== 'Escape')
    .map((b) => [b.key, nameOf(b.run), nameOf(b.shift), b.scope, Boolean(b.preventDefault)]);
  assert.deepEqual(SEARCH_KEYS, real);
  assert.ok(search.searchKeymap.some((b) => b.key === 'Escape' && nameOf(b.run) === 'closeSearchPanel'));
});

test('every stand-in names a command the module exports', () => {
  for (const [key, run, shift] of SEARCH_KEYS) {
    assert.equal(typeof search[run], 'function', `${key}: ${run}`);
    if (shift) assert.equal(typeof search[shift], 'function', `${key}: ${shift}`);
  }
});
