// bash in two places (wasm/CMakeLists.txt, script_bridge.cc): the shell without its text tools, in
// the engine module, and 'bash-full', a module of its own. Without 'bash-full' attached, a script
// either gets exactly the native CLI's answer or, if it reaches a text tool, is not run and
// 'bash-full' is listed by missingInterpreters(); once 'bash-full' is attached every answer is the
// CLI's again. Nothing is skipped: a missing build is a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, CLI, loadModule, loadInterpreter, oneStepWorkflow as job } from './module.mjs';

const EXAMPLES = path.join(ROOT, 'examples');

/** The native CLI's answer for a workflow (and scenario file), as text. */
function cliAnswer(workflowFile, scenarioFile) {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'make native'`);
  const args = ['simulate', workflowFile, '--format', 'json'];
  if (scenarioFile) args.push('--scenario', scenarioFile);
  const out = spawnSync(CLI, args, { encoding: 'utf8' });
  assert.ok(out.status === 0 || out.status === 1, out.stderr);
  return out.stdout.trimEnd();
}

function workflowFile(yaml) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghaplay-bash-modules-'));
  const file = path.join(dir, 'workflow.yml');
  fs.writeFileSync(file, yaml);
  return file;
}

test('every example: the engine\'s bash answers as the CLI does, or asks for bash-full, which then does', async () => {
  const core = await loadModule({ interpreters: ['pwsh', 'python'] });
  const full = await loadModule();
  const index = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'index.json'), 'utf8'));
  const needed = [];
  for (const { id } of index.examples) {
    const dir = path.join(EXAMPLES, id);
    const workflow = fs.readFileSync(path.join(dir, 'workflow.yml'), 'utf8');
    const scenario = fs.readFileSync(path.join(dir, 'scenario.json'), 'utf8');
    const expected = cliAnswer(path.join(dir, 'workflow.yml'), path.join(dir, 'scenario.json'));
    const answer = core.simulate(workflow, scenario);
    const missing = core.missingInterpreters();
    if (missing.length === 0) {
      assert.equal(answer, expected, `${id} on the engine's bash`);
    } else {
      assert.deepEqual(missing, ['bash-full'], id);
      needed.push(id);
    }
    assert.equal(full.simulate(workflow, scenario), expected, `${id} with bash-full attached`);
    assert.deepEqual(full.missingInterpreters(), [], id);
  }
  // The page opens on these examples with the engine's bash alone: today none of them needs more.
  assert.deepEqual(needed, [], 'examples that need bash-full');
});

test('a text tool anywhere in a script asks for bash-full; looking one up, or a small tool, does not', async () => {
  const core = await loadModule({ interpreters: [] });
  for (const script of [
    'echo "v=$(echo hi | grep h)" >> "$GITHUB_OUTPUT"',               // in a pipeline, in $( )
    'x=$(printf "a\\nb\\n" | sort -r)\necho "v=$x" >> "$GITHUB_OUTPUT"',
    'echo a b | xargs echo >> "$GITHUB_OUTPUT"',                     // xargs is one itself
    'f() { grep -c x <<< "x"; }\necho "v=$(f)" >> "$GITHUB_OUTPUT"',   // in a function
    'echo one\nawk \'BEGIN { print "v=1" }\' >> "$GITHUB_OUTPUT"',    // after other output
  ]) {
    const yaml = job(script);
    const result = JSON.parse(core.simulate(yaml, ''));
    assert.deepEqual(core.missingInterpreters(), ['bash-full'], script);
    assert.match(result.diagnostics.map((d) => d.message).join('\n'),
      /this script needs the bash-full interpreter module: attach ghaplay-bash-full\.wasm/, script);
  }
  // The small tools are in both builds (builtins.cc): no second module for `wc -l` or `cut`.
  const small = job('n=$(printf "a\\nb\\n" | wc -l)\necho "v=$n-$(echo a/b | cut -d/ -f2)-$(echo ab | tr a-z A-Z)-$(seq 2 | tail -n1)" >> "$GITHUB_OUTPUT"');
  const smallAnswer = core.simulate(small, '');
  assert.deepEqual(core.missingInterpreters(), []);
  assert.equal(smallAnswer, cliAnswer(workflowFile(small)));
  assert.equal(JSON.parse(smallAnswer).jobs.a.outputs.v, '2-b-AB-2');
  // `type`, `command -v` and `which` only look the name up: the engine answers them itself.
  const lookup = job('type grep\ncommand -v sed\nwhich awk\necho "v=$(type -t sort)" >> "$GITHUB_OUTPUT"');
  const answer = core.simulate(lookup, '');
  assert.deepEqual(core.missingInterpreters(), []);
  assert.equal(answer, cliAnswer(workflowFile(lookup)));
  assert.equal(JSON.parse(answer).jobs.a.outputs.v, 'builtin');
});

test('with bash-full attached, the engine still runs the scripts that reach no text tool itself', async () => {
  const engine = await loadModule({ interpreters: [] });
  let fullCalls = 0;
  const full = await loadInterpreter('bash-full');
  engine.attachInterpreter('bash-full', { runScript: (request, baseEnv) => { fullCalls += 1; return full.runScript(request, baseEnv); } });
  const plain = job('echo "v=plain" >> "$GITHUB_OUTPUT"');
  const tools = job('echo "v=$(echo tools | sed s/t/T/)" >> "$GITHUB_OUTPUT"');
  assert.equal(engine.simulate(plain, ''), cliAnswer(workflowFile(plain)));
  assert.equal(JSON.parse(engine.simulate(plain, '')).jobs.a.outputs.v, 'plain');
  assert.equal(fullCalls, 0);
  assert.equal(engine.simulate(tools, ''), cliAnswer(workflowFile(tools)));
  assert.equal(fullCalls, 1);
  assert.equal(JSON.parse(engine.simulate(tools, '')).jobs.a.outputs.v, 'Tools');
  assert.equal(fullCalls, 2);
  assert.deepEqual(engine.missingInterpreters(), []);
});
