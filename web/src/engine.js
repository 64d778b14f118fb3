// The page's one door to the engine: a worker that holds the WebAssembly module, behind promises.
//
//   const engine = createEngine({ onRestart: (reason) => showBanner(reason) });
//   const result = await engine.simulate(workflowYaml, scenarioJson);   // schema/result.schema.json
//   const value = await engine.evaluate('1 == 1', '{}');                 // {kind, value} | {error}
//   const { result, engineMs } = await engine.simulateTimed(workflowYaml, scenarioJson);
//   const { engine: compiled, interpreters } = await engine.compiledModules(); // WebAssembly.Modules
//
// Results are plain objects. A promise rejects (with an EngineError) only when the engine itself
// could not answer: it was restarted, it could not be loaded, it was disposed, or the request was
// malformed. A workflow or an expression that fails is a result, not a rejection.
//
// The worker is watched: when it dies (an error event, a trap in the module) or stops answering
// for `timeoutMs` while a request is pending (an endless loop in the engine), it is terminated
// and replaced, every pending request is rejected with "the engine stopped and was restarted: ...",
// and onRestart(reason) is called. The protocol is described in engine-worker.js.
//
// Types in engine.d.ts.

import { answerReader, workflowEdit, EDIT_MIN_CHARS } from './engine-calls.js';

/** How long the worker may go without answering while a request is pending. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Why a request was rejected.
 * - 'restarted'   the worker died or stopped answering, and was replaced
 * - 'load-failed' ghaplay.js or ghaplay.wasm could not be loaded, or an interpreter module a
 *                 simulation needed (ghaplay-python.wasm, say); the next request tries again
 * - 'disposed'    dispose() was called
 * - 'request'     the worker refused the request (unknown method, arguments that are not strings)
 * @typedef {'restarted' | 'load-failed' | 'disposed' | 'request'} EngineErrorReason
 */

/** The error every rejected engine promise carries. */
export class EngineError extends Error {
  /**
   * @param {string} message
   * @param {EngineErrorReason} reason
   */
  constructor(message, reason) {
    super(message);
    this.name = 'EngineError';
    /** @type {EngineErrorReason} */
    this.reason = reason;
  }
}

/**
 * The worker of the built page: dist/engine-worker.js, beside index.html, ghaplay.js and
 * ghaplay.wasm, started as a classic worker (it loads ghaplay.js with importScripts). It is
 * resolved against the page, not against this module: the page's bundle lives in dist/assets/.
 * @param {string | URL} [workerUrl]
 * @returns {Worker}
 */
function defaultCreateWorker(workerUrl) {
  const url = workerUrl ?? new URL('engine-worker.js', globalThis.document?.baseURI ?? globalThis.location?.href);
  return new Worker(url);
}

/**
 * Listens to a browser Worker, or to anything shaped like one (addEventListener, or onmessage/onerror).
 * @param {any} worker
 * @param {'message' | 'error' | 'messageerror'} type
 * @param {(event: any) => void} listener
 */
function listen(worker, type, listener) {
  if (typeof worker.addEventListener === 'function') worker.addEventListener(type, listener);
  else worker[`on${type}`] = listener;
}

/**
 * @param {import('./engine.js').EngineOptions} [options]
 * @returns {import('./engine.js').Engine}
 */
