// Builds the page into web/dist:
//   index.html                   from web/index.html, pointing at the hashed bundle
//   assets/boot-<hash>.js        starts the engine's worker before the page's bundle runs (src/boot.js)
//   assets/app-<hash>.js, .css   the page (src/app/main.js and everything it imports), minified
//   assets/chunk-<hash>.js       what esbuild splits off: code the app shares with the editor's
//                                search (preloaded by index.html), and the search itself (loaded
//                                when first used, src/app/lazy-search.js)
//   engine-worker.js             the engine's worker (src/engine-worker.js), bundled
//   ghaplay.js, ghaplay.wasm     the engine, copied from build/wasm (`make wasm`)
//   ghaplay-bash-full.js, .wasm ...  the script interpreters the worker loads (src/interpreters.js)
// The examples menu is one module generated from examples/index.json and examples/<id>/.
// Usage: node build.mjs            (GHAPLAY_WASM_DIR=... to take the engine from elsewhere)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { INTERPRETERS } from './src/interpreters.js';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(WEB, '..');
const DIST = path.join(WEB, 'dist');
const EXAMPLES = path.join(ROOT, 'examples');
const WASM_DIR = path.resolve(ROOT, process.env.GHAPLAY_WASM_DIR ?? path.join('build', 'wasm'));

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(1);
}

/** examples/index.json with each example's workflow and scenario text, docs examples first. */
function readExamples() {
  const index = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'index.json'), 'utf8'));
  const list = index.examples.map((e) => ({
    id: e.id,
    title: e.title,
    summary: e.summary,
    source: e.source,
    workflow: fs.readFileSync(path.join(EXAMPLES, e.id, 'workflow.yml'), 'utf8'),
    scenario: fs.readFileSync(path.join(EXAMPLES, e.id, 'scenario.json'), 'utf8'),
  }));
  // A stable sort: GitHub's documentation examples first, then the teaching ones, each in index order.
  return list.map((e, i) => [e, i]).sort(([a, i], [b, j]) => (a.source === 'docs' ? 0 : 1) - (b.source === 'docs' ? 0 : 1) || i - j)
    .map(([e]) => e);
}

const examplesPlugin = {
  name: 'ghaplay-examples',
  setup(build) {
    build.onResolve({ filter: /^ghaplay:examples$/ }, () => ({ path: 'examples', namespace: 'ghaplay-examples' }));
    build.onLoad({ filter: /.*/, namespace: 'ghaplay-examples' }, () => ({
      contents: JSON.stringify(readExamples()),
      loader: 'json',
      watchFiles: [path.join(EXAMPLES, 'index.json')],
    }));
  },
};

// The engine module and the interpreter modules it loads (web/src/interpreters.js), side by side.
const WASM_FILES = ['ghaplay.js', 'ghaplay.wasm', ...Object.values(INTERPRETERS).flatMap((files) => [files.script, files.wasm])];

async function main() {
  for (const file of WASM_FILES) {
    if (!fs.existsSync(path.join(WASM_DIR, file))) fail(`${path.join(WASM_DIR, file)} is missing: run 'make wasm' first`);
  }
  for (const file of ['engine.js', 'engine-worker.js']) {
    if (!fs.existsSync(path.join(WEB, 'src', file))) fail(`web/src/${file} is missing`);
  }
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.mkdirSync(path.join(DIST, 'assets'), { recursive: true });

  const common = { bundle: true, minify: true, target: ['chrome109', 'firefox115', 'safari16.4'], logLevel: 'warning', legalComments: 'none' };
  const app = await esbuild.build({
    ...common,
    entryPoints: { app: path.join(WEB, 'src', 'app', 'main.js') },
    outdir: path.join(DIST, 'assets'),
    entryNames: '[name]-[hash]',
    format: 'esm',
    // The search panel is imported when first used (src/app/lazy-search.js): its own chunk.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    metafile: true,
    plugins: [examplesPlugin],
  });
  // Started by index.html before the bundle: it creates the engine's worker at once.
  const boot = await esbuild.build({
    ...common,
    entryPoints: { boot: path.join(WEB, 'src', 'boot.js') },
    outdir: path.join(DIST, 'assets'),
    entryNames: '[name]-[hash]',
    format: 'iife',
    metafile: true,
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(WEB, 'src', 'engine-worker.js')],
    outfile: path.join(DIST, 'engine-worker.js'),
    format: 'iife',
  });
  for (const file of WASM_FILES) {
    const from = path.join(WASM_DIR, file);
    if (!file.endsWith('.js')) {
      fs.copyFileSync(from, path.join(DIST, file));
      continue;
    }
    // Emscripten's glue comes with its whitespace minified but its names whole (its own renaming
    // needs the Closure Compiler, which Debian's emscripten does not ship): esbuild renames the
    // locals, which takes a quarter off its gzip size. Top-level names stay, as in any classic
    // script: the factory (createGhaplay...) is what the worker and the page call.
    const glue = await esbuild.transform(fs.readFileSync(from, 'utf8'), {
      minify: true, target: common.target, legalComments: 'none', logLevel: 'warning' });
    fs.writeFileSync(path.join(DIST, file), glue.code);
  }

  // An esbuild output path (relative to web/) as a path inside dist, with forward slashes.
  const inDist = (p) => path.relative(DIST, path.resolve(WEB, p)).split(path.sep).join('/');
  const outputs = Object.keys(app.metafile.outputs).map(inDist);
  const js = outputs.find((p) => /^assets\/app-[\w-]+\.js$/.test(p));
  const css = outputs.find((p) => /^assets\/app-[\w-]+\.css$/.test(p));
  const bootJs = Object.keys(boot.metafile.outputs).map(inDist).find((p) => /^assets\/boot-[\w-]+\.js$/.test(p));
  if (!js || !css || !bootJs) fail(`unexpected bundle outputs: ${outputs.join(', ')}`);
  // The chunks the bundle imports statically (the code it shares with the search chunk) are fetched
  // with it, not after it has been parsed: a <link rel="modulepreload"> each.
  const appOutput = Object.entries(app.metafile.outputs).find(([p]) => inDist(p) === js)[1];
  const preloaded = appOutput.imports.filter((i) => i.kind === 'import-statement').map((i) => inDist(i.path));
  const lazyChunks = outputs.filter((p) => /\.js$/.test(p) && p !== js && !preloaded.includes(p));
  const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8').replace('%BOOT_JS%', bootJs).replace('%APP_JS%', js).replace('%APP_CSS%', css)
    .replace('%APP_PRELOAD%', preloaded.map((p) => `<link rel="modulepreload" href="${p}">`).join('\n'));
  fs.writeFileSync(path.join(DIST, 'index.html'), html);

  for (const file of ['index.html', bootJs, js, ...preloaded, css, ...lazyChunks, 'engine-worker.js', ...WASM_FILES]) {
    console.log(`  dist/${file}  ${fs.statSync(path.join(DIST, file)).size} bytes`);
  }
}

await main();
