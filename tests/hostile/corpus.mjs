// The hostile corpus: what users may paste into ghaplay, and what ghaplay must answer.
//
// Small cases are files in cases/ (a scenario, when one goes with a case, is cases/<name>.scenario.json);
// large ones are generated here, the same bytes every time. expected.json holds, for every case, the
// exit status of `ghaplay simulate --format json` (0: it ran; 1: GitHub would refuse the workflow)
// and the exact set of diagnostic codes of the answer. Two tests read this module:
//   tests/hostile/native.test.mjs       the native CLI, one process per case, under a wall-clock guard
//                                       (ctest: hostile_corpus)
//   tests/node/hostile_corpus.test.mjs  the WebAssembly module, which must give the CLI's answer
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = path.join(HERE, 'cases');
export const EXPECTED = JSON.parse(fs.readFileSync(path.join(HERE, 'expected.json'), 'utf8'));
// The codes ghaplay can emit, read from the one list.
export const CODES = new Set([...fs.readFileSync(path.join(HERE, '..', '..', 'core', 'include', 'ghaplay', 'diagnostic_codes.h'), 'utf8')
  .matchAll(/^\s*X\(\w+,\s*"([a-z-]+)"/gm)].map((m) => m[1]));

const job = (id, body = '', step = `echo ${id}`) =>
  `  ${id}:\n    runs-on: ubuntu-latest\n${body}    steps:\n      - run: ${step}\n`;

const loops = {
  bash: 'while true; do :; done',
  pwsh: 'while ($true) { }',
  python: 'while True:\n            pass',
};

// name -> () => string; each builds the workflow text.
const GENERATED = {
  // 100,000 open brackets, then the same closed: the parser must stop at ghaplay's depth limit.
  'deep-flow-open': () => '['.repeat(100000),
  'deep-flow-closed': () => `on: push\njobs: ${'{a: '.repeat(50000)}1${'}'.repeat(50000)}\n`,
  // 1,000 levels of block mappings, each indented one more space.
  'deep-block': () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n',
  // 20,000 jobs written as people write them: past GitHub's 512,000-byte limit for a file.
  'jobs-20000': () => 'on: push\njobs:\n' + Array.from({ length: 20000 }, (_, i) => job(`j${i}`)).join(''),
  // As many jobs as fit under that limit, written tightly: past ghaplay's 2,500 job runs.
  'jobs-12000': () => 'on: push\njobs:\n' + Array.from({ length: 12000 }, (_, i) => `  j${i}: {runs-on: x, steps: [run: echo]}\n`).join(''),
  // 300 jobs, each needing every job before it (44,850 needs), each passing an output on.
  'needs-dense-300': () => 'on: push\njobs:\n' + Array.from({ length: 300 }, (_, i) =>
    `  j${i}:\n    runs-on: x\n` + (i ? `    needs: [${Array.from({ length: i }, (_, k) => `j${k}`).join(', ')}]\n` : '') +
    `    outputs:\n      o: \${{ steps.s.outputs.o }}\n    steps:\n      - id: s\n        run: echo "o=${i}" >> "$GITHUB_OUTPUT"\n`).join(''),
  // 2,000 jobs in one needs cycle.
  'needs-cycle-2000': () => 'on: push\njobs:\n' + Array.from({ length: 2000 }, (_, i) => job(`j${i}`, `    needs: j${(i + 1999) % 2000}\n`)).join(''),
  // 200 steps that each loop forever, all run (if: always()), in each interpreter.
  ...Object.fromEntries(Object.entries(loops).map(([shell, body]) => [`endless-loops-${shell}`, () =>
    `on: push\njobs:\n  loops:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: ${shell}\n    steps:\n` +
    Array.from({ length: 200 }, () => `      - if: always()\n        run: |\n          ${body}\n`).join('') +
    '  after:\n    needs: loops\n    if: always()\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo after\n'])),
  // A 256-leg matrix of 40 steps: 10,240 step executions, past ghaplay's 10,000.
  'matrix-256-legs-40-steps': () => 'on: push\njobs:\n  m:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n' +
    `        a: [${Array.from({ length: 16 }, (_, i) => i).join(', ')}]\n        b: [${Array.from({ length: 16 }, (_, i) => i).join(', ')}]\n` +
    '    steps:\n' + Array.from({ length: 40 }, (_, i) => `      - run: echo ${i} \${{ matrix.a }}-\${{ matrix.b }}\n`).join(''),
  // A heredoc of 400 KB into $GITHUB_OUTPUT, and one that is never closed.
  'huge-heredoc': () => 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n      big: ${{ steps.h.outputs.big }}\n    steps:\n' +
    '      - id: h\n        run: |\n          cat >> "$GITHUB_OUTPUT" <<EOF\n          big<<DELIM\n' +
    Array.from({ length: 8000 }, (_, i) => `          line ${i} ${'x'.repeat(36)}\n`).join('') +
    '          DELIM\n          EOF\n      - run: |\n          cat <<NEVER\n' +
    Array.from({ length: 1000 }, (_, i) => `          open ${i}\n`).join(''),
  // One 500 KB line, and 10,000 keys GitHub does not know (10,000 diagnostics).
  'long-line': () => `on: push\njobs:\n  a: {runs-on: x, steps: [run: "echo ${'y'.repeat(500000)}"]}\n`,
  'unknown-keys-10000': () => 'on: push\njobs:\n  a:\n    runs-on: x\n' + Array.from({ length: 10000 }, (_, i) => `    k${i}: v\n`).join('') +
    '    steps:\n      - run: echo\n',
  // An expression of 30,000 characters and one nested 10,000 parentheses deep.
  'long-expression': () => `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \${{ '${'a'.repeat(30000)}' }}\n`,
  'deep-expression': () => `on: push\njobs:\n  a:\n    runs-on: x\n    if: ${'('.repeat(10000)}true${')'.repeat(10000)}\n    steps:\n      - run: echo\n`,
  // 3,000 aliases of one small anchor: 9,000 nodes, under the alias limit, so the workflow runs.
  'many-aliases': () => 'on: push\nx: &x [1, 2]\ny: [' + Array(3000).fill('*x').join(', ') + ']\njobs:\n  a: {runs-on: x, steps: [run: echo]}\n',
};

const SCENARIOS = {
  // A scenario nested 5,000 deep and one that names 10,000 jobs that do not exist.
  'deep-flow-closed': () => '['.repeat(5000) + ']'.repeat(5000),
  'jobs-12000': () => JSON.stringify({ steps: Array.from({ length: 10000 }, (_, i) => ({ job: `nope${i}`, step: 's', outputs: { o: 'x' } })) }),
};

/** Every case: {name, workflow (Buffer), scenario (string, '' for none), expect ({exit, codes})}. */
export function loadCorpus() {
  const cases = [];
  for (const file of fs.readdirSync(CASES_DIR).sort()) {
    if (file.endsWith('.scenario.json')) continue;
    const name = file.replace(/\.(yml|bin)$/, '');
    const scenarioFile = path.join(CASES_DIR, `${name}.scenario.json`);
    cases.push({
      name,
      workflow: fs.readFileSync(path.join(CASES_DIR, file)),
      scenario: fs.existsSync(scenarioFile) ? fs.readFileSync(scenarioFile, 'utf8') : '',
    });
  }
  for (const [name, build] of Object.entries(GENERATED)) {
    cases.push({ name, workflow: Buffer.from(build(), 'utf8'), scenario: SCENARIOS[name]?.() ?? '' });
  }
  for (const c of cases) c.expect = EXPECTED[c.name];
  return cases;
}

/** Writes a case's files into dir; returns the arguments of `ghaplay simulate` for them. */
export function simulateArgs(c, dir) {
  const workflow = path.join(dir, `${c.name}.yml`);
  fs.writeFileSync(workflow, c.workflow);
  const args = ['simulate', workflow, '--format', 'json'];
  if (c.scenario) {
    const scenario = path.join(dir, `${c.name}.scenario.json`);
    fs.writeFileSync(scenario, c.scenario);
    args.push('--scenario', scenario);
  }
  return args;
}

/** The distinct codes of an answer, sorted; fails on a code not in diagnostic_codes.h. */
export function codesOf(result) {
  if (!Array.isArray(result?.diagnostics)) throw new Error(`no diagnostics array in ${JSON.stringify(result).slice(0, 300)}`);
  for (const d of result.diagnostics) if (!CODES.has(d.code)) throw new Error(`unknown code ${d.code}`);
  return [...new Set(result.diagnostics.map((d) => d.code))].sort();
}

/** Checks one answer against expected.json; returns a list of problems (empty when it is right). */
export function problems(c, result, exitStatus) {
  const out = [];
  if (!c.expect) return [`no entry for '${c.name}' in tests/hostile/expected.json`];
  if (exitStatus !== undefined && exitStatus !== c.expect.exit) out.push(`exit status ${exitStatus}, expected ${c.expect.exit}`);
  if (result.valid !== (c.expect.exit === 0)) out.push(`valid is ${result.valid}`);
  const codes = codesOf(result);
  if (JSON.stringify(codes) !== JSON.stringify([...c.expect.codes].sort())) {
    out.push(`codes ${JSON.stringify(codes)}, expected ${JSON.stringify([...c.expect.codes].sort())}`);
  }
  for (const d of result.diagnostics) {
    // A size limit always says its number (limit-exceeded also covers an alias cycle, which has none).
    if (['input-too-large', 'matrix-too-large'].includes(d.code) && !/\d/.test(d.message)) {
      out.push(`a ${d.code} message that names no limit: ${d.message}`);
    }
  }
  if (!result.valid && Object.keys(result.jobs).length !== 0) out.push('an invalid workflow ran jobs');
  return out;
}
