// The WebAssembly module does not grow with use: the page's worker keeps one instance for hours.
// 1,000 warm-up simulate() calls of the docs-matrix example, then 10,000 more in the same instance:
// the wasm memory (HEAP8.buffer.byteLength, which only ever grows) must be the same size, and so
// must the top of the malloc heap (a leak inside the already reserved memory would not show in
// byteLength). The heap top is found by allocating a block larger than any free hole and freeing
// it: dlmalloc carves such a block from the top chunk, so its address is the top of the heap.
// The same for the error paths (C++ exceptions thrown and caught): broken YAML and bad expressions,
// and for the engine running bash steps and the interpreter modules (each its own memory) running
// pwsh and python steps.
// Nothing is skipped: a missing build/wasm is a failure.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, INTERPRETER_NAMES, loadInterpreter, loadModule } from './module.mjs';

const EXAMPLE = path.join(ROOT, 'examples', 'docs-matrix');

const WARM_UP = 1_000;
const CALLS = 10_000;
const PROBE_BYTES = 4 << 20; // larger than any hole the engine leaves; small beside the 16 MB start

let ghaplay;
/** The engine module and each interpreter module attached to it: each has a memory of its own. */
const modules = {};

before(async () => {
  ghaplay = await loadModule({ interpreters: [] });
  modules.engine = ghaplay;
  // The modules the page holds for workflows without text tools: the engine runs their bash steps
  // itself (bash-full, bash with more commands, would run none of them here).
  for (const name of INTERPRETER_NAMES.filter((n) => n !== 'bash-full')) {
    modules[name] = await loadInterpreter(name);
    ghaplay.attachInterpreter(name, modules[name]);
  }
  for (const [name, module] of Object.entries(modules)) {
    // Emscripten 3.1.6 sets Module.HEAP8 (updated on growth); the engine exports _malloc/_free for
    // Embind, the interpreters for their runScript (wasm/interpreter.post.js).
    assert.ok(module.HEAP8 instanceof Int8Array,
              `${name}: the module does not expose HEAP8: add HEAP8 to -sEXPORTED_RUNTIME_METHODS in wasm/CMakeLists.txt`);
    assert.equal(typeof module._malloc, 'function', `${name}: the module does not export _malloc: add _malloc,_free to -sEXPORTED_FUNCTIONS`);
    assert.equal(typeof module._free, 'function');
  }
});

function heapTop(module = ghaplay) {
  const address = module._malloc(PROBE_BYTES);
  assert.notEqual(address, 0, 'the probe allocation failed');
  module._free(address);
  return address;
}

/** Every module's memory size and heap top. */
function snapshot() {
  return Object.fromEntries(Object.entries(modules).map(([name, module]) =>
    [name, { memory: module.HEAP8.buffer.byteLength, top: heapTop(module) }]));
}

/** Runs `call` WARM_UP times, measures, CALLS times, measures again; logs the numbers. */
function measure(t, name, call, calls = CALLS, warmUp = WARM_UP) {
  for (let i = 0; i < warmUp; i++) call(i);
  snapshot(); // the first probe may grow a memory once; measure after it
  const before = snapshot();
  const started = Date.now();
  for (let i = 0; i < calls; i++) call(i);
  const ms = Date.now() - started;
  const after = snapshot();
  t.diagnostic(`${name}: ${calls} calls in ${ms} ms (${(ms / calls).toFixed(2)} ms per call); ` +
               Object.keys(modules).map((m) => `${m} memory ${before[m].memory} -> ${after[m].memory} bytes, ` +
                                                `heap top ${before[m].top} -> ${after[m].top}`).join('; '));
  for (const m of Object.keys(modules)) {
    assert.equal(after[m].memory, before[m].memory, `${name}: the ${m} module's memory grew by ${after[m].memory - before[m].memory} bytes`);
    assert.equal(after[m].top, before[m].top, `${name}: the ${m} module's heap top moved by ${after[m].top - before[m].top} bytes`);
  }
}

// A step in each interpreter, each writing an output: every module does real work on each call.
const SCRIPTS_WORKFLOW = `on: push
jobs:
  scripts:
    runs-on: ubuntu-latest
    outputs:
      all: \${{ steps.bash.outputs.v }}-\${{ steps.pwsh.outputs.v }}-\${{ steps.python.outputs.v }}
    steps:
      - id: bash
        run: for i in 1 2 3; do echo "line $i"; done; echo "v=$((6*7))" >> "$GITHUB_OUTPUT"
      - id: pwsh
        shell: pwsh
        run: |
          $n = 1..4 | ForEach-Object { $_ * 2 }
          "v=$($n -join ',')" >> $env:GITHUB_OUTPUT
      - id: python
        shell: python
        run: |
          import os
          with open(os.environ["GITHUB_OUTPUT"], "a") as f:
              f.write("v=" + ",".join(str(i * i) for i in range(4)) + "\\n")
`;

test(`${CALLS} simulate() calls of docs-matrix after ${WARM_UP} warm-up calls: no growth`, { timeout: 30 * 60_000 }, (t) => {
  const workflow = fs.readFileSync(path.join(EXAMPLE, 'workflow.yml'), 'utf8');
  const scenario = fs.readFileSync(path.join(EXAMPLE, 'scenario.json'), 'utf8');
  const expected = JSON.stringify(JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8')));
  let checked = 0;
  measure(t, 'simulate(docs-matrix)', (i) => {
    const result = ghaplay.simulate(workflow, scenario);
    // Every 500th answer is still the golden one (parsing each would dominate the run time).
    if (i % 500 === 0) {
      assert.equal(JSON.stringify(JSON.parse(result)), expected);
      checked++;
    }
  });
  assert.ok(checked >= 20);
});

test('2000 simulate() calls running bash, pwsh and python steps: no module grows', { timeout: 30 * 60_000 }, (t) => {
  measure(t, 'simulate(bash, pwsh, python steps)', (i) => {
    const result = ghaplay.simulate(SCRIPTS_WORKFLOW, '');
    if (i % 200 === 0) assert.equal(JSON.parse(result).jobs.scripts.outputs.all, '42-2,4,6,8-0,1,4,9', result);
  }, 2_000, 200);
});

test('the error paths (exceptions thrown and caught inside) do not grow either', { timeout: 10 * 60_000 }, (t) => {
  measure(t, 'check(broken YAML)', () => {
    const { diagnostics } = JSON.parse(ghaplay.check('jobs: [unclosed\n  - {a: "b\n'));
    assert.equal(diagnostics[0].code, 'yaml-syntax');
  }, 2_000, 200);
  measure(t, 'evaluate(errors)', (i) => {
    const result = JSON.parse(ghaplay.evaluate(i % 2 ? "fromJSON('{nope')" : 'foo.1 ==', '{"foo": {}}'));
    assert.ok(result.error, JSON.stringify(result));
  }, 5_000, 500);
});

test('the probe finds the heap top: a leak would move it', () => {
  const top = heapTop();
  const leaked = ghaplay._malloc(PROBE_BYTES + 1024); // comes from the top as well
  try {
    assert.ok(heapTop() > top, 'a live block at the top should push the probe higher');
  } finally {
    ghaplay._free(leaked);
  }
  assert.equal(heapTop(), top);
});
