// rememberScripts(true) (wasm/bindings.cc, api::SimulationSession): each simulate() reuses the
// answers of the scripts the call before it ran with the same input. What the page relies on: every
// answer is the one a module that remembers nothing gives, edits reuse the unchanged scripts, and a
// script not run for want of a module is run once that module is attached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, loadModule, loadInterpreter, oneStepWorkflow, chainWorkflow } from './module.mjs';
import { answerReader } from '../../web/src/engine-calls.js';

const EXAMPLES = path.join(ROOT, 'examples');

function examples() {
  const index = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'index.json'), 'utf8'));
  return index.examples.map(({ id }) => ({
    id,
    yaml: fs.readFileSync(path.join(EXAMPLES, id, 'workflow.yml'), 'utf8'),
    scenario: fs.readFileSync(path.join(EXAMPLES, id, 'scenario.json'), 'utf8'),
  }));
}

/** The text with ` -e` typed after each of its first `count` `echo` words. */
function typed(yaml, count) {
  let seen = 0;
  return yaml.replace(/\becho(?= )/g, (word) => (seen++ < count ? `${word} -e` : word));
}

test('typing through every example: each answer is a fresh module\'s, and unchanged scripts are reused', async () => {
  const remembering = await loadModule();
  const fresh = await loadModule();
  remembering.rememberScripts(true);
  let reused = 0;
  for (const { id, yaml, scenario } of examples()) {
    // The example, then ` -e` typed after its `echo` words one at a time: each edit changes one script.
    const echoes = (yaml.match(/\becho(?= )/g) ?? []).length;
    const edits = Array.from({ length: echoes + 1 }, (_, n) => typed(yaml, n));
    for (const [n, text] of edits.entries()) {
      assert.equal(remembering.simulate(text, scenario), fresh.simulate(text, scenario), `${id}, edit ${n}`);
      reused += remembering.scriptsReused();
    }
  }
  assert.ok(reused > 20, `only ${reused} runs reused`);
  assert.equal(fresh.scriptsReused(), 0);
});

test('the same workflow twice: the second call takes the job; a comment typed reuses its script; rememberScripts(false) forgets', async () => {
  const module = await loadModule({ interpreters: [] });
  const yaml = oneStepWorkflow('echo "v=$GITHUB_JOB" >> "$GITHUB_OUTPUT"');
  module.rememberScripts(true);
  const first = module.simulate(yaml, '');
  assert.equal(module.scriptsReused(), 0);
  assert.equal(module.jobsReused(), 0);
  assert.equal(module.simulate(yaml, ''), first);
  assert.equal(module.jobsReused(), 1, 'the same text: the job is taken, not simulated');
  assert.equal(module.scriptsReused(), 0);
  // A comment at the end lies in the job's lines: the job is simulated again, its script is not run.
  assert.equal(module.simulate(`${yaml}# typed\n`, ''), first);
  assert.equal(module.jobsReused(), 0);
  assert.equal(module.scriptsReused(), 1);
  module.rememberScripts(false);
  assert.equal(module.simulate(yaml, ''), first);
  assert.equal(module.scriptsReused(), 0);
  assert.equal(module.jobsReused(), 0);
  module.rememberScripts(true);
  module.simulate(yaml, '');
  assert.equal(module.scriptsReused(), 0, 'turned off and on again: nothing was kept');
  assert.equal(module.jobsReused(), 0, 'turned off and on again: nothing was kept');
});

test('a script not run for want of bash-full is run once bash-full is attached', async () => {
  const module = await loadModule({ interpreters: [] });
  module.rememberScripts(true);
  const yaml = oneStepWorkflow('echo "v=$(echo abc | grep -o b)" >> "$GITHUB_OUTPUT"');
  const first = JSON.parse(module.simulate(yaml, ''));
  assert.deepEqual(module.missingInterpreters(), ['bash-full']);
  assert.deepEqual(first.jobs.a.outputs, {});
  module.attachInterpreter('bash-full', await loadInterpreter('bash-full'));
  const second = JSON.parse(module.simulate(yaml, ''));
  assert.equal(module.scriptsReused(), 0);
  assert.equal(module.jobsReused(), 0, 'a job whose script waited for a module is simulated again, not taken');
  assert.deepEqual(module.missingInterpreters(), []);
  assert.deepEqual(second.jobs.a.outputs, { v: 'b' });
});

