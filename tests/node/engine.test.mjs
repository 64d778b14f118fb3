// web/src/engine.js under Node: the page's engine client, driving the real engine-worker.js logic
// (serveRequests + handleMessage) in a node:worker_threads worker that holds the real wasm module.
// Checks the request/answer protocol, matching by id, and what happens when the worker dies, hangs,
// traps or cannot load: the pending requests get the restart error, onRestart is called, and the
// next request works. Nothing is skipped: a missing build/wasm is a failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { createEngine, EngineError, DEFAULT_TIMEOUT_MS } from '../../web/src/engine.js';
import { loadInterpreterInWorker, loadModuleInWorker, serveRequests } from '../../web/src/engine-worker.js';
import { handleMessage, METHODS, readAnswer, workflowEdit, applyWorkflowEdit, EDIT_MIN_CHARS } from '../../web/src/engine-calls.js';
import { ROOT, WASM_DIR, WASM_JS, WASM_BIN, INTERPRETERS, loadInterpreter, loadModule, chainWorkflow } from './module.mjs';

const WORKER_MODULE = pathToFileURL(path.join(ROOT, 'web', 'src', 'engine-worker.js')).href;
const MODULE_HELPERS = pathToFileURL(path.join(ROOT, 'tests', 'node', 'module.mjs')).href;

const WORKFLOW = fs.readFileSync(path.join(ROOT, 'examples', 'docs-matrix', 'workflow.yml'), 'utf8');
const SCENARIO = fs.readFileSync(path.join(ROOT, 'examples', 'docs-matrix', 'scenario.json'), 'utf8');

// A python step: the worker has to load ghaplay-python.wasm, which it does not load at start.
const PYTHON_WORKFLOW = `on: push
jobs:
  answer:
    runs-on: ubuntu-latest
    outputs:
      n: \${{ steps.compute.outputs.n }}
    steps:
      - id: compute
        shell: python
        run: |
          import os
          with open(os.environ["GITHUB_OUTPUT"], "a") as f:
              f.write("n=" + str(6 * 7) + "\\n")
          print("hello from python")
`;

