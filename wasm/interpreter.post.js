// Appended to each interpreter module's glue (ghaplay-bash-full.js,
// ghaplay-pwsh.js, ghaplay-python.js): runScript(request, baseEnv) takes script_wire's request and
// the base environment beside it as bytes (views of the engine module's memory), runs the script in
// this module's memory and returns the answer's bytes: a view of this module's memory, valid until
// the next runScript call (the engine copies it at once), so that no answer is copied twice. The
// engine module calls it once attached (interpreters.post.js); nothing else needs to.
(function () {
  // The room the requests need (scratch_buffer.post.js).
  var scratch = new ScratchBuffer(65536);
  Module['runScript'] = function (request, baseEnv) {
    var at = scratch.reserve(request.length + baseEnv.length, 'a request');
    // HEAPU8 is read after _malloc, which may have grown the memory.
    HEAPU8.set(request, at);
    HEAPU8.set(baseEnv, at + request.length);
    var answerSize = _ghaplay_run_script(at, request.length, at + request.length, baseEnv.length);
    var answerAt = _ghaplay_answer();
    return HEAPU8.subarray(answerAt, answerAt + answerSize);
  };
})();
