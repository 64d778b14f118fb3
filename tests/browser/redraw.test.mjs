// What the page redraws after a run, now that the graph, the jobs list and the scenario form
// compare the new result with the one they were drawn from instead of signature strings over every
// job: each change the result shows still reaches the screen (a job's result, a leg's result, a job
// past the graph's first 150, the number of jobs the form counts), the selection mark moves, and the
// cursor still blinks, shown at once while typing. Behaviour only; make bench measures the speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, afterRun, pasteWorkflow } from './harness.mjs';

const env = useBrowser();

/** N independent jobs, each a step s0 that sets an output. */
function jobs(n) {
  const lines = ['on: push', 'jobs:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  job${i}:`, '    runs-on: ubuntu-latest', '    steps:', '      - id: s0',
      `        run: echo "value=job${i}" >> "$GITHUB_OUTPUT"`);
  }
  return `${lines.join('\n')}\n`;
}

/** Sets the scenario through its JSON view and waits for the run it causes. */
async function setScenario(page, scenario) {
  await afterRun(page, () => page.evaluate((text) => {
    document.getElementById('tab-json').click();
    const area = document.getElementById('scenario-json');
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    document.getElementById('tab-form').click();
  }, JSON.stringify(scenario)));
}

test('a job\'s new result reaches the graph, the jobs list and its count, drawn or not', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, jobs(200));
  const note = page.locator('#jobs-bar .graph-note');
  assert.match(await note.textContent(), /^200 jobs: 200 success\./);
  const option = (id) => page.locator(`#job-picker option[value="${id}"]`).textContent();
  assert.equal(await option('job170'), 'job170 (success)');

  // job5 is drawn; job170 is past the graph's first 150, only in the list.
  await page.evaluate(() => { window.__graph = document.querySelector('.graph-svg'); });
  await setScenario(page, { steps: [{ job: 'job5', step: 's0', outcome: 'failure' }, { job: 'job170', step: 's0', outcome: 'failure' }] });
  assert.match(await note.textContent(), /^200 jobs: 198 success, 2 failure\./);
  assert.equal(await option('job170'), 'job170 (failure)');
  assert.equal(await option('job5'), 'job5 (failure)');
  assert.match(await page.locator('.graph-svg g.job[data-job="job5"]').getAttribute('class'), /\bfailure\b/);
  assert.equal(await page.evaluate(() => document.querySelector('.graph-svg') === window.__graph), false);

  // Only job170 changes back: the list says so, and the graph (which does not draw it) is kept.
  await page.evaluate(() => { window.__graph = document.querySelector('.graph-svg'); });
  await setScenario(page, { steps: [{ job: 'job5', step: 's0', outcome: 'failure' }] });
  assert.match(await note.textContent(), /^200 jobs: 199 success, 1 failure\./);
  assert.equal(await option('job170'), 'job170 (success)');
  assert.equal(await page.evaluate(() => document.querySelector('.graph-svg') === window.__graph), true);

  // A job past the first 150, picked from the list, is drawn and marked; picking a drawn one
  // again moves the mark in a drawing that lists the jobs it drew before.
  await page.getByLabel('Show the details of a job').selectOption('job170');
  assert.deepEqual(await page.locator('.graph-svg g.job.selected').evaluateAll((gs) => gs.map((g) => g.dataset.job)), ['job170']);
  await page.locator('.graph-svg [data-job="job3"]').click();
  assert.deepEqual(await page.locator('.graph-svg g.job.selected').evaluateAll((gs) => gs.map((g) => g.dataset.job)), ['job3']);
  assert.equal(await page.locator('.graph-svg g.job[aria-pressed="true"]').count(), 1);
  assert.equal(await page.getByLabel('Show the details of a job').inputValue(), 'job3');
  await page.context().close();
});

