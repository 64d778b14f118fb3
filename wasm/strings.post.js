// Appended to ghaplay.js (--post-js): evaluate, check and simulate, with strings in and out, over
// the Embind functions that take their text as bytes in the module's memory (bindings.cc says why).
// Each argument is a string, or bytes: an ArrayBuffer or a typed array holding UTF-8, as Embind's
// std::string took them. A string is written with TextEncoder.encodeInto, which turns a lone
// surrogate into U+FFFD; the answer is read with TextDecoder.
(function () {
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  // One buffer for the arguments (scratch_buffer.post.js).
  var scratch = new ScratchBuffer(4096);

  function bytesOf(name, value) {
    if (typeof value === 'string') return null;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    throw new TypeError(name + ': each argument must be a string, an ArrayBuffer or a typed array');
  }

  // Writes the arguments one after the other into the buffer; returns [address, size, ...].
  function place(name, args) {
    var room = 0;
    var bytes = [];
    for (var i = 0; i < args.length; i++) {
      bytes.push(bytesOf(name, args[i]));
      room += bytes[i] ? bytes[i].length : args[i].length * 3; // UTF-8 takes at most 3 bytes a UTF-16 unit
    }
    var at = scratch.reserve(room, 'arguments');
    var placed = [];
    for (var j = 0; j < args.length; j++) {
      var size;
      if (bytes[j]) {
        HEAPU8.set(bytes[j], at);
        size = bytes[j].length;
      } else {
        size = encoder.encodeInto(args[j], HEAPU8.subarray(at, at + args[j].length * 3)).written;
      }
      placed.push(at, size);
      at += size;
    }
    return placed;
  }

  function call(name, raw, args, count) {
    if (args.length !== count) {
      throw new TypeError(name + ' takes ' + count + ' argument(s), ' + args.length + ' given');
    }
    var size = raw.apply(null, place(name, args));
    var at = Module['answerBytes']();
    return decoder.decode(HEAPU8.subarray(at, at + size)); // HEAPU8 read after the call, which may grow it
  }

  /** @returns {string} ghaplay eval's JSON */
  Module['evaluate'] = function (expression, contextJson) {
    return call('evaluate', Module['evaluateBytes'], arguments, 2);
  };
  /** @returns {string} ghaplay check's JSON: {"diagnostics": [...]} */
  Module['check'] = function (workflowYaml) {
    return call('check', Module['checkBytes'], arguments, 1);
  };
  /** @returns {string} ghaplay simulate's JSON (schema/result.schema.json) */
  Module['simulate'] = function (workflowYaml, scenarioJson) {
    return call('simulate', Module['simulateBytes'], arguments, 2);
  };
})();
