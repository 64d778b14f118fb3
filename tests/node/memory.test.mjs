// The WebAssembly module does not grow with use: the page's worker keeps one instance for hours.
// 1,000 warm-up simulate() calls of the docs-matrix example, then 10,000 more in the same instance:
// the wasm memory (HEAP8.buffer.byteLength, which only ever grows) must be the same size, and so
// must the top of the malloc heap (a leak inside the already reserved memory would not show in
// byteLength). The heap top is found by allocating a block larger than any free hole and freeing
// it: dlmalloc carves such a block from the top chunk, so its address is the top of the heap.
// The same for the error paths (C++ exceptions thrown and caught): broken YAML and bad expressions.
// Nothing is skipped: a missing build/wasm is a failure.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, loadModule } from './module.mjs';

const EXAMPLE = path.join(ROOT, 'examples', 'docs-matrix');

const WARM_UP = 1_000;
const CALLS = 10_000;
const PROBE_BYTES = 4 << 20; // larger than any hole the engine leaves; small beside the 16 MB start

let ghaplay;

before(async () => {
  ghaplay = await loadModule();
  // Emscripten 3.1.6 sets Module.HEAP8 (updated on growth) and exports _malloc/_free for Embind.
  assert.ok(ghaplay.HEAP8 instanceof Int8Array,
            'the module does not expose HEAP8: add HEAP8 to -sEXPORTED_RUNTIME_METHODS in wasm/CMakeLists.txt');
  assert.equal(typeof ghaplay._malloc, 'function', 'the module does not export _malloc: add _malloc,_free to -sEXPORTED_FUNCTIONS');
  assert.equal(typeof ghaplay._free, 'function');
});

function memoryBytes() {
  return ghaplay.HEAP8.buffer.byteLength;
}

function heapTop() {
  const address = ghaplay._malloc(PROBE_BYTES);
  assert.notEqual(address, 0, 'the probe allocation failed');
  ghaplay._free(address);
  return address;
}

/** Runs `call` WARM_UP times, measures, CALLS times, measures again; logs the numbers. */
function measure(t, name, call, calls = CALLS, warmUp = WARM_UP) {
  for (let i = 0; i < warmUp; i++) call(i);
  heapTop(); // the first probe may grow the memory once; measure after it
  const before = { memory: memoryBytes(), top: heapTop() };
  const started = Date.now();
  for (let i = 0; i < calls; i++) call(i);
  const ms = Date.now() - started;
  const after = { memory: memoryBytes(), top: heapTop() };
  t.diagnostic(`${name}: memory ${before.memory} -> ${after.memory} bytes, heap top ${before.top} -> ${after.top}, ` +
               `${calls} calls in ${ms} ms (${(ms / calls).toFixed(2)} ms per call)`);
  assert.equal(after.memory, before.memory, `${name}: the wasm memory grew by ${after.memory - before.memory} bytes`);
  assert.equal(after.top, before.top, `${name}: the heap top moved by ${after.top - before.top} bytes`);
}

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
