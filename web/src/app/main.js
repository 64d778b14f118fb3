// The page: the editor on the left, the results on the right, the scenario under the editor.
// State lives in three places kept equal: the editor, the scenario (form and JSON view), and the
// address bar's fragment. Each change re-simulates: at once while runs are fast, after a pause in
// typing otherwise; a small, cheap workflow, or an edit the engine finds cheap in a large one, on
// the page's own main thread, so that its result is drawn in the keystroke's frame; anything else
// in the worker.
import './style.css';
import { createEngine } from '../engine.js';
import { loadPageEngine } from '../page-engine.js';
import { WARM_UP_WORKFLOW } from '../engine-calls.js';
import { whenIdle } from '../idle.js';
import { createPlacement, DEBOUNCE_MS, SYNC_PAUSE_MS } from './run-placement.js';
import examples from 'ghaplay:examples';
import { h, $, replace, reconcile, copyText, flash, afterPaint } from './dom.js';
import { createEditor, warmUpEditor } from './editor.js';
import { encodeState, decodeState, isStateFragment, ShareLinkError } from './share.js';
import { ScenarioForm } from './scenario.js';
import { renderGraph, drawnJobs, sameGraph, markSelected, GRAPH_MAX_JOBS } from './graph.js';
import { jobSections, renderWorkflowOutputs, diagnosticItem } from './results.js';
import { toMarkdown } from './markdown.js';

const THEME_KEY = 'ghaplay-theme';
const params = new URLSearchParams(location.search);
const embed = params.get('embed') === '1';
// ?run=worker: every simulation in the worker, none on the main thread (the watchdog's tests).
const workerOnly = params.get('run') === 'worker';

const state = {
  workflow: '',
  scenarioText: '{}',
  scenario: {},
  scenarioError: '',
  job: '',
  result: null,      // the last result
  lastValid: null,   // the last result with valid: true
  version: '',
};

// ---------------------------------------------------------------------------------------------
// Theme: the system's by default; the toggle stores an explicit choice.

function effectiveTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen) return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  const dark = effectiveTheme() === 'dark';
  const button = $('theme');
  button.setAttribute('aria-pressed', String(dark));
  button.textContent = dark ? 'Light' : 'Dark';
  button.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
}

function initTheme() {
  let stored = null;
  try { stored = localStorage.getItem(THEME_KEY); } catch { /* storage refused: system theme */ }
  applyTheme(stored === 'light' || stored === 'dark' ? stored : null);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(document.documentElement.dataset.theme));
  $('theme').addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    try { localStorage.setItem(THEME_KEY, next); } catch { /* not kept */ }
    applyTheme(next);
  });
}

// ---------------------------------------------------------------------------------------------
// Messages

function showBanner(text, kind = 'error') {
  const banner = $('banner');
  replace(banner, h('span', {}, text), ' ',
    h('button', { type: 'button', className: 'icon', 'aria-label': 'Dismiss', on: { click: () => { banner.hidden = true; } } }, '×'));
  banner.className = `banner ${kind}`;
  banner.hidden = false;
}

function setStatus(text, kind = '') {
  const status = $('status');
  if (status.textContent !== text) status.textContent = text;
  const className = `status ${kind}`;
  if (status.className !== className) status.className = className;
}

// ---------------------------------------------------------------------------------------------
// The engine

/**
 * The worker web/src/boot.js started before this bundle ran (so the engine loads while the page's
 * JavaScript is parsed), shaped like a Worker for engine.js: the events it kept are replayed, in
 * order, to the listeners engine.js adds. null when there is none, or for every later worker.
 */
function adoptBootWorker() {
  const boot = window.ghaplayBoot;
  if (!boot) return null;
  delete window.ghaplayBoot;
  boot.stop();
  const { worker, early } = boot;
  return {
    addEventListener(type, listener) {
      worker.addEventListener(type, listener);
      const kept = early.filter((event) => event.type === type);
      if (kept.length) queueMicrotask(() => { for (const event of kept) listener(event); });
    },
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
  };
}

const engine = createEngine({
  createWorker: () => adoptBootWorker() ?? new Worker(new URL('engine-worker.js', document.baseURI)),
  onRestart: (reason) => showBanner(`The engine stopped and was restarted: ${reason}`, 'warning'),
});

let timer = 0;
let runsDone = 0;

