// The scenario panel's form: generated from the last simulation result (every job, matrix leg
// and step with an id: its outputs and its outcome), plus secrets, vars, inputs and the order
// matrix legs finish in. It edits the same object the JSON view shows.
import { h, replace } from './dom.js';
import {
  getStepEntry, setStepOutput, setStepOutcome, setNamed, renameNamed, setOrder, scenarioTargets,
} from './scenario-model.js';

const OUTCOMES = ['success', 'failure', 'cancelled'];

/**
 * The form lists this many jobs at first, and this many more per "Show more" (jobs the scenario
 * already sets are always listed): a form for every step of a 2,000-job workflow is 70,000
 * elements, seconds of layout, and rebuilt whenever a job or step appears.
 */
export const SCENARIO_FIRST_JOBS = 20;
export const SCENARIO_MORE_JOBS = 50;
/** A matrix step lists its first legs (and those the scenario sets) until asked for all. */
export const SCENARIO_FIRST_LEGS = 6;

function orderParts(order) {
  const m = /^seed:(\d+)$/.exec(order ?? '');
  if (m) return { kind: 'seed', seed: m[1] };
  return { kind: order === 'reverse' ? 'reverse' : 'declared', seed: '1' };
}

/** The data-field of the input for output `name` of a step's leg (legIndex as renderLeg numbers them). */
function outputField(jobId, stepId, legIndex, name) {
  return `out|${JSON.stringify([jobId, stepId, legIndex])}|${name}`;
}

/** outputField's job id, step id and name, or null for another field. */
function outputOfField(field) {
  if (!field.startsWith('out|')) return null;
  const rest = field.slice(4);
  const end = rest.indexOf(']|');
  try {
    const [jobId, stepId] = JSON.parse(rest.slice(0, end + 1));
    return { jobId, stepId, name: rest.slice(end + 2) };
  } catch {
    return null;
  }
}

/**
 * listed (scenarioTargets) with the output whose field has the focus kept in its step: emptying a
 * field removes that output from the scenario, and when only the scenario gave the step that
 * output, the next result has no such name; the field being typed in must not vanish with it.
 */
function keepFocusedOutput(listed, root) {
  const focused = root.contains(document.activeElement) ? outputOfField(document.activeElement.dataset.field ?? '') : null;
  if (!focused) return listed;
  const step = listed.targets.find((j) => j.id === focused.jobId)?.steps.find((st) => st.id === focused.stepId);
  if (step && !step.names.includes(focused.name)) step.names = [...step.names, focused.name];
  return listed;
}

/** What the form draws from the listed targets and the job count: a different signature means drawing it again. */
function signatureOf({ targets, total }) {
  return JSON.stringify([total, targets.map((j) => [j.id, j.matrix, j.runs,
    j.steps.map((st) => [st.id, st.names, st.legs.map((l) => l.name)])])]);
}

export class ScenarioForm {
  /** isShown(): whether the form can be seen; while it cannot, drawing waits for show(). */
  constructor(root, { onChange, isShown = () => true }) {
    this.root = root;
    this.onChange = onChange;
    this.isShown = isShown;
    this.scenario = {};
    this.result = null;
    this.signature = '';
    this.limit = SCENARIO_FIRST_JOBS;
    this.expanded = new Set(); // steps whose every leg is listed: JSON [job, step]
    this.stale = false;
  }

  /** The form became visible: draw it if something changed while it was hidden. */
  show() {
    if (this.stale) this.render();
  }

  /** A scenario from elsewhere (the JSON view, an example, a link): redraw. */
  setScenario(scenario) {
    this.scenario = scenario;
    this.render();
  }

  /** A new simulation result: redraw when the jobs, legs, steps or output names changed. */
  setResult(result) {
    this.result = result;
    if (!this.isShown()) {
      this.stale = true;
      this.signature = '';
      return;
    }
    const signature = signatureOf(keepFocusedOutput(scenarioTargets(result, this.scenario, this.limit), this.root));
    if (signature !== this.signature) this.render();
    else this.updatePlaceholders();
  }

