// How the page runs the next change (web/src/app/run-placement.js): on the main thread only for a small
// text whose last run was cheap, one slow run sending the next to the worker; and at once unless
// the last two runs shown were slow.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createPlacement, PAGE_MAX_CHARS, PAGE_MAX_ENGINE_MS, FAST_RUN_MS, DEBOUNCE_MS } from '../../web/src/app/run-placement.js';

test('the limits are a frame\'s share and a small file', () => {
  assert.ok(PAGE_MAX_ENGINE_MS > 0 && PAGE_MAX_ENGINE_MS < 16.7, 'a run must fit in a 60 Hz frame');
  assert.ok(PAGE_MAX_CHARS >= 5_000 && PAGE_MAX_CHARS <= 50_000);
});

// Each row: the engine times recorded (oldest first), the text's length, where the next run goes.
const ROWS = [
  { runs: [], chars: 100, page: false, why: 'no run yet: nothing says what the text costs' },
  { runs: [2], chars: 100, page: true, why: 'one cheap run' },
  { runs: [2, 3], chars: 100, page: true, why: 'two cheap runs' },
  { runs: [2, PAGE_MAX_ENGINE_MS], chars: 100, page: true, why: 'at the limit' },
  { runs: [2, PAGE_MAX_ENGINE_MS + 0.1], chars: 100, page: false, why: 'the last run was slow' },
  { runs: [40], chars: 100, page: false, why: 'the only run was slow' },
  { runs: [40, 2], chars: 100, page: true, why: 'a cheap run after a slow one' },
  { runs: [2, 3], chars: PAGE_MAX_CHARS, page: true, why: 'a text at the size limit' },
  { runs: [2, 3], chars: PAGE_MAX_CHARS + 1, page: false, why: 'a larger text' },
  { runs: [2, NaN], chars: 100, page: false, why: 'a time that is not a number counts as slow' },
];

for (const { runs, chars, page, why } of ROWS) {
  test(`runs ${JSON.stringify(runs)}, ${chars} characters: ${page ? 'main thread' : 'worker'} (${why})`, () => {
    const placement = createPlacement();
    for (const ms of runs) placement.record(ms);
    assert.equal(placement.onPage(chars), page);
  });
}

test('the limits can be set', () => {
  const placement = createPlacement({ maxChars: 10, maxEngineMs: 1 });
  placement.record(0.5);
  assert.equal(placement.onPage(10), true);
  assert.equal(placement.onPage(11), false);
  placement.record(1.5);
  assert.equal(placement.onPage(10), false);
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