// The engine on the main thread (page-engine.js), built from the worker's compiled modules once the
// first result is on screen, so that it costs the first load nothing. Runs go there while
// run-placement.js says they are small and cheap, or, for a large text, while the engine finds
// them cheap; a slow one sends the next keys back to the worker, and a module that throws is
// dropped for good. body[data-page-engine] is 'ready' or 'failed' once it is settled (ready: with
// the text on screen loaded there, when it is a large one, syncPageEngine); body[data-ran-on] says
// where the last run was computed ('page' or 'worker'); body[data-page-engine-holds] whether the
// page's engine ran the text on screen: the browser tests and the bench read them.
const placement = createPlacement();
let pageEngine = null;
let pageEngineAsked = false;
let pageEngineBehind = false; // a run on the page lacked an interpreter the worker has since loaded
let pageEngineHolds = false;

function holds(yes) {
  pageEngineHolds = yes;
  document.body.dataset.pageEngineHolds = String(yes);
}

function startPageEngine() {
  if (pageEngineAsked || workerOnly) return;
  pageEngineAsked = true;
  afterPaint(() => {
    const warmUpWith = [[WARM_UP_WORKFLOW, ''], ...examples.map((e) => [e.workflow, e.scenario])];
    loadPageEngine(engine, { warmUpWith }).then((loaded) => {
      pageEngine = loaded;
      // Called in an idle moment (the warm-up's last slice): no pause to wait for.
      if (!inFlight && !document.body.dataset.pending) syncPageEngine();
      document.body.dataset.pageEngine = 'ready';
    }, (error) => dropPageEngine(`it could not be loaded: ${error?.message ?? error}`));
  });
}

// The editor's YAML parser, warmed up once the first result is on screen (editor.js, warmUpEditor):
// body[data-editor-warm] says how many edits it made once it is done; the bench waits for it as it
// waits for the page's engine.
let editorWarmUpAsked = false;
function warmUpTyping() {
  if (editorWarmUpAsked) return;
  editorWarmUpAsked = true;
  afterPaint(() => warmUpEditor([WARM_UP_WORKFLOW, ...examples.map((e) => e.workflow)]).then((edits) => {
    document.body.dataset.editorWarm = String(edits);
  }, (error) => console.warn(`ghaplay: the editor's warm-up failed: ${error?.message ?? error}`)));
}

function dropPageEngine(reason) {
  pageEngine = null;
  document.body.dataset.pageEngine = 'failed';
  console.warn(`ghaplay: every simulation goes to the worker, the page's own engine failed: ${reason}`);
}

/**
 * The run, computed on the main thread at once, when the placement allows it and the page's engine
 * answers in full; otherwise null, and the worker computes it.
 * @returns {{result: any, engineMs: number} | null}
 */
function simulateOnPage() {
  const bound = pageEngine && placement.onPage(state.workflow.length + state.scenarioText.length);
  return bound ? runOnPage(bound) : null;
}

/**
 * The text on screen simulated by the page's engine (within `bound`, if given), and what its
 * answer says of that engine: it holds the text, it lacks an interpreter, or it failed for good.
 * @returns {{result: any, engineMs: number} | null} null when it gave no result
 */
function runOnPage(bound) {
  const answer = pageEngine.simulate(state.workflow, state.scenarioText, bound);
  holds(answer.ok);
  if (answer.fatal) dropPageEngine(answer.message);
  else if (answer.missing) pageEngineBehind = true;
  return answer.ok ? answer : null;
}

/**
 * A large text the page's engine does not hold (run-placement.js, syncOnPage) is simulated there
 * whole, its answer dropped (the worker's is on screen): the keys after it are then edits of one
 * job that the engine there can bound. It holds the main thread for a whole run, so it waits for
 * typing to pause for SYNC_PAUSE_MS and for an idle moment.
 */
function syncPageEngine() {
  const chars = state.workflow.length + state.scenarioText.length;
  if (pageEngine && !pageEngineHolds && placement.syncOnPage(chars)) runOnPage();
}

let syncTimer = 0;
function syncPageEngineSoon() {
  clearTimeout(syncTimer);
  if (!pageEngine || pageEngineHolds) return;
  syncTimer = setTimeout(() => whenIdle(() => {
    const paused = performance.now() - changedAt >= SYNC_PAUSE_MS;
    if (!paused || inFlight || document.body.dataset.pending) syncPageEngineSoon();
    else syncPageEngine();
  }, 1000), SYNC_PAUSE_MS);
}

