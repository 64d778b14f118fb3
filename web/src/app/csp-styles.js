// CodeMirror puts its styles in a <style> element in <head>, which the page's
// Content-Security-Policy (style-src 'self', no 'unsafe-inline') blocks. A constructed stylesheet
// is not an inline style: this mounts CodeMirror's style modules into one, adopted by the document,
// keeping style-mod's ordering rule (a module mounted again before another moves after it).
// Import this before creating an editor.
import { StyleModule } from 'style-mod';

const sheet = new CSSStyleSheet();
const modules = [];

StyleModule.mount = (root, given) => {
  const list = Array.isArray(given) ? given : [given];
  let changed = false;
  let j = 0;
  for (const mod of list) {
    let index = modules.indexOf(mod);
    if (index < j && index > -1) {
      modules.splice(index, 1);
      j--;
      index = -1;
    }
    if (index === -1) {
      modules.splice(j++, 0, mod);
      changed = true;
    } else {
      j = index + 1;
    }
  }
  if (changed) sheet.replaceSync(modules.map((mod) => mod.getRules()).join('\n'));
  const target = root.adoptedStyleSheets ? root : document;
  if (!target.adoptedStyleSheets.includes(sheet)) target.adoptedStyleSheets = [sheet, ...target.adoptedStyleSheets];
};
