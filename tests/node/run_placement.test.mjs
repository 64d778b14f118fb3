// How the page runs the next change (web/src/app/run-placement.js): on the main thread only while the
// last run was cheap, a small text at once and a large one if the engine finds it cheap, one slow
// run sending the next to the worker; and at once unless the last two runs shown were slow.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  createPlacement, PAGE_MAX_CHARS, PAGE_MAX_ENGINE_MS, PAGE_MAX_JOBS, PAGE_SYNC_MAX_CHARS, FAST_RUN_MS, DEBOUNCE_MS,
} from '../../web/src/app/run-placement.js';

test('the limits are a frame\'s share and a small file', () => {
  assert.ok(PAGE_MAX_ENGINE_MS > 0 && PAGE_MAX_ENGINE_MS < 16.7, 'a run must fit in a 60 Hz frame');
  assert.ok(PAGE_MAX_CHARS >= 5_000 && PAGE_MAX_CHARS <= 50_000);
});

// Each row: the engine times recorded (oldest first), the text's length, where the next run goes:
// the worker (null), the main thread ({}), or the main thread if the engine finds it cheap ({maxJobs}).
const BOUNDED = { maxJobs: PAGE_MAX_JOBS };
const ROWS = [
  { runs: [], chars: 100, page: null, why: 'no run yet: nothing says what the text costs' },
  { runs: [2], chars: 100, page: {}, why: 'one cheap run' },
  { runs: [2, 3], chars: 100, page: {}, why: 'two cheap runs' },
  { runs: [2, PAGE_MAX_ENGINE_MS], chars: 100, page: {}, why: 'at the limit' },
  { runs: [2, PAGE_MAX_ENGINE_MS + 0.1], chars: 100, page: null, why: 'the last run was slow' },
  { runs: [40], chars: 100, page: null, why: 'the only run was slow' },
  { runs: [40, 2], chars: 100, page: {}, why: 'a cheap run after a slow one' },
  { runs: [2, 3], chars: PAGE_MAX_CHARS, page: {}, why: 'a text at the size limit' },
  { runs: [2, 3], chars: PAGE_MAX_CHARS + 1, page: BOUNDED, why: 'a larger text: if the engine finds it cheap' },
  { runs: [2, 3], chars: 2_000_000, page: BOUNDED, why: 'however large' },
  { runs: [], chars: PAGE_MAX_CHARS + 1, page: null, why: 'a larger text before any run' },
  { runs: [2, 40], chars: PAGE_MAX_CHARS + 1, page: null, why: 'a larger text after a slow run' },
  { runs: [2, NaN], chars: 100, page: null, why: 'a time that is not a number counts as slow' },
];

for (const { runs, chars, page, why } of ROWS) {
  test(`runs ${JSON.stringify(runs)}, ${chars} characters: ${page ? `main thread ${JSON.stringify(page)}` : 'worker'} (${why})`, () => {
    const placement = createPlacement();
    for (const ms of runs) placement.record(ms);
    assert.deepEqual(placement.onPage(chars), page);
  });
}

test('a large text is loaded whole into the page\'s engine up to PAGE_SYNC_MAX_CHARS', () => {
  const placement = createPlacement();
  assert.equal(placement.syncOnPage(PAGE_MAX_CHARS), false, 'a small text needs no sync: its runs are not bounded');
  assert.equal(placement.syncOnPage(PAGE_MAX_CHARS + 1), true);
  assert.equal(placement.syncOnPage(PAGE_SYNC_MAX_CHARS), true);
  assert.equal(placement.syncOnPage(PAGE_SYNC_MAX_CHARS + 1), false, 'too long a wait on the main thread');
  assert.ok(PAGE_SYNC_MAX_CHARS > PAGE_MAX_CHARS);
});

test('the limits can be set', () => {
  const placement = createPlacement({ maxChars: 10, maxEngineMs: 1, maxJobs: 3, maxSyncChars: 20 });
  placement.record(0.5);
  assert.deepEqual(placement.onPage(10), {});
  assert.deepEqual(placement.onPage(11), { maxJobs: 3 });
  assert.equal(placement.syncOnPage(20), true);
  assert.equal(placement.syncOnPage(21), false);
  placement.record(1.5);
  assert.equal(placement.onPage(10), null);
});

// When the next change runs: at once while one of the last two shown runs was fast, else after a pause.
const WAITS = [
  { shown: [], wait: 0, why: 'no run shown yet: at once' },
  { shown: [FAST_RUN_MS + 1], wait: 0, why: 'one slow run: the other of the last two is still the optimistic 0' },
  { shown: [FAST_RUN_MS + 1, FAST_RUN_MS + 1], wait: DEBOUNCE_MS, why: 'two slow runs' },
  { shown: [FAST_RUN_MS + 1, FAST_RUN_MS], wait: 0, why: 'the last at the limit' },
  { shown: [FAST_RUN_MS + 1, FAST_RUN_MS + 1, 3], wait: 0, why: 'a fast run after two slow ones' },
  { shown: [3, FAST_RUN_MS + 1, FAST_RUN_MS + 1], wait: DEBOUNCE_MS, why: 'only the last two count' },
];

for (const { shown, wait, why } of WAITS) {
  test(`shown runs ${JSON.stringify(shown)}: wait ${wait} ms (${why})`, () => {
    const placement = createPlacement();
    for (const ms of shown) placement.recordShown(ms);
    assert.equal(placement.wait(), wait);
  });
}