/** After a worker run that loaded an interpreter the page's engine lacked: attach it there too. */
function catchUpPageEngine() {
  if (!pageEngineBehind || !pageEngine) return;
  pageEngineBehind = false;
  const behind = pageEngine;
  afterPaint(() => behind.attachNew(engine).catch((error) => {
    if (pageEngine === behind) dropPageEngine(`an interpreter could not be attached: ${error?.message ?? error}`);
  }));
}

// When to simulate. A workflow whose runs take a few milliseconds is simulated at once on each
// change, so the result follows typing; one whose last two runs (engine and drawing) were both
// slow waits until typing pauses for DEBOUNCE_MS, as every workflow used to (placement.wait(),
// run-placement.js). One simulation at a time: a change made while one is in the worker has it
// thrown away when it comes back and the latest text sent at once, so the last text always wins
// and answers never pile up. A result with
// errors that comes back before typing has paused for DEBOUNCE_MS is held until then (a newer
// change drops it): half-typed text does not flash errors, while a good result is shown at once.
// A run on the main thread follows the same rules; it simply has its result before run() returns.
let changedAt = -Infinity; // when the text or the scenario last changed (performance.now())
let inFlight = false;     // a simulation is in the worker
let rerun = false;        // ...and the state changed since it was sent
let runSoon = false;      // a run is queued as a microtask
let holdTimer = 0;

// body[data-pending] while a run waits (for the debounce, for the run in the worker, or a held
// result for the pause), body[data-running] while the worker works, body[data-runs] counts
// finished runs: the browser tests wait on them. body[data-debounce] is the wait applied to the
// last change (0 or DEBOUNCE_MS): the bench reports it with its figures.
function schedule() {
  clearTimeout(timer);
  clearTimeout(holdTimer);
  changedAt = performance.now();
  document.body.dataset.pending = 'true';
  document.body.dataset.saving = 'true';
  const wait = placement.wait();
  document.body.dataset.debounce = String(wait);
  if (wait > 0) {
    timer = setTimeout(run, wait);
  } else if (!runSoon) {
    // A microtask, not a timer: the simulation is computed on the page, or sent to the worker,
    // before the browser draws the keystroke.
    runSoon = true;
    queueMicrotask(() => {
      runSoon = false;
      if (document.body.dataset.pending && document.body.dataset.debounce === '0') run();
    });
  }
}

function finished() {
  document.body.dataset.running = 'false';
  document.body.dataset.ready = 'true';
  document.body.dataset.runs = String(++runsDone);
}

/** timed: false for the first run, sent while the page is still being built (its time says nothing). */
async function run({ timed = true } = {}) {
  clearTimeout(timer);
  clearTimeout(holdTimer);
  if (inFlight) {
    rerun = true;
    document.body.dataset.pending = 'true';
    return;
  }
  const hold = changedAt + DEBOUNCE_MS - performance.now();
  if (state.scenarioError && hold > 0) {
    // Half-typed JSON: say so once typing pauses, as for a result with errors.
    document.body.dataset.pending = 'true';
    holdTimer = setTimeout(() => run({ timed }), hold);
    return;
  }
  delete document.body.dataset.pending;
  document.body.dataset.saving = 'true'; // written once this run's result is on screen
  if (state.scenarioError) {
    setStatus(`Not simulated: ${state.scenarioError}`, 'error');
    finished();
    scheduleSave();
    return;
  }
  document.body.dataset.running = 'true';
  const started = performance.now();
  let result;
  let failure = null;
  const onPage = simulateOnPage();
  if (onPage) {
    result = onPage.result;
    placement.record(onPage.engineMs);
    document.body.dataset.ranOn = 'page';
  } else {
    inFlight = true;
    try {
      const answer = await engine.simulateTimed(state.workflow, state.scenarioText);
      result = answer.result;
      placement.record(answer.engineMs);
    } catch (error) {
      failure = error;
    }
    inFlight = false;
    document.body.dataset.ranOn = 'worker';
    catchUpPageEngine();
    holds(false);
    syncPageEngineSoon();
    if (rerun) {
      // The state changed while the worker worked: this answer is stale, the latest goes now.
      rerun = false;
      run({ timed });
      return;
    }
  }
  if (failure) {
    setStatus(`The engine failed: ${failure?.message ?? failure}`, 'error');
    finished();
    scheduleSave();
    return;
  }
  const ms = performance.now() - started;
  const wait = result.valid ? 0 : changedAt + DEBOUNCE_MS - performance.now();
  if (wait > 0) {
    document.body.dataset.pending = 'true';
    document.body.dataset.running = 'false';
    holdTimer = setTimeout(() => {
      delete document.body.dataset.pending;
      show(result, ms, timed);
    }, wait);
    return;
  }
  show(result, ms, timed);
}

