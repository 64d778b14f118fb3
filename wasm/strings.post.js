// Appended to ghaplay.js (--post-js): evaluate, check and simulate, with strings in and out, over
// the Embind functions that take their text as bytes in the module's memory and return where their
// answer is (bindings.cc says why).
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

  // The answer of a *Bytes function, which returns the address of its place: {address, size}.
  function answerAt(place) {
    var address = HEAPU32[place >> 2];
    var size = HEAPU32[(place >> 2) + 1];
    return decoder.decode(HEAPU8.subarray(address, address + size)); // HEAPU8 read after the call, which may grow it
  }

  function checkCount(name, args, count) {
    if (args.length !== count) {
      throw new TypeError(name + ' takes ' + count + ' argument(s), ' + args.length + ' given');
    }
  }

  function call(name, raw, args) {
    return answerAt(raw.apply(null, place(name, args)));
  }

  // The usual calls take strings: written straight into the buffer, without place()'s arrays.
  // `extra`, when given, is a number passed after them.
  function callWithTwoStrings(raw, first, second, extra) {
    var firstRoom = first.length * 3;
    var at = scratch.reserve(firstRoom + second.length * 3, 'arguments');
    var firstSize = encoder.encodeInto(first, HEAPU8.subarray(at, at + firstRoom)).written;
    var secondAt = at + firstSize;
    var secondSize = encoder.encodeInto(second, HEAPU8.subarray(secondAt, secondAt + second.length * 3)).written;
    // Embind checks how many arguments a function is given.
    if (extra === undefined) return answerAt(raw(at, firstSize, secondAt, secondSize));
    return answerAt(raw(at, firstSize, secondAt, secondSize, extra));
  }

  /** @returns {string} ghaplay eval's JSON */
  Module['evaluate'] = function (expression, contextJson) {
    checkCount('evaluate', arguments, 2);
    if (typeof expression === 'string' && typeof contextJson === 'string') {
      return callWithTwoStrings(Module['evaluateBytes'], expression, contextJson);
    }
    return call('evaluate', Module['evaluateBytes'], arguments);
  };
  /** @returns {string} ghaplay check's JSON: {"diagnostics": [...]} */
  Module['check'] = function (workflowYaml) {
    checkCount('check', arguments, 1);
    return call('check', Module['checkBytes'], arguments);
  };
  /** @returns {string} ghaplay simulate's JSON (schema/result.schema.json) */
  Module['simulate'] = function (workflowYaml, scenarioJson) {
    checkCount('simulate', arguments, 2);
    if (typeof workflowYaml === 'string' && typeof scenarioJson === 'string') {
      return callWithTwoStrings(Module['simulateBytes'], workflowYaml, scenarioJson);
    }
    return call('simulate', Module['simulateBytes'], arguments);
  };
  /**
   * simulate()'s answer when it is cheap: rememberScripts(true) holds, the workflow is an edit of
   * one job of the last one, and at most maxJobs jobs are simulated again; otherwise ''.
   * @returns {string}
   */
  Module['simulateWithin'] = function (workflowYaml, scenarioJson, maxJobs) {
    checkCount('simulateWithin', arguments, 3);
    if (typeof workflowYaml !== 'string' || typeof scenarioJson !== 'string') {
      throw new TypeError('simulateWithin: the workflow and the scenario must be strings');
    }
    if (!Number.isInteger(maxJobs) || maxJobs < 0 || maxJobs > 0xffffffff) {
      throw new TypeError('simulateWithin: maxJobs must be a whole number from 0 to 4294967295');
    }
    return callWithTwoStrings(Module['simulateWithinBytes'], workflowYaml, scenarioJson, maxJobs);
  };
})();