// The thin Node wrapper: the browser worker's loop (serveRequests from engine-worker.js) with the
// module instantiated the Node way. A few magic first arguments make it misbehave on purpose.
const WRAPPER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { serveRequests, interpreterAttacher } = await import(workerData.workerModule);
  const { loadModule, loadInterpreter } = await import(workerData.moduleHelpers);
  let loading;
  if (workerData.failLoad) {
    loading = Promise.reject(new Error('simulated load failure'));
  } else {
    loading = loadModule({ interpreters: [] }).then((module) => ({
      simulate: (...a) => module.simulate(...a),
      check: (...a) => module.check(...a),
      version: () => module.version(),
      evaluate: (expression, context) => {
        if (expression === '__trap__') throw new WebAssembly.RuntimeError('unreachable executed');
        return module.evaluate(expression, context);
      },
      attachInterpreter: (...a) => module.attachInterpreter(...a),
      missingInterpreters: () => module.missingInterpreters(),
      rememberScripts: (on) => module.rememberScripts(on),
      answerChanges: (on) => module.answerChanges(on),
    }));
    // answerChanges: as the browser worker, a module that keeps the last run and answers changes only.
    if (workerData.answerChanges) loading = loading.then((module) => { module.rememberScripts(true); return module; });
  }
  // Interpreter modules, loaded when a simulation asks (failInterpreter: that one fails to load
  // the first failInterpreterTimes times).
  let failures = 0;
  const attach = interpreterAttacher(async (name) => {
    if (name === workerData.failInterpreter && failures++ < workerData.failInterpreterTimes) {
      throw new Error('simulated network failure');
    }
    return loadInterpreter(name);
  });
  // shareModules: answer 'modules' with the engine compiled here, as the browser worker does.
  const compiledModules = workerData.shareModules
    ? () => ({ engine: new WebAssembly.Module(require('node:fs').readFileSync(workerData.wasmBin)), interpreters: {} })
    : null;
  const onMessage = serveRequests(loading, (message) => parentPort.postMessage(message),
    { attach, compiledModules, answerChanges: Boolean(workerData.answerChanges) });
  parentPort.on('message', (message) => {
    const first = message && message.args && message.args[0];
    if (first === '__crash__') throw new Error('simulated crash');   // uncaught: an 'error' event
    if (first === '__exit__') process.exit(3);                        // an exit without an error
    if (first === '__hang__') for (;;) {}                             // an endless loop
    if (first === '__slow__') { const end = Date.now() + 150; while (Date.now() < end) {} }
    onMessage(message);
  });
})();
`;

/**
 * A Worker-like adapter over a worker_threads Worker: postMessage, terminate, addEventListener.
 * 'error' events carry {message, error}; an exit nobody asked for is an 'error' event too.
 */
function nodeWorker({ failLoad = false, failInterpreter = null, failInterpreterTimes = 0, shareModules = false, answerChanges = false } = {}) {
  const worker = new Worker(WRAPPER, {
    eval: true,
    workerData: { workerModule: WORKER_MODULE, moduleHelpers: MODULE_HELPERS, failLoad, failInterpreter, failInterpreterTimes, shareModules, answerChanges, wasmBin: WASM_BIN },
  });
  const listeners = { message: [], error: [], messageerror: [] };
  let terminated = false;
  const emit = (type, event) => { for (const listener of listeners[type]) listener(event); };
  worker.on('message', (data) => emit('message', { data }));
  worker.on('messageerror', (error) => emit('messageerror', { error }));
  worker.on('error', (error) => emit('error', { message: error.message, error }));
  worker.on('exit', (code) => { if (!terminated) emit('error', { message: `the worker exited with code ${code}` }); });
  adapters.add(worker);
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => { terminated = true; adapters.delete(worker); worker.terminate(); },
    addEventListener: (type, listener) => listeners[type].push(listener),
  };
}

const adapters = new Set();
const engines = [];
let direct; // the module in this thread, to compare with

/** createEngine with the Node adapter, counting workers and restarts. */
function makeEngine(options = {}) {
  const restarts = [];
  let workers = 0;
  const engine = createEngine({
    createWorker: () => {
      workers++;
      const worker = nodeWorker(options.worker?.(workers));
      // posted: every message the worker posts, before engine.js reads it.
      if (options.posted) worker.addEventListener('message', (event) => options.posted.push(event.data));
      // sent: every message engine.js posts to a worker, with the worker's number.
      if (options.sent) {
        const number = workers;
        const postMessage = worker.postMessage;
        worker.postMessage = (message) => { options.sent.push({ worker: number, message }); postMessage(message); };
      }
      return worker;
    },
    onRestart: (reason) => restarts.push(reason),
    ...options.engine,
  });
  engines.push(engine);
  return { engine, restarts, workers: () => workers };
}

before(async () => {
  direct = await loadModule(); // every interpreter attached
});

after(() => {
  for (const engine of engines) engine.dispose();
  for (const worker of adapters) worker.terminate();
});

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the promise resolved; a rejection was expected');
}

test('the four methods answer with plain objects, the same as the module itself', async () => {
  const { engine, restarts } = makeEngine();
  // Sent before the worker is ready: they wait for the module, then are answered.
  const [simulated, evaluated, failed, checked, version] = await Promise.all([
    engine.simulate(WORKFLOW, SCENARIO),
    engine.evaluate("format('{0}-{1}', matrix.os, 2)", JSON.stringify({ matrix: { os: 'linux' } })),
    engine.evaluate('1 ==', '{}'),
    engine.check('jobs: [unclosed\n'),
    engine.version(),
  ]);
  assert.deepEqual(simulated, JSON.parse(direct.simulate(WORKFLOW, SCENARIO)));
  assert.equal(simulated.valid, true);
  assert.deepEqual(evaluated, { kind: 'String', value: 'linux-2' });
  assert.equal(failed.error?.kind, 'parsing', 'a failed expression is a value, not a rejection');
  assert.equal(checked.diagnostics[0]?.code, 'yaml-syntax');
  assert.equal(version, direct.version());
  assert.equal(typeof version, 'string');
  assert.deepEqual(restarts, []);
});

test('simulateTimed answers simulate\'s result with the engine\'s own time in the worker', async () => {
  const { engine } = makeEngine();
  const { result, engineMs } = await engine.simulateTimed(WORKFLOW, SCENARIO);
  assert.deepEqual(result, JSON.parse(direct.simulate(WORKFLOW, SCENARIO)));
  assert.equal(typeof engineMs, 'number');
  assert.ok(engineMs >= 0 && engineMs < 5000, `engineMs ${engineMs}`);
});

test('compiledModules hands over the worker\'s compiled engine, or is refused by a worker without one', async () => {
  const { engine } = makeEngine({ worker: () => ({ shareModules: true }) });
  const { engine: compiled, interpreters } = await engine.compiledModules();
  assert.ok(compiled instanceof WebAssembly.Module, 'not a WebAssembly.Module');
  assert.ok(WebAssembly.Module.exports(compiled).length > 0);
  assert.deepEqual(interpreters, {});
  const refused = await rejection(makeEngine().engine.compiledModules());
  assert.equal(refused.reason, 'request');
  assert.match(refused.message, /does not hand out its compiled modules/);
});

test('an interpreter module is loaded when a simulation first needs it, and the answer is the full one', async () => {
  const { engine, restarts } = makeEngine();
  const expected = JSON.parse(direct.simulate(PYTHON_WORKFLOW, ''));
  assert.equal(expected.jobs.answer.outputs.n, '42', 'the python step ran');
  const [first, second] = await Promise.all([engine.simulate(PYTHON_WORKFLOW, ''), engine.simulate(PYTHON_WORKFLOW, '')]);
  assert.deepEqual(first, expected);
  assert.deepEqual(second, expected);
  assert.doesNotMatch(JSON.stringify(first), /interpreter is not loaded/);
  assert.deepEqual(restarts, []);
});

test('an interpreter module that cannot be loaded fails that request with load-failed; the next one retries', async () => {
  const { engine, restarts, workers } = makeEngine({ worker: () => ({ failInterpreter: 'python', failInterpreterTimes: 1 }) });
  const error = await rejection(engine.simulate(PYTHON_WORKFLOW, ''));
  assert.ok(error instanceof EngineError);
  assert.equal(error.reason, 'load-failed');
  assert.match(error.message, /the python interpreter could not be loaded: Error: simulated network failure/);
  // The engine itself is fine: other requests are answered, and the python one succeeds on retry.
  assert.deepEqual(await engine.evaluate('1 == 1', '{}'), { kind: 'Boolean', value: true });
  assert.deepEqual(await engine.simulate(PYTHON_WORKFLOW, ''), JSON.parse(direct.simulate(PYTHON_WORKFLOW, '')));
  assert.equal(workers(), 1, 'no restart for a missing interpreter');
  assert.deepEqual(restarts, []);
});

test('without the interpreter, the engine says so in the step instead of running the script', async () => {
  const bare = await loadModule({ interpreters: [] });
  const result = JSON.parse(bare.simulate(PYTHON_WORKFLOW, ''));
  assert.deepEqual(bare.missingInterpreters(), ['python']);
  assert.deepEqual(bare.missingInterpreters(), [], 'read once');
  assert.equal(result.jobs.answer.outputs.n, undefined, 'the script did not run: no output');
  assert.ok(result.diagnostics.some((d) => /the python interpreter is not loaded: attach ghaplay-python.wasm/.test(d.message)),
            JSON.stringify(result.diagnostics));
  assert.throws(() => bare.attachInterpreter('ruby', {}), /unknown interpreter "ruby"/);
  assert.throws(() => bare.attachInterpreter('python', {}), /needs the module ghaplay-python.js creates/);
  // bash runs in the engine: attaching it is a mistake the message explains.
  assert.throws(() => bare.attachInterpreter('bash', {}), /bash runs in the engine itself: attach 'bash-full' for its text tools/);
});

test('an interpreter module that traps or answers garbage fails the step, never the engine', async () => {
  const engine = await loadModule({ interpreters: [] });
  const workflow = PYTHON_WORKFLOW;
  const failure = (result) => result.diagnostics.find((d) => /the python interpreter failed/.test(d.message))?.message;

  engine.attachInterpreter('python', { runScript() { throw new WebAssembly.RuntimeError('unreachable'); } });
  const trapped = JSON.parse(engine.simulate(workflow, ''));
  assert.equal(trapped.jobs.answer.result, 'failure');
  assert.equal(failure(trapped), 'the python interpreter failed: its module stopped (RuntimeError: unreachable)');
  // The trapped module was detached: the next simulation asks for a new one.
  assert.deepEqual(engine.missingInterpreters(), []);
  JSON.parse(engine.simulate(workflow, ''));
  assert.deepEqual(engine.missingInterpreters(), ['python']);

  // Answers that are not script_wire's (scripts/script_wire.h): JSON, a foreign byte, a log whose
  // length runs past the end.
  engine.attachInterpreter('python', { runScript: () => new TextEncoder().encode('{"log": 3}') });
  assert.equal(failure(JSON.parse(engine.simulate(workflow, ''))),
    "the python interpreter failed: not a script's answer (it starts with the byte 0x7b)");
  engine.attachInterpreter('python', { runScript: () => new Uint8Array([0xff, 0x00]) });
  assert.equal(failure(JSON.parse(engine.simulate(workflow, ''))),
    "the python interpreter failed: not a script's answer (it starts with the byte 0xff)");
  engine.attachInterpreter('python', { runScript: () => new Uint8Array([0x41, 0xff, 0xff, 0xff, 0x7f, 0x61]) });
  assert.equal(failure(JSON.parse(engine.simulate(workflow, ''))),
    'the python interpreter failed: truncated: the log needs 2147483647 bytes at byte 5, 1 left');

  // A real module attached again: the engine answers as if nothing had happened.
  engine.attachInterpreter('python', await loadInterpreter('python'));
  assert.deepEqual(JSON.parse(engine.simulate(workflow, '')), JSON.parse(direct.simulate(workflow, '')));
  assert.equal(JSON.parse(engine.simulate(workflow, '')).jobs.answer.outputs.n, '42');
});

test('concurrent requests are matched by id', async () => {
  const { engine } = makeEngine();
  const requests = [];
  for (let i = 0; i < 60; i++) {
    if (i % 3 === 0) requests.push(engine.evaluate(`fromJSON('[${i}, ${i * 2}]')`, '{}').then((r) => [i, r]));
    else if (i % 3 === 1) requests.push(engine.evaluate(`format('n{0}', ${i})`, '{}').then((r) => [i, r]));
    else requests.push(engine.check(`on: push\njobs:\n  j${i}:\n    needs: nope${i}\n    runs-on: x\n    steps:\n      - run: echo\n`).then((r) => [i, r]));
  }
  for (const [i, result] of await Promise.all(requests)) {
    if (i % 3 === 0) assert.deepEqual(result, { kind: 'Array', value: [i, i * 2] });
    else if (i % 3 === 1) assert.deepEqual(result, { kind: 'String', value: `n${i}` });
    else {
      const diagnostic = result.diagnostics.find((d) => d.code === 'unknown-needs');
      assert.ok(diagnostic, JSON.stringify(result));
      assert.equal(diagnostic.job, `j${i}`);
      assert.match(diagnostic.message, new RegExp(`nope${i}`));
    }
  }
});

for (const [name, trigger, reasonPattern] of [
  ['throws (an error event)', '__crash__', /the worker failed: simulated crash/],
  ['exits', '__exit__', /the worker failed: the worker exited with code 3/],
  ['traps inside the module (a fatal answer)', '__trap__', /evaluate failed inside the engine: RuntimeError: unreachable executed/],
]) {
  test(`a worker that ${name} is replaced; pending requests get the restart error`, async () => {
    const { engine, restarts, workers } = makeEngine();
    assert.equal(await engine.version(), direct.version()); // ready
    const killer = engine.evaluate(trigger, '{}');
    const queued = [engine.evaluate('1 == 1', '{}'), engine.simulate(WORKFLOW, SCENARIO)];
    for (const promise of [killer, ...queued]) {
      const error = await rejection(promise);
      assert.ok(error instanceof EngineError, String(error));
      assert.equal(error.reason, 'restarted');
      assert.match(error.message, /^the engine stopped and was restarted: /);
      assert.match(error.message, reasonPattern);
    }
    assert.equal(restarts.length, 1, JSON.stringify(restarts));
    assert.match(restarts[0], reasonPattern);
    assert.equal(workers(), 2);
    // The replacement answers.
    assert.deepEqual(await engine.evaluate("format('{0}{0}', 2)", '{}'), { kind: 'String', value: '22' });
    assert.deepEqual(await engine.simulate(WORKFLOW, SCENARIO), JSON.parse(direct.simulate(WORKFLOW, SCENARIO)));
    assert.equal(restarts.length, 1);
  });
}

test('a request that never finishes is stopped by the timeout, and the engine restarts', async () => {
  assert.equal(DEFAULT_TIMEOUT_MS, 10_000);
  const { engine, restarts, workers } = makeEngine({ engine: { timeoutMs: 600 } });
  await engine.version();
  const started = Date.now();
  const hung = engine.evaluate('__hang__', '{}');
  const queued = engine.check('on: push\n');
  for (const promise of [hung, queued]) {
    const error = await rejection(promise);
    assert.equal(error.reason, 'restarted');
    assert.match(error.message, /^the engine stopped and was restarted: evaluate\(\) did not finish within 0\.6 s/);
  }
  const waited = Date.now() - started;
  assert.ok(waited >= 550 && waited < 5_000, `the timeout fired after ${waited} ms`);
  assert.equal(restarts.length, 1);
  assert.equal(workers(), 2);
  assert.deepEqual(await engine.evaluate("'after' == 'AFTER'", '{}'), { kind: 'Boolean', value: true });
});

test('the timeout is per request: a long queue that keeps answering is not a hang', async () => {
  const { engine, restarts } = makeEngine({ engine: { timeoutMs: 400 } });
  await engine.version();
  // Six requests of ~150 ms each: 900 ms in all, but the worker answers every 150 ms.
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => engine.evaluate('__slow__', '{}').catch((e) => e)));
  for (const answer of answers) assert.equal(answer.error?.kind, 'parsing', JSON.stringify(answer));
  assert.deepEqual(restarts, []);
});

test('a module that cannot load rejects with load-failed, without a restart loop; the next request retries', async () => {
  const { engine, restarts, workers } = makeEngine({ worker: (n) => ({ failLoad: n === 1 }) });
  const error = await rejection(engine.evaluate('1', '{}'));
  assert.ok(error instanceof EngineError);
  assert.equal(error.reason, 'load-failed');
  assert.match(error.message, /the engine could not be loaded: Error: simulated load failure/);
  assert.deepEqual(restarts, [], 'a load failure is not a restart');
  assert.equal(workers(), 1, 'no new worker until there is a request');
  assert.deepEqual(await engine.evaluate('1', '{}'), { kind: 'Number', value: 1 });
  assert.equal(workers(), 2);
});

test('a createWorker that throws: requests reject with load-failed, and a later one starts a worker', async () => {
  let calls = 0;
  const engine = createEngine({
    createWorker: () => {
      calls++; // 1: createEngine's eager start, 2: the first request's retry, 3: the second request's
      if (calls <= 2) throw new Error('no Worker here');
      return nodeWorker();
    },
  });
  engines.push(engine);
  const error = await rejection(engine.version());
  assert.equal(error.reason, 'load-failed');
  assert.match(error.message, /the worker could not be started: no Worker here/);
  assert.equal(calls, 2);
  assert.equal(await engine.version(), direct.version());
  assert.equal(calls, 3);
});

test('malformed requests are refused without harming the worker', async () => {
  const { engine, restarts } = makeEngine();
  const error = await rejection(engine.evaluate(42, '{}'));
  assert.equal(error.reason, 'request');
  assert.match(error.message, /evaluate takes 2 string argument\(s\)/);
  assert.deepEqual(await engine.evaluate('3', '{}'), { kind: 'Number', value: 3 });
  assert.deepEqual(restarts, []);
});

test('dispose() rejects pending and later requests', async () => {
  const { engine } = makeEngine();
  await engine.version();
  const pending = engine.simulate(WORKFLOW, SCENARIO);
  engine.dispose();
  assert.equal((await rejection(pending)).reason, 'disposed');
  assert.equal((await rejection(engine.check(''))).reason, 'disposed');
  engine.dispose(); // twice is fine
});

// handleMessage on its own: the protocol's answers, including the fatal flag.
test('handleMessage answers {id, ok, value} and {id, ok: false, error}', () => {
  assert.deepEqual(Object.keys(METHODS).sort(), ['check', 'evaluate', 'simulate', 'version']);
  assert.deepEqual(handleMessage(direct, { id: 7, method: 'evaluate', args: ['1 == 1', '{}'] }),
                   { id: 7, ok: true, value: { kind: 'Boolean', value: true } });
  assert.deepEqual(handleMessage(direct, { id: 'x', method: 'version', args: [] }),
                   { id: 'x', ok: true, value: direct.version() });
  const unknown = handleMessage(direct, { id: 8, method: 'system', args: [] });
  assert.equal(unknown.ok, false);
  assert.match(unknown.error.message, /unknown method "system"/);
  assert.equal(unknown.fatal, undefined);
  assert.equal(handleMessage(direct, { id: 9, method: 'check', args: [] }).ok, false);
  assert.equal(handleMessage(direct, null).ok, false);
  const trapping = { evaluate() { throw new WebAssembly.RuntimeError('memory access out of bounds'); } };
  assert.deepEqual(handleMessage(trapping, { id: 10, method: 'evaluate', args: ['1', '{}'] }), {
    id: 10, ok: false, fatal: true,
    error: { message: 'evaluate failed inside the engine: RuntimeError: memory access out of bounds' },
  });
  const notJson = { check() { return 'oops'; } };
  const answer = handleMessage(notJson, { id: 11, method: 'check', args: [''] });
  assert.equal(answer.ok, false);
  assert.match(answer.error.message, /check returned text that is not JSON/);
});

test('the worker posts a JSON answer as text; readAnswer parses it, or refuses text that is not JSON', async () => {
  const posted = [];
  const onMessage = serveRequests(Promise.resolve(direct), (message) => posted.push(message));
  await onMessage({ id: 1, method: 'evaluate', args: ['1 == 1', '{}'] });
  await onMessage({ id: 2, method: 'version', args: [] });
  const evaluated = posted.find((m) => m.id === 1);
  assert.equal(typeof evaluated.json, 'string');
  assert.equal(evaluated.value, undefined);
  const read = readAnswer(evaluated, 'evaluate');
  assert.deepEqual(read.value, { kind: 'Boolean', value: true });
  assert.equal(read.json, undefined);
  assert.ok(read.engineMs >= 0, 'engineMs is kept');
  assert.equal(posted.find((m) => m.id === 2).value, direct.version(), 'version() is a string, sent as it is');
  const bad = readAnswer({ id: 3, ok: true, json: 'oops' }, 'check');
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /check returned text that is not JSON/);
});

// The browser path of engine-worker.js: loadModuleInWorker(base) in a worker-like scope where, as
// under the page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'), compiling
// strings as JavaScript is refused (a vm context with codeGeneration.strings = false). ghaplay.js
// arrives through importScripts and the wasm through fetch, both resolved next to the worker.
test('the worker loads ghaplay.js and an interpreter with importScripts where eval is refused (the page CSP)', async () => {
  const BASE = 'https://ghaplay.test/play/engine-worker.js';
  const at = (file) => `https://ghaplay.test/play/${file}`;
  const python = INTERPRETERS.python;
  const files = {
    [at('ghaplay.js')]: WASM_JS, [at('ghaplay.wasm')]: WASM_BIN,
    [at(python.script)]: path.join(WASM_DIR, python.script), [at(python.wasm)]: path.join(WASM_DIR, python.wasm),
  };
  const requested = [];
  const scope = {
    console, setTimeout, clearTimeout, TextDecoder, TextEncoder,
    location: { href: BASE },
    importScripts() {}, // makes Emscripten's glue take the worker path
    fetch: async (url) => {
      requested.push(String(url));
      const file = files[String(url)];
      return file ? new Response(fs.readFileSync(file), { headers: { 'content-type': 'application/wasm' } })
                  : new Response('not found', { status: 404 });
    },
  };
  scope.self = scope;
  const context = vm.createContext(scope, { codeGeneration: { strings: false, wasm: true } });
  assert.throws(() => vm.runInContext('new Function("return 1")', context), { name: 'EvalError' });
  // The loaders read the worker globals importScripts and createGhaplay (createGhaplayPython): lend them.
  globalThis.importScripts = (url) => {
    requested.push(String(url));
    assert.ok(files[url], `importScripts of an unexpected URL: ${url}`);
    vm.runInContext(fs.readFileSync(files[url], 'utf8'), context, { filename: url });
    for (const name of ['createGhaplay', python.factory]) {
      if (vm.runInContext(`typeof ${name}`, context) === 'function') globalThis[name] = vm.runInContext(name, context);
    }
  };
  let module;
  try {
    module = await loadModuleInWorker(BASE);
    module.attachInterpreter('python', await loadInterpreterInWorker(BASE, 'python'));
  } catch (error) {
    assert.fail(`the modules did not start where eval is refused (${error.name}: ${error.message}). ` +
                'Link them with -sDYNAMIC_EXECUTION=0 (wasm/CMakeLists.txt): Embind otherwise ' +
                'builds its invokers with new Function, which the page\'s CSP refuses.');
  } finally {
    delete globalThis.importScripts;
    delete globalThis.createGhaplay;
    delete globalThis[python.factory];
  }
  assert.deepEqual(requested, [at('ghaplay.js'), at('ghaplay.wasm'), at(python.script), at(python.wasm)]);
  assert.equal(module.version(), direct.version());
  assert.deepEqual(handleMessage(module, { id: 1, method: 'simulate', args: [WORKFLOW, SCENARIO] }),
                   { id: 1, ok: true, value: JSON.parse(direct.simulate(WORKFLOW, SCENARIO)) });
  // A bash step ran in the engine, a python step in the interpreter module.
  const bashWorkflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: s\n        run: echo "v=$((6*7))" >> "$GITHUB_OUTPUT"\n    outputs:\n      v: ${{ steps.s.outputs.v }}\n';
  const ran = handleMessage(module, { id: 2, method: 'simulate', args: [bashWorkflow, ''] });
  assert.equal(ran.value.jobs.a.outputs.v, '42');
  const ranPython = handleMessage(module, { id: 3, method: 'simulate', args: [PYTHON_WORKFLOW, ''] });
  assert.equal(ranPython.value.jobs.answer.outputs.n, '42');
  assert.equal(module.missingInterpreters().length, 0); // an array of the vm context's realm
});

