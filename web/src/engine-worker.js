// The engine's worker: loads the WebAssembly module once and answers the page's requests.
//
// Protocol (engine.js is the only client):
//   page -> worker   {id, method, args}          method: 'simulate' | 'evaluate' | 'check' | 'version'
//   page -> worker   {id, method: 'modules'}     the compiled WebAssembly.Modules, for the page's own copy
//   page -> worker   {id, method: 'simulate', args: [workflow, scenario], seq}   each simulate() numbered
//                    {id, method: 'simulate', args: ['', scenario], seq, edit: {base, from, to, insert}}
//                                                 a workflow of EDIT_MIN_CHARS or more, as the edit
//                                                 from the workflow of simulate() number `base`, the
//                                                 one received before (engine-calls.js); the worker
//                                                 refuses an edit from any other with reason
//                                                 'edit-base', and engine.js sends the whole text
//   worker -> page   {id, ok: true, json, engineMs}   json: the answer's JSON text, which
//                                                 engine.js parses (readAnswer in engine-calls.js:
//                                                 a string crosses to the page more cheaply than
//                                                 the structured clone of its objects); engineMs:
//                                                 how long the engine's call took. In the browser
//                                                 a simulate() answer carries the jobs that
//                                                 changed and writes the others 0 (the module's
//                                                 answerChanges(true)): engine.js fills them in
//                                                 from the answer before (answerReader)
//                    {id, ok: true, value, engineMs}   for version(): a string
//                    {id, ok: true, value: {engine, interpreters: {python, ...}}}   for 'modules'
//                    {id, ok: false, error: {message}, fatal?: true, reason?: 'load-failed' | 'edit-base'}
//                    {type: 'ready', version}    once, when the module has been instantiated
//                    {type: 'failed', error: {message}}   once, when the module could not be loaded
// `fatal: true` means the module itself threw (a trap or an abort): its state can no longer be
// trusted, so engine.js replaces the worker. A failed evaluation is not an error here: it is a
// value ({error: {kind, message}}) like any other result.
//
// The script interpreters are WebAssembly modules of their own (web/src/interpreters.js), attached
// to the engine when a simulation first needs one: the engine runs what it can, names what was
// missing (missingInterpreters()), the worker loads those modules and simulates again, and only
// that second answer is posted. bash, the default shell (without its larger text tools), is part
// of the engine; bash-full is fetched when a script first reaches grep, sed, awk..., pwsh and
// python when a workflow first uses them. An interpreter that cannot be loaded fails that
// request with reason 'load-failed', and the next request that needs it tries again.
//
// In the browser this file runs as a CLASSIC worker (`new Worker(url)`, no `type: 'module'`):
// web/build.mjs bundles it as an IIFE into dist/engine-worker.js, next to ghaplay.js and
// ghaplay.wasm. ghaplay.js is Emscripten's classic MODULARIZE script; `importScripts` loads it
// under the page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'), where eval and
// `new Function` are refused. For the same reason ghaplay.js must be linked with
// -sDYNAMIC_EXECUTION=0: Embind 3.1.6 otherwise builds its invokers with `new Function`, and the
// module fails to start under that CSP (EvalError; the page gets a 'load-failed' rejection).
// If this file is ever started as a module worker (unbundled, in development), where importScripts
// does not exist, it falls back to fetch + `new Function`, which works only where the CSP allows eval.
//
// 'modules' hands the page the engine's and the attached interpreters' compiled modules (a
// WebAssembly.Module is structured-cloned, its compiled code shared, nothing fetched again): the
// page instantiates its own engine from them and simulates small workflows on its main thread,
// in the same frame as the keystroke (web/src/page-engine.js, docs/DECISIONS.md).
//
// Under Node (tests/node/engine.test.mjs) nothing runs at import: the test's worker_threads wrapper
// runs the same loop, serveRequests(loading, post, {attach}) -> handleMessage(module, message), with
// modules it instantiated the Node way (createGhaplay({ wasmBinary }), createGhaplayPython(...)).

