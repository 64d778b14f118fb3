// The page's own code never turns text into markup: no innerHTML, outerHTML,
// insertAdjacentHTML, document.write or DOMParser anywhere in web/src/app, so nothing that comes
// from a workflow, a scenario or the engine can become an element or a script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

const APP = path.join(ROOT, 'web', 'src', 'app');

test('web/src/app never parses HTML', () => {
  const files = fs.readdirSync(APP).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 5, `expected the page's modules in ${APP}`);
  for (const file of files) {
    const source = fs.readFileSync(path.join(APP, file), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'DOMParser', 'createContextualFragment', 'srcdoc']) {
      assert.ok(!source.includes(sink), `${file} uses ${sink}`);
    }
  }
});

test('web/index.html has no inline script or style and loads nothing from elsewhere', () => {
  const html = fs.readFileSync(path.join(ROOT, 'web', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'an inline <script>');
  assert.doesNotMatch(html, /<style[\s>]|\sstyle="/, 'an inline style');
  assert.doesNotMatch(html, /\s(?:src|href)="(?:https?:)?\/\//, 'a reference to another origin');
  assert.doesNotMatch(html, /\son[a-z]+="/, 'an inline event handler');
});