  commit(next, { redraw = false } = {}) {
    this.scenario = next;
    this.onChange(next);
    if (redraw) this.render();
  }

  updatePlaceholders() {
    for (const input of this.root.querySelectorAll('input[data-placeholder-of]')) {
      const [job, step, leg, name] = JSON.parse(input.dataset.placeholderOf);
      const run = this.result?.jobs?.[job]?.runs?.[leg];
      const source = run?.steps.length ? run.steps.find((st) => st.id === step) : run; // a called workflow: the run's outputs
      const value = source?.outputs?.[name] ?? '';
      // Written only when it changed: each write is an attribute change for the style engine.
      if (input.placeholder !== value) input.placeholder = value;
    }
  }

  render() {
    if (!this.isShown()) {
      this.stale = true;
      this.signature = '';
      return;
    }
    this.stale = false;
    const focused = document.activeElement;
    const focusKey = this.root.contains(focused) ? focused.dataset.field : null;
    const selection = focusKey && typeof focused.selectionStart === 'number'
      ? [focused.selectionStart, focused.selectionEnd] : null;

    const listed = keepFocusedOutput(scenarioTargets(this.result, this.scenario, this.limit), this.root);
    this.signature = signatureOf(listed);

    replace(this.root,
      this.renderSteps(listed),
      this.renderNamed('secrets', 'Secrets', 'Masked in logs; a job output holding one is dropped. They are part of the share link: use made-up values.'),
      this.renderNamed('vars', 'Variables (vars)', ''),
      this.renderNamed('inputs', 'Inputs', 'inputs.<name>, over the workflow_call defaults.'),
      this.renderOrder(),
      h('p', { className: 'hint' }, 'github context overrides (e.g. event_name, ref) are set in the JSON view.'));

    if (focusKey) {
      const again = [...this.root.querySelectorAll('[data-field]')].find((el) => el.dataset.field === focusKey);
      if (again) {
        again.focus();
        if (selection && typeof again.setSelectionRange === 'function') again.setSelectionRange(...selection);
      }
    }
  }

  /** listed: scenarioTargets() of the jobs the form lists, and how many jobs there are. */
  renderSteps({ targets: listed, total }) {
    const section = h('section', { className: 'sc-section', 'aria-labelledby': 'sc-steps-title' },
      h('h3', { id: 'sc-steps-title' }, 'Step outputs and outcomes'));
    if (!this.result) {
      section.append(h('p', { className: 'hint' }, 'The steps appear here after the first simulation.'));
      return section;
    }
    let any = false;
    for (const job of listed) {
      const box = h('fieldset', { className: 'sc-job' }, h('legend', {}, 'Job ', h('code', {}, job.id)));
      if (job.runs === 0) {
        box.append(h('p', { className: 'hint' }, `No steps ran (the job was ${job.result}).`));
      } else if (job.steps.length === 0) {
        box.append(h('p', { className: 'hint' }, 'No step has an id: give a step an `id:` to set its outputs here.'));
      }
      for (const step of job.steps) {
        any = true;
        const stepBox = h('div', { className: 'sc-step' },
          h('div', { className: 'sc-step-title' }, 'Step ', h('code', {}, step.id), ' ', h('span', { className: 'muted' }, step.name)));
        if (job.matrix) stepBox.append(this.renderLeg(job, step, null, 'All legs', -1));
        const stepKey = JSON.stringify([job.id, step.id]);
        const allLegs = !job.matrix || step.legs.length <= SCENARIO_FIRST_LEGS + 1 || this.expanded.has(stepKey);
        let hiddenLegs = 0;
        step.legs.forEach((leg, i) => {
          if (!allLegs && i >= SCENARIO_FIRST_LEGS && !getStepEntry(this.scenario, job.id, step.id, leg.matrix)) {
            hiddenLegs += 1;
            return;
          }
          stepBox.append(this.renderLeg(job, step, job.matrix ? leg.matrix : null, job.matrix ? leg.name : '', i));
        });
        if (hiddenLegs > 0) {
          stepBox.append(h('p', { className: 'hint sc-more-legs' },
            `${hiddenLegs} more leg${hiddenLegs === 1 ? '' : 's'} not listed. `,
            h('button', {
              type: 'button', dataset: { field: `more-legs|${stepKey}` },
              'aria-label': `Show all ${step.legs.length} legs of step ${step.id} of job ${job.id}`,
              on: { click: () => { this.expanded.add(stepKey); this.render(); } },
            }, `Show all ${step.legs.length} legs`)));
        }
        stepBox.append(this.renderAddOutput(job, step));
        box.append(stepBox);
      }
      section.append(box);
    }
    if (!any && total === 0) section.append(h('p', { className: 'hint' }, 'No jobs.'));
    const hidden = total - listed.length;
    if (hidden > 0) {
      const more = Math.min(hidden, SCENARIO_MORE_JOBS);
      section.append(h('p', { className: 'hint sc-more' },
        `This form lists ${listed.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} jobs. `,
        h('button', {
          type: 'button', dataset: { field: 'more-jobs' },
          on: { click: () => { this.limit += SCENARIO_MORE_JOBS; this.render(); } },
        }, `Show ${more} more job${more === 1 ? '' : 's'}`),
        ' The JSON view sets any job.'));
    }
    return section;
  }

