// Where the page simulates (web/src/app/run-placement.js): on the main thread only for a small
// text whose last run was cheap; one slow run sends the next to the worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createPlacement, PAGE_MAX_CHARS, PAGE_MAX_ENGINE_MS } from '../../web/src/app/run-placement.js';

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
