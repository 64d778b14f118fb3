// Shared by the browser tests: the built page served with netlify.toml's headers, one headless
// Chromium (/usr/bin/chromium through playwright-core), every request recorded, screenshots kept
// in tests/artifacts/browser/.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { startServer, requireWeb, ROOT, DIST } from './server.mjs';

const { chromium } = requireWeb('playwright-core');

export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'browser');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function startBrowser() {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'web/dist/index.html is missing: run make web');
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const requests = [];
  const problems = [];
  const problem = (text) => { if (!problems.includes(text)) problems.push(text); };
  /** init: a function run in the page before its own scripts (page.addInitScript), or null; initArg: its argument. */
  async function newPage({ hash = '', search = '', viewport = { width: 1280, height: 860 }, colorScheme = 'light', init = null, initArg } = {}) {
    const context = await browser.newContext({ viewport, colorScheme });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    context.on('request', (req) => requests.push(req.url()));
    const page = await context.newPage();
    page.on('pageerror', (error) => problem(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problem(`console error: ${msg.text()}`);
    });
    page.on('worker', (worker) => worker.on('console', (msg) => {
      if (msg.type() === 'error') problem(`worker console error: ${msg.text()}`);
    }));
    // A CSP violation anywhere on the page is a failure: the page must work under its own policy.
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    if (init) await page.addInitScript(init, initArg);
    await page.goto(`${server.origin}/${search}${hash}`);
    await waitReady(page);
    return page;
  }
  return {
    server, browser, requests, problems, newPage,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * One browser for the test file that calls this at its top: started before the file's tests,
 * closed after them, and the file fails if any page reported an error (uncaught, console, worker
 * console). The object returned is startBrowser()'s environment once the tests run.
 */
export function useBrowser() {
  const env = {};
  before(async () => { Object.assign(env, await startBrowser()); });
  after(async () => {
    await env.close();
    assert.deepEqual(env.problems, [], `errors in the page: ${env.problems.join('\n')}`);
  });
  return env;
}

/** Waits until the engine answered at least once and no run is pending. */
export async function waitReady(page) {
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.body.dataset.running !== 'true' && !document.body.dataset.pending, null, { timeout: 20000 });
}

/** Runs action, then waits for the simulation it caused to finish. */
export async function afterRun(page, action) {
  const before = Number(await page.evaluate(() => document.body.dataset.runs ?? '0'));
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? '0') > n && document.body.dataset.running !== 'true' && !document.body.dataset.pending, before, { timeout: 20000 });
}

/** The .wasm files the page fetched since `from` (an index into env.requests), by name, in order. */
export function wasmFetched(env, from) {
  return env.requests.slice(from).map((url) => new URL(url).pathname.split('/').pop()).filter((f) => f.endsWith('.wasm'));
}

/** Replaces the editor's text the way a paste does. */
export async function pasteWorkflow(page, text) {
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  });
}

/** The editor's text, line by line as CodeMirror shows it (the documents here fit the viewport). */
export async function editorText(page) {
  return page.$$eval('.cm-content .cm-line', (lines) => lines.map((l) => l.textContent).join('\n'));
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export function readExample(id) {
  const dir = path.join(ROOT, 'examples', id);
  return {
    workflow: fs.readFileSync(path.join(dir, 'workflow.yml'), 'utf8'),
    scenario: fs.readFileSync(path.join(dir, 'scenario.json'), 'utf8'),
  };
}

export function readExpected(id) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', id, 'expected.json'), 'utf8'));
}

export function exampleIds() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'index.json'), 'utf8')).examples;
}