import { INTERPRETERS } from './interpreters.js';
import { timed, describe, applyWorkflowEdit } from './engine-calls.js';

// withWorkflow's mark on a request whose edit it refused: a symbol, which no message can carry.
const EDIT_REFUSED = Symbol('edit refused');

// What answers one request lives in engine-calls.js, shared with the page's main-thread engine;
// nothing of it is re-exported here, as the bundled worker would then carry all of it.

/**
 * Loads the engine's Emscripten factory next to this worker and instantiates it. Browser workers only.
 * @param {string} baseUrl the URL ghaplay.js and ghaplay.wasm are resolved against
 * @param {{wasm?: Promise<Response> | null, onCompiled?: (module: WebAssembly.Module) => void}} [options]
 *   wasm: ghaplay.wasm's response, already requested (startBrowserWorker asks for it before
 *   loading ghaplay.js, so both come at once); without it the glue fetches ghaplay.wasm itself
 *   once ghaplay.js has run. onCompiled: given the compiled module (only with `wasm`)
 */
export function loadModuleInWorker(baseUrl, options = {}) {
  return loadFactory(baseUrl, 'ghaplay.js', 'createGhaplay', options);
}

/**
 * Loads one interpreter module (ghaplay-python.js and ghaplay-python.wasm, say) next to this worker,
 * as loadModuleInWorker loads the engine. Browser workers only.
 * @param {string} baseUrl
 * @param {import('./interpreters.js').InterpreterName} name
 * @param {{wasm?: Promise<Response> | null, onCompiled?: (module: WebAssembly.Module) => void}} [options]
 *   as loadModuleInWorker's, for its .wasm
 */
export function loadInterpreterInWorker(baseUrl, name, options = {}) {
  const files = INTERPRETERS[name];
  if (!files) return Promise.reject(new Error(`unknown interpreter ${JSON.stringify(name)}`));
  return loadFactory(baseUrl, files.script, files.factory, options);
}

/**
 * A classic Emscripten MODULARIZE script next to the worker, run, and its factory called.
 * onCompiled(module) receives the compiled WebAssembly.Module when the .wasm came through `wasm`
 * (the page instantiates its own copy from it: web/src/page-engine.js).
 */
async function loadFactory(baseUrl, scriptFile, factoryName, { wasm = null, onCompiled = null } = {}) {
  const scriptUrl = new URL(scriptFile, baseUrl).href;
  let factory;
  try {
    importScripts(scriptUrl); // a classic worker: defines the global factory
    factory = globalThis[factoryName];
  } catch (error) {
    // A module worker has no importScripts, or refuses it with a TypeError; anything else (a
    // NetworkError, an exception in the script) is a real failure.
    if (typeof importScripts === 'function' && !(error instanceof TypeError)) throw error;
    // Evaluate the classic script ourselves.
    const response = await fetch(scriptUrl);
    if (!response.ok) throw new Error(`${scriptUrl}: HTTP ${response.status}`);
    const source = await response.text();
    try {
      // eslint-disable-next-line no-new-func
      factory = new Function(`${source}\n;return ${factoryName};\n//# sourceURL=${scriptUrl}`)();
    } catch (evalError) {
      throw new Error(`cannot load ${scriptUrl} in a module worker (${describe(evalError)}): ` +
                      'start engine-worker.js as a classic worker');
    }
  }
  if (typeof factory !== 'function') throw new Error(`${scriptUrl} did not define ${factoryName}`);
  if (!wasm) return factory({ locateFile: (file) => new URL(file, scriptUrl).href });
  // Emscripten's instantiateWasm hook: compile the response already on its way (streaming when
  // it is served as application/wasm). A failure rejects the loading, as the glue's own would.
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = factory({
    locateFile: (file) => new URL(file, scriptUrl).href,
    instantiateWasm(imports, receive) {
      instantiate(wasm, imports).then((out) => {
        onCompiled?.(out.module);
        receive(out.instance, out.module);
      }, failed);
      return {};
    },
  });
  return Promise.race([module, failure]);
}

