// Checks the adapter in reference.mjs against the expression cases of tests/conformance/vectors.jsonl,
// which come from the same project's test data (expressions/testdata): if the adapter drives the
// engine right, every case the upstream suite runs for TypeScript agrees. The cases upstream marks
// `"skip": ["typescript"]` (multi-line error positions, the memory limit) are reported, not required.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { canonicalValue, fromJsonValue } from "./canonical.mjs";
import { evaluateReference } from "./reference.mjs";

export const vectorsPath = fileURLToPath(new URL("../conformance/vectors.jsonl", import.meta.url));

export function checkConformance(path = vectorsPath) {
  const results = { agree: 0, disagree: [], skippedUpstream: [], signOfZero: [] };
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const v = JSON.parse(line);
    if (v.kind !== "expression") continue;
    const got = evaluateReference(v.input, JSON.stringify(v.context ?? {}));
    const want = v.expected;
    let ok;
    if (want.error) {
      ok = got.error?.kind === want.error.kind && got.error.message.includes(want.error.message_contains);
    } else if (!got.error && !got.crash && got.kind === want.kind) {
      const exact = canonicalValue(got.value) === canonicalValue(fromJsonValue(want.value));
      // Upstream compares JSON.stringify texts, where -0 reads as 0: fromJSON('-0') is -0 in the
      // engine while the vector says 0. Agreement by upstream's rule; listed so it stays visible.
      const zeroless = (x) => canonicalValue(x).replace(/(^|[[,:])-0(?=$|[\],}])/g, "$10");
      ok = exact || zeroless(got.value) === zeroless(fromJsonValue(want.value));
      if (ok && !exact) results.signOfZero.push({ source: v.source, input: v.input, want, got });
    } else {
      ok = false;
    }
    const upstreamSkip = /"skip":\s*\[[^\]]*"typescript"/.test(v.note ?? "");
    if (ok) results.agree++;
    else (upstreamSkip ? results.skippedUpstream : results.disagree).push({ source: v.source, input: v.input, want, got });
  }
  results.total = results.agree + results.disagree.length + results.skippedUpstream.length;
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = checkConformance();
  console.log(`@actions/expressions adapter vs conformance vectors: ${r.agree}/${r.total} agree`);
  for (const d of r.signOfZero) console.log(`  agrees only up to the sign of zero: ${d.source} ${JSON.stringify(d.input)}`);
  for (const d of r.skippedUpstream) console.log(`  upstream skips for TypeScript: ${d.source}`);
  for (const d of r.disagree) console.log(`  DISAGREE ${d.source}\n    ${JSON.stringify(d.input)}\n    want ${JSON.stringify(d.want)}\n    got  ${JSON.stringify(d.got)}`);
  process.exitCode = r.disagree.length ? 1 : 0;
}