test('a worker answering changes only: engine.simulate still gives whole results, also after a run that waited for an interpreter', async () => {
  const posted = [];
  const { engine, restarts } = makeEngine({ worker: () => ({ answerChanges: true }), posted });
  const expectFresh = async (text, what) => {
    assert.deepEqual(await engine.simulate(text, ''), JSON.parse(direct.simulate(text, '')), what);
    return posted.at(-1).json;
  };
  // The first answer is whole: there is no answer before it.
  let json = await expectFresh(chainWorkflow(), 'the chain');
  assert.doesNotMatch(json, /:0[,}]/, 'the first answer is whole');
  // An edit of the last job: the five before it are posted as 0.
  json = await expectFresh(chainWorkflow({ 5: 'j5 edited' }), 'j5 edited');
  assert.equal((json.match(/"j\d":0/g) ?? []).length, 5, json);
  // One edit that changes j4's output and gives j5 a python step, python's first use: the answer
  // that waited for python is not posted, and the one after it, which takes j0..j4 from it, must
  // not be written against it.
  await expectFresh(chainWorkflow({ 4: 'j4 edited', 5: 'j5 edited' }, { python: true }), 'j4 edited, python in j5');
  json = await expectFresh(chainWorkflow({ 4: 'j4 edited', 5: 'j5 again' }, { python: true }), 'j5 edited again');
  assert.equal((json.match(/"j\d":0/g) ?? []).length, 5, json);
  assert.deepEqual(restarts, []);
});

