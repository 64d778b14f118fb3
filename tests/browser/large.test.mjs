// Large workflows in the page: a 500-job workflow inserted in one piece (what froze the page
// before) or pasted shows its last job's result; the graph, the scenario form and the diagnostics
// list say how much of it they show and let the rest be reached; typing is still answered; the
// share link holds it. And a run whose result did not change leaves what is on screen alone.
// Behaviour only: the speed of all this is measured by make bench (bench/run.mjs), never here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, afterRun, pasteWorkflow, shot, readExample } from './harness.mjs';

const env = useBrowser();

/** N jobs: job i needs job i-1 and job i/2, sets an output from bash and echoes what it received. */
function generated(jobs) {
  const lines = ['on: push', 'jobs:'];
  for (let i = 0; i < jobs; i++) {
    const needs = i === 0 ? [] : [...new Set([i - 1, Math.floor(i / 2)])].map((n) => `job${n}`);
    lines.push(`  job${i}:`, '    runs-on: ubuntu-latest');
    if (needs.length) lines.push(`    needs: [${needs.join(', ')}]`);
    lines.push('    outputs:', '      value: ${{ steps.s0.outputs.value }}', '    steps:', '      - id: s0', '        run: |');
    if (needs.length) lines.push(`          echo "from \${{ needs.${needs[0]}.outputs.value }}"`);
    lines.push(`          echo "value=job${i}-0" >> "$GITHUB_OUTPUT"`);
  }
  return `${lines.join('\n')}\n`;
}

const BIG = generated(500);

/** Waits until the address bar holds the current state. */
async function saved(page) {
  await page.waitForFunction(() => !document.body.dataset.saving && location.hash.startsWith('#z='), null, { timeout: 20000 });
}

test('a 500-job workflow inserted in one piece shows every job, says what it leaves out, and typing is answered', async () => {
  const page = await env.newPage();
  // keyboard.insertText is text typed in one piece (not a paste): the browser's own editing of it
  // used to take the page down; the editor now applies it as one change.
  await pasteWorkflow(page, BIG);
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);

  // The graph draws the first 150 jobs and says so; every job is in the list.
  const note = page.locator('#jobs-bar .graph-note');
  assert.match(await note.textContent(), /^500 jobs: 500 success\. The graph shows the first 150 in file order; pick any job here\.$/);
  const drawn = await page.locator('.graph-svg g.job').evaluateAll((gs) => gs.map((g) => g.dataset.job));
  assert.equal(drawn.length, 150);
  assert.deepEqual(drawn.slice(0, 3), ['job0', 'job1', 'job2']);
  const picker = page.getByLabel('Show the details of a job');
  assert.equal(await picker.locator('option').count(), 500);

  // The last job, picked from the list: its result, the needs it received, and it is drawn too.
  await picker.selectOption('job499');
  assert.equal(await page.locator('#job-title').textContent(), 'Job job499 success');
  const needs = JSON.parse(await page.locator('pre.needs-json').textContent());
  assert.deepEqual(needs, {
    job498: { result: 'success', outputs: { value: 'job498-0' } },
    job249: { result: 'success', outputs: { value: 'job249-0' } },
  });
  await page.getByText('from job498-0').first().waitFor();
  assert.equal(await page.locator('.graph-svg g.job').count(), 151);
  assert.equal(await page.locator('.graph-svg g.job.selected').getAttribute('data-job'), 'job499');
  assert.match(await note.textContent(), /the first 150 in file order and the selected one/);
  assert.equal(await picker.inputValue(), 'job499');

  // The scenario form lists the first jobs and more on request; the JSON view sets any job.
  const form = page.locator('#scenario-form');
  const listedJobs = () => form.locator('fieldset.sc-job').count();
  assert.equal(await listedJobs(), 20);
  assert.match(await form.locator('.sc-more').textContent(), /This form lists 20 of 500 jobs\./);
  await form.getByRole('button', { name: 'Show 50 more jobs' }).click();
  assert.equal(await listedJobs(), 70);
  await page.getByLabel('Output value of step s0 of job job60').waitFor();
  await shot(page, 'large-01-500-jobs');

  // Typing is answered: a key at the end of the file gives a new result, and the text is kept.
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('# typed after 500 jobs');
  });
  await page.locator('.cm-line', { hasText: '# typed after 500 jobs' }).waitFor();
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  assert.equal(await page.locator('#job-title').textContent(), 'Job job499 success');
  // A key that changes a result: the worker, given the edit rather than the text since it is
  // large, answers the new text's result.
  await afterRun(page, async () => {
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.type('; echo "value=typed-in-the-page" >> "$GITHUB_OUTPUT"');
  });
  await page.locator('table.outputs td', { hasText: 'typed-in-the-page' }).waitFor();
  assert.equal(await page.locator('#job-title').textContent(), 'Job job499 success');

  // A scenario set for a job the form does not list is applied, and the form lists that job.
  await afterRun(page, () => page.evaluate(() => {
    document.getElementById('tab-json').click();
    const area = document.getElementById('scenario-json');
    area.value = JSON.stringify({ steps: [{ job: 'job300', step: 's0', outputs: { value: 'set-by-scenario' } }] });
    area.dispatchEvent(new Event('input', { bubbles: true }));
    document.getElementById('tab-form').click();
  }));
  await picker.selectOption('job301');
  assert.equal(JSON.parse(await page.locator('pre.needs-json').textContent()).job300.outputs.value, 'set-by-scenario');
  assert.equal(await page.getByLabel('Output value of step s0 of job job300').inputValue(), 'set-by-scenario');

  // The share link holds all 500 jobs.
  await saved(page);
  const again = await env.newPage({ hash: new URL(page.url()).hash });
  await again.locator('#job-picker option[value="job499"]').waitFor({ state: 'attached' });
  assert.equal(await again.getByLabel('Show the details of a job').inputValue(), 'job301');
  assert.equal(JSON.parse(await again.locator('pre.needs-json').textContent()).job300.outputs.value, 'set-by-scenario');
  await again.context().close();
  await page.context().close();
});