test('answerChanges(true): an answer writes unchanged jobs as 0, and answerReader fills them in to a fresh module\'s answer', async () => {
  const module = await loadModule();
  const fresh = await loadModule();
  module.rememberScripts(true);
  module.answerChanges(true);
  const read = answerReader();
  let zeros = 0;
  let whole = 0;
  for (const { id, yaml, scenario } of examples()) {
    const echoes = (yaml.match(/\becho(?= )/g) ?? []).length;
    // Each edit, then a comment typed at the end (the last job's lines: simulated again, unchanged).
    const edits = Array.from({ length: echoes + 1 }, (_, n) => typed(yaml, n)).flatMap((text) => [text, `${text}# typed\n`]);
    for (const [n, text] of edits.entries()) {
      const json = module.simulate(text, scenario);
      const answered = Object.values(JSON.parse(json).jobs ?? {});
      zeros += answered.filter((job) => job === 0).length;
      whole += answered.filter((job) => job !== 0).length;
      const answer = read({ id: n, ok: true, json }, 'simulate');
      assert.equal(answer.ok, true, `${id}, edit ${n}: ${answer.error?.message}`);
      const expected = JSON.parse(fresh.simulate(text, scenario));
      assert.deepEqual(answer.value, expected, `${id}, edit ${n}`);
      // Key order is the answer's, as the page lists jobs in it.
      assert.deepEqual(Object.keys(answer.value.jobs), Object.keys(expected.jobs));
    }
  }
  assert.ok(zeros > whole, `${zeros} jobs written 0, ${whole} written whole`);
});

test('answerReader refuses a 0 it cannot fill in, and an answerChanges call makes the next answer whole', async () => {
  const module = await loadModule({ interpreters: [] });
  module.rememberScripts(true);
  module.answerChanges(true);
  const yaml = oneStepWorkflow('echo "v=$GITHUB_JOB" >> "$GITHUB_OUTPUT"');
  const first = module.simulate(yaml, '');
  const second = module.simulate(yaml, '');
  assert.equal(JSON.parse(second).jobs.a, 0, 'the same text: job a is written 0');
  // A reader that did not see the first answer cannot fill the second in.
  const refused = answerReader()({ id: 2, ok: true, json: second }, 'simulate');
  assert.equal(refused.ok, false);
  assert.equal(refused.fatal, true);
  assert.match(refused.error.message, /job "a" as unchanged/);
  // Called again, the module answers whole, as the first time.
  module.answerChanges(true);
  assert.equal(module.simulate(yaml, ''), first);
  // Off: whole answers. The first after the call would be whole either way: the second tells.
  module.answerChanges(false);
  assert.equal(module.simulate(yaml, ''), first);
  assert.equal(module.simulate(yaml, ''), first);
});

test('simulateWithin: a fresh module\'s answer when the edit costs at most maxJobs jobs, otherwise \'\'', async () => {
  const module = await loadModule({ interpreters: [] });
  const fresh = await loadModule({ interpreters: [] });
  const chain = chainWorkflow();
  assert.equal(module.simulateWithin(chain, '', 100), '', 'without rememberScripts(true) nothing is bounded');
  module.rememberScripts(true);
  assert.equal(module.simulateWithin(chain, '', 100), '', 'nothing loaded yet: a whole load');
  module.simulate(chain, '');
  const lastEdited = chainWorkflow({ 5: 'j5 edited' });
  assert.equal(module.simulateWithin(lastEdited, '', 0), '', 'the last job edited, no job allowed');
  assert.equal(module.simulateWithin(lastEdited, '', 1), fresh.simulate(lastEdited, ''));
  assert.equal(module.jobsReused(), 5);
  // j2 reaches the three jobs after it; another scenario reaches all six.
  const thirdEdited = chainWorkflow({ 2: 'j2 edited', 5: 'j5 edited' });
  assert.equal(module.simulateWithin(thirdEdited, '', 3), '');
  assert.equal(module.simulateWithin(thirdEdited, '', 4), fresh.simulate(thirdEdited, ''));
  assert.equal(module.simulateWithin(thirdEdited, '{"order":"reverse"}', 5), '');
  assert.equal(module.simulateWithin(thirdEdited, '{"order":"reverse"}', 6), fresh.simulate(thirdEdited, '{"order":"reverse"}'));
  // Two jobs edited at once: a whole load, declined whatever the count.
  assert.equal(module.simulateWithin(chainWorkflow({ 0: 'j0 edited', 5: 'j5 again' }), '', 100), '');
  assert.throws(() => module.simulateWithin(chain, '', 1.5), /maxJobs must be a whole number/);
  assert.throws(() => module.simulateWithin(chain, ''), /takes 3 argument/);
});
