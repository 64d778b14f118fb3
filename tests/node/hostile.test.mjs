// Hostile input through the WebAssembly module: every case must come back as a JSON answer with the
// expected diagnostic codes (or an expression error), never as a thrown exception or an abort, and
// the same module instance must keep answering correctly afterwards. One instance for the whole
// file, as in the page's worker. Codes come from core/include/ghaplay/diagnostic_codes.h.
// Nothing is skipped: a missing build/wasm is a failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { handleMessage } from '../../web/src/engine-calls.js';
import { ROOT, loadModule } from './module.mjs';
// The codes, read from the one list (never spelled by hand elsewhere).
import { CODES } from '../hostile/corpus.mjs';

const EXAMPLE = path.join(ROOT, 'examples', 'docs-matrix');


let ghaplay;

before(async () => {
  ghaplay = await loadModule();
});

/** Calls the module; a thrown exception fails the test with what was thrown. */
function call(method, ...args) {
  let text;
  try {
    text = ghaplay[method](...args);
  } catch (error) {
    assert.fail(`${method}() threw instead of answering: ${error?.stack ?? error}`);
  }
  assert.equal(typeof text, 'string');
  try {
    return JSON.parse(text);
  } catch (error) {
    assert.fail(`${method}() answered text that is not JSON (${error.message}): ${text.slice(0, 200)}`);
  }
}

function codes(result) {
  assert.ok(Array.isArray(result.diagnostics), `no diagnostics array in ${JSON.stringify(result).slice(0, 300)}`);
  for (const d of result.diagnostics) assert.ok(CODES.has(d.code), `unknown code ${d.code}`);
  return [...new Set(result.diagnostics.map((d) => d.code))].sort();
}

/** check() and simulate() of one workflow: both answer, with the expected codes. */
function expectWorkflow(yaml, { codes: expected, valid, scenario = '{}' }) {
  const checked = call('check', yaml);
  const simulated = call('simulate', yaml, scenario);
  assert.deepEqual(codes(simulated), [...expected].sort(), 'simulate() codes');
  assert.equal(simulated.valid, valid, 'simulate().valid');
  if (!valid) assert.deepEqual(simulated.jobs, {}, 'an invalid workflow runs no job');
  // check() loads and checks; it does not run steps, so it never reports what only a run finds.
  const runOnly = new Set(['limit-exceeded']);
  assert.deepEqual(codes(checked), [...expected].filter((c) => valid ? !runOnly.has(c) : true).sort(), 'check() codes');
  return { checked, simulated };
}