test('a worker answering changes only: after an interpreter that failed to load, the next answer is not written against the one never posted', async () => {
  const { engine } = makeEngine({ worker: () => ({ answerChanges: true, failInterpreter: 'python', failInterpreterTimes: 1 }) });
  const chain = chainWorkflow();
  assert.deepEqual(await engine.simulate(chain, ''), JSON.parse(direct.simulate(chain, '')));
  // j4's output changes and j5 asks for python, which fails to load: the module answered, but the
  // page got the load failure.
  const failed = chainWorkflow({ 4: 'j4 edited', 5: 'j5 edited' }, { python: true });
  const error = await rejection(engine.simulate(failed, ''));
  assert.equal(error.reason, 'load-failed');
  // Without the python step: j0..j4 are taken from that answer, and the page must get j4 edited.
  const next = chainWorkflow({ 4: 'j4 edited', 5: 'j5 edited' });
  assert.deepEqual(await engine.simulate(next, ''), JSON.parse(direct.simulate(next, '')));
});

test('an answer whose unchanged jobs cannot be filled in restarts the worker and rejects the request', async () => {
  // A stand-in worker that answers every simulate() with job "a" written 0, with no answer before.
  const restarts = [];
  let workers = 0;
  const engine = createEngine({
    createWorker: () => {
      workers++;
      const listeners = [];
      return {
        postMessage: ({ id }) => queueMicrotask(() => {
          for (const listener of listeners) listener({ data: { id, ok: true, json: '{"valid":true,"jobs":{"a":0}}', engineMs: 0 } });
        }),
        terminate() {},
        addEventListener: (type, listener) => { if (type === 'message') listeners.push(listener); },
      };
    },
    onRestart: (reason) => restarts.push(reason),
  });
  engines.push(engine);
  const error = await rejection(engine.simulate('on: push', ''));
  assert.equal(error.reason, 'restarted');
  assert.match(error.message, /job "a" as unchanged/);
  assert.equal(restarts.length, 1);
  assert.equal(workers, 2, 'a new worker, whose reader starts afresh');
});