/** Puts a run's result on screen; ms: its round trip through the worker, or its call on the page. */
function show(result, ms, timed) {
  const drawing = performance.now();
  state.result = result;
  if (result.valid) state.lastValid = result;
  render();
  const errors = (result.diagnostics ?? []).filter((d) => d.severity === 'error').length;
  setStatus(`${result.valid ? 'Simulated' : `${errors} error${errors === 1 ? '' : 's'}`} in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`,
    result.valid ? 'ok' : 'error');
  if (timed) {
    placement.recordShown(ms + (performance.now() - drawing));
  }
  finished();
  scheduleSave();
  startPageEngine();
  warmUpTyping();
}

// ---------------------------------------------------------------------------------------------
// Rendering

let editor;
let form;

function jumpTo(line, column) {
  editor.goTo(line, column);
}

function pickJob(result, ids) {
  if (state.job && Object.hasOwn(result.jobs, state.job)) return state.job;
  return ids.find((id) => Object.keys(result.jobs[id].needs).length > 0) ?? ids[0] ?? '';
}

function selectJob(id) {
  const hadFocus = $('graph').contains(document.activeElement);
  state.job = id;
  renderResults();
  scheduleSave();
  if (hadFocus) [...$('graph').querySelectorAll('[data-job]')].find((g) => g.dataset.job === id)?.focus();
}

/** The diagnostics list shows this many; the editor underlines every one. */
const MAX_LISTED_DIAGNOSTICS = 200;
let listedDiagnostics = null;