test('a workflow pasted from the clipboard is simulated in full', async () => {
  const page = await env.newPage();
  const text = generated(200);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('ControlOrMeta+v');
  });
  assert.match(await page.locator('#jobs-bar .graph-note').textContent(), /^200 jobs: 200 success\./);
  await page.getByLabel('Show the details of a job').selectOption('job199');
  assert.equal(await page.locator('#job-title').textContent(), 'Job job199 success');
  await page.context().close();
});

test('a run whose result did not change keeps the graph and the details; selecting a job redraws no graph', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, `${readExample('matrix-override').workflow}# a comment\n`);
  assert.equal(await page.locator('#jobs-bar').isHidden(), true, 'a small workflow needs no job list');
  await page.evaluate(() => {
    window.__graph = document.querySelector('.graph-svg');
    window.__details = document.querySelector('.job-details');
  });
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('# more');
  });
  assert.deepEqual(await page.evaluate(() => [document.querySelector('.graph-svg') === window.__graph,
    document.querySelector('.job-details') === window.__details]), [true, true]);

  // Another job: the same drawing, the mark moved, new details.
  await page.locator('.graph-svg [data-job="build"]').click();
  assert.equal(await page.locator('#job-title').textContent(), 'Job build success');
  assert.deepEqual(await page.evaluate(() => [document.querySelector('.graph-svg') === window.__graph,
    [...document.querySelectorAll('.graph-svg g.job.selected')].map((g) => g.dataset.job),
    document.querySelector('.graph-svg [data-job="deploy"]').getAttribute('aria-pressed')]), [true, ['build'], 'false']);

  // A change the result shows (a new job) draws the graph again.
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n  extra:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo extra\n');
  });
  await page.locator('.graph-svg [data-job="extra"]').waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('.graph-svg') === window.__graph), false);
  await page.context().close();
});