test('workflowEdit gives the edit that applyWorkflowEdit turns back into the new text, surrogate pairs included', () => {
  const alphabet = ['a', 'b', '\n', ' ', 'é', '😀', '😁', '\uD800', '\uDC00'];
  let seed = 7;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const text = (n) => Array.from({ length: n }, () => alphabet[random(alphabet.length)]).join('');
  for (let i = 0; i < 2000; i++) {
    const before = text(random(12));
    const after = random(3) === 0 ? before + text(random(3)) : text(random(12));
    const edit = workflowEdit(before, after);
    assert.equal(applyWorkflowEdit(before, edit), after, JSON.stringify({ before, after, edit }));
    assert.ok(edit.from <= edit.to && edit.to <= before.length);
  }
  // The smallest edit: one character typed in the middle.
  assert.deepEqual(workflowEdit('jobs:\n  a:\n', 'jobs:\n  ab:\n'), { from: 9, to: 9, insert: 'b' });
  assert.deepEqual(workflowEdit('a😀b', 'a😁b'), { from: 2, to: 3, insert: '\uDE01' });
  assert.deepEqual(workflowEdit('same', 'same'), { from: 4, to: 4, insert: '' });
  for (const bad of [null, 'x', {}, { from: 0, to: 5, insert: '' }, { from: 2, to: 1, insert: '' }, { from: -1, to: 0, insert: '' },
    { from: 0.5, to: 1, insert: '' }, { from: 0, to: 1, insert: 3 }]) {
    assert.equal(applyWorkflowEdit('abcd', bad), null, JSON.stringify(bad));
  }
});

