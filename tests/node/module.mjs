// What the Node tests share: where the builds are, and the wasm module loaded as Node users load it.
// Nothing is skipped: a missing build is a failure, not a skip.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// GHAPLAY_WASM_DIR points the tests at another wasm build (default: build/wasm).
export const WASM_DIR = path.resolve(ROOT, process.env.GHAPLAY_WASM_DIR ?? path.join('build', 'wasm'));
export const WASM_JS = path.join(WASM_DIR, 'ghaplay.js');
export const WASM_BIN = path.join(WASM_DIR, 'ghaplay.wasm');
// GHAPLAY_CLI (make test points it at its sanitizer build), else build/native/ghaplay.
export const CLI = path.resolve(ROOT, process.env.GHAPLAY_CLI ?? path.join('build', 'native', 'ghaplay'));

/** A new instance of the module (a CommonJS factory: -sMODULARIZE=1, not EXPORT_ES6, which fails under Node). */
export async function loadModule() {
  for (const file of [WASM_JS, WASM_BIN]) {
    assert.ok(fs.existsSync(file), `${file} is missing: run 'make wasm'`);
  }
  const createGhaplay = createRequire(import.meta.url)(WASM_JS);
  // Emscripten 3.1.6 under Node 20 tries fetch() on a file path: hand it the bytes ourselves.
  return createGhaplay({ wasmBinary: fs.readFileSync(WASM_BIN) });
}
