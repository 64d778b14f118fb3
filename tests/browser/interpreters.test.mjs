// The script interpreters are modules of their own (web/src/interpreters.js): the page fetches the
// engine, which runs bash itself, when it opens, pwsh's and python's modules only when a workflow
// first uses that shell, once, and then shows the same results as if they had always been there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, afterRun, readExpected, wasmFetched } from './harness.mjs';

const env = useBrowser();


test('bash comes with the engine; python and pwsh are fetched once, when a workflow first needs them', async () => {
  const start = env.requests.length;
  const page = await env.newPage();
  assert.deepEqual(wasmFetched(env, start).sort(), ['ghaplay.wasm']);

  // A python workflow: python's module is fetched, and the result is the whole one (its outputs,
  // no "not loaded" notice): the diagnostics are exactly the example's expected ones.
  let from = env.requests.length;
  await afterRun(page, () => page.locator('#examples').selectOption('docs-python'));
  assert.deepEqual(wasmFetched(env, from), ['ghaplay-python.wasm']);
  assert.match(await page.locator('#status').textContent(), /^Simulated in/);
  const expected = readExpected('docs-python');
  const shown = await page.locator('#diagnostics .diag').evaluateAll((els) => els.map((el) => el.querySelector('.code').textContent));
  assert.deepEqual(shown, expected.diagnostics.map((d) => d.code));
  await page.locator('.graph-svg [data-job="job1"]').click();
  assert.deepEqual(await page.locator('table.outputs tr[data-output="output1"] td').first().textContent(),
                   expected.jobs.job1.outputs.output1);
  assert.equal(expected.jobs.job1.outputs.output1, 'hello');

  // pwsh likewise; going back to python fetches nothing more.
  from = env.requests.length;
  await afterRun(page, () => page.locator('#examples').selectOption('docs-pwsh'));
  assert.deepEqual(wasmFetched(env, from), ['ghaplay-pwsh.wasm']);
  assert.match(await page.locator('#status').textContent(), /^Simulated in/);
  from = env.requests.length;
  await afterRun(page, () => page.locator('#examples').selectOption('docs-python'));
  await afterRun(page, () => page.locator('#examples').selectOption('docs-bash'));
  assert.deepEqual(wasmFetched(env, from), []);
  await page.context().close();
});
