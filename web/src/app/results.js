// The selected job's details: result, outputs (and which leg set each), the needs context it
// received and toJSON(needs) exactly as GitHub prints it, then each leg's steps with outcome,
// outputs and log. Matrix override warnings sit next to the output they concern.
import { h, copyText, flash } from './dom.js';

const OVERRIDE = 'matrix-output-override';

/** A job with more legs shows its first ones with their steps and logs, the rest on request. */
export const MAX_RUNS_SHOWN = 16;

/** The output an override warning is about ("Matrix legs set output 'KEY' to different values"). */
export function overrideKey(diagnostic) {
  const m = /^Matrix legs set output '([^']*)'/.exec(diagnostic.message);
  return m ? m[1] : null;
}

function badge(result) {
  return h('span', { className: `badge ${result}` }, result);
}

function copyButton(label, text) {
  const button = h('button', {
    type: 'button', className: 'copy', 'aria-label': label,
    on: { click: async () => flash(button, (await copyText(text)) ? 'Copied' : 'Copy failed') },
  }, 'Copy');
  return button;
}

function outputsList(outputs) {
  const entries = Object.entries(outputs ?? {});
  if (entries.length === 0) return h('span', { className: 'muted' }, 'none');
  return h('dl', { className: 'kv' }, entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, v))]));
}

function diagnosticItem(d, onJump) {
  return h('li', { className: `diag ${d.severity}` },
    h('span', { className: 'sev' }, d.severity),
    ' ',
    d.line > 0
      ? h('button', { type: 'button', className: 'link', on: { click: () => onJump(d.line, d.column) }, 'aria-label': `Go to line ${d.line}` }, `line ${d.line}`)
      : null,
    ' ',
    h('span', { className: 'msg' }, d.message),
    ' ',
    h('code', { className: 'code' }, d.code));
}

/** overrides: the matrix-output-override diagnostics of this job. */
function renderOutputs(jobId, job, overrides, onJump) {
  const byKey = new Map();
  const unplaced = [];
  for (const d of overrides) {
    const key = overrideKey(d);
    const actual = key === null ? undefined : Object.keys(job.outputs).find((k) => k.toLowerCase() === key.toLowerCase());
    if (actual === undefined) unplaced.push(d);
    else byKey.set(actual, [...(byKey.get(actual) ?? []), d]);
  }
  const section = h('section', { className: 'block', 'aria-label': `Outputs of ${jobId}` },
    h('h4', {}, 'Outputs ', h('span', { className: 'muted' }, `needs.${jobId}.outputs downstream`)));
  const entries = Object.entries(job.outputs);
  if (entries.length === 0) {
    section.append(h('p', { className: 'muted' }, 'No outputs (an output whose value is empty does not exist downstream).'));
  } else {
    const tbody = h('tbody', {});
    for (const [name, value] of entries) {
      tbody.append(h('tr', { dataset: { output: name } },
        h('th', { scope: 'row' }, h('code', {}, name)),
        h('td', {}, h('code', { className: 'value' }, value)),
        h('td', {}, job.outputSources?.[name] ?? '')));
      for (const d of byKey.get(name) ?? []) {
        tbody.append(h('tr', { className: 'override' },
          h('td', { colspan: 3 },
            h('div', { className: 'warning', role: 'note' },
              h('strong', {}, '⚠ Matrix legs overwrite this output. '),
              h('span', { className: 'msg' }, d.message),
              d.line > 0 ? [' ', h('button', { type: 'button', className: 'link', on: { click: () => onJump(d.line, d.column) } }, `line ${d.line}`)] : null))));
      }
    }
    section.append(h('table', { className: 'outputs' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'name'), h('th', { scope: 'col' }, 'value'), h('th', { scope: 'col' }, 'set by'))),
      tbody));
  }
  for (const d of unplaced) {
    section.append(h('div', { className: 'warning', role: 'note' }, h('span', { className: 'msg' }, d.message)));
  }
  return section;
}

function renderNeeds(jobId, job) {
  const entries = Object.entries(job.needs);
  const section = h('section', { className: 'block', 'aria-label': `needs context of ${jobId}` },
    h('h4', {}, 'needs ', h('span', { className: 'muted' }, 'the context this job received (direct dependencies only)')));
  if (entries.length === 0) {
    section.append(h('p', { className: 'muted' }, 'This job needs no other job.'));
  } else {
    const tbody = h('tbody', {}, entries.map(([dep, ctx]) => h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, dep)),
      h('td', {}, badge(ctx.result)),
      h('td', {}, outputsList(ctx.outputs)))));
    section.append(h('table', { className: 'needs' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'job'), h('th', { scope: 'col' }, 'result'), h('th', { scope: 'col' }, 'outputs'))),
      tbody));
  }
  section.append(h('div', { className: 'json-head' },
    h('span', {}, h('code', {}, '${{ toJSON(needs) }}'), ' prints'),
    copyButton(`Copy toJSON(needs) of ${jobId}`, job.needsJSON)));
  section.append(h('pre', { className: 'needs-json', tabindex: 0, 'aria-label': `toJSON(needs) in ${jobId}` }, job.needsJSON));
  return section;
}

