// The page's main-thread engine (web/src/page-engine.js), built as the page builds it: from compiled
// WebAssembly.Modules handed over by the worker (engine.compiledModules()) and the glue's factories.
// Its answers must be the worker's, byte for byte, for every example; an interpreter it lacks must
// be named, not guessed; a module that throws must be dropped, never used again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { loadPageEngine, TIER_UP_RUNS } from '../../web/src/page-engine.js';
import { handleMessage } from '../../web/src/engine-calls.js';
import { ROOT, WASM_DIR, WASM_JS, WASM_BIN, INTERPRETERS, INTERPRETER_NAMES, loadModule, chainWorkflow } from './module.mjs';

const require = createRequire(import.meta.url);

/** Each module compiled once, as the worker compiles it. */
const compiled = Object.fromEntries([
  ['engine', new WebAssembly.Module(fs.readFileSync(WASM_BIN))],
  ...INTERPRETER_NAMES.map((name) => [name, new WebAssembly.Module(fs.readFileSync(path.join(WASM_DIR, INTERPRETERS[name].wasm)))]),
]);

/** engine.js's side of a worker that has loaded the interpreters `names`. */
function workerWith(names) {
  return {
    compiledModules: async () => ({
      engine: compiled.engine,
      interpreters: Object.fromEntries(names.map((name) => [name, compiled[name]])),
    }),
  };
}

/** The glue's factories, the Node way (the page runs the same scripts with <script>). */
const factories = async (name) => require(name === 'engine' ? WASM_JS : path.join(WASM_DIR, INTERPRETERS[name].script));

function examples() {
  const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'index.json'), 'utf8'));
  return index.examples.map(({ id }) => ({
    id,
    workflow: fs.readFileSync(path.join(ROOT, 'examples', id, 'workflow.yml'), 'utf8'),
    scenario: fs.readFileSync(path.join(ROOT, 'examples', id, 'scenario.json'), 'utf8'),
  }));
}

test('the page engine gives the worker\'s result for every example, once it has the interpreters the worker has', async () => {
  const worker = await loadModule(); // every interpreter, as a worker that has loaded them all
  // A worker that has loaded no interpreter module yet: the engine runs bash itself.
  const page = await loadPageEngine(workerWith([]), { factories });
  assert.deepEqual(page.interpreters(), []);
  const lacking = [];
  const list = examples();
  assert.ok(list.length >= 20, `only ${list.length} examples`);
  for (const { id, workflow, scenario } of list) {
    const expected = handleMessage(worker, { id, method: 'simulate', args: [workflow, scenario] });
    assert.equal(expected.ok, true, id);
    let answer = page.simulate(workflow, scenario);
    if (!answer.ok) {
      // Only an interpreter the page's engine lacks may stop it; the worker's modules then come over.
      assert.ok(answer.missing?.length > 0, `${id}: ${JSON.stringify(answer)}`);
      lacking.push(...answer.missing);
      await page.attachNew(workerWith(INTERPRETER_NAMES));
      answer = page.simulate(workflow, scenario);
    }
    assert.equal(answer.ok, true, `${id}: ${JSON.stringify(answer)}`);
    assert.deepEqual(answer.result, expected.value, id);
    assert.ok(answer.engineMs >= 0 && answer.engineMs < 1000, `${id}: engineMs ${answer.engineMs}`);
  }
  // The examples use pwsh and python, which a page engine without their modules must ask for.
  assert.ok(lacking.includes('pwsh') || lacking.includes('python'), `nothing was missing: ${lacking}`);
  assert.deepEqual(page.interpreters().sort(), [...INTERPRETER_NAMES].sort());
});

test('a python step on a page engine without python is named missing, and runs once the worker\'s module is attached', async () => {
  const page = await loadPageEngine(workerWith([]), { factories });
  const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: s\n        shell: python\n        run: print("hello")\n';
  assert.deepEqual(page.simulate(workflow, ''), { ok: false, missing: ['python'] });
  await page.attachNew(workerWith(['python']));
  const answer = page.simulate(workflow, '');
  assert.equal(answer.ok, true);
  assert.equal(answer.result.jobs.a.runs[0].steps[0].log, 'hello\n');
});

/**
 * The glue's factories, with the engine's simulate() replaced by `wrap(simulate, call, module)`,
 * where call is the 1-based number of the call being made.
 */
function wrappingSimulate(wrap) {
  return async (name) => {
    const real = await factories(name);
    if (name !== 'engine') return real;
    return async (options) => {
      const module = await real(options);
      const simulate = module.simulate.bind(module);
      let calls = 0;
      module.simulate = (...args) => wrap(() => simulate(...args), ++calls, module);
      return module;
    };
  };
}

/** The glue's factories, counting the engine's simulate() calls in `calls.count`. */
const countingCalls = (calls) => wrappingSimulate((simulate, call) => {
  calls.count = call;
  return simulate();
});