function renderDiagnostics(diagnostics) {
  const key = JSON.stringify(diagnostics);
  if (key === listedDiagnostics) return;
  listedDiagnostics = key;
  const list = $('diagnostics');
  const listed = diagnostics.slice(0, MAX_LISTED_DIAGNOSTICS);
  replace(list, listed.map((d) => diagnosticItem(d, jumpTo)));
  if (diagnostics.length === 0) list.append(h('li', { className: 'muted' }, 'No diagnostics.'));
  if (diagnostics.length > listed.length) {
    list.append(h('li', { className: 'muted more' },
      `${count(diagnostics.length - listed.length, 'more diagnostic')} not listed here: the editor underlines every one.`));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  $('diag-count').textContent = diagnostics.length ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
}

/** "1 job", "2,000 jobs". */
function count(n, noun) {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

// What is on screen, so that a run whose result did not change a section leaves it alone (typing
// in a comment rebuilds nothing), and moving the selection redraws no graph. The graph and the jobs
// list keep the jobs they were drawn from and compare the next result's with them field by field
// (sameGraph, samePicker): no signature strings built over every job on every key.
const drawn = {
  jobs: null, ids: [], svg: null, selected: '', // the graph: from which jobs, which ids, which one marked
  picker: null,                                  // the jobs list: {ids, results, more} it was built from
  details: '',
};

/** Whether the jobs list built from `was` lists the same jobs with the same results. */
function samePicker(was, jobs, ids, more) {
  if (!was || was.more !== more || was.ids.length !== ids.length) return false;
  for (let i = 0; i < ids.length; i++) {
    if (was.ids[i] !== ids[i] || was.results[i] !== jobs[ids[i]].result) return false;
  }
  return true;
}

/** Past GRAPH_MAX_JOBS jobs: how many the graph leaves out, the results counted, and every job in a list. */
function renderJobsBar(shown, ids, drawnIds) {
  const bar = $('jobs-bar');
  if (drawnIds.length >= ids.length) {
    if (!bar.hidden) bar.hidden = true;
    drawn.picker = null;
    if (bar.firstChild) replace(bar);
    return;
  }
  const more = drawnIds.length > GRAPH_MAX_JOBS;
  if (!samePicker(drawn.picker, shown.jobs, ids, more)) {
    drawn.picker = { ids, results: ids.map((id) => shown.jobs[id].result), more };
    const results = {};
    for (const id of ids) results[shown.jobs[id].result] = (results[shown.jobs[id].result] ?? 0) + 1;
    const picker = h('select', {
      id: 'job-picker', 'aria-label': 'Show the details of a job',
      on: { change: (e) => selectJob(e.target.value) },
    }, ids.map((id) => h('option', { value: id }, `${id} (${shown.jobs[id].result})`)));
    replace(bar,
      h('p', { className: 'graph-note', role: 'note' },
        `${count(ids.length, 'job')}: ${Object.entries(results).map(([r, n]) => `${n.toLocaleString('en-US')} ${r}`).join(', ')}. `,
        `The graph shows the first ${GRAPH_MAX_JOBS.toLocaleString('en-US')} in file order`,
        more ? ' and the selected one' : '',
        '; pick any job here.'),
      h('label', { className: 'job-picker' }, h('span', {}, 'Job '), picker));
  }
  if (bar.hidden) bar.hidden = false;
  const picker = $('job-picker');
  if (picker.value !== state.job) picker.value = state.job;
}

function renderResults() {
  const result = state.result;
  const shown = result?.valid ? result : state.lastValid;
  const graph = $('graph');
  const details = $('details');
  document.body.classList.toggle('stale', Boolean(shown) && shown !== result);
  const ids = shown ? Object.keys(shown.jobs) : [];
  if (shown && ids.length) state.job = pickJob(shown, ids);

  // The graph: drawn again only when what it shows changed.
  const drawnIds = ids.length ? drawnJobs(shown.jobs, state.job, GRAPH_MAX_JOBS, ids) : [];
  if (!drawnIds.length) {
    replace(graph);
    drawn.svg = null;
  } else if (!drawn.svg || !graph.contains(drawn.svg) || !sameGraph(drawn.jobs, drawn.ids, shown.jobs, drawnIds)) {
    drawn.svg = renderGraph(shown, state.job, selectJob, drawnIds);
    replace(graph, drawn.svg);
    drawn.selected = state.job;
  } else if (drawn.selected !== state.job) {
    markSelected(drawn.svg, state.job);
    drawn.selected = state.job;
  }
  drawn.jobs = drawnIds.length ? shown.jobs : null;
  drawn.ids = drawnIds;
  renderJobsBar(shown, ids, drawnIds);

  // The details: looked at again only when the selected job, its notes or the workflow outputs
  // changed, and then only the sections whose content changed are built again (reconcile(): typing
  // in one step's script rebuilds that leg's steps, not the outputs, the needs or the other legs).
  const invalid = Boolean(result && !result.valid);
  const job = shown && state.job ? shown.jobs[state.job] : null;
  const key = JSON.stringify([invalid, Boolean(state.lastValid), Boolean(shown), ids.length, state.job, job,
    shown?.outputs ?? null, job ? (shown.diagnostics ?? []).filter((d) => d.job === state.job) : null]);
  if (key === drawn.details) return;
  drawn.details = key;
  const sections = [];
  if (invalid) {
    sections.push({
      key: `invalid ${Boolean(state.lastValid)}`,
      build: () => h('p', { className: 'warning invalid-note', role: 'note' },
        'GitHub would refuse to start this workflow: fix the errors listed under the editor.',
        state.lastValid ? ' Below is the last result before the error.' : ''),
    });
  }
  if (shown && ids.length === 0) sections.push({ key: 'no jobs', build: () => h('p', { className: 'muted' }, 'No jobs.') });
  if (shown && ids.length && Object.keys(shown.outputs ?? {}).length) {
    sections.push({ key: `workflow outputs ${JSON.stringify(shown.outputs)}`, build: () => renderWorkflowOutputs(shown) });
  }
  if (shown && ids.length && state.job) {
    sections.push({ key: 'job', build: () => h('article', { className: 'job-details', 'aria-labelledby': 'job-title' }) });
  }
  reconcile(details, sections);
  const article = details.querySelector(':scope > article.job-details');
  if (article) reconcile(article, jobSections(shown, state.job, jumpTo));
}

function render() {
  const result = state.result;
  editor.showDiagnostics(result.diagnostics ?? []);
  renderDiagnostics(result.diagnostics ?? []);
  renderResults();
  if (result.valid) form.setResult(result);
}

// ---------------------------------------------------------------------------------------------
// The address bar

let writtenHash = '';
let saving = Promise.resolve();
let saveTimer = 0;
let saveDue = false;  // a write scheduleSave() asked for is still to come
let saveToken = 0;    // which scheduleSave() call asked for it
let savedState = null;

// The fragment is written after the result is on screen, not on its path: compressing the state
// and history.replaceState cost the main thread 1 to 8 ms, which used to land while the worker's
// answer waited behind them. A small state is written once the next frame has been drawn, when the
// main thread is idle (or 250 ms later in a hidden page, which draws no frames); a large one a
// moment after the last change, not on each run: compressing a workflow of hundreds of KB and
// replacing a URL that long cost the main thread up to a tenth of a second, which typing must not
// pay for every key.
// body[data-saving] is set while a write is due; Copy link and Copy as Markdown write it first.
const SAVE_DELAY_MS = 600;
const SAVE_HIDDEN_MS = 250;
const SAVE_AT_ONCE_CHARS = 20_000;

function scheduleSave() {
  clearTimeout(saveTimer);
  document.body.dataset.saving = 'true';
  saveDue = true;
  const token = ++saveToken;
  const write = () => { if (saveDue && token === saveToken) saveToUrl(); };
  const large = state.workflow.length + state.scenarioText.length > SAVE_AT_ONCE_CHARS;
  if (large) {
    saveTimer = setTimeout(write, SAVE_DELAY_MS);
    return;
  }
  afterPaint(write);
  saveTimer = setTimeout(write, SAVE_HIDDEN_MS);
}

function saveToUrl() {
  clearTimeout(saveTimer);
  saveTimer = 0;
  saveDue = false;
  const snapshot = { workflow: state.workflow, scenario: state.scenarioText, job: state.job };
  saving = saving.then(async () => {
    const same = savedState && savedState.workflow === snapshot.workflow && savedState.scenario === snapshot.scenario
      && savedState.job === snapshot.job && location.hash === writtenHash;
    if (!same) {
      const fragment = await encodeState(snapshot);
      writtenHash = `#${fragment}`;
      savedState = snapshot;
      if (location.hash !== writtenHash) history.replaceState(null, '', writtenHash);
      updateOpenFull();
    }
  }).catch((error) => showBanner(`The address bar could not be updated: ${error?.message ?? error}`));
  const current = saving;
  current.then(() => { if (saving === current && !saveDue && !document.body.dataset.pending && document.body.dataset.running !== 'true') delete document.body.dataset.saving; });
  return current;
}

function updateOpenFull() {
  if (!embed) return;
  const url = new URL(location.href);
  url.searchParams.delete('embed');
  $('open-full').href = url.href;
}

function fullUrl() {
  return location.href;
}

// ---------------------------------------------------------------------------------------------
// Loading a state (link, example, start)

function setScenarioText(text, { fromJsonView = false } = {}) {
  state.scenarioText = text;
  let parsed;
  try {
    parsed = JSON.parse(text.trim() === '' ? '{}' : text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The scenario must be a JSON object, e.g. {}');
    state.scenarioError = '';
    state.scenario = parsed;
    form?.setScenario(parsed);
  } catch (error) {
    state.scenarioError = error instanceof SyntaxError ? `the scenario is not valid JSON (${error.message})` : error.message;
  }
  $('scenario-json-error').textContent = state.scenarioError ? `Not applied: ${state.scenarioError}` : '';
  $('scenario-json').setAttribute('aria-invalid', String(Boolean(state.scenarioError)));
  if (!fromJsonView) $('scenario-json').value = text;
}

function loadState({ workflow, scenario, job }) {
  state.job = job ?? '';
  state.workflow = workflow;
  state.lastValid = null;
  editor.setText(workflow);
  setScenarioText(scenario);
  run();
}

function loadExample(id) {
  const example = examples.find((e) => e.id === id);
  if (!example) return;
  loadState({ workflow: example.workflow, scenario: example.scenario, job: '' });
  $('banner').hidden = true;
}

async function stateFromHash() {
  const fragment = location.hash.replace(/^#/, '');
  if (!fragment) return null;
  try {
    return await decodeState(fragment);
  } catch (error) {
    const reason = error instanceof ShareLinkError ? error.message : 'it could not be read';
    showBanner(`This link could not be opened: ${reason}. The editor starts empty; pick an example or paste a workflow.`);
    return { workflow: '', scenario: '{}', job: '', broken: true };
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function initExamples() {
  const select = $('examples');
  const groups = [
    ['From GitHub\'s documentation', examples.filter((e) => e.source === 'docs')],
    ['Teaching examples', examples.filter((e) => e.source !== 'docs')],
  ];
  for (const [label, list] of groups) {
    if (list.length === 0) continue;
    select.append(h('optgroup', { label }, list.map((e) => h('option', { value: e.id, title: e.summary }, e.title))));
  }
  select.addEventListener('change', () => {
    if (select.value) loadExample(select.value);
    select.value = '';
  });
}

function initScenarioPanel() {
  const panel = $('scenario-panel');
  form = new ScenarioForm($('scenario-form'), {
    isShown: () => panel.open && !$('scenario-form').hidden,
    onChange: (scenario) => {
      state.scenario = scenario;
      state.scenarioText = JSON.stringify(scenario, null, 2);
      state.scenarioError = '';
      $('scenario-json').value = state.scenarioText;
      $('scenario-json-error').textContent = '';
      schedule();
    },
  });
  $('scenario-json').addEventListener('input', (e) => {
    setScenarioText(e.target.value, { fromJsonView: true });
    schedule();
  });
  const tabs = [['tab-form', 'scenario-form'], ['tab-json', 'scenario-json-pane']];
  const show = (which) => {
    for (const [tab, pane] of tabs) {
      const on = tab === which;
      $(tab).setAttribute('aria-selected', String(on));
      $(tab).tabIndex = on ? 0 : -1;
      $(pane).hidden = !on;
    }
    form.show();
  };
  for (const [tab] of tabs) {
    $(tab).addEventListener('click', () => show(tab));
    $(tab).addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const other = tab === 'tab-form' ? 'tab-json' : 'tab-form';
        show(other);
        $(other).focus();
      }
    });
  }
  show('tab-form');
  panel.addEventListener('toggle', () => form.show());
  if (embed || matchMedia('(max-width: 820px)').matches) $('scenario-panel').open = false;
}

function initButtons() {
  $('copy-link').addEventListener('click', async (e) => {
    const button = e.currentTarget;
    await saveToUrl();
    flash(button, (await copyText(fullUrl())) ? 'Link copied' : 'Copy failed');
  });
  $('copy-md').addEventListener('click', async (e) => {
    const button = e.currentTarget;
    await saveToUrl();
    const text = toMarkdown({
      workflow: state.workflow, scenario: state.scenarioText, result: state.result, url: fullUrl(), version: state.version,
    });
    flash(button, (await copyText(text)) ? 'Markdown copied' : 'Copy failed');
  });
  // Ctrl/Cmd+Enter anywhere on the page runs now (the editor has its own binding too).
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); run(); }
  });
  // The skip link must not replace the state held in the fragment.
  document.querySelector('.skip').addEventListener('click', (e) => { e.preventDefault(); editor.view.focus(); });
  window.addEventListener('hashchange', async () => {
    if (location.hash === writtenHash) return;
    const next = await stateFromHash();
    if (next) loadState(next);
  });
}