  renderLeg(job, step, matrix, legName, legIndex) {
    const entry = getStepEntry(this.scenario, job.id, step.id, matrix);
    const where = `step ${step.id} of ${legName || `job ${job.id}`}`;
    const fieldBase = JSON.stringify([job.id, step.id, legIndex]);
    const row = h('div', { className: 'sc-leg' });
    if (legName) row.append(h('span', { className: 'sc-leg-name' }, legName));
    const leg = legIndex >= 0 ? step.legs[legIndex] : null;
    const outcome = h('select', {
      'aria-label': `Outcome of ${where}`, dataset: { field: `outcome|${fieldBase}` },
      on: { change: (e) => this.commit(setStepOutcome(this.scenario, job.id, step.id, matrix, e.target.value)) },
    },
    h('option', { value: '' }, leg ? `outcome: as run (${leg.outcome})` : 'outcome: as run'),
    OUTCOMES.map((o) => h('option', { value: o, selected: entry?.outcome === o }, `outcome: ${o}`)));
    row.append(outcome);
    for (const name of step.names) {
      const value = entry?.outputs?.[name];
      const input = h('input', {
        type: 'text', value: value === undefined ? '' : String(value), spellcheck: 'false',
        'aria-label': `Output ${name} of ${where}`,
        placeholder: leg ? (leg.outputs[name] ?? '') : '',
        dataset: {
          field: outputField(job.id, step.id, legIndex, name),
          ...(leg ? { placeholderOf: JSON.stringify([job.id, step.id, legIndex, name]) } : {}),
        },
        on: {
          input: (e) => this.commit(setStepOutput(this.scenario, job.id, step.id, matrix, name,
            e.target.value === '' ? undefined : e.target.value)),
        },
      });
      row.append(h('label', { className: 'sc-output' }, h('span', { className: 'sc-output-name' }, name), input));
    }
    return row;
  }

