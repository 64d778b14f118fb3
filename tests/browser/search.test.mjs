// The editor's search (@codemirror/search) is not part of the first load: web/src/app/lazy-search.js
// fetches its chunk on the first search key or selection. This checks that the page loads without
// it, that Ctrl/Cmd-F then opens the panel and finds, that the other stand-in keys run the real
// commands, and that a selection still highlights its other occurrences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser } from './harness.mjs';
import { DIST } from './server.mjs';

const env = useBrowser();

/** The chunks index.html does not load: the ones only a dynamic import() asks for. */
function lazyChunks() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  return fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !html.includes(`assets/${f}`));
}

const fetched = (from, files) => env.requests.slice(from).map((u) => new URL(u).pathname.split('/').pop()).filter((f) => files.includes(f));

// The start page's example (docs-bash) has "test=" twice and "step1" twice.

test('Ctrl/Cmd-F loads the search chunk on first use and opens the search panel', async () => {
  const lazy = lazyChunks();
  assert.equal(lazy.length, 1, `one chunk loaded on demand, found: ${lazy.join(', ')}`);
  const from = env.requests.length;
  const page = await env.newPage();
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  assert.deepEqual(fetched(from, lazy), [], 'the search chunk was fetched before any search');
  await page.keyboard.press('ControlOrMeta+f');
  const field = page.locator('.cm-search input[name="search"]');
  await field.waitFor({ timeout: 5000 });
  assert.deepEqual(fetched(from, lazy), lazy);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'search');
  await field.fill('test=');
  await page.keyboard.press('Enter');
  // Every match is marked (as before the search was loaded lazily: the marks come with Enter).
  await page.waitForFunction(() => document.querySelectorAll('.cm-searchMatch').length === 2, null, { timeout: 5000 });
  // Escape closes the panel (the real keymap is installed now).
  await page.keyboard.press('Escape');
  await page.locator('.cm-search').waitFor({ state: 'detached', timeout: 5000 });
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'Content-Security-Policy violations');
  await page.context().close();
});

test('the other search keys work before the chunk is loaded: Mod-d selects the word at the cursor', async () => {
  const page = await env.newPage();
  await page.locator('.cm-line', { hasText: 'id: step1' }).click();
  await page.keyboard.press('End'); // the cursor at the end of "step1", nothing selected
  await page.keyboard.press('ControlOrMeta+d'); // selects the word at the cursor
  await page.waitForFunction(() => window.getSelection().toString() === 'step1', null, { timeout: 5000 });
  await page.context().close();
});

test('a first selection loads the search and highlights its other occurrences', async () => {
  const from = env.requests.length;
  const page = await env.newPage();
  await page.locator('.cm-line', { hasText: 'id: step1' }).click();
  await page.keyboard.press('End');
  for (let i = 0; i < 'step1'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.locator('.cm-selectionMatch').first().waitFor({ timeout: 5000 });
  assert.equal(await page.locator('.cm-selectionMatch').count(), 1, 'the other "step1" is highlighted');
  assert.deepEqual(fetched(from, lazyChunks()), lazyChunks());
  await page.context().close();
});
