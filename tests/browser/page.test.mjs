// The page end to end in headless Chromium: paste a workflow and read its outputs, toJSON(needs)
// and override warning; edit the scenario; share and restore by URL; every example; hostile text;
// no request leaving the origin; the layouts (narrow, dark, embedded). Screenshots of each state
// go to tests/artifacts/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startBrowser, afterRun, pasteWorkflow, editorText, shot, readExample, readExpected, exampleIds,
} from './harness.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => {
  // Every request any page made went to the test server's own origin.
  const foreign = env.requests.filter((url) => !url.startsWith(`${env.server.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  await env.close();
  assert.deepEqual(foreign, [], `requests left the page's origin: ${foreign.join(', ')}`);
  // The recorder sees the worker's requests too (the engine's wasm is fetched by the worker).
  assert.ok(env.requests.some((url) => url.endsWith('/ghaplay.wasm')), 'the worker\'s wasm request was not recorded');
  assert.deepEqual(env.problems, [], `errors in the page: ${env.problems.join('\n')}`);
});

async function noViolations(page) {
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'Content-Security-Policy violations');
}

const OVERRIDE = readExample('matrix-override').workflow;

test('the page starts with the first documentation example and says nothing leaves it', async () => {
  const page = await env.newPage();
  assert.equal(await editorText(page), readExample('docs-bash').workflow);
  await page.getByText('nothing you type leaves this page').waitFor();
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  await page.locator('.graph-svg [data-job="job1"]').waitFor();
  await shot(page, '01-start');
  await noViolations(page);
  await page.context().close();
});

test('a pasted workflow shows its outputs, toJSON(needs) and the matrix override warning', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, OVERRIDE);
  // deploy is selected first (it has needs): its toJSON(needs) is GitHub's text.
  const needsJSON = await page.locator('pre.needs-json').textContent();
  assert.equal(needsJSON, '{\n  "build": {\n    "result": "success",\n    "outputs": {\n      "artifact": "app-windows.zip"\n    }\n  }\n}');
  assert.equal(await page.locator('#job-title').textContent(), 'Job deploy success');
  await page.getByText('Deploying app-windows.zip').waitFor();
  await shot(page, '02-override-deploy');

  // Clicking build in the graph opens it: its output, the leg that set it, the warning beside it.
  await page.locator('.graph-svg [data-job="build"]').click();
  assert.equal(await page.locator('#job-title').textContent(), 'Job build success');
  const row = page.locator('table.outputs tr[data-output="artifact"]');
  assert.deepEqual(await row.locator('td').allTextContents(), ['app-windows.zip', 'build (windows)']);
  const warning = page.locator('table.outputs tr.override');
  assert.equal(await warning.count(), 1);
  const text = await warning.textContent();
  assert.match(text, /build \(linux\) set 'app-linux\.zip'/);
  assert.match(text, /build \(windows\) finished last, so needs\.build\.outputs\.artifact is 'app-windows\.zip'/);
  // The legs are visible in the graph, and the override is underlined in the editor.
  assert.equal(await page.locator('.graph-svg [data-job="build"] rect.leg').count(), 2);
  await page.locator('.cm-lintRange-warning').first().waitFor();
  await shot(page, '03-override-build');

  // The reverse order makes the other leg win.
  await afterRun(page, () => page.getByLabel('Order matrix legs finish in').selectOption('reverse'));
  assert.deepEqual(await row.locator('td').allTextContents(), ['app-linux.zip', 'build (linux)']);
  await noViolations(page);
  await page.context().close();
});

