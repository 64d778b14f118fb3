// Started by index.html before the page's bundle: creates the engine's worker at once, so that
// ghaplay.js and ghaplay.wasm are fetched and compiled while the browser is still parsing and
// running the page's JavaScript (CodeMirror and the rest), instead of after it.
//
// Whatever the worker says before the page takes it over (its 'ready' message, an error) is kept
// in order and handed over with it: window.ghaplayBoot = {worker, early, stop()}. An error event is
// cancelled here, as engine.js would: the page reports it when it takes the worker over.
// main.js takes it with adoptBootWorker(); if this script did not run, main.js starts its own.
(() => {
  let worker;
  try {
    worker = new Worker(new URL('engine-worker.js', document.baseURI));
  } catch {
    return; // the page starts its own and reports what fails
  }
  const early = [];
  const keep = (event) => {
    if (event.type === 'error') event.preventDefault();
    early.push(event);
  };
  const types = ['message', 'error', 'messageerror'];
  for (const type of types) worker.addEventListener(type, keep);
  window.ghaplayBoot = {
    worker,
    early,
    stop() { for (const type of types) worker.removeEventListener(type, keep); },
  };
})();
