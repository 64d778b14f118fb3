// The size of the WebAssembly modules the page downloads, against the engine's budget.
//
//   node bench/wasm_size.mjs [--wasm-dir DIR] [--budget-kb N] [--enforce]
//
// The wasm build is four modules (wasm/CMakeLists.txt): the engine, ghaplay.wasm with its glue
// ghaplay.js, which runs bash without its text tools itself, and the interpreter modules
// (web/src/interpreters.js names them), which the page loads on demand: bash-full when a script
// first reaches grep, sed, awk...; pwsh and python when a workflow needs them. Prints the raw and
// gzip (zlib level 9) size of each .wasm and .js, everything (engine + all interpreters), and the
// budget: 300 KB of gzip for ghaplay.wasm, the engine (1 KB = 1,000 bytes, as a network transfer
// is counted). Like the rest of `make bench` it reports and exits 0 on a missed target; with
// --enforce it exits 1 when the engine is over budget. Exits 2 when a file is missing or an option
// is wrong. The wasm folder defaults to build/wasm (or GHAPLAY_WASM_DIR).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { INTERPRETERS, INTERPRETER_NAMES } from '../web/src/interpreters.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUDGET_KB = 300;

function parseArgs(argv) {
  const options = {
    wasmDir: process.env.GHAPLAY_WASM_DIR ?? path.join('build', 'wasm'),
    budgetKb: BUDGET_KB,
    enforce: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--wasm-dir') options.wasmDir = argv[++i];
    else if (arg === '--budget-kb') options.budgetKb = Number(argv[++i]);
    else if (arg === '--enforce') options.enforce = true;
    else {
      console.error(`usage: node bench/wasm_size.mjs [--wasm-dir DIR] [--budget-kb N] [--enforce] (unknown: ${arg})`);
      process.exit(2);
    }
  }
  if (!options.wasmDir || !(options.budgetKb > 0)) {
    console.error('wasm_size: --wasm-dir needs a folder and --budget-kb a positive number');
    process.exit(2);
  }
  options.wasmDir = path.resolve(ROOT, options.wasmDir);
  return options;
}

/** Raw and gzip -9 sizes of one file, in bytes. */
export function sizes(file) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const ZERO = { raw: 0, gzip: 0 };

/**
 * Every module of the wasm build in `wasmDir`: the engine first, then the interpreters in
 * web/src/interpreters.js's order, each with the sizes of its .wasm and its .js glue; and the two
 * sets the page can load, each file gzipped on its own (as each is fetched on its own).
 * Throws when a file is missing.
 * @returns {{modules: {name: string, wasmFile: string, jsFile: string, wasm: {raw: number, gzip: number}, js: {raw: number, gzip: number}}[],
 *            sets: {name: string, modules: string[], wasm: {raw: number, gzip: number}, js: {raw: number, gzip: number}}[]}}
 */
export function measureModules(wasmDir) {
  const files = [
    { name: 'engine', wasm: 'ghaplay.wasm', script: 'ghaplay.js' },
    ...INTERPRETER_NAMES.map((name) => ({ name, ...INTERPRETERS[name] })),
  ];
  const modules = files.map((f) => {
    const wasmFile = path.join(wasmDir, f.wasm);
    const jsFile = path.join(wasmDir, f.script);
    for (const file of [wasmFile, jsFile]) {
      if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'make wasm'`);
    }
    return { name: f.name, wasmFile, jsFile, wasm: sizes(wasmFile), js: sizes(jsFile) };
  });
  const set = (name, names) => {
    const chosen = modules.filter((m) => names.includes(m.name));
    return { name, modules: names, wasm: chosen.map((m) => m.wasm).reduce(add, ZERO), js: chosen.map((m) => m.js).reduce(add, ZERO) };
  };
  const sets = [
    set('engine + all interpreters', ['engine', ...INTERPRETER_NAMES]),
  ];
  return { modules, sets };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const shown = (file) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file);

function main() {
  const options = parseArgs(process.argv.slice(2));
  let measured;
  try {
    measured = measureModules(options.wasmDir);
  } catch (e) {
    console.error(`wasm_size: ${e.message}`);
    process.exit(2);
  }
  const cell = (s) => [`${s.raw} B (${kb(s.raw)})`, `${s.gzip} B (${kb(s.gzip)})`];
  const rows = [['file', 'raw', 'gzip -9']];
  for (const m of measured.modules) {
    rows.push([shown(m.wasmFile), ...cell(m.wasm)]);
    rows.push([shown(m.jsFile), ...cell(m.js)]);
  }
  rows.push(null);
  for (const s of measured.sets) {
    const n = s.modules.length;
    rows.push([`${s.name}: the ${n} .wasm`, ...cell(s.wasm)]);
    rows.push([`${s.name}: the ${n} .wasm + ${n} .js`, ...cell(add(s.wasm, s.js))]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.filter(Boolean).map((r) => r[c].length)));
  console.log('wasm size (bench/wasm_size.mjs)');
  for (const row of rows) {
    if (!row) { console.log(''); continue; }
    console.log('  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
  }
  const engine = measured.modules[0].wasm;
  const budget = options.budgetKb * 1000;
  const over = engine.gzip - budget;
  const verdict = over > 0 ? `OVER BUDGET by ${kb(over)}` : `within budget (${kb(-over)} to spare)`;
  console.log(`  budget: ghaplay.wasm (the engine) gzip <= ${options.budgetKb} KB (${budget} B): ${kb(engine.gzip)}, ` +
              `${(100 * engine.gzip / budget).toFixed(0)}% of budget: ${verdict}`);
  if (over > 0 && options.enforce) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