test('a leg\'s result and a job\'s needs redraw the graph; the form counts a job added past the ones it lists', async () => {
  const page = await env.newPage();
  const matrix = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        x: [1, 2, 3]\n'
    + '    steps:\n      - id: s\n        run: echo "v=${{ matrix.x }}" >> "$GITHUB_OUTPUT"\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
  await pasteWorkflow(page, matrix);
  const legs = () => page.locator('.graph-svg g.job[data-job="build"] rect.leg').evaluateAll((rs) => rs.map((r) => r.getAttribute('class')));
  assert.deepEqual(await legs(), ['leg success', 'leg success', 'leg success']);
  await setScenario(page, { steps: [{ job: 'build', step: 's', matrix: { x: 2 }, outcome: 'failure' }] });
  // fail-fast (the default) cancels the leg still running.
  assert.deepEqual(await legs(), ['leg success', 'leg failure', 'leg cancelled']);
  // Another leg fails first: the job's result is the same (failure), its legs' are not.
  await setScenario(page, { steps: [{ job: 'build', step: 's', matrix: { x: 1 }, outcome: 'failure' }] });
  assert.match(await page.locator('.graph-svg g.job[data-job="build"]').getAttribute('class'), /\bfailure\b/);
  assert.deepEqual(await legs(), ['leg failure', 'leg cancelled', 'leg cancelled']);
  assert.equal(await page.locator('.graph-svg path.edge').count(), 0);

  // deploy now needs build: an arrow.
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('    needs: build\n');
  });
  await page.getByText('needs: build').waitFor();
  assert.equal(await page.locator('.graph-svg path.edge').count(), 1);

  // The form lists the first 20 of 25 jobs; a 26th job, past them, changes the count it shows.
  await setScenario(page, {});
  await pasteWorkflow(page, jobs(25));
  const more = page.locator('#scenario-form .sc-more');
  assert.match(await more.textContent(), /^This form lists 20 of 25 jobs\./);
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('  last:\n    runs-on: ubuntu-latest\n    steps:\n      - id: s0\n        run: echo hi\n');
  });
  assert.match(await more.textContent(), /^This form lists 20 of 26 jobs\./);
  assert.equal(await page.locator('#scenario-form fieldset.sc-job').count(), 20);
  // A job the scenario sets is listed even past the first 20.
  await setScenario(page, { steps: [{ job: 'job22', step: 's0', outputs: { value: 'set' } }] });
  assert.equal(await page.getByLabel('Output value of step s0 of job job22').inputValue(), 'set');
  assert.match(await more.textContent(), /^This form lists 21 of 26 jobs\./);
  await page.context().close();
});

test('the cursor blinks while the editor is idle and stays shown while typing', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n# ');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  // Idle: hidden within a blink's half period and a margin, shown again after it.
  await page.waitForFunction(() => document.querySelector('.cm-cursorLayer').classList.contains('cm-blink-off'), null, { timeout: 1500, polling: 20 });
  await page.waitForFunction(() => !document.querySelector('.cm-cursorLayer').classList.contains('cm-blink-off'), null, { timeout: 1500, polling: 20 });
  // Typing a key every 150 ms for 1.5 s: shown right after every key, and never hidden less than
  // a blink's half period (600 ms) after a key (the page's clock, so a slow machine does not count).
  await page.evaluate(() => {
    const layer = document.querySelector('.cm-cursorLayer');
    const log = [];
    document.addEventListener('keydown', () => { log.push(['key', performance.now()]); window.__blinkLog.lastKey = performance.now(); }, true);
    const watch = new MutationObserver(() => { if (layer.classList.contains('cm-blink-off')) log.push(['hidden', performance.now()]); });
    watch.observe(layer, { attributes: true, attributeFilter: ['class'] });
    window.__blinkLog = () => { watch.disconnect(); return log; };
  });
  for (let k = 0; k < 10; k++) {
    await page.keyboard.press('z');
    const [hidden, since] = await page.evaluate(() => [document.querySelector('.cm-cursorLayer').classList.contains('cm-blink-off'),
      performance.now() - window.__blinkLog.lastKey]);
    if (since < 550) assert.equal(hidden, false, `hidden ${since.toFixed(0)} ms after key ${k}`);
    await page.waitForTimeout(150);
  }
  const log = await page.evaluate(() => window.__blinkLog());
  let lastKey = -Infinity;
  for (const [what, at] of log) {
    if (what === 'key') lastKey = at;
    else assert.ok(at - lastKey >= 590, `hidden ${(at - lastKey).toFixed(0)} ms after a key`);
  }
  assert.equal(log.filter(([what]) => what === 'key').length, 10);
  // And it blinks again once typing stops.
  await page.waitForFunction(() => document.querySelector('.cm-cursorLayer').classList.contains('cm-blink-off'), null, { timeout: 1500, polling: 20 });
  await page.context().close();
});
