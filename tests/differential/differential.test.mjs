// Differential test: ghaplay against GitHub's own expression engine (@actions/expressions) on
// thousands of random expressions over random contexts. See README.md beside this file.
//
//   GHAPLAY_CLI=build/native/ghaplay node --test tests/differential/
//   GHAPLAY_DIFF_SEED=123 ...   replays one run; GHAPLAY_DIFF_CASES=N changes the number of cases
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import test from "node:test";

import { checkConformance } from "./conformance.mjs";
import { countFromEnvironment, formatReport, runDifferential, seedFromEnvironment, writeArtifact } from "./differential.mjs";
import { locateCli } from "./ghaplay.mjs";

test("the adapter for @actions/expressions reproduces the conformance vectors", () => {
  const r = checkConformance();
  const detail = r.disagree.map((d) => `${d.source}: ${JSON.stringify(d.input)} want ${JSON.stringify(d.want)} got ${JSON.stringify(d.got)}`);
  assert.equal(r.disagree.length, 0, `the reference engine, as driven here, disagrees with vectors.jsonl:\n${detail.join("\n")}`);
  // The only cases upstream itself does not run for TypeScript: four multi-line error positions and
  // the memory limit.
  assert.ok(r.skippedUpstream.length <= 5, `${r.skippedUpstream.length} upstream-skipped cases disagree`);
  assert.ok(r.agree >= 1000, `only ${r.agree} expression vectors agree`);
});

test("ghaplay evaluates random expressions exactly as @actions/expressions does", (t) => {
  const cli = locateCli();
  if (!cli.path) {
    t.skip("no ghaplay CLI built (set GHAPLAY_CLI, or build build/native or build/difftest)");
    return;
  }
  assert.ok(existsSync(cli.path), `GHAPLAY_CLI=${cli.path} does not exist`);
  const seed = seedFromEnvironment();
  t.diagnostic(`seed ${seed} (replay: GHAPLAY_DIFF_SEED=${seed})`);
  const report = runDifferential({ seed, count: countFromEnvironment(), cli: cli.path });
  const text = formatReport(report);
  for (const line of text.split("\n").slice(0, 3)) t.diagnostic(line);
  if (report.mismatches.length || report.crashes.length) {
    const artifact = report.mismatches.length ? `\n  all differences: ${writeArtifact(report)}` : "";
    assert.fail(`${text}${artifact}`);
  }
});
