// make bench's hostile section: how long the worst inputs take, so that "every input ends in well
// under a second of engine time" is a measured figure and not a hope. The corpus is the tests' own
// (tests/hostile/corpus.mjs): alias bombs, 12,000 jobs, endless loops in each interpreter, a
// 256-leg matrix of 40 steps, a 500 KB line... Each case runs through the native Release CLI (a
// process per run, so start-up is included) and through one wasm module (the call alone) with the
// interpreter modules attached, so that the endless loops do run. The first run of each case
// checks that both give the same answer: a timing of a different answer would mean nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadCorpus, simulateArgs } from '../tests/hostile/corpus.mjs';

const TARGET_MS = 1000;

/**
 * @param {object} o
 * @param {string} o.cli          the native CLI
 * @param {object} o.module       a wasm engine instance (createGhaplay's result) with the bash,
 *                                pwsh and python interpreter modules attached (attachInterpreter)
 * @param {number} o.runs         samples per case
 * @param {Function} o.row        bench/run.mjs's row(section, figure, unit, stats, target, met, digits)
 * @param {Function} o.stats      stats(samples) -> { median, min, max, n }
 * @param {string[]} o.notes      where to write what the figures mean
 */
export function benchHostile({ cli, module, runs, row, stats, notes }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-bench-hostile-'));
  const cases = loadCorpus();
  const timed = [];
  for (const c of cases) {
    const args = simulateArgs(c, tmp);
    const native = [];
    const wasm = [];
    const bytes = new Uint8Array(c.workflow);
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const run = spawnSync(cli, args, { maxBuffer: 1 << 28, timeout: 60_000 });
      native.push(performance.now() - t0);
      if (run.status !== 0 && run.status !== 1) throw new Error(`${c.name}: the CLI ended with ${run.status ?? run.signal}`);
      const t1 = performance.now();
      const answer = module.simulate(bytes, c.scenario ?? '');
      wasm.push(performance.now() - t1);
      if (i === 0) {
        const missing = module.missingInterpreters();
        if (missing.length) throw new Error(`${c.name}: the wasm engine ran without the ${missing.join(', ')} interpreter module(s)`);
        if (answer.trimEnd() !== run.stdout.toString('utf8').trimEnd()) throw new Error(`${c.name}: the wasm module and the native CLI answer differently`);
      }
    }
    timed.push({ name: c.name, native: stats(native), wasm: stats(wasm) });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const kind of ['native', 'wasm']) {
    const worst = timed.reduce((a, b) => (b[kind].median > a[kind].median ? b : a));
    const label = kind === 'native' ? 'native CLI (process included)' : 'wasm simulate() call';
    row('hostile', `${label}, slowest of ${timed.length} hostile inputs: ${worst.name}`, 'ms', worst[kind],
        `< ${TARGET_MS} ms`, worst[kind].median < TARGET_MS);
    const total = timed.map((t) => t[kind].median).reduce((a, b) => a + b, 0);
    row('hostile', `${label}, all ${timed.length} hostile inputs together (sum of medians)`, 'ms',
        { median: total, min: total, max: total, n: 1 });
  }
  const slowest = [...timed].sort((a, b) => b.wasm.median - a.wasm.median).slice(0, 5)
    .map((t) => `${t.name} ${t.wasm.median.toFixed(0)} ms wasm / ${t.native.median.toFixed(0)} ms native`);
  notes.push(`Hostile inputs: the ${timed.length} cases of tests/hostile (corpus.mjs), each run ${runs} times natively ` +
    `(the Release CLI, a process per run) and through one wasm engine with its interpreter modules attached, each answer checked against the CLI's. Slowest in wasm: ${slowest.join('; ')}.`);
  return timed;
}