test('changing a step output in the scenario panel changes the result', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, OVERRIDE);
  const field = page.getByLabel('Output artifact of step pack of build (windows)');
  assert.equal(await field.getAttribute('placeholder'), 'app-windows.zip');
  await afterRun(page, () => field.fill('custom-build.zip'));
  assert.match(await page.locator('pre.needs-json').textContent(), /"artifact": "custom-build\.zip"/);
  await page.getByText('Deploying custom-build.zip').waitFor();
  // The JSON view holds the same scenario.
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = JSON.parse(await page.locator('#scenario-json').inputValue());
  assert.deepEqual(json.steps, [{ job: 'build', step: 'pack', matrix: { target: 'windows' }, outputs: { artifact: 'custom-build.zip' } }]);
  await shot(page, '04-scenario-edited');

  // Editing the JSON view re-simulates and redraws the form.
  await afterRun(page, () => page.locator('#scenario-json').fill(JSON.stringify({
    steps: [{ job: 'build', step: 'pack', outcome: 'failure' }],
  })));
  assert.equal(await page.locator('#job-title').textContent(), 'Job deploy skipped');
  await page.getByRole('tab', { name: 'Form' }).click();
  assert.equal(await page.getByLabel('Outcome of step pack of All legs').inputValue(), 'failure');
  // Invalid JSON is reported, not applied.
  await page.getByRole('tab', { name: 'JSON' }).click();
  await afterRun(page, () => page.locator('#scenario-json').fill('{"steps": ['));
  assert.match(await page.locator('#scenario-json-error').textContent(), /not valid JSON/);
  await noViolations(page);
  await page.context().close();
});

test('the scenario form: typing keeps focus, outputs can be added, secrets and the seed apply', async () => {
  const page = await env.newPage();
  await afterRun(page, () => page.locator('#examples').selectOption('uses-step-outputs'));
  // Type a value key by key while results come back: the field keeps its focus and every key.
  const tags = page.getByLabel('Output tags of step docker_meta of job meta');
  // Emptying it drops the output from the scenario, and so from the result: the field stays while
  // it has the focus.
  await afterRun(page, () => tags.fill(''));
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Output tags of step docker_meta of job meta');
  await afterRun(page, () => tags.pressSequentially('ghcr.io/o/app:9', { delay: 40 }));
  assert.equal(await tags.inputValue(), 'ghcr.io/o/app:9');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Output tags of step docker_meta of job meta');
  await page.getByText('Pushing ghcr.io/o/app:9 (version 1.2.3)').waitFor();
  // A new output name, then its value.
  await page.getByLabel('New output name for step docker_meta of job meta').fill('digest');
  await afterRun(page, () => page.getByRole('button', { name: 'Add an output to step docker_meta of job meta' }).click());
  await afterRun(page, () => page.getByLabel('Output digest of step docker_meta of job meta').fill('sha256:abc'));
  await page.locator('.graph-svg [data-job="meta"]').click();
  const step = page.locator('li.step', { hasText: 'docker_meta' });
  assert.match(await step.locator('.step-outputs').textContent(), /digest\s*sha256:abc/);
  await shot(page, '05-scenario-added-output');

  // A secret set in the form is masked, and the job output holding it is dropped.
  await afterRun(page, () => page.locator('#examples').selectOption('secret-in-output'));
  await page.locator('.graph-svg [data-job="login"]').click();
  const names = () => page.locator('table.outputs tbody tr[data-output]').evaluateAll((rows) => rows.map((r) => r.dataset.output));
  assert.deepEqual(await names(), ['user']);
  // Without the secret, token is empty (dropped) and header no longer holds a secret (kept).
  await afterRun(page, () => page.getByRole('button', { name: 'Remove secrets TOKEN' }).click());
  assert.deepEqual(await names(), ['user', 'header']);
  await page.getByLabel('New secrets name').fill('OTHER');
  await page.getByLabel('New secrets value').fill('x');
  await afterRun(page, () => page.getByLabel('New secrets value').press('Enter'));
  assert.match(await page.locator('#scenario-json').inputValue(), /"OTHER": "x"/);

  // Shuffle with a seed writes seed:N.
  await afterRun(page, () => page.getByLabel('Order matrix legs finish in').selectOption('seed'));
  await afterRun(page, () => page.getByLabel('Shuffle seed').fill('42'));
  assert.equal(JSON.parse(await page.locator('#scenario-json').inputValue()).order, 'seed:42');
  await noViolations(page);
  await page.context().close();
});

