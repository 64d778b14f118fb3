// The engine on the page's own main thread, for runs that are cheap (a small workflow, or an edit
// of one job of a large one that it holds): a result computed there, inside the keystroke's input
// handling, is drawn in the same frame as the typed character, while a worker's answer is handled
// only after that frame (bench/README.md, docs/DECISIONS.md).
//
//   const pageEngine = await loadPageEngine(engine);          // engine: engine.js's, the worker's
//   const answer = pageEngine.simulate(workflowYaml, scenarioJson);
//   // {ok: true, result, engineMs} | {ok: false, missing: [...]} | {ok: false, fatal: true, message}
//   //   | {ok: false, message}
//   pageEngine.simulate(workflowYaml, scenarioJson, { maxJobs: 16 });
//   // ...or {ok: false, declined: true}: the run would re-read the whole text or simulate more
//   //   than 16 jobs again, and nothing was simulated
//   await pageEngine.attachNew(engine);                       // interpreters the worker loaded since
//
// Nothing is downloaded twice. The compiled modules come from the worker (engine.compiledModules():
// a WebAssembly.Module is structured-cloned with its compiled code), and the Emscripten glue
// scripts (ghaplay.js, ghaplay-python.js...) are the ones the worker already fetched: the page's
// <script> finds them in the HTTP cache, which revalidates them (an answer with no body where the
// server sends validators, as Netlify does, and as tests/browser/server.mjs does).
//
// A run here holds the main thread for as long as the engine takes, bounded by the engine's own
// limits (well under a second for hostile input); which runs come here is main.js's choice
// (app/run-placement.js). A module that throws (a trap, an abort) is dropped: simulate() answers
// {fatal: true} and every later call the same, and the caller goes back to the worker.
import { INTERPRETERS } from './interpreters.js';
import { inIdleSlices } from './idle.js';
import { timed, describe, answerReader, WARM_UP_WORKFLOW } from './engine-calls.js';

/** The engine's glue beside the interpreters' (interpreters.js): what the page loads, by name. */
const ENGINE_FILES = Object.freeze({ script: 'ghaplay.js', factory: 'createGhaplay' });

/**
 * A factory loader for the browser: runs the module's glue script (a classic script of the page's
 * own origin, which its Content-Security-Policy allows) and returns the factory it defines.
 * @param {string} baseUrl where ghaplay.js and the interpreters' scripts are
 * @returns {(name: string) => Promise<Function>}
 */
