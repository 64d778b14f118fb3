// The module's JS methods (linked into ghaplay.js with --post-js, inside createGhaplay's closure):
// evaluate(expression, contextJson), check(workflowYaml), simulate(workflowYaml, scenarioJson) and
// version(), each returning the core's JSON answer as a string. Each argument is a string (sent as
// UTF-8; a lone surrogate becomes U+FFFD, as TextEncoder does) or bytes (an ArrayBuffer or a typed
// array, sent as they are). One exported C function does the work: wasm/bindings.cc.

// Both exist in browsers, workers and Node; a scope without them (a bare vm context) gets the loops.
var ghaplayEncoder = typeof TextEncoder != 'undefined' ? new TextEncoder() : null;
var ghaplayDecoder = typeof TextDecoder != 'undefined' ? new TextDecoder() : null;

// UTF-8 of a string into heap[at...], a lone surrogate as U+FFFD (as TextEncoder): the byte count.
function ghaplayEncode(value, heap, at) {
  var start = at;
  for (var i = 0; i < value.length; i++) {
    var c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      var next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00); i++; }
      else c = 0xfffd;
    }
    if (c < 0x80) heap[at++] = c;
    else if (c < 0x800) { heap[at++] = 0xc0 | (c >> 6); heap[at++] = 0x80 | (c & 63); }
    else if (c < 0x10000) { heap[at++] = 0xe0 | (c >> 12); heap[at++] = 0x80 | ((c >> 6) & 63); heap[at++] = 0x80 | (c & 63); }
    else { heap[at++] = 0xf0 | (c >> 18); heap[at++] = 0x80 | ((c >> 12) & 63); heap[at++] = 0x80 | ((c >> 6) & 63); heap[at++] = 0x80 | (c & 63); }
  }
  return at - start;
}

// The UTF-8 bytes heap[start, start + size) as a string.
function ghaplayDecode(start, size) {
  if (ghaplayDecoder) return ghaplayDecoder.decode(HEAPU8.subarray(start, start + size));
  return UTF8ArrayToString(HEAPU8, start, size);
}

// The argument as UTF-8 bytes in wasm memory: [address, byte count]; the caller frees the address.
function ghaplayArgument(value, name) {
  if (typeof value === 'string') {
    var n = value.length;
    // Short ASCII text (most expressions and contexts) is written in a loop: cheaper than a call
    // into TextEncoder. Anything else goes through TextEncoder.encodeInto, at most 3 bytes per
    // UTF-16 unit.
    var address = _malloc(n * 3 + 1);
    if (n <= 64) {
      var heap = HEAPU8;
      var i = 0;
      for (; i < n; i++) {
        var c = value.charCodeAt(i);
        if (c > 0x7f) break;
        heap[address + i] = c;
      }
      if (i === n) return [address, n];
    }
    var written = ghaplayEncoder ? ghaplayEncoder.encodeInto(value, HEAPU8.subarray(address, address + n * 3)).written
      : ghaplayEncode(value, HEAPU8, address);
    return [address, written];
  }
  var bytes = value instanceof ArrayBuffer ? new Uint8Array(value)
    : ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : null;
  if (bytes === null) throw new TypeError(name + ' takes a string or bytes, not ' + typeof value);
  var copy = _malloc(bytes.length + 1);
  HEAPU8.set(bytes, copy);
  return [copy, bytes.length];
}

function ghaplayCall(method, name, args, count) {
  if (args.length !== count) throw new TypeError(name + ' takes ' + count + ' argument(s), not ' + args.length);
  var a = count > 0 ? ghaplayArgument(args[0], name) : [0, 0];
  var b = count > 1 ? ghaplayArgument(args[1], name) : [0, 0];
  var block;
  try {
    block = _ghaplay_call(method, a[0], a[1], b[0], b[1]);
  } finally {
    if (a[0]) _free(a[0]);
    if (b[0]) _free(b[0]);
  }
  if (!block) throw new Error('ghaplay: out of memory for the answer of ' + name);
  // Read the memory views after the call: it may have grown the memory.
  var size = HEAPU32[block >> 2];
  var start = block + 4;
  var text;
  if (size <= 64) {
    var heap = HEAPU8;
    text = '';
    var i = 0;
    for (; i < size; i++) {
      var c = heap[start + i];
      if (c > 0x7f) break;
      text += String.fromCharCode(c);
    }
    if (i < size) text = ghaplayDecode(start, size);
  } else {
    text = ghaplayDecode(start, size);
  }
  _free(block);
  return text;
}

Module['evaluate'] = function (expression, contextJson) { return ghaplayCall(0, 'evaluate', arguments, 2); };
Module['check'] = function (workflowYaml) { return ghaplayCall(1, 'check', arguments, 1); };
Module['simulate'] = function (workflowYaml, scenarioJson) { return ghaplayCall(2, 'simulate', arguments, 2); };
Module['version'] = function () { return ghaplayCall(3, 'version', arguments, 0); };
