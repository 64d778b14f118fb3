// The page survives a dead engine: when the worker that runs the wasm module crashes, or hangs in
// the middle of a simulation, the page replaces it, says what happened in its banner, keeps the
// user's workflow, and the next edit is simulated by the new worker. The pages here keep every
// simulation in the worker (?run=worker): a small workflow's edits are otherwise computed on the
// page's main thread (page-engine.test.mjs), and would never reach the broken worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, afterRun, pasteWorkflow, editorText, shot, readExample } from './harness.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => {
  await env.close();
  // The crash this file causes is reported by the worker itself; anything else is a failure.
  const unexpected = env.problems.filter((p) => !/boom: the test stopped the worker/.test(p));
  assert.deepEqual(unexpected, [], `errors in the page: ${unexpected.join('\n')}`);
});

const WORKFLOW = readExample('matrix-override').workflow;

/** The worker that answers now: the page's last one (a restart adds a new one). */
function liveWorker(page) {
  const workers = page.workers();
  assert.ok(workers.length >= 1, 'the page has no worker');
  return workers[workers.length - 1];
}

async function typeAtEnd(page, text) {
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText(text);
  });
}

test('a worker that crashes is replaced; the banner says so and the workflow is kept', async () => {
  const page = await env.newPage({ search: '?run=worker' });
  await pasteWorkflow(page, WORKFLOW);
  const workersBefore = page.workers().length;
  const replaced = page.waitForEvent('worker');
  // An uncaught error in the worker, as a trap in the module or a bug in the worker script gives.
  await liveWorker(page).evaluate(() => {
    setTimeout(() => { throw new Error('boom: the test stopped the worker'); }, 0);
  });
  await replaced;
  const banner = page.locator('#banner');
  await banner.getByText('The engine stopped and was restarted').waitFor();
  assert.match(await banner.textContent(), /the worker failed: .*boom: the test stopped the worker/);
  assert.equal(page.workers().length, workersBefore, 'the old worker was not terminated');
  assert.equal(await editorText(page), WORKFLOW, 'the workflow was not kept');
  await shot(page, 'worker-01-crashed');

  // The new worker answers the next edit: the result follows what was typed.
  await typeAtEnd(page, '\n  extra:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "from the new worker"\n');
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  await page.locator('.graph-svg [data-job="extra"]').click();
  await page.getByText('from the new worker').first().waitFor();
  await shot(page, 'worker-02-answers-again');
  await page.context().close();
});

test('a worker that stops answering in a simulation is replaced after the watchdog time', async () => {
  const page = await env.newPage({ search: '?run=worker' });
  await pasteWorkflow(page, WORKFLOW);
  // The worker spins forever from its next task on, as an endless loop in the engine would.
  await liveWorker(page).evaluate(() => {
    setTimeout(() => { for (;;) { /* an engine that never returns */ } }, 0);
  });
  const replaced = page.waitForEvent('worker', { timeout: 30_000 });
  await typeAtEnd(page, '# an edit the hung worker never answers\n').catch(() => {});
  await replaced;
  const banner = page.locator('#banner');
  await banner.getByText('The engine stopped and was restarted').waitFor({ timeout: 30_000 });
  assert.match(await banner.textContent(), /simulate\(\) did not finish within 10 s/);
  assert.match(await page.locator('#status').textContent(), /The engine failed: the engine stopped and was restarted/);
  assert.equal(await editorText(page), WORKFLOW + '# an edit the hung worker never answers\n');

  await typeAtEnd(page, '# answered by the new worker\n');
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  await page.locator('.graph-svg [data-job="deploy"]').waitFor();
  await shot(page, 'worker-03-hung-replaced');
  await page.context().close();
});
