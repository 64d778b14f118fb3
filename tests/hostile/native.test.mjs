// The hostile corpus (corpus.mjs) through the native CLI: for every case, `ghaplay simulate
// --format json` ends within a wall-clock guard (GHAPLAY_HOSTILE_TIMEOUT_MS, default 30000: a hang
// guard, wide enough for the sanitizer build on a busy machine; how fast each case is belongs to
// make bench), exits 0 or 1 as expected.json says, prints one JSON result with exactly the expected
// diagnostic codes, and writes nothing to stderr (where a sanitizer build would report). Run by
// ctest (hostile_corpus) with GHAPLAY_CLI set to the build's CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadCorpus, problems, simulateArgs } from './corpus.mjs';

const CLI = process.env.GHAPLAY_CLI;
const LIMIT_MS = Number(process.env.GHAPLAY_HOSTILE_TIMEOUT_MS ?? 30000);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-hostile-'));

test('GHAPLAY_CLI names the CLI', () => {
  assert.ok(CLI && fs.existsSync(CLI), `GHAPLAY_CLI=${CLI} does not exist`);
});

for (const c of loadCorpus()) {
  test(c.name, (t) => {
    const args = simulateArgs(c, TMP);
    const start = process.hrtime.bigint();
    const run = spawnSync(CLI, args, { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 1 << 28, killSignal: 'SIGKILL' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGKILL', false,
                 `${c.name}: still running after ${LIMIT_MS} ms (killed)`);
    assert.equal(run.signal, null, `${c.name}: died of ${run.signal}\n${run.stderr.slice(0, 3000)}`);
    assert.equal(run.stderr, '', `${c.name}: wrote to stderr`);
    let result;
    try {
      result = JSON.parse(run.stdout);
    } catch (error) {
      assert.fail(`${c.name}: stdout is not one JSON value (${error.message}): ${run.stdout.slice(0, 300)}`);
    }
    assert.deepEqual(problems(c, result, run.status), [], `${c.name} (${ms.toFixed(0)} ms)`);
    t.diagnostic(`${ms.toFixed(0)} ms`);
  });
}
