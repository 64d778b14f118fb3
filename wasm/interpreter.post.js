// Appended to each interpreter module's glue (ghaplay-bash.js, ghaplay-bash-full.js,
// ghaplay-pwsh.js, ghaplay-python.js): runScript(request, baseEnv) takes script_wire's request and
// the base environment beside it as bytes (views of the engine module's memory), runs the script in
// this module's memory and returns the answer's bytes: a view of this module's memory, valid until
// the next runScript call (the engine copies it at once), so that no answer is copied twice. The
// engine module calls it once attached (interpreters.post.js); nothing else needs to.
(function () {
  var buffer = 0;
  var capacity = 0;
  Module['runScript'] = function (request, baseEnv) {
    var size = request.length + baseEnv.length;
    if (size > capacity) {
      // The room the requests need, kept from one script to the next.
      if (buffer) _free(buffer);
      capacity = Math.max(size, capacity * 2, 65536);
      buffer = _malloc(capacity);
      if (!buffer) {
        capacity = 0;
        throw new RangeError('ghaplay: out of memory for a request of ' + size + ' bytes');
      }
    }
    // HEAPU8 is read after _malloc, which may have grown the memory.
    HEAPU8.set(request, buffer);
    HEAPU8.set(baseEnv, buffer + request.length);
    var answerSize = _ghaplay_run_script(buffer, request.length, buffer + request.length, baseEnv.length);
    var answerAt = _ghaplay_answer();
    return HEAPU8.subarray(answerAt, answerAt + answerSize);
  };
})();
