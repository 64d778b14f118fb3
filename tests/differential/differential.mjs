// The differential run: generate cases from a seed, evaluate them with @actions/expressions and
// with ghaplay (one process for all), and compare.
//
//   node tests/differential/differential.mjs [--seed N] [--cases N] [--show N] [--case I]
//
// --case I prints case I of the run in full (expression, context, both results) and compares it.
//
// Comparison: the kind and the value must be identical (numbers exactly: -0 is not 0; object keys
// in the same order; toJSON's text character for character), errors the same kind and the same
// message. Nothing is stripped or normalised. A case whose results differ is left out (and
// counted) only for a known, deliberate difference between the two engines, where ghaplay follows
// GitHub's runner instead of the TypeScript port: KNOWN_DIFFERENCES. generate.mjs does not make
// such cases; these rules are the safety net.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { canonicalResult } from "./canonical.mjs";
import { generateCases, hasFullCaseMapping } from "./generate.mjs";
import { locateCli, runGhaplay } from "./ghaplay.mjs";
import { evaluateReference, referenceVersion } from "./reference.mjs";

export const DEFAULT_CASES = 5000;

export const KNOWN_DIFFERENCES = [
  {
    id: "quote-escapes",
    why:
      "A string literal with more than one '' escape: @actions/expressions unescapes only the first " +
      "(lexer.ts: value.replace(\"''\", \"'\")); the runner and ghaplay unescape every one (core/src/expr/lexer.cc).",
    applies: (ref) => ref.notes.quoteEscapes > 1,
  },
  {
    id: "line-break-positions",
    why:
      "A parse error after a line break between tokens: @actions/expressions counts the position from the " +
      "start of the line, the runner and ghaplay from the start of the expression (upstream marks its own " +
      "such cases skip: typescript).",
    applies: (ref) => ref.notes.lineBreakOutsideStrings && ref.error?.kind === "parsing",
  },
  {
    id: "integer-like-keys",
    why:
      "An object with an integer-like key (\"0\", \"42\"): JavaScript objects list those keys first, so " +
      "@actions/expressions' toJSON and fromJSON reorder them; the runner and ghaplay keep insertion order.",
    applies: (ref) => /\\?"(0|[1-9][0-9]{0,8})\\?":/.test(canonicalResult(ref)),
  },
  {
    id: "full-case-mapping",
    why:
      "Text with ß, ŉ, ǰ, ΐ, ﬁ and the like (upper case of several characters), İ (lower case i̇) or Σ (lower " +
      "case σ or ς by position): @actions/expressions compares with JavaScript's toUpperCase/toLowerCase, which " +
      "use these mappings; the runner's OrdinalIgnoreCase and ghaplay map one character to one.",
    applies: (ref, got, c) => hasFullCaseMapping(c.expression) || hasFullCaseMapping(c.context),
  },
  {
    id: "memory-limit",
    why:
      "The runner and ghaplay stop an evaluation that builds over 1 MiB of strings; @actions/expressions has " +
      "no such limit.",
    applies: (ref, got) => got.error?.message === "The maximum allowed memory size was exceeded",
  },
];

export function compareCase(c, ref, got) {
  if (ref.crash) return { status: "reference-crash" };
  if (got.unreadable) return { status: "mismatch", reason: "unreadable ghaplay output" };
  const a = canonicalResult(ref);
  const b = canonicalResult(got);
  if (a === b) return { status: "agree" };
  for (const k of KNOWN_DIFFERENCES) {
    if (k.applies(ref, got, c)) return { status: "excluded", id: k.id };
  }
  let reason;
  if (!!ref.error !== !!got.error) reason = ref.error ? `error ${ref.error.kind} vs value` : `value vs error ${got.error.kind}`;
  else if (ref.error) reason = ref.error.kind !== got.error.kind ? "error kind" : "error message";
  else reason = ref.kind !== got.kind ? "kind" : "value";
  return { status: "mismatch", reason };
}

export function runDifferential({ seed, count = DEFAULT_CASES, cli = locateCli().path }) {
  const started = Date.now();
  const cases = generateCases(seed, count);
  const refs = cases.map((c) => evaluateReference(c.expression, c.context));
  const gots = runGhaplay(cli, cases);
  const report = { seed, count, cli, referenceVersion, agree: 0, excluded: {}, crashes: [], mismatches: [], kinds: {} };
  cases.forEach((c, i) => {
    const ref = refs[i];
    const got = gots[i];
    const k = ref.error ? `error:${ref.error.kind}` : ref.crash ? "crash" : ref.kind;
    report.kinds[k] = (report.kinds[k] ?? 0) + 1;
    const verdict = compareCase(c, ref, got);
    if (verdict.status === "agree") report.agree++;
    else if (verdict.status === "excluded") report.excluded[verdict.id] = (report.excluded[verdict.id] ?? 0) + 1;
    else if (verdict.status === "reference-crash") report.crashes.push({ index: i, expression: c.expression, crash: ref.crash });
    else report.mismatches.push({ index: i, reason: verdict.reason, expression: c.expression, context: c.context, reference: strip(ref), ghaplay: got });
  });
  report.ms = Date.now() - started;
  return report;
}

const strip = ({ notes, ...rest }) => rest;

// Results as text, with the numbers JSON cannot hold spelled out.
function show(result) {
  return canonicalResult(result);
}

