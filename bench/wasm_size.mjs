// The size of the WebAssembly engine the page downloads, against its budget.
//
//   node bench/wasm_size.mjs [--wasm-dir DIR] [--budget-kb N] [--enforce]
//
// Prints the raw and gzip (zlib level 9) sizes of ghaplay.wasm and ghaplay.js, and the budget:
// 300 KB of gzip for ghaplay.wasm (1 KB = 1,000 bytes, as a network transfer is counted).
// Like the rest of `make bench` it reports and exits 0 on a missed target; with --enforce it exits 1
// when the wasm is over budget. Exits 2 when the files are missing or an option is wrong.
// The wasm folder defaults to build/wasm (or GHAPLAY_WASM_DIR).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = {
    wasmDir: process.env.GHAPLAY_WASM_DIR ?? path.join('build', 'wasm'),
    budgetKb: 300,
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

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const shown = (file) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file);

function main() {
  const options = parseArgs(process.argv.slice(2));
  const wasm = path.join(options.wasmDir, 'ghaplay.wasm');
  const js = path.join(options.wasmDir, 'ghaplay.js');
  for (const file of [wasm, js]) {
    if (!fs.existsSync(file)) {
      console.error(`wasm_size: ${file} is missing: run 'make wasm'`);
      process.exit(2);
    }
  }
  const w = sizes(wasm);
  const j = sizes(js);
  const budget = options.budgetKb * 1000;
  const rows = [
    ['file', 'raw', 'gzip -9'],
    [shown(wasm), `${w.raw} B (${kb(w.raw)})`, `${w.gzip} B (${kb(w.gzip)})`],
    [shown(js), `${j.raw} B (${kb(j.raw)})`, `${j.gzip} B (${kb(j.gzip)})`],
    ['both', `${w.raw + j.raw} B (${kb(w.raw + j.raw)})`, `${w.gzip + j.gzip} B (${kb(w.gzip + j.gzip)})`],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('wasm size (bench/wasm_size.mjs)');
  for (const row of rows) console.log('  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
  const over = w.gzip - budget;
  const verdict = over > 0 ? `OVER BUDGET by ${kb(over)}` : `within budget (${kb(-over)} to spare)`;
  console.log(`  budget: ghaplay.wasm gzip <= ${options.budgetKb} KB (${budget} B): ${kb(w.gzip)}, ` +
              `${(100 * w.gzip / budget).toFixed(0)}% of budget: ${verdict}`);
  if (over > 0 && options.enforce) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
