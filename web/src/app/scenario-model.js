// Editing a scenario (schema/scenario.schema.json) from the form: pure functions on a plain
// object, so the form, the JSON view and the share link all hold one and the same value.

function sameMatrix(a, b) {
  const ka = Object.keys(a ?? {}), kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b?.[k]));
}

/** Where {job, step, matrix} sits in scenario.steps; -1 when absent. matrix null = every leg. */
export function findStepEntry(scenario, job, step, matrix) {
  const list = Array.isArray(scenario.steps) ? scenario.steps : [];
  return list.findIndex((e) => e && e.job === job && e.step === step && sameMatrix(e.matrix, matrix));
}

export function getStepEntry(scenario, job, step, matrix) {
  const i = findStepEntry(scenario, job, step, matrix);
  return i < 0 ? null : scenario.steps[i];
}

function withEntry(scenario, job, step, matrix, edit) {
  const next = structuredClone(scenario);
  if (!Array.isArray(next.steps)) next.steps = [];
  let i = findStepEntry(next, job, step, matrix);
  if (i < 0) {
    const entry = { job, step };
    if (matrix && Object.keys(matrix).length) entry.matrix = structuredClone(matrix);
    next.steps.push(entry);
    i = next.steps.length - 1;
  }
  edit(next.steps[i]);
  const entry = next.steps[i];
  if (entry.outputs && Object.keys(entry.outputs).length === 0) delete entry.outputs;
  if (!entry.outputs && !entry.outcome) next.steps.splice(i, 1);
  if (next.steps.length === 0) delete next.steps;
  return next;
}

/** value undefined removes the output from the scenario (the step's own value applies again). */
export function setStepOutput(scenario, job, step, matrix, name, value) {
  return withEntry(scenario, job, step, matrix, (entry) => {
    entry.outputs ??= {};
    if (value === undefined) delete entry.outputs[name];
    else entry.outputs[name] = value;
  });
}

/** outcome '' removes it (the step's script decides). */
export function setStepOutcome(scenario, job, step, matrix, outcome) {
  return withEntry(scenario, job, step, matrix, (entry) => {
    if (outcome) entry.outcome = outcome;
    else delete entry.outcome;
  });
}

/** section: 'secrets' | 'vars' | 'inputs'. value undefined removes the name. */
export function setNamed(scenario, section, name, value) {
  const next = structuredClone(scenario);
  next[section] = { ...(next[section] ?? {}) };
  if (value === undefined) delete next[section][name];
  else next[section][name] = value;
  if (Object.keys(next[section]).length === 0) delete next[section];
  return next;
}

/** Renames a key of secrets/vars/inputs in place, keeping its position. */
export function renameNamed(scenario, section, from, to) {
  const next = structuredClone(scenario);
  const entries = Object.entries(next[section] ?? {}).map(([k, v]) => [k === from ? to : k, v]);
  next[section] = Object.fromEntries(entries);
  return next;
}

/** order: 'declared' | 'reverse' | 'seed:N'; 'declared' is the default and is left out. */
export function setOrder(scenario, order) {
  const next = structuredClone(scenario);
  if (!order || order === 'declared') delete next.order;
  else next.order = order;
  return next;
}

/** The step name the form uses for the outputs of a reusable-workflow call (any name works). */
export const CALLED_WORKFLOW_STEP = 'outputs';

/**
 * The jobs, legs and steps the form offers, from the last simulation result: every job with its
 * legs (matrix values) and the steps that have an id, with the output names seen in the result
 * or already set in the scenario. limit: only the first `limit` jobs in file order and the jobs
 * the scenario sets a step of (what the form lists), so that a result of thousands of jobs costs
 * the form no more than the jobs it shows.
 * @returns {{targets: object[], total: number}} total: how many jobs the result has
 */
export function scenarioTargets(result, scenario, limit = Infinity) {
  const targets = [];
  const entriesByJob = new Map();
  for (const e of scenario.steps ?? []) {
    if (typeof e?.job !== 'string') continue;
    if (!entriesByJob.has(e.job)) entriesByJob.set(e.job, []);
    entriesByJob.get(e.job).push(e);
  }
  const jobs = result?.jobs ?? {};
  const ids = Object.keys(jobs);
  for (let i = 0; i < ids.length; i++) {
    const jobId = ids[i];
    if (i >= limit && !entriesByJob.has(jobId)) continue;
    const job = jobs[jobId];
    const matrixJob = job.runs.length > 1 || job.runs.some((r) => Object.keys(r.matrix ?? {}).length);
    const steps = new Map();
    for (const run of job.runs) {
      for (const step of run.steps) {
        if (!step.id) continue;
        if (!steps.has(step.id)) steps.set(step.id, { id: step.id, name: step.name, names: new Set(), legs: [] });
        const entry = steps.get(step.id);
        for (const name of Object.keys(step.outputs)) entry.names.add(name);
        entry.legs.push({ name: run.name, matrix: run.matrix ?? {}, outputs: step.outputs, outcome: step.outcome });
      }
    }
    // A job that calls a reusable workflow runs no steps: ghaplay takes its outputs from a
    // scenario entry with any step name; the form offers one named "outputs".
    if (steps.size === 0 && job.runs.length > 0 && job.runs.every((run) => run.steps.length === 0)) {
      steps.set(CALLED_WORKFLOW_STEP, {
        id: CALLED_WORKFLOW_STEP, name: '(the called workflow\'s outputs)', names: new Set(Object.keys(job.outputs)),
        legs: job.runs.map((run) => ({ name: run.name, matrix: run.matrix ?? {}, outputs: run.outputs, outcome: run.result })),
      });
    }
    for (const e of entriesByJob.get(jobId) ?? []) {
      if (!steps.has(e.step)) continue;
      for (const name of Object.keys(e.outputs ?? {})) steps.get(e.step).names.add(name);
    }
    targets.push({
      id: jobId, result: job.result, matrix: matrixJob, runs: job.runs.length,
      steps: [...steps.values()].map((st) => ({ ...st, names: [...st.names] })),
    });
  }
  return { targets, total: ids.length };
}
