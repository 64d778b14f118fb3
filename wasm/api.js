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

// The arguments go into one scratch block of wasm memory, kept between calls while it is small.
var ghaplayScratch = 0;
var ghaplayScratchSize = 0;
var GHAPLAY_SCRATCH_KEPT = 65536;

// The argument as bytes (null for a string), or a TypeError.
function ghaplayBytes(value, name) {
  if (typeof value === 'string') return null;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(name + ' takes a string or bytes, not ' + typeof value);
}

// Writes the argument at `at` (room for `room` bytes): the byte count.
function ghaplayWrite(value, bytes, at, room) {
  if (bytes !== null) { HEAPU8.set(bytes, at); return bytes.length; }
  var n = value.length;
  // Short ASCII text (most expressions and contexts) is written in a loop: cheaper than a call
  // into TextEncoder.
  if (n <= 64) {
    var heap = HEAPU8;
    var i = 0;
    for (; i < n; i++) {
      var c = value.charCodeAt(i);
      if (c > 0x7f) break;
      heap[at + i] = c;
    }
    if (i === n) return n;
  }
  return ghaplayEncoder ? ghaplayEncoder.encodeInto(value, HEAPU8.subarray(at, at + room)).written
    : ghaplayEncode(value, HEAPU8, at);
}

function ghaplayCall(method, name, count, given, a, b) {
  if (given !== count) throw new TypeError(name + ' takes ' + count + ' argument(s), not ' + given);
  var aBytes = count > 0 ? ghaplayBytes(a, name) : new Uint8Array(0);
  var bBytes = count > 1 ? ghaplayBytes(b, name) : new Uint8Array(0);
  // UTF-8 needs at most 3 bytes per UTF-16 unit.
  var aRoom = aBytes !== null ? aBytes.length : a.length * 3;
  var bRoom = bBytes !== null ? bBytes.length : b.length * 3;
  if (aRoom + bRoom + 1 > ghaplayScratchSize) {
    if (ghaplayScratch) _free(ghaplayScratch);
    ghaplayScratchSize = Math.max(aRoom + bRoom + 1, 1024);
    ghaplayScratch = _malloc(ghaplayScratchSize);
    if (!ghaplayScratch) {
      ghaplayScratchSize = 0;
      throw new Error('ghaplay: out of memory for the arguments of ' + name);
    }
  }
  var aAt = ghaplayScratch;
  var aSize = ghaplayWrite(a, aBytes, aAt, aRoom);
  var bAt = aAt + aSize;
  var bSize = ghaplayWrite(b, bBytes, bAt, bRoom);
  var block;
  try {
    block = _ghaplay_call(method, aAt, aSize, bAt, bSize);
  } finally {
    if (ghaplayScratchSize > GHAPLAY_SCRATCH_KEPT) {
      _free(ghaplayScratch);
      ghaplayScratch = 0;
      ghaplayScratchSize = 0;
    }
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

Module['evaluate'] = function (expression, contextJson) {
  return ghaplayCall(0, 'evaluate', 2, arguments.length, expression, contextJson);
};
Module['check'] = function (workflowYaml) { return ghaplayCall(1, 'check', 1, arguments.length, workflowYaml, ''); };
Module['simulate'] = function (workflowYaml, scenarioJson) {
  return ghaplayCall(2, 'simulate', 2, arguments.length, workflowYaml, scenarioJson);
};
Module['version'] = function () { return ghaplayCall(3, 'version', 0, arguments.length, '', ''); };
