// Appended to each interpreter module's glue (ghaplay-bash.js, ghaplay-pwsh.js, ghaplay-python.js):
// runScript(request) takes script_json's request as bytes (a view of the engine module's memory),
// runs it in this module's memory and returns the answer's bytes (a copy). The engine module calls
// it once attached (interpreters.post.js); nothing else needs to.
Module['runScript'] = function (request) {
  var at = _malloc(request.length);
  HEAPU8.set(request, at);   // HEAPU8 is read after _malloc, which may have grown the memory
  var size = _ghaplay_run_script(at, request.length);
  _free(at);
  var answerAt = _ghaplay_answer();
  return HEAPU8.slice(answerAt, answerAt + size);
};
