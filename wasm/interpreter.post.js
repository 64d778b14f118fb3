// Appended to each interpreter module's glue (ghaplay-bash.js, ghaplay-pwsh.js, ghaplay-python.js):
// runScript(request, baseEnv) takes script_wire's request and the base environment beside it as
// bytes (views of the engine module's memory), runs the script in this module's memory and returns
// the answer's bytes (a copy). The engine module calls it once attached (interpreters.post.js);
// nothing else needs to.
Module['runScript'] = function (request, baseEnv) {
  var at = _malloc(request.length + baseEnv.length);
  // HEAPU8 is read after _malloc, which may have grown the memory.
  HEAPU8.set(request, at);
  HEAPU8.set(baseEnv, at + request.length);
  var size = _ghaplay_run_script(at, request.length, at + request.length, baseEnv.length);
  _free(at);
  var answerAt = _ghaplay_answer();
  return HEAPU8.slice(answerAt, answerAt + size);
};