test('a job calling a reusable workflow gets its outputs from the scenario panel', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n  after:\n    needs: call\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "got ${{ needs.call.outputs.version }}"\n');
  await page.getByLabel('New output name for step outputs of job call').fill('version');
  await afterRun(page, () => page.getByRole('button', { name: 'Add an output to step outputs of job call' }).click());
  await afterRun(page, () => page.getByLabel('Output version of step outputs of job call').fill('2.0.0'));
  await page.locator('.graph-svg [data-job="after"]').click();
  await page.getByText('got 2.0.0').waitFor();
  assert.match(await page.locator('pre.needs-json').textContent(), /"version": "2\.0\.0"/);
  await page.context().close();
});

test('the address bar restores the whole state in a new page, and Copy link copies it', async () => {
  const page = await env.newPage();
  const workflow = `${OVERRIDE}# a comment with ünïcödé and "quotes" \\ and trailing spaces   \n`;
  await pasteWorkflow(page, workflow);
  await afterRun(page, () => page.getByLabel('Output artifact of step pack of build (linux)').fill('x=1 & <y>'));
  await page.locator('.graph-svg [data-job="build"]').click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('button', { name: 'Link copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  assert.match(copied, /#z=[A-Za-z0-9_-]+$/);
  const scenario = await page.locator('#scenario-json').inputValue();

  const again = await env.newPage({ hash: new URL(copied).hash });
  assert.equal(await editorText(again), workflow);
  assert.equal(await again.locator('#scenario-json').inputValue(), scenario);
  assert.equal(await again.getByLabel('Output artifact of step pack of build (linux)').inputValue(), 'x=1 & <y>');
  assert.equal(await again.locator('#job-title').textContent(), 'Job build success');
  await shot(again, '05-restored');
  await page.context().close();
  await again.context().close();
});

test('after typing, the share link is written once the result is shown, and opens what was typed', async () => {
  const page = await env.newPage();
  await afterRun(page, () => page.locator('#examples').selectOption('docs-matrix'));
  await page.waitForFunction(() => !document.body.dataset.saving);
  const before = page.url();
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('# typed, then shared');
  });
  // The result is on screen; the link follows it (body[data-saving] is cleared once it is written).
  assert.equal(await page.locator('#job-title').textContent(), 'Job job2 success');
  await page.waitForFunction(() => !document.body.dataset.saving);
  const text = await editorText(page);
  assert.match(text, /# typed, then shared$/);
  assert.notEqual(page.url(), before);
  const again = await env.newPage({ hash: new URL(page.url()).hash });
  assert.equal(await editorText(again), text);
  await page.context().close();
  await again.context().close();
});

// A workflow whose output is the value at the very end of the file, to type into.
const TYPED = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n      v: ${{ steps.s.outputs.v }}\n'
  + '    steps:\n      - id: s\n        run: echo "v=$V" >> "$GITHUB_OUTPUT"\n        env:\n          V: abc';

test('typing fast: every key is kept and the result is the last text\'s', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, TYPED);
  const value = page.locator('table.outputs tr[data-output="v"] td').first();
  assert.equal(await value.textContent(), 'abc');
  const before = Number(await page.evaluate(() => document.body.dataset.runs));
  // Keys sent as fast as the browser takes them: runs overlap, and only the last text's result counts.
  await afterRun(page, async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('defghijklmnopqrstuvwxyz');
  });
  assert.match(await editorText(page), /\n {10}V: abcdefghijklmnopqrstuvwxyz$/);
  assert.equal(await value.textContent(), 'abcdefghijklmnopqrstuvwxyz');
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  assert.ok(Number(await page.evaluate(() => document.body.dataset.runs)) > before);
  // One key more, then its result: the page answers each key, not only the first of a burst.
  await afterRun(page, () => page.keyboard.type('!'));
  assert.equal(await value.textContent(), 'abcdefghijklmnopqrstuvwxyz!');
  await page.context().close();
});

