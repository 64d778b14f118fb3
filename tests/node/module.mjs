// What the Node tests share: where the builds are, and the wasm module loaded as Node users load it.
// Nothing is skipped: a missing build is a failure, not a skip.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { INTERPRETERS, INTERPRETER_NAMES } from '../../web/src/interpreters.js';

export { INTERPRETERS, INTERPRETER_NAMES };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// GHAPLAY_WASM_DIR points the tests at another wasm build (default: build/wasm).
export const WASM_DIR = path.resolve(ROOT, process.env.GHAPLAY_WASM_DIR ?? path.join('build', 'wasm'));
export const WASM_JS = path.join(WASM_DIR, 'ghaplay.js');
export const WASM_BIN = path.join(WASM_DIR, 'ghaplay.wasm');
// GHAPLAY_CLI (make test points it at its sanitizer build), else build/native/ghaplay.
export const CLI = path.resolve(ROOT, process.env.GHAPLAY_CLI ?? path.join('build', 'native', 'ghaplay'));

const require = createRequire(import.meta.url);

/**
 * A new instance of the engine module (a CommonJS factory: -sMODULARIZE=1, not EXPORT_ES6, which
 * fails under Node) with the interpreter modules named in `interpreters` attached (all of them
 * unless told otherwise), each a new instance too.
 */
export async function loadModule({ interpreters = INTERPRETER_NAMES } = {}) {
  const module = await instantiate(WASM_JS, WASM_BIN);
  for (const name of interpreters) module.attachInterpreter(name, await loadInterpreter(name));
  return module;
}

/** A new instance of one interpreter module (web/src/interpreters.js names them). */
export function loadInterpreter(name) {
  const files = INTERPRETERS[name];
  assert.ok(files, `unknown interpreter ${name}`);
  return instantiate(path.join(WASM_DIR, files.script), path.join(WASM_DIR, files.wasm));
}

function instantiate(script, wasm) {
  for (const file of [script, wasm]) {
    assert.ok(fs.existsSync(file), `${file} is missing: run 'make wasm'`);
  }
  // Emscripten 3.1.6 under Node 20 tries fetch() on a file path: hand it the bytes ourselves.
  return require(script)({ wasmBinary: fs.readFileSync(wasm) });
}

/**
 * A workflow of one job `a` whose one step `s` runs `script` (bash, the default shell), with the
 * job's output `v` taken from the step's output `v`: the shape the bash tests use, in Node
 * and in the browser.
 */
export function oneStepWorkflow(script) {
  return `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      v: \${{ steps.s.outputs.v }}
    steps:
      - id: s
        run: |
${script.split('\n').map((line) => `          ${line}`).join('\n')}
`;
}

/**
 * A chain of `jobs` jobs (six unless given), each passing on what the one before gave plus its mark;
 * `python`: the last also runs python. Past EDIT_MIN_CHARS from about 25 jobs.
 */
export function chainWorkflow(marks = {}, { python = false, jobs = 6 } = {}) {
  let text = 'on: push\njobs:\n';
  for (let i = 0; i < jobs; i++) {
    const before = i ? `\${{ needs.j${i - 1}.outputs.v }}` : '';
    text += `  j${i}:\n    runs-on: ubuntu-latest\n${i ? `    needs: j${i - 1}\n` : ''}`;
    text += `    outputs:\n      v: \${{ steps.s.outputs.v }}\n    steps:\n`;
    text += `      - id: s\n        run: echo "v=${before}<${marks[i] ?? `j${i}`}>" >> "$GITHUB_OUTPUT"\n`;
  }
  if (python) text += '      - shell: python\n        run: print("from python")\n';
  return text;
}