test('a large workflow crosses to the worker as the edit from the one before, and the answers are the whole texts\'', async () => {
  const sent = [];
  const { engine } = makeEngine({ sent });
  const first = chainWorkflow({}, { jobs: 40 });
  const middle = chainWorkflow({ 20: 'twenty' }, { jobs: 40 });
  assert.ok(first.length > EDIT_MIN_CHARS, `${first.length} characters`);
  const texts = [
    first,
    middle,            // inside a job in the middle
    `${middle}# typed\n`, // at the end
    WORKFLOW,          // small: whole
    first,             // large again, from the small one
  ];
  for (const text of texts) {
    assert.deepEqual(await engine.simulate(text, ''), JSON.parse(direct.simulate(text, '')));
  }
  const simulates = sent.filter((s) => s.message.method === 'simulate').map((s) => s.message);
  assert.equal(simulates.length, texts.length);
  assert.equal(simulates[0].args[0], first, 'the first goes whole: the worker has nothing to edit');
  assert.equal(simulates[0].edit, undefined);
  for (const i of [1, 2, 4]) {
    const message = simulates[i];
    assert.equal(message.args[0], '', `request ${i} carries no whole text`);
    assert.equal(message.edit.base, simulates[i - 1].seq, `request ${i} starts from the one before`);
    assert.equal(applyWorkflowEdit(texts[i - 1], message.edit), texts[i]);
  }
  assert.ok(simulates[1].edit.insert.length < 10, JSON.stringify(simulates[1].edit));
  assert.deepEqual(simulates[2].edit, { base: simulates[1].seq, from: texts[1].length, to: texts[1].length, insert: '# typed\n' });
  assert.equal(simulates[3].args[0], WORKFLOW, `a workflow under ${EDIT_MIN_CHARS} characters goes whole`);
  assert.equal(simulates[3].edit, undefined);
});