export function createEngine(options = {}) {
  const createWorker = options.createWorker ?? (() => defaultCreateWorker(options.workerUrl));
  const onRestart = options.onRestart;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  /** @type {any} */
  let worker = null;
  let ready = false;          // the current worker has instantiated the module
  let read;                   // the current worker's answers, read in turn (answerReader, from start())
  let disposed = false;
  let nextId = 1;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let watchdog = null;
  /** Requests sent and not answered, oldest first. @type {Map<number, {method: string, args: unknown[], timed: boolean, resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const pending = new Map();
  /** The last simulate() request posted to the current worker, whose workflow the next one's edit starts from. */
  let lastSimulate = null; // {seq, workflow}
  let simulateSeq = 0;

  /** Starts a worker; on failure leaves none, and the next request tries again. */
  function start() {
    ready = false;
    lastSimulate = null; // a new worker has no workflow to edit
    read = answerReader(); // a new module: its first answer is whole
    let current;
    try {
      current = createWorker();
    } catch (error) {
      worker = null;
      return error;
    }
    worker = current;
    listen(current, 'message', (event) => { if (current === worker) receive(event?.data); });
    listen(current, 'error', (event) => {
      if (current !== worker) return;
      event?.preventDefault?.(); // handled here: not an uncaught error of the page
      const detail = event?.message || event?.error?.message || 'the worker reported an error';
      fail(`the worker failed: ${detail}`);
    });
    listen(current, 'messageerror', () => { if (current === worker) fail('a message from the worker could not be read'); });
    return null;
  }

  function stopWorker() {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
    const old = worker;
    worker = null;
    ready = false;
    if (old) {
      try { old.terminate(); } catch { /* already gone */ }
    }
  }

  /** Rejects every pending request with one error. */
  function rejectAll(error) {
    const requests = [...pending.values()];
    pending.clear();
    for (const request of requests) request.reject(error);
  }

  /** The worker broke. Before it was ready it is a load failure (no restart: that could loop). */
  function fail(reason) {
    if (!ready) {
      stopWorker();
      rejectAll(new EngineError(`the engine could not be loaded: ${reason}`, 'load-failed'));
      return;
    }
    restart(reason);
  }

  function restart(reason) {
    stopWorker();
    start();
    rejectAll(new EngineError(`the engine stopped and was restarted: ${reason}`, 'restarted'));
    if (onRestart) {
      try { onRestart(reason); } catch (error) { queueMicrotask(() => { throw error; }); }
    }
  }

  /** Fires when the ready worker has pending work and has not answered for timeoutMs. */
  function armWatchdog() {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
    if (!ready || pending.size === 0) return;
    const [oldest] = pending.values();
    watchdog = setTimeout(() => {
      watchdog = null;
      restart(`${oldest.method}() did not finish within ${timeoutMs / 1000} s (an endless loop?)`);
    }, timeoutMs);
  }

  function receive(data) {
    if (data === null || typeof data !== 'object') return;
    if (data.type === 'ready') {
      ready = true;
      armWatchdog();
      return;
    }
    if (data.type === 'failed') {
      stopWorker();
      rejectAll(new EngineError(data.error?.message ?? 'the engine could not be loaded', 'load-failed'));
      return;
    }
    if (data.fatal) {
      // The module trapped or aborted: this request and every other pending one get the restart error.
      restart(data.error?.message ?? 'the module failed');
      return;
    }
    ready = true; // an answer means the module is up, even if 'ready' went missing
    const request = pending.get(data.id);
    if (!request) return;
    if (!data.ok && data.reason === 'edit-base') {
      // The worker did not have the workflow the edit started from: the whole text goes again.
      lastSimulate = null;
      post(data.id);
      armWatchdog();
      return;
    }
    // A JSON answer comes as text and is parsed here (engine-calls.js says why), its unchanged
    // jobs filled in from the answer before. One that cannot be filled in: the restart rejects
    // this request with the others.
    const answer = read(data, request.method);
    if (answer.fatal) {
      restart(answer.error.message);
      return;
    }
    pending.delete(data.id);
    if (answer.ok) request.resolve(request.timed ? { result: answer.value, engineMs: answer.engineMs } : answer.value);
    else if (answer.reason === 'load-failed') request.reject(new EngineError(answer.error?.message ?? 'an interpreter could not be loaded', 'load-failed'));
    else request.reject(new EngineError(answer.error?.message ?? 'the engine refused the request', 'request'));
    armWatchdog();
  }

  /**
   * Posts one request. A simulate() whose workflow has EDIT_MIN_CHARS or more goes as the edit from
   * the workflow of the simulate() posted before it, when there is one (engine-calls.js): the
   * worker applies it (engine-worker.js). Each simulate() is numbered, and an edit names the one it
   * starts from.
   */
  function send(id, method, args) {
    if (method !== 'simulate' || typeof args[0] !== 'string') {
      if (method === 'simulate') lastSimulate = null; // the worker keeps no workflow from it either
      worker.postMessage({ id, method, args });
      return;
    }
    const [workflow, ...rest] = args;
    const seq = ++simulateSeq;
    const message = lastSimulate !== null && workflow.length >= EDIT_MIN_CHARS
      ? { id, method, args: ['', ...rest], seq, edit: { base: lastSimulate.seq, ...workflowEdit(lastSimulate.workflow, workflow) } }
      : { id, method, args, seq };
    lastSimulate = null; // until it is posted: a failed post leaves the worker without it
    worker.postMessage(message);
    lastSimulate = { seq, workflow };
  }

  /** Sends the pending request `id`, or rejects it when it cannot be posted. @returns {boolean} sent */
  function post(id) {
    const request = pending.get(id);
    try {
      send(id, request.method, request.args);
      return true;
    } catch (error) {
      pending.delete(id);
      request.reject(new EngineError(`${request.method}: the request could not be sent: ${error?.message ?? error}`, 'request'));
      return false;
    }
  }

  /** timed: resolve with {result, engineMs} (the engine's own time in the worker) instead of the value. */
  function request(method, args, { timed = false } = {}) {
    if (disposed) return Promise.reject(new EngineError('the engine was disposed', 'disposed'));
    if (!worker) {
      const error = start();
      if (error) {
        return Promise.reject(new EngineError(`the engine could not be loaded: the worker could not be started: ${error?.message ?? error}`, 'load-failed'));
      }
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { method, args, timed, resolve, reject });
      if (post(id) && pending.size === 1) armWatchdog();
    });
  }

  start();

  return {
    simulate: (workflowYaml, scenarioJson) => request('simulate', [workflowYaml, scenarioJson]),
    simulateTimed: (workflowYaml, scenarioJson) => request('simulate', [workflowYaml, scenarioJson], { timed: true }),
    compiledModules: () => request('modules', []),
    evaluate: (expression, contextJson) => request('evaluate', [expression, contextJson]),
    check: (workflowYaml) => request('check', [workflowYaml]),
    version: () => request('version', []),
    dispose() {
      if (disposed) return;
      disposed = true;
      stopWorker();
      rejectAll(new EngineError('the engine was disposed', 'disposed'));
    },
  };
}
