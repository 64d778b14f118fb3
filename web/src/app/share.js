// The whole state in the address bar: `#z=` + base64url(deflate-raw(JSON)). Copying the URL
// shares the workflow and the scenario; opening it restores them exactly, byte for byte.

const PREFIX = 'z=';

/** A link fragment that could not be read: the page says so and starts empty. */
export class ShareLinkError extends Error {}

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShareLinkError('it holds characters a ghaplay link never has');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  let binary;
  try { binary = atob(b64); } catch { throw new ShareLinkError('it is not valid base64url'); }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/**
 * state: {workflow: string, scenario: string (the scenario's JSON text), job?: string}.
 * Returns the fragment without '#'.
 */
export async function encodeState(state) {
  const payload = { v: 1, w: state.workflow, s: state.scenario };
  if (state.job) payload.j = state.job;
  const json = new TextEncoder().encode(JSON.stringify(payload));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Whether a fragment (without '#') is meant to hold a state at all. */
export function isStateFragment(fragment) {
  return fragment.startsWith(PREFIX);
}

/** The inverse of encodeState; throws ShareLinkError with a reason a person can read. */
export async function decodeState(fragment) {
  if (!isStateFragment(fragment)) throw new ShareLinkError('it does not start with #z=');
  const bytes = fromBase64Url(fragment.slice(PREFIX.length));
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
  } catch {
    throw new ShareLinkError('its data is cut short or damaged (was the whole link copied?)');
  }
  let payload;
  try { payload = JSON.parse(json); } catch { throw new ShareLinkError('its data is not the JSON ghaplay writes'); }
  if (!payload || payload.v !== 1 || typeof payload.w !== 'string' || typeof payload.s !== 'string') {
    throw new ShareLinkError('it was written by another version of ghaplay or is damaged');
  }
  return { workflow: payload.w, scenario: payload.s, job: typeof payload.j === 'string' ? payload.j : '' };
}