test('after a restart the next large workflow goes whole, as the new worker has none to edit', async () => {
  const sent = [];
  const { engine, restarts } = makeEngine({ sent });
  const text = chainWorkflow({}, { jobs: 30 });
  await engine.simulate(text, '');
  assert.equal((await rejection(engine.evaluate('__crash__', '{}'))).reason, 'restarted');
  const edited = chainWorkflow({ 7: 'seven' }, { jobs: 30 });
  assert.deepEqual(await engine.simulate(edited, ''), JSON.parse(direct.simulate(edited, '')));
  assert.equal(restarts.length, 1);
  const second = sent.filter((s) => s.worker === 2 && s.message.method === 'simulate');
  assert.equal(second.length, 1);
  assert.equal(second[0].message.args[0], edited);
  assert.equal(second[0].message.edit, undefined);
});

test('the worker applies an edit only to the workflow it received last, and refuses any other until a whole one comes', async () => {
  const posted = [];
  const onMessage = serveRequests(Promise.resolve(direct), (message) => posted.push(message));
  const text = chainWorkflow({}, { jobs: 25 });
  const edited = chainWorkflow({ 3: 'three' }, { jobs: 25 });
  const answer = (id) => posted.find((m) => m.id === id);
  const simulated = (id) => JSON.parse(answer(id).json);
  await onMessage({ id: 1, method: 'simulate', args: [text, ''], seq: 1 });
  await onMessage({ id: 2, method: 'simulate', args: ['', ''], seq: 2, edit: { base: 1, ...workflowEdit(text, edited) } });
  assert.deepEqual(simulated(2), JSON.parse(direct.simulate(edited, '')));
  // From the text before the last one, from a bad range, and before any whole text: refused.
  await onMessage({ id: 3, method: 'simulate', args: ['', ''], seq: 3, edit: { base: 1, ...workflowEdit(text, text) } });
  await onMessage({ id: 4, method: 'simulate', args: ['', ''], seq: 4, edit: { base: 2, from: 0, to: 0, insert: '' } });
  for (const id of [3, 4]) {
    assert.equal(answer(id).ok, false);
    assert.equal(answer(id).reason, 'edit-base');
    assert.match(answer(id).error.message, /the edit starts from a workflow this worker does not have/);
  }
  await onMessage({ id: 5, method: 'simulate', args: [edited, ''], seq: 5 });
  await onMessage({ id: 6, method: 'simulate', args: ['', ''], seq: 6, edit: { base: 5, from: 0, to: edited.length + 1, insert: '' } });
  assert.equal(answer(6).reason, 'edit-base');
  await onMessage({ id: 7, method: 'simulate', args: [text, ''], seq: 7 });
  await onMessage({ id: 8, method: 'simulate', args: ['', ''], seq: 8, edit: { base: 7, ...workflowEdit(text, `${text}# x\n`) } });
  assert.deepEqual(simulated(8), JSON.parse(direct.simulate(`${text}# x\n`, '')));
  const fresh = [];
  await serveRequests(Promise.resolve(direct), (message) => fresh.push(message))(
    { id: 1, method: 'simulate', args: ['', ''], seq: 2, edit: { base: 1, from: 0, to: 0, insert: 'on: push' } });
  assert.equal(fresh.find((m) => m.id === 1).reason, 'edit-base', 'a worker that has received no workflow refuses an edit');
});

