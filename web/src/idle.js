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
