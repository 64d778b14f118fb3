// Appended to every module's glue (--post-js) before the module's own post-js files: room in the
// module's memory for the bytes JavaScript hands it, kept from one call to the next and grown
// (doubled, at least to `minimum` bytes) when a call needs more.
function ScratchBuffer(minimum) {
  this.at = 0;
  this.capacity = 0;
  this.minimum = minimum;
}

/** The address of at least `bytes` bytes of room; `what` names them in the out-of-memory error. */
ScratchBuffer.prototype.reserve = function (bytes, what) {
  if (bytes <= this.capacity) return this.at;
  if (this.at) _free(this.at);
  this.capacity = Math.max(bytes, this.capacity * 2, this.minimum);
  this.at = _malloc(this.capacity);
  if (!this.at) {
    this.capacity = 0;
    throw new RangeError('ghaplay: out of memory for ' + bytes + ' bytes of ' + what);
  }
  return this.at;
};