function renderStep(step) {
  const changed = step.conclusion !== step.outcome;
  const status = changed ? `${step.outcome} (conclusion ${step.conclusion})` : step.outcome;
  const item = h('li', { className: `step ${step.outcome}` },
    h('div', { className: 'step-head' },
      badge(step.outcome),
      ' ',
      h('span', { className: 'step-name' }, step.name),
      step.id ? [' ', h('code', { className: 'step-id' }, `id: ${step.id}`)] : null,
      changed ? [' ', h('span', { className: 'muted' }, `conclusion ${step.conclusion}`)] : null),
    h('span', { className: 'visually-hidden' }, `Status: ${status}`));
  if (Object.keys(step.outputs).length) {
    item.append(h('div', { className: 'step-outputs' }, h('span', { className: 'muted' }, 'outputs '), outputsList(step.outputs)));
  }
  if (step.log) item.append(h('pre', { className: 'log', tabindex: 0, 'aria-label': `Log of ${step.name}` }, step.log));
  return item;
}

function renderRun(run, multiple) {
  const section = h('section', { className: 'run' });
  const matrix = Object.keys(run.matrix ?? {}).length ? JSON.stringify(run.matrix) : '';
  section.append(h('h4', {}, multiple || matrix ? run.name : 'Steps', ' ', badge(run.result),
    multiple ? h('span', { className: 'muted' }, ` finished ${ordinal(run.finished)}`) : null));
  if (matrix) section.append(h('p', { className: 'muted' }, 'matrix ', h('code', {}, matrix)));
  if (multiple && Object.keys(run.outputs).length) {
    section.append(h('div', { className: 'step-outputs' }, h('span', { className: 'muted' }, 'leg outputs '), outputsList(run.outputs)));
  }
  section.append(h('ol', { className: 'steps' }, run.steps.map(renderStep)));
  return section;
}

function ordinal(n) {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * The details of one job as sections, each with the key of what it draws (reconcile() in dom.js
 * keeps a section whose key did not change): the title, the outputs, the needs, the notes, each
 * shown leg, and the button that shows the other legs.
 * @returns {{key: string, build: () => Node}[]}
 */
export function jobSections(result, jobId, onJump) {
  const job = result.jobs[jobId];
  const diagnostics = result.diagnostics ?? [];
  const overrides = diagnostics.filter((d) => d.code === OVERRIDE && d.job === jobId);
  const other = diagnostics.filter((d) => d.job === jobId && d.code !== OVERRIDE && d.severity !== 'error');
  const key = (...parts) => JSON.stringify(parts);
  const sections = [{
    key: key('title', jobId, job.result, job.name),
    build: () => h('h3', { id: 'job-title' }, 'Job ', h('code', {}, jobId), ' ', badge(job.result),
      job.name !== jobId ? h('span', { className: 'muted' }, ` ${job.name}`) : null),
  }];
  if (job.runs.length === 0) {
    sections.push({ key: key('no-leg', job.result), build: () => h('p', { className: 'muted' }, `No leg ran: the job was ${job.result}.`) });
  }
  sections.push({
    key: key('outputs', jobId, job.outputs, job.outputSources ?? null, overrides),
    build: () => renderOutputs(jobId, job, overrides, onJump),
  });
  sections.push({ key: key('needs', jobId, job.needs, job.needsJSON), build: () => renderNeeds(jobId, job) });
  if (other.length) {
    sections.push({
      key: key('notes', other),
      build: () => h('section', { className: 'block' }, h('h4', {}, 'Notes for this job'),
        h('ul', { className: 'diag-list' }, other.map((d) => diagnosticItem(d, onJump)))),
    });
  }
  const multiple = job.runs.length > 1;
  const first = job.runs.length > MAX_RUNS_SHOWN + 1 ? MAX_RUNS_SHOWN : job.runs.length;
  job.runs.slice(0, first).forEach((run) => {
    sections.push({ key: key('run', multiple, run), build: () => renderRun(run, multiple) });
  });
  if (first < job.runs.length) {
    const hidden = job.runs.slice(first);
    sections.push({
      key: key('more', jobId, first, multiple, hidden),
      build: () => {
        const rest = hidden.length;
        const more = h('p', { className: 'hint more-runs' },
          `${rest} more leg${rest === 1 ? '' : 's'} of ${jobId} not shown. `,
          h('button', {
            type: 'button',
            on: {
              click: () => {
                const runs = hidden.map((run) => renderRun(run, multiple));
                more.replaceWith(...runs);
                runs[0].querySelector('h4')?.setAttribute('tabindex', '-1');
                runs[0].querySelector('h4')?.focus();
              },
            },
          }, `Show all ${job.runs.length} legs`));
        return more;
      },
    });
  }
  return sections;
}

/** on.workflow_call.outputs, when the workflow has any. */
export function renderWorkflowOutputs(result) {
  const entries = Object.entries(result.outputs ?? {});
  if (entries.length === 0) return null;
  return h('section', { className: 'block workflow-outputs', 'aria-label': 'Workflow outputs' },
    h('h4', {}, 'Workflow outputs ', h('span', { className: 'muted' }, 'what a caller sees (on.workflow_call.outputs)')),
    outputsList(result.outputs));
}

export { diagnosticItem };
