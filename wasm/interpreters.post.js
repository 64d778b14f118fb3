// Appended to ghaplay.js (--post-js): the engine module's side of the interpreter modules.
// script_bridge.cc sends each `run:` script to the module attached for its interpreter:
//
//   const ghaplay = await createGhaplay({ wasmBinary });
//   ghaplay.attachInterpreter('python', await createGhaplayPython({ wasmBinary: pythonBytes }));
//   ghaplay.simulate(yaml, scenario);      // bash and python steps run; pwsh ones would not
//   ghaplay.missingInterpreters();         // ['pwsh'] if a pwsh step had no module to run on
//
// A script whose interpreter is not attached is not run (its step says why), and the interpreter
// is listed by missingInterpreters() until it is read: the page's worker then loads that module
// and simulates again (web/src/engine-worker.js).
//
// bash without its text tools (grep, sed, awk...: most scripts use none) is part of the engine.
// A script that reaches one runs on 'bash-full', the module that has them: until it is attached,
// missingInterpreters() lists it (script_bridge.cc), and the worker loads it and simulates again.
(function () {
  var names = ['bash-full', 'pwsh', 'python'];
  var attached = {};
  var missing = [];
  var answer = null;

  /**
   * @param {'bash-full' | 'pwsh' | 'python'} name
   * @param {{runScript(request: Uint8Array, baseEnv: Uint8Array): Uint8Array}} interpreter what createGhaplayBashFull()
   *   (or createGhaplayPwsh(), createGhaplayPython()) resolved to
   */
  Module['attachInterpreter'] = function (name, interpreter) {
    if (name === 'bash') {
      throw new TypeError("attachInterpreter: bash runs in the engine itself: attach 'bash-full' for its text tools (grep, sed, awk...)");
    }
    if (names.indexOf(name) < 0) {
      throw new TypeError('attachInterpreter: unknown interpreter ' + JSON.stringify(name) + ' (expected ' + names.join(', ') + ')');
    }
    if (!interpreter || typeof interpreter['runScript'] !== 'function') {
      throw new TypeError('attachInterpreter: ' + name + ' needs the module ghaplay-' + name + '.js creates');
    }
    attached[name] = interpreter;
  };

  /** @returns {string[]} the interpreters scripts needed and did not find since the last call */
  Module['missingInterpreters'] = function () {
    var names = missing;
    missing = [];
    return names;
  };

  // script_wire's failure message (encode_script_failure): the tag 'F', the length of the text
  // (32 bits, little-endian), the text.
  function failureAnswer(message) {
    var text = new TextEncoder().encode(message);
    var bytes = new Uint8Array(5 + text.length);
    bytes[0] = 0x46;
    new DataView(bytes.buffer).setUint32(1, text.length, true);
    bytes.set(text, 5);
    return bytes;
  }

  // For script_bridge.cc: the answer's length, or -1 when no module is attached for `name`.
  Module['ghaplayRunScript'] = function (name, request, baseEnv) {
    var interpreter = attached[name];
    if (!interpreter) return -1; // script_bridge.cc lists it (ghaplayMarkMissing)
    try {
      answer = interpreter['runScript'](request, baseEnv);
    } catch (error) {
      // The module trapped or aborted: its state can no longer be trusted. It is detached (the
      // next script that needs it finds it missing, and the page loads a new one) and this
      // script's step fails with the reason.
      delete attached[name];
      answer = failureAnswer('its module stopped (' + String(error) + ')');
    }
    return answer.length;
  };

  // For script_bridge.cc: a script needs the module `name`, which is not attached.
  Module['ghaplayMarkMissing'] = function (name) {
    if (missing.indexOf(name) < 0) missing.push(name);
  };

  // For script_bridge.cc: copies the kept answer into the engine's memory at `into`.
  Module['ghaplayTakeAnswer'] = function (heap, into) {
    heap.set(answer, into);
    answer = null;
  };
})();
