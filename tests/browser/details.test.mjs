// The job details are rebuilt section by section (reconcile() in web/src/app/dom.js, the sections
// of web/src/app/results.js): a run whose result changed one section rebuilds that section and
// keeps the others' nodes. This checks that a change still reaches the view (no stale section),
// that unchanged sections are kept, and that what is shown after edits is exactly what a fresh
// page shows for the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, afterRun, pasteWorkflow } from './harness.mjs';

const env = useBrowser();

const WORKFLOW = `jobs:
  a:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
    outputs:
      v: \${{ steps.s.outputs.v }}
    steps:
      - id: s
        run: echo "v=one" >> "$GITHUB_OUTPUT"
      - run: echo "first \${{ matrix.n }}"
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ needs.a.outputs.v }}"
`;

/** Marks every section of the shown job's details; returns nothing. */
const mark = (page) => page.evaluate(() => {
  for (const el of document.querySelectorAll('#details article.job-details > *')) el.__kept = true;
});

/** Each section of the details: [what it is, kept since mark(), its text]. */
const sections = (page) => page.evaluate(() => [...document.querySelectorAll('#details article.job-details > *')]
  .map((el) => [el.tagName === 'H3' ? 'title' : el.getAttribute('aria-label') ?? el.className, Boolean(el.__kept), el.textContent]));

/** Types text at the end of the editor line that contains `lineText`, minus `back` characters. */
async function typeInLine(page, lineText, back, text) {
  await page.locator('.cm-line', { hasText: lineText }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < back; i++) await page.keyboard.press('ArrowLeft');
  for (const ch of text) await afterRun(page, () => page.keyboard.type(ch));
}

async function selectJob(page, id) {
  await page.locator(`.graph-svg [data-job="${id}"]`).click();
  await page.locator('#job-title', { hasText: `Job ${id}` }).waitFor();
}

test('a changed log or output rebuilds its sections only, and the view stays the one a fresh page shows', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, WORKFLOW);
  await selectJob(page, 'a');
  const start = await sections(page);
  assert.deepEqual(start.map(([what]) => what), ['title', 'Outputs of a', 'needs context of a', 'run', 'run']);

  // A step's log in every leg: the legs are rebuilt, the title, outputs and needs are kept.
  await mark(page);
  await typeInLine(page, 'echo "first', 1, 'X');
  let now = await sections(page);
  assert.deepEqual(now.map(([what, kept]) => [what, kept]),
    [['title', true], ['Outputs of a', true], ['needs context of a', true], ['run', false], ['run', false]]);
  assert.match(now[3][2], /first 1X/);
  assert.match(now[4][2], /first 2X/);

  // The job's output: the outputs section and the legs (their step outputs) are rebuilt.
  await mark(page);
  await typeInLine(page, 'echo "v=one', '" >> "$GITHUB_OUTPUT"'.length, 'Z');
  now = await sections(page);
  assert.deepEqual(now.map(([what, kept]) => [what, kept]),
    [['title', true], ['Outputs of a', false], ['needs context of a', true], ['run', false], ['run', false]]);
  assert.match(now[1][2], /oneZ/);

  // The downstream job sees the new value in its needs context.
  await selectJob(page, 'b');
  const b = await sections(page);
  assert.match(b.find(([what]) => what === 'needs context of b')[2], /"v": "oneZ"/);

  // Exactly what a fresh page shows for the same text, for both jobs.
  const text = WORKFLOW.replace('first ${{ matrix.n }}', 'first ${{ matrix.n }}X').replace('v=one', 'v=oneZ');
  const fresh = await env.newPage();
  await pasteWorkflow(fresh, text);
  for (const id of ['a', 'b']) {
    await selectJob(page, id);
    await selectJob(fresh, id);
    const html = (p) => p.evaluate(() => document.getElementById('details').innerHTML);
    assert.equal(await html(page), await html(fresh), `job ${id}`);
  }
  await page.context().close();
  await fresh.context().close();
});

test('a change that makes the workflow invalid, then valid again, shows the note and then the new result', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, WORKFLOW);
  await selectJob(page, 'a');
  // "needs: a" -> "needs: aq": an unknown job, an error once typing pauses.
  await typeInLine(page, 'needs: a', 0, 'q');
  await page.locator('#details .invalid-note').waitFor();
  assert.match(await page.locator('#details .invalid-note').textContent(), /Below is the last result before the error/);
  await typeInLine(page, 'needs: aq', 0, '');
  await afterRun(page, () => page.keyboard.press('Backspace'));
  await page.locator('#details .invalid-note').waitFor({ state: 'detached' });
  const fresh = await env.newPage();
  await pasteWorkflow(fresh, WORKFLOW);
  await selectJob(fresh, 'a');
  const html = (p) => p.evaluate(() => document.getElementById('details').innerHTML);
  assert.equal(await html(page), await html(fresh));
  await page.context().close();
  await fresh.context().close();
});
