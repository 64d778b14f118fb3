// An idle moment of the page: where work that no one waits for goes (warm-ups, the share link).

/**
 * Calls fn once the main thread has nothing more urgent (requestIdleCallback, at the latest after
 * `timeout` ms), or soon where the browser has no idle callbacks.
 */
export function whenIdle(fn, timeout = 200) {
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(() => fn(), { timeout });
  else setTimeout(fn, 0);
}

/** whenIdle as a promise. */
export function idle(timeout = 200) {
  return new Promise((resolve) => whenIdle(resolve, timeout));
}

/**
 * Calls step(0), step(1)... `count` times in idle moments, as many calls to a moment as fit in
 * `sliceMs` (at least one): work that warms the page up without holding it for a frame. A step that
 * throws rejects the promise; the calls after it are not made.
 * @param {number} count
 * @param {number} sliceMs
 * @param {(index: number) => void} step
 * @returns {Promise<void>}
 */
export async function inIdleSlices(count, sliceMs, step) {
  let done = 0;
  while (done < count) {
    await idle();
    const sliceEnd = performance.now() + sliceMs;
    do step(done++);
    while (done < count && performance.now() < sliceEnd);
  }
}
