// Answering one request with an instantiated engine module: the same code in the worker
// (engine-worker.js) and on the page's main thread (page-engine.js), so that a result is the same
// JSON whichever side computed it. Kept apart from the worker's loading code, which the page's
// bundle does not need.

/** The methods a request may name, with the number of string arguments each takes. */
export const METHODS = Object.freeze({ simulate: 2, evaluate: 2, check: 1, version: 0 });

/**
 * Answers one request with an already instantiated module. Never throws.
 * @param {object} module the instantiated Emscripten module (createGhaplay's result)
 * @param {unknown} message `{id, method, args}`
 * @param {{parse?: boolean, maxJobs?: number}} [options] parse: false leaves a JSON answer as text,
 *   `json`, for the receiver to parse (readAnswer): the worker posts it so, since a string crosses
 *   to the page far more cheaply than the structured clone of its objects (a 500-job result: 3.4 ->
 *   2.4 ms on the page's main thread, 2,000 jobs 22 -> 16.5 ms, Chromium 156). maxJobs: a simulate
 *   request is answered only if the engine finds it cheap (module.simulateWithin), and otherwise
 *   declined: `{ok: false, declined: true}`
 * @returns {{id: unknown, ok: true, value: unknown} | {id: unknown, ok: true, json: string} |
 *   {id: unknown, ok: false, error: {message: string}, fatal?: true, declined?: true}}
 */
export function handleMessage(module, message, { parse = true, maxJobs } = {}) {
  const id = message !== null && typeof message === 'object' ? message.id : undefined;
  const refuse = (text) => ({ id, ok: false, error: { message: text } });
  if (id === undefined) return refuse('a request needs an id');
  const { method, args = [] } = message;
  if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
    return refuse(`unknown method ${JSON.stringify(method)}: expected one of ${Object.keys(METHODS).join(', ')}`);
  }
  if (!Array.isArray(args) || args.length !== METHODS[method] || !args.every((a) => typeof a === 'string')) {
    return refuse(`${method} takes ${METHODS[method]} string argument(s)`);
  }
  const bounded = method === 'simulate' && maxJobs !== undefined;
  let text;
  try {
    // Strings go to the module as they are: it writes them with TextEncoder (wasm/strings.post.js),
    // which turns a lone surrogate into U+FFFD; scanning a 121 KB workflow for them first cost each
    // key about 0.3 ms of the page's main thread.
    text = bounded ? module.simulateWithin(...args, maxJobs) : module[method](...args);
  } catch (error) {
    // Arguments were checked above, so whatever comes out of the module is the module failing.
    return { id, ok: false, error: { message: `${method} failed inside the engine: ${describe(error)}` }, fatal: true };
  }
  if (method === 'version') return { id, ok: true, value: text };
  if (bounded && text === '') return { id, ok: false, declined: true, error: { message: `simulating would cost more than ${maxJobs} job(s), or a whole load` } };
  const answer = { id, ok: true, json: String(text) };
  return parse ? readAnswer(answer, method) : answer;
}

/**
 * An answer of handleMessage to a `method` request with its `json` text parsed into `value`; a
 * text that is not JSON makes it a refusal. Answers without `json` are returned as they are.
 */
export function readAnswer(answer, method) {
  if (!answer.ok || typeof answer.json !== 'string') return answer;
  const { json, ...rest } = answer;
  try {
    return { ...rest, value: JSON.parse(json) };
  } catch (error) {
    return { id: answer.id, ok: false, error: { message: `${method} returned text that is not JSON (${describe(error)}): ${json.slice(0, 80)}` } };
  }
}

/**
 * Reads one engine module's answers in turn, as readAnswer does, and fills in the jobs a simulate()
 * answer writes as 0: with answerChanges(true) the module writes so each job the previous answer
 * had, unchanged (api::SimulationSession::answer_changes), and the previous answer's job object is
 * taken for it. A 500-job answer after an edit of one job is then one job's JSON to parse on the
 * page's main thread instead of 345 KB. One reader per module instance, given every simulate()
 * answer of it in order: the worker's (engine.js) and the page's own (page-engine.js).
 * A 0 for a job the previous answer did not have cannot be filled in: the answer is then refused
 * with fatal: true, and its reader's owner replaces the module (whose next answer is whole).
 * @returns {(answer: object, method: string) => object}
 */
