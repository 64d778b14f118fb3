// The engine on the page's main thread (web/src/page-engine.js, app/run-placement.js): a small,
// cheap workflow's result is computed inside the keystroke's handling and drawn in the frame that
// draws the typed character, without a message to the worker; a large workflow's keys too once
// the page's engine holds it, when the engine finds them cheap; anything else goes to the worker; results look the same whichever side computed them; a page engine that traps
// is dropped and the worker answers. Nothing is downloaded twice for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, afterRun, pasteWorkflow, readExample, exampleIds, shot } from './harness.mjs';
import { TIER_UP_RUNS } from '../../web/src/page-engine.js';
import { PAGE_MAX_CHARS, PAGE_SYNC_MAX_CHARS } from '../../web/src/app/run-placement.js';

const env = useBrowser();

/** Counts the messages the page posts to its workers (window.__posts). */
function countWorkerPosts() {
  window.__posts = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function countedPost(...args) {
    window.__posts += 1;
    return post.apply(this, args);
  };
}

async function pageEngineReady(page) {
  await page.waitForFunction(() => document.body.dataset.pageEngine, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => document.body.dataset.pageEngine), 'ready');
}

const ranOn = (page) => page.evaluate(() => document.body.dataset.ranOn);
const posts = (page) => page.evaluate(() => window.__posts);

/** Types `keys` at the end of the text (the workflows here end in a comment line) and waits for the run. */
async function typeAtEnd(page, keys) {
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(keys);
  });
}

// One job whose output is the last characters of the text: typing there changes the result.
const SMALL = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      v: \${{ steps.s.outputs.v }}
    steps:
      - id: s
        run: echo "v=$V" >> "$GITHUB_OUTPUT"
        env:
          V: ab`;

test('in a small workflow, a keystroke\'s result is on screen in the frame that draws it, with no message to the worker', async () => {
  const page = await env.newPage({ init: countWorkerPosts });
  await pageEngineReady(page);
  await pasteWorkflow(page, SMALL);
  const value = page.locator('table.outputs tr[data-output="v"] td code.value');
  assert.equal(await value.textContent(), 'ab');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  // Read the page in the first animation frame after the key: the frame that draws the typed "c".
  await page.evaluate(() => {
    window.__probe = null;
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'c') return;
      const postsBefore = window.__posts;
      requestAnimationFrame(() => {
        window.__probe = {
          text: document.querySelector('.cm-content').textContent.endsWith('V: abc'),
          shown: document.querySelector('table.outputs tr[data-output="v"] td code.value')?.textContent,
          ranOn: document.body.dataset.ranOn,
          posted: window.__posts - postsBefore,
        };
      });
    }, { capture: true, once: true });
  });
  await page.keyboard.press('c');
  await page.waitForFunction(() => window.__probe !== null);
  assert.deepEqual(await page.evaluate(() => window.__probe), { text: true, shown: 'abc', ranOn: 'page', posted: 0 });
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  await shot(page, 'page-engine-01-same-frame');
  await page.context().close();
});

test('the page engine fetches no wasm, and its glue scripts are revalidated, not downloaded again', async () => {
  const from = env.server.answered.length;
  const page = await env.newPage();
  await pageEngineReady(page);
  const answered = env.server.answered.slice(from).filter((a) => /^\/ghaplay[^/]*\.(js|wasm)$/.test(a.path));
  const sent = answered.filter((a) => a.status === 200).map((a) => a.path).sort();
  assert.deepEqual(sent, ['/ghaplay.js', '/ghaplay.wasm'], 'each module file sent once');
  const revalidated = answered.filter((a) => a.status === 304).map((a) => a.path).sort();
  assert.deepEqual(revalidated, ['/ghaplay.js'], 'the page asked for the glue again and got 304s');
  await page.context().close();
});

/** A workflow of `jobs` one-step jobs, past the page engine's size limit from about 70 on. */
function manyJobs(jobs) {
  const lines = ['on: push', 'jobs:'];
  for (let i = 0; i < jobs; i++) {
    lines.push(`  job${i}:`, '    runs-on: ubuntu-latest', `    outputs:\n      v: \${{ steps.s.outputs.v }}`,
      '    steps:', `      - id: s\n        run: echo "v=value of job ${i}, padded to make the file larger" >> "$GITHUB_OUTPUT"`);
  }
  return `${lines.join('\n')}\n# typing here `;
}

const holdsText = (page) => page.waitForFunction(() => document.body.dataset.pageEngineHolds === 'true', null, { timeout: 15000 });

/** Types `keys` at the end one at a time until one is computed on the page; whether one was. */
async function keysUntilPage(page, keys) {
  for (const key of keys) {
    await typeAtEnd(page, key);
    if (await ranOn(page) === 'page') return true;
  }
  return false;
}

