// Search in the editor (@codemirror/search: the panel, its keys, and the highlight of the
// selection's other occurrences), loaded the first time it is needed: a search key (Ctrl/Cmd-F
// and the rest of searchKeymap) or a non-empty selection. It is about 20 KB of the page's
// JavaScript (minified) that the first load does not need; esbuild puts it in a chunk of its own
// (web/build.mjs, splitting), which the page fetches from its own origin like the rest.
//
//   extensions: [lazySearch()]
//
// Until it is loaded, the keys below stand in for searchKeymap: each loads the module, swaps the
// real keymap and highlightSelectionMatches() in, and then runs the real command, so the first
// Ctrl/Cmd-F opens the panel as it always did (a moment later: one request). The keys are written
// here by hand because the keymap lives in the chunk; tests/node/lazy_search.test.mjs checks that
// they are searchKeymap's.
import { Compartment } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/** searchKeymap's bindings, without their commands: [key, command, shift command, scope, preventDefault]. */
export const SEARCH_KEYS = [
  ['Mod-f', 'openSearchPanel', null, 'editor search-panel', false],
  ['F3', 'findNext', 'findPrevious', 'editor search-panel', true],
  ['Mod-g', 'findNext', 'findPrevious', 'editor search-panel', true],
  // Escape closes the panel, which cannot be open before the module is loaded: no stand-in.
  ['Mod-Shift-l', 'selectSelectionMatches', null, undefined, false],
  ['Mod-Alt-g', 'gotoLine', null, undefined, false],
  ['Mod-d', 'selectNextOccurrence', null, undefined, true],
];

let loading = null;

/** A search chunk that could not be loaded leaves the editor as it was: say why in the console. */
const reportLoadFailure = (error) => console.error(`ghaplay: search could not be loaded: ${error?.message ?? error}`);

/** The search module, fetched once. */
export function loadSearch() {
  loading ??= import('@codemirror/search');
  return loading;
}

/**
 * The editor's search: stand-in keys and a selection watcher until the first use, then
 * @codemirror/search's keymap and highlightSelectionMatches().
 */
export function lazySearch() {
  const slot = new Compartment();
  let installed = false;
  const install = (view) => loadSearch().then((search) => {
    if (!installed) {
      installed = true;
      view.dispatch({ effects: slot.reconfigure([search.highlightSelectionMatches(), keymap.of(search.searchKeymap)]) });
    }
    return search;
  });
  const stand = (name) => (name ? (view) => {
    install(view).then((search) => search[name](view)).catch(reportLoadFailure);
    return true;
  } : undefined);
  const standIns = keymap.of(SEARCH_KEYS.map(([key, run, shift, scope, preventDefault]) => ({
    key, run: stand(run), shift: stand(shift), scope, preventDefault,
  })));
  // The selection's other occurrences are highlighted once a selection is made: load then.
  const onSelection = EditorView.updateListener.of((update) => {
    if (!installed && update.selectionSet && update.state.selection.ranges.some((r) => !r.empty)) {
      install(update.view).catch(reportLoadFailure);
    }
  });
  return slot.of([standIns, onSelection]);
}