test('an edit the worker refuses is sent again whole, and the request is answered', async () => {
  const received = [];
  const fake = () => {
    const listeners = [];
    return {
      addEventListener: (type, listener) => { if (type === 'message') listeners.push(listener); },
      terminate() {},
      postMessage(message) {
        received.push(message);
        const reply = message.edit
          ? { id: message.id, ok: false, reason: 'edit-base', error: { message: 'no such workflow' } }
          : { id: message.id, ok: true, json: JSON.stringify({ valid: true, jobs: {}, length: message.args[0].length }) };
        queueMicrotask(() => { for (const listener of listeners) listener({ data: reply }); });
      },
    };
  };
  const engine = createEngine({ createWorker: fake });
  engines.push(engine);
  const text = chainWorkflow({}, { jobs: 30 });
  assert.equal((await engine.simulate(text, '')).length, text.length);
  assert.equal((await engine.simulate(`${text}#`, '')).length, text.length + 1);
  assert.deepEqual(received.map((m) => (m.edit ? 'edit' : m.args[0].length)), [text.length, 'edit', text.length + 1]);
  // After the whole text, the next goes as an edit again.
  await engine.simulate(`${text}##`, '').catch(() => {});
  assert.equal(received[3].edit?.base, received[2].seq);
  // A simulate() whose workflow is not a string (the worker refuses it) leaves nothing to edit from:
  // the next large one goes whole.
  assert.equal(received.length, 5, 'the refused edit, then its whole text');
  await engine.simulate(42, '').catch(() => {});
  assert.equal(received[5].args[0], 42);
  await engine.simulate(`${text}###`, '');
  assert.equal(received[6].edit, undefined);
  assert.equal(received[6].args[0], `${text}###`);
});