export function answerReader() {
  let jobs = null; // the previous simulate() answer's jobs, filled in
  return (answer, method) => {
    const read = readAnswer(answer, method);
    if (method !== 'simulate' || !answer.ok) return read;
    const before = jobs;
    jobs = null;
    const next = read.ok ? read.value?.jobs : null;
    if (next === null || typeof next !== 'object') return read;
    for (const id in next) {
      if (next[id] !== 0) continue;
      if (!before || !Object.hasOwn(before, id)) {
        return { id: answer.id, ok: false, fatal: true,
          error: { message: `simulate answered job ${JSON.stringify(id)} as unchanged, but the answer before had no such job` } };
      }
      next[id] = before[id];
    }
    jobs = next;
    return read;
  };
}

/**
 * Below this many characters a workflow crosses to the worker whole: copying it costs nothing
 * there. Above it, a simulate() request carries the edit from the workflow of the one before it
 * (workflowEdit), which the worker applies (applyWorkflowEdit): a key typed in a 120 KB workflow
 * posted the whole text, 1 to 1.7 ms of the key's main-thread time, and the worker copied it again.
 */
export const EDIT_MIN_CHARS = 4096;

/** workflowEdit compares this many characters at a time before single ones. */
const COMPARED_BLOCK = 2048;

/**
 * The edit that makes `after` of `before`: `before` with [from, to) replaced by `insert`, the
 * longest common start and end kept (in UTF-16 code units, as the strings are indexed).
 * @param {string} before
 * @param {string} after
 * @returns {{from: number, to: number, insert: string}}
 */
export function workflowEdit(before, after) {
  const shorter = Math.min(before.length, after.length);
  // Blocks first: comparing two slices is a memory comparison, while a character at a time took
  // 1 ms for 120 KB.
  let from = 0;
  while (from + COMPARED_BLOCK <= shorter && before.substring(from, from + COMPARED_BLOCK) === after.substring(from, from + COMPARED_BLOCK)) from += COMPARED_BLOCK;
  while (from < shorter && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let end = 0; // characters kept at the end, never overlapping the kept start
  const endOf = (text, n) => text.substring(text.length - n - COMPARED_BLOCK, text.length - n);
  while (end + COMPARED_BLOCK <= shorter - from && endOf(before, end) === endOf(after, end)) end += COMPARED_BLOCK;
  while (end < shorter - from && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { from, to: before.length - end, insert: after.slice(from, after.length - end) };
}

/**
 * `before` with a workflowEdit applied, or null when the edit does not fit it (not a whole number
 * within the text, an end before the start, an insert that is not a string).
 * @param {string} before
 * @param {unknown} edit
 * @returns {string | null}
 */
export function applyWorkflowEdit(before, edit) {
  if (edit === null || typeof edit !== 'object') return null;
  const { from, to, insert } = /** @type {any} */ (edit);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > before.length) return null;
  if (typeof insert !== 'string') return null;
  return before.slice(0, from) + insert + before.slice(to);
}

/** handleMessage, with the time the engine's call took as engineMs on a successful answer. */
export function timed(module, message, options) {
  const started = performance.now();
  const response = handleMessage(module, message, options);
  if (response.ok) response.engineMs = performance.now() - started;
  return response;
}

/** A readable one-line description of anything thrown (Emscripten can throw numbers). */
export function describe(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'number') return `an uncaught C++ exception (${error})`;
  return String(error);
}

/**
 * A small workflow that goes through the engine's usual paths (YAML, a matrix, expressions, bash
 * writing $GITHUB_OUTPUT, needs, toJSON). The browser compiles a wasm function the first time it
 * runs and optimizes it once it is hot: the page's own engine (page-engine.js) simulates this,
 * with the examples, before it takes any keystroke, so that no keystroke pays for either.
 */
export const WARM_UP_WORKFLOW = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, windows]
    outputs:
      artifact: \${{ steps.pack.outputs.artifact }}
    steps:
      - id: pack
        run: |
          name="app-\${{ matrix.os }}.zip"
          echo "artifact=$name" >> "$GITHUB_OUTPUT"
  deploy:
    needs: build
    if: \${{ always() && needs.build.result == 'success' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo '\${{ toJSON(needs) }}' \${{ format('{0}', github.ref) }}
`;
