// The WebAssembly module under Node: it loads, it answers with the engine's JSON, and it agrees
// with the native CLI. Run by `make test` (after `make native wasm`) as `node --test tests/node/`.
// Nothing is skipped: a missing build/wasm or build/native is a failure, not a skip.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, loadModule } from './module.mjs';


let ghaplay;

before(async () => {
  ghaplay = await loadModule();
});

function evaluate(expression, context = {}) {
  return JSON.parse(ghaplay.evaluate(expression, JSON.stringify(context)));
}

test('the module exposes evaluate, check and version', () => {
  for (const name of ['evaluate', 'check', 'version']) {
    assert.equal(typeof ghaplay[name], 'function', `${name} is not bound`);
  }
});

test('version() matches the CLI', () => {
  const out = runCli(['version']);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(`ghaplay ${ghaplay.version()}`, out.stdout.trim());
});

test('evaluate("1 == 1") is Boolean true', () => {
  assert.deepEqual(evaluate('1 == 1'), { kind: 'Boolean', value: true });
});

test('evaluate reads the named contexts', () => {
  assert.deepEqual(evaluate("github.event_name == 'push'", { github: { event_name: 'push' } }),
                   { kind: 'Boolean', value: true });
  assert.deepEqual(evaluate('matrix.os', { matrix: { os: 'ubuntu-latest' } }),
                   { kind: 'String', value: 'ubuntu-latest' });
});

test('evaluate gives GitHub\'s values for functions and toJSON', () => {
  assert.deepEqual(evaluate("format('{0} and {1}', 'a', 2)"), { kind: 'String', value: 'a and 2' });
  assert.deepEqual(evaluate('toJSON(needs)', { needs: { build: { result: 'success', outputs: {} } } }),
                   { kind: 'String', value: '{\n  "build": {\n    "result": "success",\n    "outputs": {}\n  }\n}' });
  assert.deepEqual(evaluate("fromJSON('[1, 2.5]')"), { kind: 'Array', value: [1, 2.5] });
});

test('a syntax error is a parsing error with GitHub\'s message', () => {
  // actions/languageservices expressions/testdata/op_dot.json#property-errors[1]
  const result = evaluate('foo.1', { foo: {} });
  assert.ok(result.error, `expected an error, got ${JSON.stringify(result)}`);
  assert.equal(result.error.kind, 'parsing');
  assert.match(result.error.message,
               /Unexpected symbol: '1'\. Located at position 5 within expression: foo\.1/);
});

test('an unknown context is a parsing error with GitHub\'s message', () => {
  // actions/languageservices expressions/testdata/basic.json#unknown context[0]
  const result = evaluate('nosuchcontext.foo');
  assert.equal(result.error?.kind, 'parsing', JSON.stringify(result));
  assert.match(result.error.message,
               /Unrecognized named-value: 'nosuchcontext'\. Located at position 1 within expression: nosuchcontext\.foo/);
});

const VALID_WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
const BROKEN_YAML = 'jobs: [unclosed\n';
const UNKNOWN_NEEDS = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps:\n      - run: echo hi\n';

test('check() finds nothing wrong in a valid workflow', () => {
  assert.deepEqual(JSON.parse(ghaplay.check(VALID_WORKFLOW)), { diagnostics: [] });
});

test('check() survives YAML that does not parse (exceptions work in wasm)', () => {
  const { diagnostics } = JSON.parse(ghaplay.check(BROKEN_YAML));
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  assert.equal(diagnostics[0].severity, 'error');
  assert.equal(diagnostics[0].code, 'yaml-syntax');
});

test('check() reports an unknown job in needs where it is written', () => {
  const { diagnostics } = JSON.parse(ghaplay.check(UNKNOWN_NEEDS));
  const found = diagnostics.find((d) => d.code === 'unknown-needs');
  assert.ok(found, JSON.stringify(diagnostics));
  assert.equal(found.job, 'build');
  assert.equal(found.line, 5);
});

// ---------------------------------------------------------------------------------------------
// The wasm module and the native CLI run the same core: they must give the same answers.

