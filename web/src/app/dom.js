// Building DOM nodes without HTML strings: everything that comes from the workflow, the scenario
// or the engine becomes a text node or an attribute value, never markup. Nothing in the page
// parses HTML (tests/browser/source.test.mjs holds it).

import { whenIdle } from '../idle.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'className') {
      el.setAttribute('class', value);
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else if (key.startsWith('on')) {
      throw new Error(`dom: use {on: {...}} for event handlers, not the attribute ${key}`);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('p', {className: 'x'}, 'text', h('b', {}, 'bold')). */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element, same shape as h(). */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dom: no element #${id}`);
  return el;
}

/** Copies text to the clipboard, with a fallback for pages where the async API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { className: 'offscreen', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
    return ok;
  }
}

/** Shows "Copied" on a button for a moment. */
export function flash(button, text) {
  const before = button.dataset.label ?? button.textContent;
  button.dataset.label = before;
  button.textContent = text;
  clearTimeout(button._flash);
  button._flash = setTimeout(() => { button.textContent = before; }, 1500);
}

/** The key each node reconcile() built was built for. */
const builtFor = new WeakMap();

/**
 * Makes parent's children the nodes for `items` ([{key, build}], in order), keeping a child that
 * reconcile() built for the same key and building the rest: a section whose data did not change
 * keeps its nodes (no new elements to style and lay out, focus and scroll kept). A key must say
 * everything build() draws from, closures included (a button's data as well as its text), or an
 * old node would stay with old data. Children it did not build are removed.
 * @param {Element} parent
 * @param {{key: string, build: () => Node}[]} items
 */
export function reconcile(parent, items) {
  const old = new Map();
  for (const child of parent.childNodes) {
    const key = builtFor.get(child);
    if (key !== undefined && !old.has(key)) old.set(key, child);
  }
  const wanted = items.map(({ key, build }) => {
    const kept = old.get(key);
    if (kept) {
      old.delete(key);
      return kept;
    }
    const node = build();
    builtFor.set(node, key);
    return node;
  });
  const keep = new Set(wanted);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) child.remove();
  let at = parent.firstChild;
  for (const node of wanted) {
    if (node === at) at = at.nextSibling;
    else parent.insertBefore(node, at);
  }
}

/** Calls fn after the next frame has been drawn, once the main thread has nothing more urgent. */
export function afterPaint(fn) {
  requestAnimationFrame(() => whenIdle(fn, 100));
}
