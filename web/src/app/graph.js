// The jobs graph: an SVG drawn from each job's `needs` keys in the result, columns by depth
// (a job sits one column right of its deepest dependency), nodes coloured by result, one small
// mark per matrix leg coloured by that leg's result. Nodes are buttons: click or Enter selects.
import { s } from './dom.js';

const W = 176;       // node width
const H = 44;        // node height without legs
const LEGS_H = 18;   // extra height for the legs row
const GAP_X = 56;
const GAP_Y = 16;
const PAD = 8;
const PILL = 14;     // leg mark width
const MAX_PILLS = 9;

/**
 * The most jobs the graph draws. Past it the graph draws the first jobs in file order (and the
 * selected one), and the page says how many it left out and offers every job in a list: an SVG
 * of thousands of nodes and edges costs seconds of layout and paint for nothing anyone can read.
 */
export const GRAPH_MAX_JOBS = 150;

/** The ids the graph draws: all, or the first `max` in file order plus the selected one. ids: Object.keys(jobs). */
export function drawnJobs(jobs, selected, max = GRAPH_MAX_JOBS, ids = Object.keys(jobs)) {
  if (ids.length <= max) return ids;
  const drawn = ids.slice(0, max);
  if (selected && Object.hasOwn(jobs, selected) && !drawn.includes(selected)) drawn.push(selected);
  return drawn;
}

/**
 * Whether two graphs draw the same picture (selection aside): the same ids, and for each job the
 * same result, needs, number of legs and, when legs are drawn, each leg's name and result. A walk
 * that stops at the first difference and builds nothing: a run's result is compared with the one
 * drawn before on every key.
 */
export function sameGraph(jobsA, idsA, jobsB, idsB) {
  if (idsA.length !== idsB.length) return false;
  for (let i = 0; i < idsA.length; i++) {
    if (idsA[i] !== idsB[i]) return false;
    const a = jobsA[idsA[i]];
    const b = jobsB[idsB[i]];
    if (a.result !== b.result || a.runs.length !== b.runs.length) return false;
    if (!sameKeys(a.needs ?? {}, b.needs ?? {})) return false;
    const legs = hasLegs(a);
    if (legs !== hasLegs(b)) return false;
    if (legs) {
      for (let r = 0; r < a.runs.length; r++) {
        if (a.runs[r].name !== b.runs[r].name || a.runs[r].result !== b.runs[r].result) return false;
      }
    }
  }
  return true;
}