async function main() {
  initTheme();
  if (embed) {
    document.documentElement.classList.add('embed');
    $('open-full').hidden = false;
  }
  const linked = await stateFromHash();
  const example = examples[0];
  const initial = linked ?? { workflow: example?.workflow ?? '', scenario: example?.scenario ?? '{}', job: '' };
  if (linked && !linked.broken) {
    // The address bar already holds this state: no need to write it again.
    savedState = { workflow: linked.workflow, scenario: linked.scenario, job: linked.job };
    writtenHash = location.hash;
  }
  // The first simulation is sent before the editor and the panels are built (a tenth of a second
  // of the main thread), so the worker runs it meanwhile. Nothing below awaits, so its result
  // cannot arrive before they exist.
  state.workflow = initial.workflow;
  state.job = initial.job ?? '';
  setScenarioText(initial.scenario);
  run({ timed: false });

  editor = createEditor($('editor'), {
    text: initial.workflow,
    onChange: (text) => {
      if (text === state.workflow) return;
      state.workflow = text;
      schedule();
    },
    onRun: () => run(),
  });
  initScenarioPanel();
  setScenarioText(initial.scenario);
  initExamples();
  initButtons();
  engine.version().then((v) => { state.version = v; document.body.dataset.engine = v; }).catch(() => {});
}

main().catch((error) => {
  showBanner(`The page failed to start: ${error?.message ?? error}`);
});