test('the editor\'s warm-up types into a state of its own: the text and the undo history stay the user\'s', async () => {
  const page = await env.newPage();
  const start = await editorText(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('# mine');
  // It starts after the first result and runs in idle slices.
  await page.waitForFunction(() => document.body.dataset.editorWarm, null, { timeout: 20000 });
  assert.equal(await editorText(page), `${start}# mine`);
  // Undo takes back what was typed here, and nothing before it: the warm-up left no history.
  await page.keyboard.press('ControlOrMeta+z');
  assert.equal(await editorText(page), start);
  await page.keyboard.press('ControlOrMeta+z');
  assert.equal(await editorText(page), start);
  await page.context().close();
});

test('typing: a text with errors is reported once typing pauses, and fixing it brings the result back', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, TYPED);
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  // An expression that does not parse: GitHub refuses the workflow.
  const broken = ' ${{ foo( }}';
  await afterRun(page, () => page.keyboard.type(broken));
  assert.match(await editorText(page), /V: abc \$\{\{ foo\( \}\}$/);
  assert.match(await page.locator('#status').textContent(), /^\d+ errors? in/);
  await page.locator('.invalid-note').waitFor();
  assert.ok(await page.locator('#diagnostics .diag.error').count() >= 1);
  // Removing it again: the result is the workflow's, with no note.
  await afterRun(page, async () => {
    for (let i = 0; i < broken.length; i++) await page.keyboard.press('Backspace');
  });
  assert.match(await page.locator('#status').textContent(), /^Simulated in [\d.]+ ms$/);
  assert.equal(await page.locator('.invalid-note').count(), 0);
  assert.equal(await page.locator('table.outputs tr[data-output="v"] td').first().textContent(), 'abc');
  await page.context().close();
});

test('Copy as Markdown copies the workflow, the scenario and the results', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, OVERRIDE);
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await page.getByRole('button', { name: 'Markdown copied' }).waitFor();
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(md.includes(`\`\`\`yaml\n${OVERRIDE.replace(/\n$/, '')}\n\`\`\``), md);
  assert.match(md, /\| build \| success \| `artifact` = "app-windows.zip" \| artifact: build \(windows\) \|/);
  assert.ok(md.includes('`toJSON(needs)` in **deploy**'));
  assert.match(md, /\*\*warning\*\* `matrix-output-override`/);
  assert.ok(md.includes(page.url()));
  await page.context().close();
});

test('a broken share link says so and starts with an empty editor', async () => {
  const page = await env.newPage({ hash: '#z=this-is-not-a-state' });
  await page.locator('#banner').getByText('This link could not be opened').waitFor();
  assert.equal(await editorText(page), '');
  assert.equal(await page.locator('#banner').isVisible(), true);
  await shot(page, '06-broken-link');
  // The page still works: an example loads.
  await afterRun(page, () => page.locator('#examples').selectOption('docs-matrix'));
  assert.match(await editorText(page), /matrix/);
  await page.context().close();
});