function sameKeys(a, b) {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** Moves the selection mark in a drawn graph without drawing it again. */
export function markSelected(svg, selected) {
  for (const g of svg.querySelectorAll('g.job')) {
    const on = g.dataset.job === selected;
    g.classList.toggle('selected', on);
    g.setAttribute('aria-pressed', String(on));
  }
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function hasLegs(job) {
  return job.runs.length > 1 || job.runs.some((run) => Object.keys(run.matrix ?? {}).length > 0);
}

/** Depth of each job: 0 without dependencies, else one more than its deepest dependency. */
export function layout(jobs) {
  const ids = Object.keys(jobs);
  const depth = new Map();
  const visiting = new Set();
  const depthOf = (id) => {
    if (depth.has(id)) return depth.get(id);
    if (visiting.has(id)) return 0; // a cycle: the engine reports it; draw it flat
    visiting.add(id);
    let d = 0;
    for (const dep of Object.keys(jobs[id].needs ?? {})) {
      if (Object.hasOwn(jobs, dep)) d = Math.max(d, depthOf(dep) + 1);
    }
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const columns = [];
  for (const id of ids) {
    const d = depthOf(id);
    (columns[d] ??= []).push(id);
  }
  const boxes = new Map();
  const heights = columns.map((col) => col.reduce((sum, id) => sum + (hasLegs(jobs[id]) ? H + LEGS_H : H) + GAP_Y, -GAP_Y));
  const total = Math.max(0, ...heights);
  columns.forEach((col, c) => {
    let y = PAD + (total - heights[c]) / 2;
    for (const id of col) {
      const height = hasLegs(jobs[id]) ? H + LEGS_H : H;
      boxes.set(id, { x: PAD + c * (W + GAP_X), y, w: W, h: height });
      y += height + GAP_Y;
    }
  });
  return { boxes, width: PAD * 2 + columns.length * (W + GAP_X) - GAP_X, height: PAD * 2 + total };
}

function legMarks(job, box) {
  const runs = job.runs;
  const y = box.y + H - 6;
  if (runs.length === 0) {
    return s('text', { x: box.x + 10, y: y + 11, className: 'legs-text' }, 'no legs ran');
  }
  if (runs.length > MAX_PILLS) {
    const counts = {};
    for (const run of runs) counts[run.result] = (counts[run.result] ?? 0) + 1;
    const summary = Object.entries(counts).map(([result, n]) => `${n} ${result}`).join(', ');
    return s('text', { x: box.x + 10, y: y + 11, className: 'legs-text' }, truncate(`${runs.length} legs: ${summary}`, 28));
  }
  return runs.map((run, i) => s('rect', {
    x: box.x + 10 + i * (PILL + 4), y, width: PILL, height: 12, rx: 3,
    className: `leg ${run.result}`,
  }, s('title', {}, `${run.name}: ${run.result}`)));
}

/**
 * The graph as an <svg>; onSelect(jobId) when a node is clicked or activated from the keyboard.
 * ids: the jobs to draw (drawnJobs); arrows from jobs left out are not drawn.
 */
export function renderGraph(result, selected, onSelect, ids = Object.keys(result.jobs)) {
  const jobs = Object.fromEntries(ids.map((id) => [id, result.jobs[id]]));
  const { boxes, width, height } = layout(jobs);
  const edges = [];
  for (const [id, job] of Object.entries(jobs)) {
    const to = boxes.get(id);
    for (const dep of Object.keys(job.needs ?? {})) {
      const from = boxes.get(dep);
      if (!from) continue;
      const x1 = from.x + from.w, y1 = from.y + from.h / 2;
      const x2 = to.x - 2, y2 = to.y + to.h / 2;
      const mid = (x1 + x2) / 2;
      edges.push(s('path', {
        d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`,
        className: `edge ${jobs[dep].result}`, 'marker-end': 'url(#arrow)',
      }));
    }
  }
  const nodes = Object.entries(jobs).map(([id, job]) => {
    const box = boxes.get(id);
    const legs = hasLegs(job);
    const label = `Job ${id}: ${job.result}` + (legs ? `, ${job.runs.length} matrix leg${job.runs.length === 1 ? '' : 's'}` : '');
    const activate = () => onSelect(id);
    return s('g', {
      className: `job ${job.result}${id === selected ? ' selected' : ''}`,
      tabindex: 0, role: 'button', 'aria-label': label, 'aria-pressed': id === selected ? 'true' : 'false',
      dataset: { job: id },
      on: {
        click: activate,
        keydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(); }
        },
      },
    },
    s('title', {}, label),
    s('rect', { x: box.x, y: box.y, width: box.w, height: box.h, rx: 6, className: 'node' }),
    s('text', { x: box.x + 10, y: box.y + 18, className: 'job-name' }, truncate(id, 22)),
    s('text', { x: box.x + 10, y: box.y + 34, className: 'job-result' }, job.result),
    legs ? legMarks(job, box) : null);
  });
  return s('svg', {
    viewBox: `0 0 ${Math.max(width, 1)} ${Math.max(height, 1)}`,
    width: Math.max(width, 1), height: Math.max(height, 1),
    role: 'group', 'aria-label': 'Jobs graph: each arrow goes from a job to a job that needs it',
    className: 'graph-svg',
  },
  s('defs', {}, s('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z', className: 'arrow' }))),
  edges, nodes);
}
