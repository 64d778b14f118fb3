// The hostile corpus (tests/hostile/corpus.mjs, the cases the native CLI runs in ctest) through the
// WebAssembly module, as the page's worker calls it: every case comes back as a JSON answer with
// the codes tests/hostile/expected.json lists, the same answer as the native CLI's, and the same
// module instance goes on answering correctly afterwards. A second instance calls it as the page's
// engines do, remembering scripts between runs (rememberScripts(true)): twice in a row, it must give
// the same answer. (tests/node/hostile.test.mjs covers the engine API's own hostile calls.) Nothing
// is skipped: a missing build is a failure.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadCorpus, problems, simulateArgs } from '../hostile/corpus.mjs';
import { ROOT, CLI, loadModule } from './module.mjs';

// A wall-clock guard per case, like the native test's; the wasm engine is slower than the native
// one, so it is wider. A correctness bound (nothing hangs), not a benchmark.
const LIMIT_MS = Number(process.env.GHAPLAY_HOSTILE_WASM_TIMEOUT_MS ?? 60000);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-hostile-wasm-'));
const EXAMPLE = path.join(ROOT, 'examples', 'docs-matrix');

let ghaplay;
let remembering;

before(async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'make native'`);
  ghaplay = await loadModule();
  remembering = await loadModule();
  remembering.rememberScripts(true);
});

function nativeAnswer(c) {
  const args = simulateArgs(c, TMP);
  const run = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
  assert.equal(run.signal, null, `the CLI died on ${c.name}: ${run.stderr.slice(0, 2000)}`);
  // The CLI names the file in nothing of the JSON result, so the two answers compare as text.
  return run.stdout.trimEnd();
}

for (const c of loadCorpus()) {
  test(c.name, (t) => {
    const start = performance.now();
    let text;
    try {
      // Raw bytes, as the worker passes a file's content: Embind copies a Uint8Array into the std::string.
      text = ghaplay.simulate(new Uint8Array(c.workflow), c.scenario);
    } catch (error) {
      assert.fail(`simulate() threw on ${c.name} instead of answering: ${error?.stack ?? error}`);
    }
    const ms = performance.now() - start;
    t.diagnostic(`${ms.toFixed(0)} ms`);
    assert.ok(ms < LIMIT_MS, `${c.name} took ${ms.toFixed(0)} ms (guard ${LIMIT_MS} ms)`);
    const result = JSON.parse(text);
    assert.deepEqual(problems(c, result), [], c.name);
    assert.ok(text === nativeAnswer(c), `${c.name}: the wasm module and the native CLI answer differently`);
    for (const call of ['first', 'second']) {
      assert.ok(remembering.simulate(new Uint8Array(c.workflow), c.scenario) === text,
        `${c.name}: a module that remembers scripts answers differently on its ${call} call`);
    }
  });
}

test('after the whole corpus the same module still answers right', () => {
  assert.deepEqual(JSON.parse(ghaplay.evaluate("format('{0}-{1}', 'ok', 1)", '{}')), { kind: 'String', value: 'ok-1' });
  const workflow = fs.readFileSync(path.join(EXAMPLE, 'workflow.yml'), 'utf8');
  const scenario = fs.readFileSync(path.join(EXAMPLE, 'scenario.json'), 'utf8');
  assert.equal(JSON.stringify(JSON.parse(ghaplay.simulate(workflow, scenario))),
               JSON.stringify(JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8'))));
});