function runCli(args) {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'make native'`);
  return spawnSync(CLI, args, { encoding: 'utf8', timeout: 30_000 });
}

function evaluateWithCli(expression, context) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-node-'));
  try {
    const contextFile = path.join(dir, 'context.json');
    fs.writeFileSync(contextFile, JSON.stringify(context));
    const out = runCli(['eval', expression, '--context', contextFile]);
    assert.ok(out.stdout.trim() !== '',
              `ghaplay eval printed nothing (exit ${out.status}): ${out.stderr}`);
    return JSON.parse(out.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SAME_AS_CLI = [
  ['1 == 1', {}],
  ["format('{0} and {1}', 'a', 2)", {}],
  ["toJSON(fromJSON('{\"a\":[1,2.5,true,null]}'))", {}],
  ["contains(matrix.os, 'ubuntu') && matrix.node >= 18", { matrix: { os: 'ubuntu-22.04', node: 20 } }],
  ['github.event.pull_request.number || 0', { github: { event: {} } }],
  ['toJSON(needs)', { needs: { build: { result: 'success', outputs: { version: '1.2.3' } } } }],
  ["0.1 + 'x'", {}],
  ['foo.1', { foo: {} }],
  ['1 ==', {}],
];

for (const [expression, context] of SAME_AS_CLI) {
  test(`wasm and CLI agree: ${expression}`, () => {
    assert.deepEqual(evaluate(expression, context), evaluateWithCli(expression, context));
  });
}

function checkWithCli(workflow, command = 'check') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-node-'));
  try {
    const file = path.join(dir, 'workflow.yml');
    fs.writeFileSync(file, workflow);
    const out = runCli([command, file, '--format', 'json']);
    assert.ok(out.stdout.trim() !== '',
              `ghaplay check printed nothing (exit ${out.status}): ${out.stderr}`);
    return JSON.parse(out.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, workflow] of [['valid', VALID_WORKFLOW], ['broken YAML', BROKEN_YAML],
                                ['unknown needs', UNKNOWN_NEEDS]]) {
  test(`wasm and CLI agree: check of a ${name} workflow`, () => {
    assert.deepEqual(JSON.parse(ghaplay.check(workflow)), checkWithCli(workflow));
  });
}

// The engine's yaml-cpp reads the workflow's bytes without a std::istream
// (third_party/patches/yaml-cpp-without-iostream.patch); the CLI's is Debian's, unpatched, reading
// a std::istringstream. Where the patch rewrote what the stream did (the byte-order mark and the
// encoding it names, the end of the input, a %YAML directive's version, the message of a bad
// escape), both must read the same text the same way, to the line and column.
const WORKFLOW_BODY = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$X"\n        env:\n          X: "a\\u00e9b"\n';
const BYTES_THE_PATCH_READS = [
  ['a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(WORKFLOW_BODY)])],
  ['half a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb]), Buffer.from(WORKFLOW_BODY)])],
  ['a UTF-16 little-endian byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(WORKFLOW_BODY, 'utf16le')])],
  ['UTF-16 big-endian text', Buffer.from(WORKFLOW_BODY, 'utf16le').swap16()],
  ['no bytes', Buffer.alloc(0)],
  ['one byte', Buffer.from('a')],
  ['a quoted string the input ends in', Buffer.from('on: push\njobs: "abc')],
  ...['1.2', '1.3', '2.0', '1', '1.', '.2', '+1.2', '-1.-2', '1x2', '1..2', '1.2.3', '01.002', '99999999999.1', '1.2147483648',
      '2147483647.0'].map((version) => [`%YAML ${version}`, Buffer.from(`%YAML ${version}\n---\n${WORKFLOW_BODY}`)]),
  ['%YAML with two arguments', Buffer.from(`%YAML 1.2 1.1\n---\n${WORKFLOW_BODY}`)],
  ['%YAML twice', Buffer.from(`%YAML 1.2\n%YAML 1.2\n---\n${WORKFLOW_BODY}`)],
  ['an escape of a surrogate', Buffer.from('on: push\njobs: "\\uD800"\n')],
  ['an escape past Unicode', Buffer.from('on: push\njobs: "\\U00110000"\n')],
  ['an unknown escape', Buffer.from('on: push\njobs: "\\q"\n')],
];

for (const [name, bytes] of BYTES_THE_PATCH_READS) {
  test(`wasm and CLI agree on YAML with ${name}`, () => {
    assert.deepEqual(JSON.parse(ghaplay.check(bytes)), checkWithCli(bytes));
    assert.deepEqual(JSON.parse(ghaplay.simulate(bytes, '')), checkWithCli(bytes, 'simulate'));
  });
}

test('arguments: strings, ArrayBuffers and typed arrays of UTF-8; anything else is a TypeError', () => {
  const expected = ghaplay.evaluate("format('{0}-{1}', matrix.os, 'é')", '{"matrix": {"os": "linux"}}');
  assert.deepEqual(JSON.parse(expected), { kind: 'String', value: 'linux-é' });
  const utf8 = (text) => new TextEncoder().encode(text);
  assert.equal(ghaplay.evaluate(utf8("format('{0}-{1}', matrix.os, 'é')"), utf8('{"matrix": {"os": "linux"}}').buffer), expected);
  const padded = new Uint8Array([0x7b, 0x7d, 0x20]); // "{} " seen through a view of its first two bytes
  assert.equal(ghaplay.evaluate('1 == 1', new Uint8Array(padded.buffer, 0, 2)), ghaplay.evaluate('1 == 1', '{}'));
  assert.throws(() => ghaplay.evaluate('1 == 1', 42), { name: 'TypeError', message: /must be a string, an ArrayBuffer or a typed array/ });
  assert.throws(() => ghaplay.evaluate('1 == 1'), { name: 'TypeError', message: /evaluate takes 2 argument\(s\), 1 given/ });
  assert.throws(() => ghaplay.check(), { name: 'TypeError' });
  // The module still answers after refusing.
  assert.equal(ghaplay.evaluate('1 == 1', '{}'), '{"kind":"Boolean","value":true}');
});

test('a large argument, then small ones: the answers stay right as the argument buffer grows', () => {
  const big = `'${'é'.repeat(9000)}'`; // 18,002 bytes of UTF-8 from 9,002 UTF-16 units
  assert.equal(JSON.parse(ghaplay.evaluate(big, '{}')).value, 'é'.repeat(9000));
  const body = 'xé'.repeat(1_000_000);
  const context = JSON.stringify({ github: { event: { body } } });
  assert.equal(JSON.parse(ghaplay.evaluate('github.event.body', context)).value, body);
  assert.equal(ghaplay.evaluate('1 == 1', '{}'), '{"kind":"Boolean","value":true}');
});