test('a large workflow: the worker until the page\'s engine holds it, then keys in its last job on the main thread; an edit of its first job in the worker', async () => {
  const page = await env.newPage({ init: countWorkerPosts });
  await pageEngineReady(page);
  const large = manyJobs(120);
  assert.ok(large.length > PAGE_MAX_CHARS && large.length <= PAGE_SYNC_MAX_CHARS, `${large.length} characters`);
  await pasteWorkflow(page, large);
  assert.equal(await ranOn(page), 'worker', 'a text the page\'s engine has not seen');
  // Once typing pauses, the page's engine runs it whole, in an idle moment (half a second after the
  // paste's result at the earliest: by now it may have).
  await holdsText(page);
  await page.locator('.graph-svg g.job[data-job="job119"]').click();
  assert.equal(await page.locator('#job-title').textContent(), 'Job job119 success');
  // A key may go to the worker while the last run was slow (the paste's was a whole one, 10 ms or
  // more); the next is an edit of the last job, which the page's engine finds cheap.
  assert.ok(await keysUntilPage(page, 'xyz'), 'no key in the last job was computed on the page');
  const before = await posts(page);
  await typeAtEnd(page, 'w');
  assert.equal(await ranOn(page), 'page');
  assert.equal(await posts(page), before, 'a message to the worker');
  // A key that changes the last job's output, computed there too.
  await afterRun(page, async () => {
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.type('; echo "v=typed on the page" >> "$GITHUB_OUTPUT"');
  });
  assert.equal(await ranOn(page), 'page');
  await page.locator('table.outputs td', { hasText: 'typed on the page' }).waitFor();
  // The first job: every job after it would be simulated again, so the worker computes it.
  await afterRun(page, async () => {
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.type(' # early');
  });
  assert.equal(await ranOn(page), 'worker');
  assert.match(await page.locator('.cm-line').nth(8).textContent(), /run: echo "v=value of job 0, .*# early$/);
  // ...and the page's engine catches up once typing pauses, after which the last job's keys are
  // computed on the page again.
  await holdsText(page);
  assert.ok(await keysUntilPage(page, 'zwv'), 'after catching up, no key in the last job was computed on the page');
  assert.equal(await page.locator('#job-title').textContent(), 'Job job119 success');
  await page.locator('table.outputs td', { hasText: 'typed on the page' }).waitFor();
  await page.context().close();
});

// A run of tens of milliseconds in a few lines: a bash loop of 5,000 rounds (the engine's limits
// stop it far later, at 100,000).
const SLOW = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          i=0
          while [ $i -lt 5000 ]; do i=$((i+1)); done
          echo "v=$i" >> "$GITHUB_OUTPUT"
# typing here `;

test('after a slow run on the main thread the next keys go to the worker, and come back once runs are cheap', async () => {
  const page = await env.newPage({ init: countWorkerPosts });
  await pageEngineReady(page);
  await typeAtEnd(page, '\n# a');
  assert.equal(await ranOn(page), 'page');
  await pasteWorkflow(page, SLOW);
  const slowMs = Number(/in ([\d.]+) ms/.exec(await page.locator('#status').textContent())?.[1]);
  assert.ok(slowMs > 10, `the loop took ${slowMs} ms: not slow enough to test anything`);
  await typeAtEnd(page, 'x');
  assert.equal(await ranOn(page), 'worker', 'a key after a slow run was computed on the main thread');
  await typeAtEnd(page, 'y');
  assert.equal(await ranOn(page), 'worker', 'a slow workflow came back to the main thread');
  // Cheap again (the paste's first step, emptying the editor, runs in the worker, cheaply): the
  // next key is computed on the main thread.
  await pasteWorkflow(page, `${SMALL}\n# typing here `);
  await typeAtEnd(page, 'a');
  assert.equal(await ranOn(page), 'page', 'a cheap workflow stayed in the worker');
  await page.context().close();
});

/** Makes the page engine's module trap on every simulation after its warm-up. */
/** Makes the page engine's simulate() trap after its `warmUpCalls` warm-up runs. */
function trapPageEngine(warmUpCalls) {
  let factory;
  Object.defineProperty(window, 'createGhaplay', {
    configurable: true,
    get: () => factory,
    set(real) {
      factory = (options) => real(options).then((module) => {
        const simulate = module.simulate.bind(module);
        let calls = 0;
        module.simulate = (...args) => {
          calls += 1;
          if (calls > warmUpCalls) throw new WebAssembly.RuntimeError('unreachable (the test trapped the page engine)');
          return simulate(...args);
        };
        return module;
      });
    },
  });
}

test('a page engine that traps is dropped and the worker answers, the page carries on', async () => {
  const page = await env.newPage({ init: trapPageEngine, initArg: 1 + TIER_UP_RUNS });
  await pageEngineReady(page);
  const { workflow } = readExample('docs-matrix');
  await pasteWorkflow(page, `${workflow}# typing here `);
  await typeAtEnd(page, 'x');
  assert.equal(await page.evaluate(() => document.body.dataset.pageEngine), 'failed');
  assert.equal(await ranOn(page), 'worker');
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  assert.ok(await page.locator('.graph-svg [data-job]').count() > 0, 'no result on screen');
  await typeAtEnd(page, 'y');
  assert.equal(await ranOn(page), 'worker');
  await page.context().close();
});

/** What the page shows of a result: graph, details, diagnostics (not the status, which has the time). */
const shown = (page) => page.evaluate(() => ['graph', 'jobs-bar', 'details', 'diagnostics', 'diag-count']
  .map((id) => document.getElementById(id).innerHTML));

test('every example is shown the same whether the main thread or the worker computed it', async () => {
  const onPage = await env.newPage();
  await pageEngineReady(onPage);
  const inWorker = await env.newPage({ search: '?run=worker' });
  for (const { id } of exampleIds()) {
    await afterRun(inWorker, () => inWorker.locator('#examples').selectOption(id));
    assert.equal(await ranOn(inWorker), 'worker', id);
    await afterRun(onPage, () => onPage.locator('#examples').selectOption(id));
    // An example whose interpreter the page engine lacked ran in the worker, which then hands the
    // module over; run again until the main thread computes it.
    for (let tries = 0; tries < 10 && await ranOn(onPage) !== 'page'; tries++) {
      await onPage.waitForTimeout(200);
      await afterRun(onPage, () => onPage.keyboard.press('ControlOrMeta+Enter'));
    }
    assert.equal(await ranOn(onPage), 'page', `${id} was never computed on the main thread`);
    assert.deepEqual(await shown(onPage), await shown(inWorker), id);
  }
  assert.equal(await onPage.evaluate(() => document.body.dataset.pageEngine), 'ready');
  await onPage.context().close();
  await inWorker.context().close();
});
