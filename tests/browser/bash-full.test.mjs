// bash comes in two parts (web/src/interpreters.js): the page opens with the engine, which runs the
// shell without its text tools, and fetches 'bash-full' once, the first time a script reaches
// grep, sed, awk...; the user sees only the complete result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, pasteWorkflow, wasmFetched } from './harness.mjs';
import { oneStepWorkflow as workflow } from '../node/module.mjs';

const env = useBrowser();

async function outputShown(page) {
  return page.locator('table.outputs tr[data-output="v"] td').first().textContent();
}

test('the text tools are fetched once, when a script first uses one', async () => {
  const start = env.requests.length;
  const page = await env.newPage();
  assert.deepEqual(wasmFetched(env, start).sort(), ['ghaplay.wasm']);

  // No text tool: nothing more is fetched.
  let from = env.requests.length;
  await pasteWorkflow(page, workflow(`echo "v=$(type -t grep)" >> "$GITHUB_OUTPUT"`));
  assert.deepEqual(wasmFetched(env, from), []);
  assert.equal(await outputShown(page), 'builtin');

  // sed: bash-full is fetched, and the result shown is the whole one.
  from = env.requests.length;
  await pasteWorkflow(page, workflow(`echo "v=$(echo tools | sed s/t/T/)" >> "$GITHUB_OUTPUT"`));
  assert.deepEqual(wasmFetched(env, from), ['ghaplay-bash-full.wasm']);
  assert.match(await page.locator('#status').textContent(), /^Simulated in/);
  assert.equal(await outputShown(page), 'Tools');
  const messages = await page.locator('#diagnostics').textContent();
  assert.doesNotMatch(messages, /bash-full/);

  // awk afterwards: already there.
  from = env.requests.length;
  await pasteWorkflow(page, workflow(`awk 'BEGIN { print "v=" 6 * 7 }' >> "$GITHUB_OUTPUT"`));
  assert.deepEqual(wasmFetched(env, from), []);
  assert.equal(await outputShown(page), '42');
  await page.context().close();
});
