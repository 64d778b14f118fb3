// The script interpreters the engine module runs `run:` scripts on, each a WebAssembly module of
// its own beside ghaplay.js (wasm/CMakeLists.txt): the names attachInterpreter() and
// missingInterpreters() use (wasm/interpreters.post.js), with each module's files and the name
// of the factory its script defines. Shared by the worker, the Node tests and the benchmarks.

// bash without its text tools (grep, sed, awk...) is part of the engine: most scripts need nothing
// more. 'bash-full' has them: the engine asks for it (missingInterpreters) when a script reaches
// one, and runs such scripts on it once it is attached.

/** @typedef {'bash-full' | 'pwsh' | 'python'} InterpreterName */

/** @type {Readonly<Record<InterpreterName, {script: string, wasm: string, factory: string}>>} */
export const INTERPRETERS = Object.freeze({
  'bash-full': Object.freeze({ script: 'ghaplay-bash-full.js', wasm: 'ghaplay-bash-full.wasm', factory: 'createGhaplayBashFull' }),
  pwsh: Object.freeze({ script: 'ghaplay-pwsh.js', wasm: 'ghaplay-pwsh.wasm', factory: 'createGhaplayPwsh' }),
  python: Object.freeze({ script: 'ghaplay-python.js', wasm: 'ghaplay-python.wasm', factory: 'createGhaplayPython' }),
});

/** @type {readonly InterpreterName[]} */
export const INTERPRETER_NAMES = Object.freeze(/** @type {InterpreterName[]} */ (Object.keys(INTERPRETERS)));