  renderAddOutput(job, step) {
    const fieldBase = JSON.stringify([job.id, step.id]);
    const name = h('input', {
      type: 'text', placeholder: 'output name', spellcheck: 'false', 'aria-label': `New output name for step ${step.id} of job ${job.id}`,
      dataset: { field: `add|${fieldBase}` },
      on: { keydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } } },
    });
    const add = () => {
      const key = name.value.trim();
      if (!key) { name.focus(); return; }
      const matrix = null;
      this.commit(setStepOutput(this.scenario, job.id, step.id, matrix, key, ''), { redraw: true });
      const field = [...this.root.querySelectorAll('[data-field]')]
        .find((el) => el.dataset.field === outputField(job.id, step.id, job.matrix ? -1 : 0, key));
      field?.focus();
    };
    return h('div', { className: 'sc-add' }, name,
      h('button', { type: 'button', on: { click: add }, 'aria-label': `Add an output to step ${step.id} of job ${job.id}` }, 'Add output'));
  }

  renderNamed(section, title, hint) {
    const values = this.scenario[section] ?? {};
    const box = h('section', { className: 'sc-section', 'aria-label': title }, h('h3', {}, title));
    if (hint) box.append(h('p', { className: 'hint' }, hint));
    const list = h('div', { className: 'sc-named' });
    for (const [name, value] of Object.entries(values)) {
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      list.append(h('div', { className: 'sc-pair' },
        h('input', {
          type: 'text', value: name, spellcheck: 'false', 'aria-label': `Name of ${section} ${name}`,
          dataset: { field: `name|${section}|${name}` },
          on: {
            change: (e) => {
              const to = e.target.value.trim();
              if (to && to !== name && !(to in values)) this.commit(renameNamed(this.scenario, section, name, to), { redraw: true });
              else e.target.value = name;
            },
          },
        }),
        h('input', {
          type: 'text', value: shown, spellcheck: 'false', autocomplete: 'off',
          'aria-label': `Value of ${section} ${name}`, dataset: { field: `value|${section}|${name}` },
          on: { input: (e) => this.commit(setNamed(this.scenario, section, name, e.target.value)) },
        }),
        h('button', {
          type: 'button', className: 'icon', 'aria-label': `Remove ${section} ${name}`, title: 'Remove',
          on: { click: () => this.commit(setNamed(this.scenario, section, name, undefined), { redraw: true }) },
        }, '×')));
    }
    const newName = h('input', { type: 'text', placeholder: 'name', spellcheck: 'false', 'aria-label': `New ${section} name`, dataset: { field: `new-name|${section}` } });
    const newValue = h('input', { type: 'text', placeholder: 'value', spellcheck: 'false', 'aria-label': `New ${section} value`, dataset: { field: `new-value|${section}` } });
    const add = () => {
      const key = newName.value.trim();
      if (!key) { newName.focus(); return; }
      this.commit(setNamed(this.scenario, section, key, newValue.value), { redraw: true });
    };
    for (const input of [newName, newValue]) {
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
    }
    list.append(h('div', { className: 'sc-pair sc-new' }, newName, newValue,
      h('button', { type: 'button', on: { click: add } }, 'Add')));
    box.append(list);
    return box;
  }

  renderOrder() {
    const { kind, seed } = orderParts(this.scenario.order);
    const seedInput = h('input', {
      type: 'number', min: 0, step: 1, value: seed, 'aria-label': 'Shuffle seed', className: 'seed',
      dataset: { field: 'order-seed' }, disabled: kind !== 'seed',
      on: {
        input: (e) => {
          if (/^\d+$/.test(e.target.value)) this.commit(setOrder(this.scenario, `seed:${e.target.value}`));
        },
      },
    });
    const select = h('select', {
      'aria-label': 'Order matrix legs finish in', dataset: { field: 'order' },
      on: {
        change: (e) => {
          const v = e.target.value;
          const order = v === 'seed' ? `seed:${/^\d+$/.test(seedInput.value) ? seedInput.value : '1'}` : v;
          this.commit(setOrder(this.scenario, order), { redraw: true });
        },
      },
    },
    h('option', { value: 'declared', selected: kind === 'declared' }, 'declared (expansion order)'),
    h('option', { value: 'reverse', selected: kind === 'reverse' }, 'reverse'),
    h('option', { value: 'seed', selected: kind === 'seed' }, 'shuffle with a seed'));
    return h('section', { className: 'sc-section', 'aria-label': 'Completion order' },
      h('h3', {}, 'Completion order of matrix legs'),
      h('div', { className: 'sc-order' }, select, seedInput),
      h('p', { className: 'hint' }, 'The leg that finishes last wins an output that several legs set.'));
  }
}