export function scriptFactories(baseUrl) {
  return async (name) => {
    const files = name === 'engine' ? ENGINE_FILES : INTERPRETERS[name];
    if (!files) throw new Error(`unknown module ${JSON.stringify(name)}`);
    if (typeof globalThis[files.factory] !== 'function') await loadScript(new URL(files.script, baseUrl).href);
    const factory = globalThis[files.factory];
    if (typeof factory !== 'function') throw new Error(`${files.script} did not define ${files.factory}`);
    return factory;
  };
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${url} could not be loaded`));
    document.head.append(script);
  });
}

/** Instantiates an Emscripten module from an already compiled WebAssembly.Module. */
function instantiate(factory, compiled) {
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  const module = factory({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), failed);
      return {};
    },
  });
  return Promise.race([module, failure]);
}

/**
 * Warm-up runs before the page's engine is handed out. V8 first runs a wasm function
 * with its baseline compiler and recompiles it with its optimizing one once it has run enough;
 * until then a simulation takes about twice as long, and one in four pays several milliseconds for
 * the recompilation (Node, docs-matrix: 0.8 ms, with 5 to 9 ms every few runs, for the first 150
 * runs; 0.45 ms after). A key's whole frame is 16.7 ms, so the page pays that in idle time, in
 * slices of TIER_UP_SLICE_MS, before the first key it computes: about 0.4 s of work after the first
 * result, during which the worker answers.
 */
export const TIER_UP_RUNS = 200;
const TIER_UP_SLICE_MS = 8;

/**
 * The page's engine, from the worker's compiled modules, with the interpreters the worker has.
 * Rejects when it cannot be built or fails a warm-up simulation (then the page keeps to the worker).
 * @param {{compiledModules: () => Promise<{engine: WebAssembly.Module, interpreters: Record<string, WebAssembly.Module>}>}} engine
 * @param {{factories?: (name: string) => Promise<Function>, tierUpRuns?: number,
 *          warmUpWith?: Array<[string, string]>}} [options]
 *   factories: the glue's factory for 'engine' or an interpreter's name (default: scriptFactories
 *   of the page's base URL); tierUpRuns: warm-up runs after the first (default TIER_UP_RUNS);
 *   warmUpWith: the [workflow, scenario] pairs those runs take in turn, small and cheap ones (the
 *   page gives its examples, whose scenarios and shells reach code WARM_UP_WORKFLOW does not)
 */
export async function loadPageEngine(engine, {
  factories = scriptFactories(document.baseURI), tierUpRuns = TIER_UP_RUNS, warmUpWith = [[WARM_UP_WORKFLOW, '']],
} = {}) {
  const { engine: compiled } = await engine.compiledModules();
  if (!(compiled instanceof WebAssembly.Module)) throw new Error('the worker has no compiled engine to share');
  let module = await instantiate(await factories('engine'), compiled);
  const attached = new Set();
  const read = answerReader(); // every simulate() answer of this instance, in turn
  let attaching = Promise.resolve();

  /** Attaches every interpreter the worker has compiled and this engine does not have yet. */
  function attachNew(source = engine) {
    attaching = attaching.then(async () => {
      const { interpreters } = await source.compiledModules();
      for (const [name, interpreter] of Object.entries(interpreters ?? {})) {
        if (attached.has(name) || !module) continue;
        module.attachInterpreter(name, await instantiate(await factories(name), interpreter));
        attached.add(name);
      }
    });
    return attaching;
  }

  /**
   * @param {{maxJobs?: number}} [bound] maxJobs: simulate only if the engine finds the run cheap
   * @returns {{ok: true, result: any, engineMs: number} | {ok: false, missing: string[]} | {ok: false, fatal: true, message: string} | {ok: false, declined: true} | {ok: false, message: string}}
   */
  function simulate(workflowYaml, scenarioJson, { maxJobs } = {}) {
    if (!module) return { ok: false, fatal: true, message: 'the page\'s engine failed on an earlier run' };
    const answer = read(timed(module, { id: 0, method: 'simulate', args: [workflowYaml, scenarioJson] }, { parse: false, maxJobs }), 'simulate');
    if (answer.fatal) {
      module = null; // its memory can no longer be trusted
      return { ok: false, fatal: true, message: answer.error.message };
    }
    if (answer.declined) return { ok: false, declined: true };
    if (!answer.ok) return { ok: false, message: answer.error.message };
    let missing;
    try {
      missing = module.missingInterpreters();
    } catch (error) {
      module = null;
      return { ok: false, fatal: true, message: `missingInterpreters failed inside the engine: ${describe(error)}` };
    }
    // A script that needs an interpreter this engine lacks was not run: the worker fetches it.
    if (missing.length > 0) return { ok: false, missing };
    return { ok: true, result: answer.value, engineMs: answer.engineMs };
  }

  await attachNew();
  // Simulations before the first keystroke: the first proves the instance works (a failure here
  // keeps the page on the worker) and touches its memory; the rest let V8 optimize the code a
  // simulation runs (TIER_UP_RUNS).
  const first = simulate(WARM_UP_WORKFLOW, '');
  if (first.fatal) throw new Error(first.message);
  let warmUpRuns = 1;
  await inIdleSlices(tierUpRuns, TIER_UP_SLICE_MS, (index) => {
    const [workflow, scenario] = warmUpWith[index % warmUpWith.length];
    const run = simulate(workflow, scenario);
    if (run.fatal) throw new Error(run.message);
    warmUpRuns += 1;
  });
  // From here on each run reuses the answers of the scripts the run before it ran unchanged: after
  // the warm-up, whose purpose is running the interpreters' code until V8 has optimized it.
  module.rememberScripts(true);
  module.answerChanges(true); // the page's main thread parses only the jobs that changed
  return {
    simulate,
    attachNew,
    /** The interpreters attached so far (a copy). */
    interpreters: () => [...attached],
    /** How many simulations warmed the instance up before it was handed out. */
    warmUpRuns: () => warmUpRuns,
  };
}
