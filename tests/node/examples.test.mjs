// The WebAssembly module against the reviewed goldens and GitHub's conformance suite:
//  - every example of examples/index.json: wasm simulate() gives exactly examples/<id>/expected.json
//    (the same JSON text once both are parsed and re-serialized, so key order counts) and the same
//    bytes as the native CLI's `simulate --format json`;
//  - the 1,020 expression cases of tests/conformance/vectors.jsonl through wasm evaluate():
//    kind and value (numbers exactly, -0 included; objects in order), or the error kind and text.
// Nothing is skipped: a missing build, example file or vector is a failure.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CLI, loadModule } from './module.mjs';

const EXAMPLES = path.join(ROOT, 'examples');

let ghaplay;

before(async () => {
  ghaplay = await loadModule();
});

// ---------------------------------------------------------------------------------------------
// Examples

const index = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'index.json'), 'utf8'));

test('examples/index.json lists 22 examples, each with its three files', () => {
  assert.equal(index.examples.length, 22);
  const ids = index.examples.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const id of ids) {
    for (const file of ['workflow.yml', 'scenario.json', 'expected.json']) {
      assert.ok(fs.existsSync(path.join(EXAMPLES, id, file)), `examples/${id}/${file} is missing`);
    }
  }
});

for (const { id } of index.examples) {
  const dir = path.join(EXAMPLES, id);
  const read = (file) => fs.readFileSync(path.join(dir, file), 'utf8');

  test(`example ${id}: wasm simulate() gives expected.json`, () => {
    const actual = ghaplay.simulate(read('workflow.yml'), read('scenario.json'));
    const want = JSON.stringify(JSON.parse(read('expected.json')));
    const got = JSON.stringify(JSON.parse(actual));
    if (got !== want) {
      // Name the first place they differ; the full texts are in the assertion below.
      let i = 0;
      while (i < got.length && got[i] === want[i]) i++;
      assert.equal(got, want, `differs at character ${i}: …${got.slice(Math.max(0, i - 60), i + 60)}…`);
    }
    assert.equal(JSON.parse(actual).valid, true);
  });

  test(`example ${id}: wasm and the native CLI print the same bytes`, () => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'make native'`);
    const out = spawnSync(CLI, ['simulate', path.join(dir, 'workflow.yml'), '--scenario', path.join(dir, 'scenario.json'),
                                '--format', 'json'], { encoding: 'utf8', timeout: 30_000 });
    assert.ok(out.stdout.trim() !== '', `ghaplay simulate printed nothing (exit ${out.status}): ${out.stderr}`);
    const wasm = ghaplay.simulate(read('workflow.yml'), read('scenario.json'));
    assert.equal(wasm.trimEnd(), out.stdout.trimEnd());
  });
}

// ---------------------------------------------------------------------------------------------
// Expression conformance

const vectors = fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'vectors.jsonl'), 'utf8')
  .split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line))
  .filter((v) => v.kind === 'expression');

// The one case compared up to the sign of zero. Upstream compares JSON texts, where -0 reads as 0,
// so its vector says 0 for fromJSON('-0'); the engine gives -0 here, as it does for the literal -0
// (number.json#number[14], whose vector does say -0). toJSON and format print both as "0".
const SIGN_OF_ZERO_ONLY = new Set([
  "actions/languageservices@4043eda158e1:expressions/testdata/fromJSON.json#basics[4]",
]);

/**
 * Where two JSON values differ, or null: numbers with Object.is (unless signOfZero), objects key by
 * key in order.
 */
function difference(got, want, where = '$', signOfZero = false) {
  if (typeof want === 'number') {
    const same = typeof got === 'number' && (Object.is(got, want) || (signOfZero && got === want));
    return same ? null : `${where}: ${fmt(got)} instead of ${fmt(want)}`;
  }
  if (want === null || typeof want !== 'object') {
    return got === want ? null : `${where}: ${fmt(got)} instead of ${fmt(want)}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${where}: ${fmt(got)} instead of an array`;
    if (got.length !== want.length) return `${where}: ${got.length} items instead of ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = difference(got[i], want[i], `${where}[${i}]`, signOfZero);
      if (d) return d;
    }
    return null;
  }
  if (got === null || typeof got !== 'object' || Array.isArray(got)) return `${where}: ${fmt(got)} instead of an object`;
  const gotKeys = Object.keys(got);
  const wantKeys = Object.keys(want);
  if (gotKeys.join('\u0000') !== wantKeys.join('\u0000')) return `${where}: keys ${fmt(gotKeys)} instead of ${fmt(wantKeys)}`;
  for (const key of wantKeys) {
    const d = difference(got[key], want[key], `${where}.${key}`, signOfZero);
    if (d) return d;
  }
  return null;
}

function fmt(x) {
  return Object.is(x, -0) ? '-0' : JSON.stringify(x);
}

function checkVector(v) {
  const got = JSON.parse(ghaplay.evaluate(v.input, JSON.stringify(v.context ?? {})));
  if (v.expected.error) {
    if (!got.error) return `expected a ${v.expected.error.kind} error, got ${JSON.stringify(got)}`;
    if (got.error.kind !== v.expected.error.kind) return `error kind ${got.error.kind} instead of ${v.expected.error.kind}: ${got.error.message}`;
    if (!got.error.message.includes(v.expected.error.message_contains)) {
      return `message ${JSON.stringify(got.error.message)} lacks ${JSON.stringify(v.expected.error.message_contains)}`;
    }
    return null;
  }
  if (got.error) return `unexpected ${got.error.kind} error: ${got.error.message}`;
  if (got.kind !== v.expected.kind) return `kind ${got.kind} instead of ${v.expected.kind} (value ${JSON.stringify(got.value)})`;
  return difference(got.value, v.expected.value, '$', SIGN_OF_ZERO_ONLY.has(v.source));
}

test('the conformance suite has 1,020 expression cases', () => {
  assert.equal(vectors.length, 1020);
});

test('every expression case passes through wasm evaluate()', () => {
  const failures = [];
  for (const v of vectors) {
    const problem = checkVector(v);
    if (problem) failures.push(`${v.source}\n    ${JSON.stringify(v.input).slice(0, 200)}\n    ${problem}`);
  }
  assert.equal(failures.length, 0, `${failures.length} of ${vectors.length} cases fail:\n  ${failures.slice(0, 25).join('\n  ')}`);
});

test('the comparison is strict: it tells -0 from 0, order of keys, and kinds', () => {
  assert.equal(difference(0, -0) !== null, true);
  assert.equal(difference({ a: 1, b: 2 }, { b: 2, a: 1 }) !== null, true);
  assert.equal(difference([1, '2'], [1, 2]) !== null, true);
  assert.equal(difference({ a: [1, { b: null }] }, { a: [1, { b: null }] }), null);
  assert.equal(difference(-0, 0, '$', true), null);
  assert.equal(checkVector({ input: '1', context: {}, expected: { kind: 'String', value: '1' } }) !== null, true);
  assert.equal(checkVector({ input: '-0', context: {}, expected: { kind: 'Number', value: 0 } }) !== null, true);
  for (const source of SIGN_OF_ZERO_ONLY) assert.ok(vectors.some((v) => v.source === source), `${source} is not a vector`);
});
