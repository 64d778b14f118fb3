// The workflow editor: CodeMirror 6 with YAML highlighting, line numbers, and the engine's
// diagnostics as underlines whose message shows on hover. Colours come from style.css (classes
// from classHighlighter), so light and dark follow the page's theme.
import './csp-styles.js';
import { EditorState } from '@codemirror/state';
import {
  EditorView, ViewPlugin, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, indentOnInput, bracketMatching, foldGutter, foldKeymap } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { setDiagnostics, forEachDiagnostic, lintGutter, lintKeymap } from '@codemirror/lint';
import { lazySearch } from './lazy-search.js';
import { afterPaint } from './dom.js';
import { inIdleSlices } from '../idle.js';
import { classHighlighter } from '@lezer/highlight';

/** Where a diagnostic (1-based line and column, 0 = no place) sits in the document. */
export function diagnosticRange(doc, diag) {
  if (!diag.line || diag.line < 1 || diag.line > doc.lines) return null;
  const line = doc.line(diag.line);
  const col = Math.max(1, diag.column || 1);
  const from = Math.min(line.from + col - 1, line.to);
  // Underline the token that starts at the column: up to a space or YAML punctuation.
  const rest = doc.sliceString(from, line.to);
  const token = /^(\$\{\{[^}]*\}\}|[^\s,[\]{}]+)/.exec(rest);
  let to = from + (token ? token[0].length : 0);
  if (to === from) to = Math.min(from + 1, line.to);
  return { from, to };
}

/**
 * Text inserted in one piece that is not a paste (a drop, dictation, an input method, a tool that
 * types for the user, CDP's Input.insertText) is applied as one transaction instead of being left
 * to the browser: Chromium's own contenteditable insertion of a multi-line text took 11 s for
 * 40 KB, and 200 KB took the page down, before CodeMirror even read the change.
 * Typed characters and short single-line text still take the browser's path (input methods need it).
 */
const LARGE_INSERT = 200;
const largeInsert = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== 'insertText' && event.inputType !== 'insertReplacementText' && event.inputType !== 'insertFromDrop') return false;
    const text = event.data ?? event.dataTransfer?.getData('text/plain') ?? null;
    if (typeof text !== 'string' || (text.length < LARGE_INSERT && !text.includes('\n')) || !event.cancelable || view.composing) return false;
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(text.replace(/\r\n?/g, '\n')), { scrollIntoView: true, userEvent: 'input.type' });
    return true;
  },
});

/**
 * The cursor's blink (1.2 s: shown 600 ms, hidden 600 ms, shown again at once when the selection
 * moves or the editor gets focus), by a timer that switches a class on CodeMirror's cursor layer.
 * CodeMirror's own blink is an opacity animation, which Chromium runs on the compositor: while the
 * editor has focus the compositor then produces a frame at every vsync (about 60 draws a second,
 * each a software draw on a machine without a GPU), and the frame that draws a typed character
 * waits for the next vsync instead of starting at once. This blink costs two small frames a period.
 */
const BLINK_MS = 1200;
const cursorBlink = ViewPlugin.fromClass(class {
  constructor(view) {
    this.view = view;
    this.timer = 0;
    this.off = false;
    this.movedAt = 0; // when the selection last moved: the cursor stays shown BLINK_MS / 2 from then
    this.tick = () => {
      // A key moved the selection since this timer was set: wait out the rest of the shown half
      // from that moment instead of each key clearing and setting a timer.
      const shownFor = performance.now() - this.movedAt;
      if (!this.off && shownFor < BLINK_MS / 2 - 4) {
        this.timer = setTimeout(this.tick, BLINK_MS / 2 - shownFor);
        return;
      }
      this.set(!this.off);
      this.timer = setTimeout(this.tick, BLINK_MS / 2);
    };
    this.restart();
  }

  update(update) {
    if (update.selectionSet || update.focusChanged) this.restart();
  }

  restart() {
    this.set(false);
    this.movedAt = performance.now();
    if (!this.view.hasFocus) {
      clearTimeout(this.timer);
      this.timer = 0;
    } else if (!this.timer) {
      this.timer = setTimeout(this.tick, BLINK_MS / 2);
    }
  }

  set(off) {
    if (off === this.off) return;
    this.off = off;
    this.view.scrollDOM.querySelector(':scope > .cm-cursorLayer')?.classList.toggle('cm-blink-off', off);
  }

  destroy() {
    clearTimeout(this.timer);
  }
});

/** A diagnostic as one comparable string: where, how severe, and what it says. */
const diagnosticKey = (d) => JSON.stringify([d.from, d.to, d.severity, d.source ?? '', d.message]);

/** The editor's underlines now, as keys (order aside). */
function shownDiagnostics(state) {
  const keys = [];
  forEachDiagnostic(state, (d, from, to) => keys.push(diagnosticKey({ ...d, from, to })));
  return keys;
}