export function formatReport(report, { show: limit = 12 } = {}) {
  const lines = [];
  const excluded = Object.values(report.excluded).reduce((a, b) => a + b, 0);
  lines.push(
    `differential: seed ${report.seed} (replay: GHAPLAY_DIFF_SEED=${report.seed}), ${report.count} cases, ` +
      `@actions/expressions ${report.referenceVersion} vs ${report.cli}`,
  );
  lines.push(
    `  ${report.agree} agree, ${report.mismatches.length} differ, ${excluded} left out as known differences` +
      `${excluded ? ` (${Object.entries(report.excluded).map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}` +
      `${report.crashes.length ? `, ${report.crashes.length} crashed the reference engine` : ""}; ${report.ms} ms`,
  );
  lines.push(`  results: ${Object.entries(report.kinds).sort().map(([k, n]) => `${k} ${n}`).join(", ")}`);
  if (report.mismatches.length) {
    const byReason = {};
    for (const m of report.mismatches) byReason[m.reason] = (byReason[m.reason] ?? 0) + 1;
    lines.push(`  differences by kind: ${Object.entries(byReason).map(([k, n]) => `${k} ${n}`).join(", ")}`);
    // Shortest first (the easiest to read), at most two per kind of difference, where the kind is
    // roughly where the two results' texts part: "-0" against "0", "position 5" against "6", ...
    const signature = (m) => {
      const a = show(m.reference);
      const b = m.ghaplay.unreadable ?? show(m.ghaplay);
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return `${m.reason}|${a.slice(i, i + 2)}|${b.slice(i, i + 2)}`;
    };
    const perSignature = {};
    const shown = [...report.mismatches]
      .sort((a, b) => a.expression.length - b.expression.length || a.index - b.index)
      .filter((m) => (perSignature[signature(m)] = (perSignature[signature(m)] ?? 0) + 1) <= 2)
      .slice(0, limit);
    for (const m of shown) {
      lines.push(`  --- case ${m.index} (seed ${report.seed}): ${m.reason}`);
      lines.push(`    expression: ${JSON.stringify(m.expression)}`);
      lines.push(`    context:    ${m.context.length > 600 ? m.context.slice(0, 600) + "…" : m.context}`);
      lines.push(`    @actions/expressions: ${show(m.reference)}`);
      lines.push(`    ghaplay:              ${m.ghaplay.unreadable ?? show(m.ghaplay)}`);
    }
    if (report.mismatches.length > shown.length) lines.push(`  … and ${report.mismatches.length - shown.length} more like these`);
  }
  for (const c of report.crashes.slice(0, 3)) lines.push(`  reference crash, case ${c.index}: ${JSON.stringify(c.expression)}\n    ${c.crash}`);
  return lines.join("\n");
}

// All differences as JSON lines under tests/artifacts/ (ignored by git); returns the path.
export function writeArtifact(report) {
  const dir = fileURLToPath(new URL("../artifacts/differential/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}mismatches-seed-${report.seed}.jsonl`;
  writeFileSync(path, report.mismatches.map((m) => JSON.stringify({ ...m, reference: show(m.reference), ghaplay: m.ghaplay.unreadable ?? show(m.ghaplay) })).join("\n") + "\n");
  return path;
}

export function seedFromEnvironment() {
  const fixed = process.env.GHAPLAY_DIFF_SEED;
  if (fixed !== undefined && fixed !== "") {
    const n = Number(fixed);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`GHAPLAY_DIFF_SEED must be an integer 0..4294967295, not '${fixed}'`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000);
}

export function countFromEnvironment() {
  const n = Number(process.env.GHAPLAY_DIFF_CASES || DEFAULT_CASES);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`GHAPLAY_DIFF_CASES must be a positive integer`);
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  if (arg("--seed") !== undefined) process.env.GHAPLAY_DIFF_SEED = arg("--seed");
  if (arg("--cases") !== undefined) process.env.GHAPLAY_DIFF_CASES = arg("--cases");
  const cli = locateCli();
  if (!cli.path) {
    console.error("no ghaplay CLI: set GHAPLAY_CLI or build build/native or build/difftest");
    process.exit(2);
  }
  if (arg("--case") !== undefined) {
    const index = Number(arg("--case"));
    const c = generateCases(seedFromEnvironment(), Math.max(countFromEnvironment(), index + 1))[index];
    const ref = evaluateReference(c.expression, c.context);
    const [got] = runGhaplay(cli.path, [c]);
    const verdict = compareCase(c, ref, got);
    console.log(`expression: ${JSON.stringify(c.expression)}\ncontext:    ${c.context}`);
    console.log(`@actions/expressions: ${show(ref)}\nghaplay:              ${got.unreadable ?? show(got)}\n${verdict.status}${verdict.reason ? `: ${verdict.reason}` : ""}${verdict.id ? ` (${verdict.id})` : ""}`);
    process.exit(verdict.status === "mismatch" ? 1 : 0);
  }
  const report = runDifferential({ seed: seedFromEnvironment(), count: countFromEnvironment(), cli: cli.path });
  console.log(formatReport(report, { show: Number(arg("--show") ?? 12) }));
  if (report.mismatches.length) console.log(`  all differences: ${writeArtifact(report)}`);
  process.exitCode = report.mismatches.length || report.crashes.length ? 1 : 0;
}