/** WebAssembly.instantiateStreaming, or from the bytes when the server did not say application/wasm. */
async function instantiate(responsePromise, imports) {
  const response = await responsePromise;
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  const streaming = typeof WebAssembly.instantiateStreaming === 'function'
    && /^application\/wasm\b/.test(response.headers.get('content-type') ?? '');
  if (streaming) return WebAssembly.instantiateStreaming(response, imports);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

/**
 * Attaches interpreter modules to an engine module as its simulations ask for them, loading each
 * once; a load that failed is forgotten, so that the next request tries again.
 * @param {(name: import('./interpreters.js').InterpreterName) => Promise<object>} load
 *   instantiates one interpreter module (loadInterpreterInWorker in a browser worker)
 */
export function interpreterAttacher(load) {
  /** @type {Map<string, Promise<void>>} */
  const attaching = new Map();
  /**
   * @param {object} module the engine module
   * @param {string[]} names interpreters to attach
   */
  return async function attach(module, names) {
    await Promise.all(names.map((name) => {
      if (!attaching.has(name)) {
        const attached = Promise.resolve().then(() => load(name)).then((interpreter) => module.attachInterpreter(name, interpreter));
        attached.catch(() => attaching.delete(name));
        attaching.set(name, attached);
      }
      return attaching.get(name).catch((error) => {
        throw new Error(`the ${name} interpreter could not be loaded: ${describe(error)}`);
      });
    }));
  };
}

/** The interpreters the engine's last calls needed and did not have (none for a module without them). */
function takeMissing(module) {
  return typeof module.missingInterpreters === 'function' ? module.missingInterpreters() : [];
}

/**
 * The worker's loop, the same in a browser worker and in the Node tests' worker_threads wrapper:
 * announces when the module is ready (or failed), then answers each request in arrival order.
 * @param {Promise<object>} loading resolves to the instantiated module
 * @param {(message: object) => void} post sends one message to the page
 * @param {{attach?: (module: object, names: string[]) => Promise<void>,
 *          compiledModules?: () => {engine: WebAssembly.Module, interpreters: Record<string, WebAssembly.Module>},
 *          answerChanges?: boolean}} [options]
 *   attach: loads and attaches the interpreters a simulation asked for (interpreterAttacher);
 *   without it a script whose interpreter is missing is answered as the engine answers it, not
 *   run. compiledModules: answers a 'modules' request (without it, one is refused).
 *   answerChanges: the module answers simulate() with the jobs that changed only (the receiver
 *   reads them with engine-calls.js's answerReader, as engine.js does)
 * @returns {(message: unknown) => Promise<void>} call it with each request
 */
export function serveRequests(loading, post, { attach = null, compiledModules = null, answerChanges = false } = {}) {
  // The module answers a simulate() with only the jobs that changed (engine.js fills the rest in).
  if (answerChanges) loading = loading.then((module) => { module.answerChanges(true); return module; });
  loading.then(
    (module) => {
      let version = '';
      try { version = module.version(); } catch { /* the first request will tell */ }
      post({ type: 'ready', version });
    },
    (error) => post({ type: 'failed', error: { message: `the engine could not be loaded: ${describe(error)}` } }));
  let dead = false;
  // Requests are answered one after the other, even while one waits for an interpreter to load.
  let queue = Promise.resolve();
  const serve = async (message) => {
    const id = message !== null && typeof message === 'object' ? message.id : undefined;
    if (message?.[EDIT_REFUSED]) {
      post({ id, ok: false, error: { message: 'the edit starts from a workflow this worker does not have' }, reason: 'edit-base' });
      return;
    }
    let module;
    try {
      module = await loading;
    } catch (error) {
      post({ id, ok: false, error: { message: `the engine could not be loaded: ${describe(error)}` } });
      return;
    }
    if (dead) {
      post({ id, ok: false, error: { message: 'the engine failed on an earlier request' }, fatal: true });
      return;
    }
    if (message?.method === 'modules') {
      post(compiledModules ? { id, ok: true, value: compiledModules() }
        : { id, ok: false, error: { message: 'this worker does not hand out its compiled modules' } });
      return;
    }
    // JSON answers go as text (handleMessage's parse: false), which engine.js parses.
    let response = timed(module, message, { parse: false });
    const missing = response.fatal ? [] : takeMissing(module);
    if (missing.length > 0 && attach) {
      // This answer is not posted: the module's next one must be whole, as the page's reader has
      // not seen this one (answerReader), whether the attaching fails or it is simulated again.
      if (answerChanges) module.answerChanges(true);
      try {
        await attach(module, missing);
      } catch (error) {
        post({ id, ok: false, error: { message: describe(error) }, reason: 'load-failed' });
        return;
      }
      response = timed(module, message, { parse: false });
      takeMissing(module); // all were attached: nothing can be missing a second time
    }
    if (response.fatal) dead = true;
    post(response);
  };
  // The workflow of the last simulate() request received, {seq, text}, which the next one's edit
  // starts from. Kept as each message arrives, in order and before any waiting, so that none is missed.
  let lastWorkflow = null;
  const withWorkflow = (message) => {
    if (message === null || typeof message !== 'object' || message.method !== 'simulate' || !Array.isArray(message.args)) return message;
    if (message.edit === undefined) {
      lastWorkflow = typeof message.args[0] === 'string' ? { seq: message.seq, text: message.args[0] } : null;
      return message;
    }
    const fits = lastWorkflow !== null && Number.isInteger(message.edit?.base) && message.edit.base === lastWorkflow.seq;
    const text = fits ? applyWorkflowEdit(lastWorkflow.text, message.edit) : null;
    if (text === null) {
      // Refused: engine.js sends the whole text, and no edit is taken until it comes.
      lastWorkflow = null;
      return { id: message.id, [EDIT_REFUSED]: true };
    }
    lastWorkflow = { seq: message.seq, text };
    const { edit, ...whole } = message;
    return { ...whole, args: [text, ...message.args.slice(1)] };
  };
  return (message) => {
    const request = withWorkflow(message);
    const answered = queue.then(() => serve(request));
    queue = answered.catch(() => {}); // one request's failure does not stop the next
    return answered;
  };
}

function startBrowserWorker() {
  const scope = globalThis;
  const base = scope.location.href;
  const request = (file) => {
    const response = fetch(new URL(file, base).href, { credentials: 'same-origin' });
    response.catch(() => {}); // a failed fetch is reported when the module is instantiated
    return response;
  };
  // ghaplay.wasm (which runs bash, the default shell, itself) is requested now, before ghaplay.js
  // loads, and compiled as it arrives.
  const engineWasm = request('ghaplay.wasm');
  // Every compiled module, by name ('engine' and the interpreters'), for the page's 'modules' request.
  const compiled = new Map();
  const keep = (name) => (module) => compiled.set(name, module);
  // No warm-up run before the first request: the page sends that request as soon as its bundle
  // runs, so it has come, or comes within a few tens of milliseconds, by the time the module is
  // instantiated, and a warm-up would make it wait as long as the compiling it saves (docs-matrix's
  // first result came about 20 ms later with one). The first request compiles what it runs.
  const loading = loadModuleInWorker(base, { wasm: engineWasm, onCompiled: keep('engine') }).then((module) => {
    // The page simulates on every keystroke: each run reuses the answers of the scripts the run
    // before it ran unchanged.
    module.rememberScripts(true);
    return module;
  });
  const attach = interpreterAttacher((name) =>
    loadInterpreterInWorker(base, name, { wasm: request(INTERPRETERS[name].wasm), onCompiled: keep(name) }));
  const compiledModules = () => {
    const { engine, ...interpreters } = Object.fromEntries(compiled);
    return { engine, interpreters };
  };
  const onMessage = serveRequests(loading, (message) => scope.postMessage(message), { attach, compiledModules, answerChanges: true });
  scope.onmessage = (event) => { onMessage(event.data); };
}

if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) startBrowserWorker();