function sameDiagnostics(marks, shownKeys) {
  if (marks.length !== shownKeys.length) return false;
  const wanted = marks.map(diagnosticKey).sort();
  const shown = [...shownKeys].sort();
  return wanted.every((key, i) => key === shown[i]);
}

/** What an edit goes through in the editor's state, the view aside: the YAML parser above all. */
function editingExtensions() {
  return [history(), indentOnInput(), EditorState.tabSize.of(2), yaml()];
}

/**
 * How many edits warmUpEditor makes before the first key. V8 runs a function with its baseline
 * code until it has run enough, and the YAML parser runs on every key: in Node, re-parsing
 * docs-matrix after a typed character took 1.2 to 1.7 ms for the first keys, with a 5 to 9 ms pause
 * every few keys for about fifty keys, and 0.2 ms after.
 */
export const EDITOR_WARM_UP_EDITS = 400;
const WARM_UP_SLICE_MS = 8;

/**
 * Types into an editor state of its own (no view, nothing on screen), in idle slices, so that the
 * user's first keys run the parser's optimized code: a character at the end of each text in turn,
 * eight to a state, the texts parsed whole first.
 * @param {string[]} texts workflows to type into (the page gives its examples)
 * @param {{edits?: number}} [options]
 * @returns {Promise<number>} the edits made
 */
export async function warmUpEditor(texts, { edits = EDITOR_WARM_UP_EDITS } = {}) {
  const extensions = editingExtensions();
  let state = null;
  await inIdleSlices(edits, WARM_UP_SLICE_MS, (made) => {
    if (made % 8 === 0) state = EditorState.create({ doc: texts[(made / 8) % texts.length], extensions });
    const end = state.doc.length;
    state = state.update({ changes: { from: end, insert: made % 2 ? 'x' : ' ' }, selection: { anchor: end + 1 }, userEvent: 'input.type' }).state;
  });
  return edits;
}

/**
 * parent: the element to fill. onChange(text) after each edit, onRun() on Ctrl/Cmd+Enter.
 * Returns {view, getText, setText, showDiagnostics, goTo}.
 */
export function createEditor(parent, { text, onChange, onRun }) {
  const runKeys = keymap.of([
    { key: 'Mod-Enter', preventDefault: true, run: () => { onRun(); return true; } },
  ]);
  let underlined = false;
  let lintUsed = false;          // a setDiagnostics transaction has been dispatched
  let underlineSoon = false;     // the first underlines are due after the next frame
  let latestDiagnostics = [];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        runKeys,
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        lintGutter(),
        highlightSpecialChars(),
        drawSelection({ cursorBlinkRate: 0 }), // no CSS animation: cursorBlink above blinks it
        cursorBlink,
        bracketMatching(),
        highlightActiveLine(),
        editingExtensions(),
        syntaxHighlighting(classHighlighter),
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap, indentWithTab]),
        lazySearch(), // after the keymap above, where searchKeymap was: Escape simplifies a selection first
        EditorView.contentAttributes.of({ 'aria-label': 'Workflow YAML', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
        largeInsert,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  function underline(diagnostics) {
    // Nothing to show and nothing shown: leave the lint state alone.
    if (diagnostics.length === 0 && !underlined) return;
    const doc = view.state.doc;
    const marks = [];
    for (const d of diagnostics) {
      const range = diagnosticRange(doc, d);
      if (!range) continue;
      marks.push({
        ...range,
        severity: d.severity === 'notice' ? 'info' : d.severity,
        source: d.code,
        message: d.message,
      });
    }
    underlined = marks.length > 0;
    // The same underlines as shown (typing elsewhere moved them with the text): no dispatch.
    // Replacing them cost the keystroke's frame 1.5 to 13 ms (an editor update, the selection
    // set again, a forced layout) on every run, even when nothing changed.
    if (sameDiagnostics(marks, shownDiagnostics(view.state))) return;
    view.dispatch(setDiagnostics(view.state, marks));
    lintUsed = true;
  }

  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(next) {
      if (next === view.state.doc.toString()) return;
      // Replacing the document is not an edit the user made: no onChange echo is needed, but the
      // update listener fires anyway and the caller's debounce absorbs it.
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next }, selection: { anchor: 0 } });
    },
    showDiagnostics(diagnostics) {
      if (!lintUsed) {
        // The lint state's first use costs 15 to 45 ms (CodeMirror's update, then a forced layout
        // in its measure): the first underlines wait until the frame that draws the result which
        // brought them has been painted, so that the first result is not held back for them.
        latestDiagnostics = diagnostics;
        if (!underlineSoon && diagnostics.length > 0) {
          underlineSoon = true;
          afterPaint(() => {
            underlineSoon = false;
            underline(latestDiagnostics);
          });
        }
        return;
      }
      underline(diagnostics);
    },
    goTo(line, column) {
      const range = diagnosticRange(view.state.doc, { line, column });
      if (!range) return;
      view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
      view.focus();
    },
  };
}