/** The module still answers, and still right: run after every hostile case. */
function stillAnswers() {
  assert.deepEqual(call('evaluate', "format('{0}-{1}', 'ok', 1)", '{}'), { kind: 'String', value: 'ok-1' });
  const workflow = fs.readFileSync(path.join(EXAMPLE, 'workflow.yml'), 'utf8');
  const scenario = fs.readFileSync(path.join(EXAMPLE, 'scenario.json'), 'utf8');
  assert.equal(JSON.stringify(call('simulate', workflow, scenario)),
               JSON.stringify(JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8'))));
}

const job = (id, body = '') => `  ${id}:\n    runs-on: ubuntu-latest\n${body}    steps:\n      - run: echo ${id}\n`;

function hostile(name, body) {
  test(name, () => {
    body();
    stillAnswers();
  });
}

test('the diagnostic codes were read from diagnostic_codes.h', () => {
  for (const code of ['yaml-syntax', 'not-a-workflow', 'limit-exceeded', 'input-too-large', 'expression-syntax',
                      'needs-cycle', 'invalid-scenario']) {
    assert.ok(CODES.has(code), code);
  }
});

hostile('empty text: not-a-workflow', () => {
  expectWorkflow('', { codes: ['not-a-workflow'], valid: false });
  expectWorkflow('\n\n   \n', { codes: ['not-a-workflow'], valid: false });
});

hostile('binary bytes: yaml-syntax', () => {
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  expectWorkflow(bytes.toString('latin1'), { codes: ['yaml-syntax'], valid: false });
  const { checked } = expectWorkflow('on: push\u0000\njobs: {}\n', { codes: ['yaml-syntax'], valid: false });
  assert.match(checked.diagnostics[0].message, /control character U\+0000/);
  // Raw bytes, as Embind passes a Uint8Array to std::string unchanged.
  assert.deepEqual(codes(call('check', new Uint8Array(bytes))), ['yaml-syntax']);
});

hostile('a bare list, a scalar, a mapping without jobs: not-a-workflow', () => {
  expectWorkflow('- a\n- b\n', { codes: ['not-a-workflow'], valid: false });
  expectWorkflow('just a sentence\n', { codes: ['not-a-workflow'], valid: false });
  expectWorkflow('on: push\nname: nothing to run\n', { codes: ['not-a-workflow'], valid: false });
});

hostile('200-deep nesting, flow and block, open and closed: limit-exceeded', () => {
  for (const yaml of ['['.repeat(200), '['.repeat(200) + ']'.repeat(200), '{a: '.repeat(200) + '1' + '}'.repeat(200),
                      Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' v\n',
                      `on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      X: ${'['.repeat(200)}${']'.repeat(200)}\n    steps:\n      - run: echo\n`]) {
    const { simulated } = expectWorkflow(yaml, { codes: ['limit-exceeded'], valid: false });
    assert.match(simulated.diagnostics[0].message, /deeper than 100 levels/);
  }
});

hostile('a YAML alias bomb (billion laughs): limit-exceeded', () => {
  const lines = ['on: push', 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`x${i}: &x${i} [${Array(9).fill(`*x${i - 1}`).join(',')}]`);
  lines.push('jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      BOMB: *x9', '    steps:', '      - run: echo');
  const { simulated } = expectWorkflow(lines.join('\n') + '\n', { codes: ['limit-exceeded'], valid: false });
  assert.match(simulated.diagnostics[0].message, /Aliases expand to more than 10000 nodes/);
});

hostile('2,000 jobs: all simulated', () => {
  const yaml = 'on: push\njobs:\n' + Array.from({ length: 2000 }, (_, i) => job(`j${i}`)).join('');
  const { simulated } = expectWorkflow(yaml, { codes: [], valid: true });
  const jobs = Object.values(simulated.jobs);
  assert.equal(jobs.length, 2000);
  assert.ok(jobs.every((j) => j.result === 'success'));
  assert.equal(simulated.jobs.j1999.runs[0].steps[0].log, 'j1999\n');
});

hostile('2,000 jobs in one needs chain, and in one needs cycle', () => {
  const chain = 'on: push\njobs:\n' + Array.from({ length: 2000 }, (_, i) => job(`j${i}`, i ? `    needs: j${i - 1}\n` : '')).join('');
  const { simulated } = expectWorkflow(chain, { codes: [], valid: true });
  assert.deepEqual(Object.keys(simulated.jobs.j1999.needs), ['j1998']);
  const cycle = 'on: push\njobs:\n' + Array.from({ length: 2000 }, (_, i) => job(`j${i}`, `    needs: j${(i + 1999) % 2000}\n`)).join('');
  expectWorkflow(cycle, { codes: ['needs-cycle'], valid: false });
});

hostile('a 5 MB workflow and a 5 MB scenario: input-too-large; a 5 MB context value is answered', () => {
  const big = 'x'.repeat(5 * 1024 * 1024);
  const yaml = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${big}\n`;
  const { simulated } = expectWorkflow(yaml, { codes: ['input-too-large'], valid: false });
  assert.match(simulated.diagnostics[0].message, /larger than 512000 bytes \(500 KB\), GitHub's limit/);
  // Where the first byte past the limit is: line 6, after the 57 bytes of the lines before it.
  assert.deepEqual([simulated.diagnostics[0].line, simulated.diagnostics[0].column], [6, 512000 - 57]);
  // A context value has no limit of its own: it is answered.
  assert.deepEqual(call('evaluate', "startsWith(big, 'xxx') && endsWith(big, 'xxx')", JSON.stringify({ big })),
                   { kind: 'Boolean', value: true });
  const example = fs.readFileSync(path.join(EXAMPLE, 'workflow.yml'), 'utf8');
  // A scenario past 1 MB is reported, and the run goes on without it.
  const scenario = call('simulate', example, JSON.stringify({ junk: big }));
  const withoutScenario = call('simulate', example, '{}');
  assert.deepEqual(codes(scenario), [...codes(withoutScenario), 'input-too-large'].sort());
  assert.deepEqual(scenario.jobs, withoutScenario.jobs);
  assert.match(scenario.diagnostics.find((d) => d.code === 'input-too-large').message, /scenario is larger than 1048576 bytes/);
  assert.equal(scenario.valid, true);
});

hostile('invalid UTF-8 bytes: yaml-syntax, at the first bad byte', () => {
  const head = Buffer.from('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ');
  for (const [name, bad] of [['0xFF', [0xff]], ['a lone continuation byte', [0x80]], ['an overlong form', [0xc0, 0xaf]],
                             ['an encoded surrogate', [0xed, 0xa0, 0x80]], ['a truncated sequence', [0xe2, 0x82]],
                             ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]]]) {
    const bytes = new Uint8Array([...head, ...bad, 0x0a]);
    for (const method of ['check', 'simulate']) {
      const result = method === 'check' ? call('check', bytes) : call('simulate', bytes, '{}');
      assert.deepEqual(codes(result), ['yaml-syntax'], `${name} via ${method}`);
      assert.equal(result.diagnostics[0].line, 6, name);
      assert.equal(result.diagnostics[0].column, 19, name);
      assert.match(result.diagnostics[0].message, /is not UTF-8/, name);
    }
  }
});

hostile('lone surrogates in JS strings: the worker sends U+FFFD, the text after them is kept', () => {
  const yaml = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "x\uD800"\n      - run: echo "\uDC00y"\n';
  const answer = handleMessage(ghaplay, { id: 1, method: 'simulate', args: [yaml, '{}'] });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(answer.value.valid, true, JSON.stringify(answer.value.diagnostics));
  assert.deepEqual(answer.value.jobs.a.runs[0].steps.map((s) => s.log), ['x\uFFFD\n', '\uFFFDy\n']);
  // Straight into the module the same: it writes strings with TextEncoder (wasm/strings.post.js),
  // which turns a lone surrogate into U+FFFD too.
  assert.deepEqual(call('simulate', yaml, '{}').jobs.a.runs[0].steps.map((s) => s.log), ['x\uFFFD\n', '\uFFFDy\n']);
});

hostile('an expression of 30,000 characters: a lexing error, expression-syntax in a workflow', () => {
  const long = `'${'a'.repeat(29998)}'`;
  const result = call('evaluate', long, '{}');
  assert.equal(result.error?.kind, 'lexing', JSON.stringify(result).slice(0, 200));
  assert.match(result.error.message, /Exceeded max expression length 21000/);
  const yaml = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ ${long} }}\n`;
  expectWorkflow(yaml, { codes: ['expression-syntax'], valid: false });
});

hostile('deeply nested parentheses and operators: a parsing error, expression-syntax in a workflow', () => {
  for (const expression of ['('.repeat(10000) + 'true' + ')'.repeat(10000), '('.repeat(10000), '!'.repeat(20000) + 'true',
                            `fromJSON('${'['.repeat(5000)}${']'.repeat(5000)}')`]) {
    const result = call('evaluate', expression, '{}');
    assert.ok(result.error, `expected an error for ${expression.slice(0, 40)}…, got ${JSON.stringify(result).slice(0, 200)}`);
    assert.ok(['parsing', 'evaluation'].includes(result.error.kind), JSON.stringify(result.error).slice(0, 200));
  }
  assert.match(call('evaluate', '('.repeat(10000) + 'true' + ')'.repeat(10000), '{}').error.message, /Exceeded max expression depth 50/);
  const yaml = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    if: ${'('.repeat(5000)}true${')'.repeat(5000)}\n    steps:\n      - run: echo\n`;
  expectWorkflow(yaml, { codes: ['expression-syntax'], valid: false });
});

hostile('contexts and scenarios that are not what they should be: answered', () => {
  const deep = `{"a":${'['.repeat(100000)}${']'.repeat(100000)}}`;
  for (const context of ['{nope', '[1]', '"text"', deep, '\u0000']) {
    const result = call('evaluate', '1', context);
    assert.equal(result.error?.kind, 'usage', JSON.stringify(result).slice(0, 200));
  }
  const example = fs.readFileSync(path.join(EXAMPLE, 'workflow.yml'), 'utf8');
  for (const scenario of ['{{', '[]', deep, '\u0000\u0001']) {
    const result = call('simulate', example, scenario);
    assert.ok(codes(result).includes('invalid-scenario'), `${scenario.slice(0, 20)}: ${JSON.stringify(result.diagnostics)}`);
  }
});

hostile('`while true; do :; done` in a run step: limit-exceeded, and the run goes on', () => {
  const yaml = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: while true; do :; done\n      - if: always()\n        run: echo after\n';
  const started = Date.now();
  const { simulated } = expectWorkflow(yaml, { codes: ['limit-exceeded'], valid: true });
  assert.ok(Date.now() - started < 10_000, 'within the engine timeout of the page');
  const diagnostic = simulated.diagnostics.find((d) => d.code === 'limit-exceeded');
  assert.equal(diagnostic.job, 'a');
  assert.match(diagnostic.message, /step budget is exhausted/);
  assert.equal(simulated.jobs.a.runs[0].steps.at(-1).log, 'after\n');
});

after(() => {
  // The same instance answered every case above; one more look at the end.
  if (ghaplay) stillAnswers();
});
