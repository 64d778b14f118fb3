// How the page runs the next change, from what its last runs cost: when (at once, or after typing
// pauses) and where (on its own main thread, page-engine.js, so that a keystroke's result is drawn
// in the frame that draws the typed character, or in the worker, as it always did). The main
// thread only while that is safe, i.e. cheap: a run there holds the page for as long as the engine
// takes (docs/DECISIONS.md, "The engine on the main thread", and "A large workflow's keys on the
// main thread").
//
//   const placement = createPlacement();
//   placement.record(engineMs);            // after every run, wherever it ran: the engine's own time
//   placement.recordShown(ms);             // after a run is drawn: from sending it to drawn
//   placement.wait();                      // 0 (run at once) or DEBOUNCE_MS (after a pause)
//   placement.onPage(text.length);         // null (the worker), {} (the main thread now), or
//                                          // {maxJobs}: the main thread, if the engine finds it cheap
//   placement.syncOnPage(text.length);     // true: load a large text whole into the page's engine,
//                                          // once typing pauses, so that its next edits are cheap there

/** How long typing must pause before a slow workflow is simulated again. */
export const DEBOUNCE_MS = 150;

/**
 * A workflow is simulated at once on each change while one of its last two shown runs (sending to
 * drawn) took at most this long; otherwise after typing pauses for DEBOUNCE_MS, so that a large
 * one does not spend the main thread on results nobody waits for. Two, so that one slow run (a
 * pause for garbage collection) does not make the next key wait.
 */
export const FAST_RUN_MS = 50;

/**
 * Past this many characters (workflow and scenario), the worker. The examples are 0.3 to 0.9 KB;
 * 80 of the bench's generated one-step jobs (19 KB) take the engine about 9 ms (Node, warm), so
 * past 20,000 characters a text's run is rarely cheap. It also keeps a large paste, whose first
 * run no earlier time predicts, off the main thread.
 */
export const PAGE_MAX_CHARS = 20_000;

/**
 * Past PAGE_MAX_CHARS, a run takes the main thread only if the engine, before simulating anything,
 * finds the text an edit of one job of the last one it simulated there and at most this many jobs
 * to simulate again (simulateWithin): typing in a large workflow edits one job, and the jobs that
 * run before it are taken from the run before. In the 500-job bench workflow (Node, warm) an edit
 * costs about 1.5 ms whatever it reaches, and each job simulated again about 0.05 ms more: an edit
 * reaching 17 jobs took 2.3 ms, 33 jobs 2.9 ms.
 */
export const PAGE_MAX_JOBS = 16;

/**
 * A large text comes to the page's engine whole once, after typing has paused for SYNC_PAUSE_MS,
 * in an idle moment, so that the keys after it are edits the engine can bound: that run holds the
 * main thread as long as a whole load and simulation take (the 500-job bench workflow, 121 KB: 70 ms
 * in Chromium, Long Tasks API). Past this many characters the page does not hold it that long, and each key
 * is computed in the worker, a frame after its character.
 */
export const PAGE_SYNC_MAX_CHARS = 160_000;
export const SYNC_PAUSE_MS = 500;

/**
 * The engine's time (its call, not a round trip) the last run must stay under. A frame lasts
 * 16.7 ms at 60 Hz; the key's own handling (CodeMirror) and drawing the result take a few ms of
 * it, so a run of at most 10 ms lets the result land in the key's frame. The last run alone
 * decides, wherever it ran: one slow run sends the next key to the worker (a text that became
 * expensive holds the main thread once), and one cheap run in the worker brings the next back
 * (a run slowed by the machine, not by the text, costs one key a frame).
 */
export const PAGE_MAX_ENGINE_MS = 10;

/**
 * @param {{maxChars?: number, maxEngineMs?: number, maxJobs?: number, maxSyncChars?: number}} [limits]
 */
export function createPlacement({
  maxChars = PAGE_MAX_CHARS, maxEngineMs = PAGE_MAX_ENGINE_MS, maxJobs = PAGE_MAX_JOBS, maxSyncChars = PAGE_SYNC_MAX_CHARS,
} = {}) {
  /** The engine's time of the last run, on either side; Infinity before any. */
  let lastMs = Infinity;
  /** The last two shown runs, from sending to drawn (0 before any: optimistic). */
  const lastShownMs = [0, 0];
  return {
    /** @param {number} engineMs how long the engine's call took, in the worker or on the page */
    record(engineMs) {
      lastMs = Number.isFinite(engineMs) ? engineMs : Infinity;
    },
    /** @param {number} ms how long a run took from sending it to its result drawn */
    recordShown(ms) {
      lastShownMs.shift();
      lastShownMs.push(ms);
    },
    /** How long the next change waits for more typing before it is simulated: 0 or DEBOUNCE_MS. */
    wait() {
      return Math.min(...lastShownMs) <= FAST_RUN_MS ? 0 : DEBOUNCE_MS;
    },
    /**
     * Whether the next run may hold the main thread, while the last run was cheap: a small text at
     * once ({}), a large one if the engine finds the run cheap ({maxJobs}). Before any run, and
     * after a slow one: null, the worker.
     * @param {number} chars the workflow's and the scenario's length
     * @returns {{maxJobs?: number} | null}
     */
    onPage(chars) {
      if (!(lastMs <= maxEngineMs)) return null;
      return chars <= maxChars ? {} : { maxJobs };
    },
    /**
     * Whether a text the page's engine does not hold is to be loaded there whole, once typing pauses:
     * a large one, up to the size whose load the page can afford to wait for.
     * @param {number} chars the workflow's and the scenario's length
     */
    syncOnPage(chars) {
      return chars > maxChars && chars <= maxSyncChars;
    },
  };
}