/** The engine's factory, with simulate() throwing as a trapped module does from its call number `from` on. */
const trappingFrom = (from) => wrappingSimulate((simulate, call) => {
  if (call >= from) throw new WebAssembly.RuntimeError('unreachable');
  return simulate();
});

test('a page engine whose module traps is dropped: that run and every later one answer fatal', async () => {
  // One warm-up run only, call 1: the trap comes with the first real run.
  const page = await loadPageEngine(workerWith([]), { factories: trappingFrom(2), tierUpRuns: 0 });
  const workflow = examples().find((e) => e.id === 'docs-matrix').workflow;
  const first = page.simulate(workflow, '');
  assert.equal(first.ok, false);
  assert.equal(first.fatal, true);
  assert.match(first.message, /simulate failed inside the engine: RuntimeError: unreachable/);
  const second = page.simulate(workflow, '');
  assert.equal(second.fatal, true);
  assert.match(second.message, /failed on an earlier run/);
});

test('a page engine that traps on its warm-up is never handed out', async () => {
  await assert.rejects(loadPageEngine(workerWith([]), { factories: trappingFrom(1) }), /RuntimeError: unreachable/);
  // Nor one that traps on a later warm-up run, while V8 is optimizing its code.
  await assert.rejects(loadPageEngine(workerWith([]), { factories: trappingFrom(7), tierUpRuns: 10 }), /RuntimeError: unreachable/);
});

test('a page engine is warmed up by TIER_UP_RUNS simulations after its first, then answers as before', async () => {
  assert.ok(TIER_UP_RUNS >= 100, `${TIER_UP_RUNS} runs leave most of the engine's code unoptimized`);
  const calls = { count: 0 };
  const page = await loadPageEngine(workerWith([]), { factories: countingCalls(calls) });
  assert.equal(page.warmUpRuns(), 1 + TIER_UP_RUNS);
  assert.equal(calls.count, 1 + TIER_UP_RUNS);
  const worker = await loadModule();
  const { workflow, scenario } = examples().find((e) => e.id === 'docs-matrix');
  const answer = page.simulate(workflow, scenario);
  assert.equal(answer.ok, true);
  assert.deepEqual(answer.result, handleMessage(worker, { id: 1, method: 'simulate', args: [workflow, scenario] }).value);
});

test('a worker without compiled modules gives no page engine', async () => {
  await assert.rejects(
    loadPageEngine({ compiledModules: async () => ({ engine: undefined, interpreters: {} }) }, { factories }),
    /no compiled engine/);
});

test('the page engine remembers scripts from its first real run on, and not during its warm-up', async () => {
  // Each simulate() call notes how many script runs it reused: the warm-up's runs must all have
  // run their scripts (they are there to get V8 to optimize the interpreters), typing's reuse them.
  const reused = [];
  const noting = wrappingSimulate((simulate, call, module) => {
    const answer = simulate();
    reused.push(module.scriptsReused());
    return answer;
  });
  const page = await loadPageEngine(workerWith([]), { factories: noting, tierUpRuns: 3 });
  assert.deepEqual(reused, [0, 0, 0, 0]);
  const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo one\n      - run: echo two\n';
  const first = page.simulate(workflow, '');
  const typed = page.simulate(`${workflow}# a comment\n`, '');
  assert.deepEqual(reused.slice(4), [0, 2]);
  assert.deepEqual(typed.result, first.result);
});

test('a bounded run on the page engine is declined when costly, and gives the worker\'s result when not', async () => {
  const worker = await loadModule({ interpreters: [] });
  const page = await loadPageEngine(workerWith([]), { factories, tierUpRuns: 0 });
  const expected = (text) => handleMessage(worker, { id: 0, method: 'simulate', args: [text, ''] }).value;
  const chain = chainWorkflow({}, { jobs: 30 });
  assert.deepEqual(page.simulate(chain, '', { maxJobs: 30 }), { ok: false, declined: true }, 'not loaded there: a whole load');
  assert.deepEqual(page.simulate(chain, '').result, expected(chain), 'unbounded, the whole run');
  // An edit of the last job simulates one job; of the tenth, j9, it and the twenty after it.
  const last = chainWorkflow({ 29: 'last edited' }, { jobs: 30 });
  const answer = page.simulate(last, '', { maxJobs: 1 });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.deepEqual(answer.result, expected(last));
  const tenth = chainWorkflow({ 9: 'tenth edited', 29: 'last edited' }, { jobs: 30 });
  assert.deepEqual(page.simulate(tenth, '', { maxJobs: 20 }), { ok: false, declined: true });
  // The declined edit stays to be simulated; the answer after it is whole (the reader fills it in).
  const both = page.simulate(tenth, '', { maxJobs: 21 });
  assert.equal(both.ok, true, JSON.stringify(both));
  assert.deepEqual(both.result, expected(tenth));
});