test('the scenario form is drawn when its panel opens, and a long diagnostics list says how many it leaves out', async () => {
  const page = await env.newPage();
  await page.locator('#scenario-panel > summary').click();
  assert.equal(await page.locator('#scenario-panel').getAttribute('open'), null);
  await pasteWorkflow(page, readExample('matrix-override').workflow);
  await page.locator('#scenario-panel > summary').click();
  await page.getByLabel('Output artifact of step pack of build (windows)').waitFor();

  // 250 jobs that each need a job that does not exist: one error each.
  const lines = ['on: push', 'jobs:'];
  for (let i = 0; i < 250; i++) lines.push(`  j${i}:`, '    runs-on: ubuntu-latest', `    needs: missing${i}`, '    steps:', '      - run: echo hi');
  await pasteWorkflow(page, `${lines.join('\n')}\n`);
  const items = page.locator('#diagnostics > li.diag');
  const errors = await page.locator('#diag-count').textContent();
  const total = Number(/^(\d+) errors?/.exec(errors)?.[1]);
  assert.ok(total > 200, `expected more than 200 errors, got "${errors}"`);
  assert.equal(await items.count(), 200);
  const more = await page.locator('#diagnostics > li.more').textContent();
  const left = Number(/^(\d+) more diagnostics? not listed here: the editor underlines every one\.$/.exec(more)?.[1]);
  assert.ok(200 + left >= total, `"${more}" with ${total} errors`);
  await page.context().close();
});

test('a matrix step in the scenario form lists its first legs, the ones the scenario sets, and all on request', async () => {
  const page = await env.newPage();
  const xs = Array.from({ length: 20 }, (_, i) => i + 1);
  await pasteWorkflow(page, `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        x: [${xs.join(', ')}]\n    steps:\n      - id: s\n        run: echo "v=\${{ matrix.x }}" >> "$GITHUB_OUTPUT"\n`);
  const legs = () => page.locator('#scenario-form .sc-leg-name').allTextContents();
  assert.deepEqual(await legs(), ['All legs', ...xs.slice(0, 6).map((x) => `build (${x})`)]);
  assert.equal(await page.locator('#scenario-form .sc-more-legs').textContent(), '14 more legs not listed. Show all 20 legs');

  // A leg the scenario sets is listed even when the others are not.
  await afterRun(page, () => page.evaluate(() => {
    document.getElementById('tab-json').click();
    const area = document.getElementById('scenario-json');
    area.value = JSON.stringify({ steps: [{ job: 'build', step: 's', matrix: { x: 15 }, outputs: { v: 'fifteen' } }] });
    area.dispatchEvent(new Event('input', { bubbles: true }));
    document.getElementById('tab-form').click();
  }));
  assert.deepEqual(await legs(), ['All legs', ...xs.slice(0, 6).map((x) => `build (${x})`), 'build (15)']);
  assert.equal(await page.getByLabel('Output v of step s of build (15)').inputValue(), 'fifteen');

  await page.getByRole('button', { name: 'Show all 20 legs of step s of job build' }).click();
  assert.deepEqual(await legs(), ['All legs', ...xs.map((x) => `build (${x})`)]);
  assert.equal(await page.locator('#scenario-form .sc-more-legs').count(), 0);
  await page.context().close();
});

test('a job with many legs shows the first 16 in its details and the rest on request', async () => {
  const page = await env.newPage();
  const xs = Array.from({ length: 40 }, (_, i) => i + 1);
  await pasteWorkflow(page, `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        x: [${xs.join(', ')}]\n    steps:\n      - run: echo "leg \${{ matrix.x }}"\n`);
  const runs = page.locator('.job-details section.run');
  assert.equal(await runs.count(), 16);
  await page.getByText('leg 16', { exact: true }).waitFor();
  assert.equal(await page.locator('.job-details .more-runs').textContent(), '24 more legs of build not shown. Show all 40 legs');
  await page.getByRole('button', { name: 'Show all 40 legs' }).click();
  assert.equal(await runs.count(), 40);
  await page.getByText('leg 40', { exact: true }).waitFor();
  assert.equal(await page.locator('.job-details .more-runs').count(), 0);
  await page.context().close();
});