test('every example loads without error diagnostics, documentation examples first', async () => {
  const page = await env.newPage();
  const ids = exampleIds();
  const options = await page.locator('#examples option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(options, [...ids.filter((e) => e.source === 'docs'), ...ids.filter((e) => e.source !== 'docs')].map((e) => e.id));
  assert.deepEqual(ids.slice(0, 4).map((e) => e.source), ['docs', 'docs', 'docs', 'docs']);
  for (const { id } of ids) {
    await afterRun(page, () => page.locator('#examples').selectOption(id));
    const { workflow, scenario } = readExample(id);
    assert.equal(await editorText(page), workflow, id);
    assert.equal(await page.locator('#scenario-json').inputValue(), scenario, id);
    // It loads clean (valid, GitHub would start it), and the diagnostics listed are the ones its
    // expected.json holds: run-time ones it teaches (output-file-format's failing step), never a load error.
    assert.match(await page.locator('#status').textContent(), /^Simulated in/, id);
    const expected = readExpected(id).diagnostics.map((d) => `${d.severity} ${d.code}`);
    const shown = await page.locator('#diagnostics .diag').evaluateAll((els) => els.map((el) => `${el.classList[1]} ${el.querySelector('.code').textContent}`));
    assert.deepEqual(shown, expected, id);
    assert.ok(await page.locator('.graph-svg .job').count() >= 1, `${id} draws no job`);
    if (id === 'matrix-override' || id === 'secret-in-output') await shot(page, `07-example-${id}`);
  }
  await noViolations(page);
  await page.context().close();
});

test('hostile text in a workflow is shown as text and runs nothing', async () => {
  const page = await env.newPage();
  const hostile = [
    'name: "<script>window.__pwned = 1</script>"',
    'on: push',
    'jobs:',
    '  evil:',
    '    name: "<img src=x onerror=\\"window.__pwned = 2\\">"',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      html: ${{ steps.s.outputs.html }}',
    '    steps:',
    '      - id: s',
    '        name: "<img src=x onerror=alert(1)>"',
    `        run: echo 'html=<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>' >> "$GITHUB_OUTPUT"`,
    '  after:',
    '    needs: evil',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ needs.evil.outputs.html }}"',
    '',
  ].join('\n');
  await pasteWorkflow(page, hostile);
  await page.locator('.graph-svg [data-job="evil"]').click();
  const value = page.locator('table.outputs tr[data-output="html"] td code');
  assert.equal(await value.textContent(), '<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>');
  await page.getByText('<img src=x onerror=alert(1)>', { exact: false }).first().waitFor();
  await page.locator('.graph-svg [data-job="after"]').click();
  assert.match(await page.locator('pre.needs-json').textContent(), /<img src=x onerror=\\"window.__pwned=3\\">/);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#details img, #details script, #graph img, #scenario-form img').count(), 0);
  assert.ok(!env.requests.some((url) => new URL(url).pathname === '/x'), 'an <img src=x> was requested');
  await shot(page, '08-hostile');
  await page.context().close();
});

test('a link\'s first result is drawn before the editor underlines its diagnostics, which follow', async () => {
  const setup = await env.newPage();
  await afterRun(setup, () => setup.locator('#examples').selectOption('docs-matrix'));
  await setup.waitForFunction(() => !document.body.dataset.saving && location.hash.startsWith('#z='));
  const { hash } = new URL(setup.url());
  await setup.context().close();
  // What is on the page when the first run has finished (body[data-runs] set, in the same task as
  // the drawing): the graph and the listed notice, but no underline yet.
  const page = await env.newPage({
    hash,
    init: () => {
      window.__atFirstRun = null;
      new MutationObserver((_, observer) => {
        if (!document.body?.dataset.runs) return;
        observer.disconnect();
        window.__atFirstRun = {
          jobs: document.querySelectorAll('#graph .graph-svg [data-job]').length,
          listed: document.querySelectorAll('#diagnostics .diag').length,
          underlined: document.querySelectorAll('.cm-lintRange').length,
        };
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-runs'] });
    },
  });
  assert.deepEqual(await page.evaluate(() => window.__atFirstRun), { jobs: 2, listed: 1, underlined: 0 });
  // The missing-on notice is underlined once that frame has been drawn.
  await page.locator('.cm-lintRange-info').waitFor();
  assert.equal(await page.locator('.cm-lintRange').count(), 1);
  await page.context().close();
});

test('diagnostics are underlined, listed, and a click jumps to the line', async () => {
  const page = await env.newPage();
  await pasteWorkflow(page, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n  b:\n    needs: [a, missing]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo( }}\n');
  const items = page.locator('#diagnostics .diag.error');
  assert.equal(await items.count(), 2);
  assert.match(await page.locator('#status').textContent(), /^2 errors in/);
  assert.match(await page.locator('.invalid-note').textContent(), /GitHub would refuse to start this workflow/);
  // The editor's first underlines come a frame after the result (editor.js): wait for them.
  await page.locator('.cm-lintRange-error').nth(1).waitFor();
  await page.locator('.cm-lintRange-error').first().hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  await shot(page, '09-diagnostics');
  await items.filter({ hasText: 'unknown job' }).getByRole('button', { name: 'Go to line 8' }).click();
  const line = await page.evaluate(() => {
    const sel = window.getSelection();
    return sel.anchorNode?.parentElement?.closest('.cm-line')?.textContent;
  });
  assert.equal(line, '    needs: [a, missing]');
  // Ctrl/Cmd+Enter re-runs.
  await afterRun(page, () => page.keyboard.press('ControlOrMeta+Enter'));
  await page.context().close();
});

test('keyboard: the graph nodes are buttons reachable with Tab', async () => {
  const page = await env.newPage();
  const node = page.locator('.graph-svg [data-job="job1"]');
  await node.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#job-title').textContent(), 'Job job1 success');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.job), 'job1');
  // Tab indents inside the editor; Escape then Tab leaves it.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cm-content')), true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cm-content')), false);
  // Every form control and button has an accessible name.
  const unnamed = await page.$$eval('button, select, input, textarea, [role="button"]', (els) => els
    .filter((el) => !el.closest('[hidden]') && !(el.getAttribute('aria-label') || el.labels?.length || el.textContent.trim() || el.title))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await page.context().close();
});

test('the result tables\' column headers stay on one line next to one-letter names', async () => {
  // Short names give their column little room: a header that could break anywhere was drawn
  // one letter per line ("n a m e").
  const page = await env.newPage();
  await pasteWorkflow(page, [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      v: ${{ steps.s.outputs.v }}',
    '    steps:',
    '      - id: s',
    '        run: echo "v=a-value-long-enough-to-take-the-room-of-the-table" >> "$GITHUB_OUTPUT"',
    '  b:',
    '    needs: a',
    '    runs-on: ubuntu-latest',
    '    outputs:',
    '      w: ${{ needs.a.outputs.v }}',
    '    steps:',
    '      - run: echo "${{ needs.a.outputs.v }}"',
    '',
  ].join('\n'));
  await page.locator('.graph-svg [data-job="b"]').click();
  await page.locator('table.needs').waitFor();
  const lines = await page.evaluate(() => [...document.querySelectorAll('#details th')]
    .filter((th) => th.offsetParent !== null && th.textContent.trim())
    .map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return [th.textContent.trim(), new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
    }));
  assert.ok(lines.some(([text]) => text === 'name') && lines.some(([text]) => text === 'job'), JSON.stringify(lines));
  assert.deepEqual(lines.filter(([, count]) => count !== 1), [], 'headers drawn on more than one line');
  await page.context().close();
});

test('narrow (375 px), dark and embedded layouts', async () => {
  const narrow = await env.newPage({ viewport: { width: 375, height: 800 } });
  await pasteWorkflow(narrow, OVERRIDE);
  assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= 375), 'the page scrolls sideways at 375 px');
  await shot(narrow, '10-narrow-375');
  await narrow.context().close();

  const dark = await env.newPage({ colorScheme: 'dark' });
  assert.equal(await dark.locator('#theme').getAttribute('aria-pressed'), 'true');
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  await dark.locator('.graph-svg [data-job="job2"]').click();
  await shot(dark, '11-dark');
  await dark.locator('#theme').click();
  assert.equal(await dark.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  await dark.context().close();

  const embed = await env.newPage({ search: '?embed=1', viewport: { width: 800, height: 600 } });
  assert.equal(await embed.evaluate(() => document.documentElement.classList.contains('embed')), true);
  assert.equal(await embed.locator('#copy-md').isVisible(), false);
  assert.equal(await embed.locator('#scenario-panel').getAttribute('open'), null);
  // The link is written after the first result is drawn, when the page is idle (body[data-saving]).
  await embed.waitForFunction(() => !document.body.dataset.saving);
  const full = await embed.locator('#open-full').getAttribute('href');
  assert.doesNotMatch(full, /embed=1/);
  assert.match(full, /#z=/);
  await shot(embed, '12-embed');
  await embed.context().close();
});
