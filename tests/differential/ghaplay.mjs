// ghaplay's side: every case through one `ghaplay eval --jsonl` process.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { parseOrderedJson } from "./canonical.mjs";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

// GHAPLAY_CLI if set (the Makefile points it at build/native/ghaplay), else the first build found.
export function locateCli() {
  if (process.env.GHAPLAY_CLI) return { path: process.env.GHAPLAY_CLI, fromEnv: true };
  for (const candidate of ["build/native/ghaplay", "build/native/cli/ghaplay", "build/difftest/cli/ghaplay"]) {
    if (existsSync(repoRoot + candidate)) return { path: repoRoot + candidate, fromEnv: false };
  }
  return { path: null, fromEnv: false };
}

// A result line to {kind, value} / {error}: values keep key order ({$object} form, see
// canonical.mjs) and the numbers JSON cannot hold come back from their strings.
export function decodeResultLine(line) {
  const parsed = parseOrderedJson(line);
  const get = (obj, key) => obj?.$object?.find(([k]) => k === key)?.[1];
  const error = get(parsed, "error");
  if (error !== undefined) return { error: { kind: get(error, "kind"), message: get(error, "message") } };
  const kind = get(parsed, "kind");
  let value = get(parsed, "value");
  if (kind === "Number" && typeof value === "string") {
    const special = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
    if (value in special) value = special[value];
  }
  return { kind, value };
}

// Runs all cases; returns one decoded result per case (or throws with the process's output).
export function runGhaplay(cliPath, cases) {
  const input = cases.map((c) => `{"expression":${JSON.stringify(c.expression)},"context":${c.context}}\n`).join("");
  const run = spawnSync(cliPath, ["eval", "--jsonl"], { input, encoding: "utf8", maxBuffer: 1 << 28, timeout: 120_000 });
  if (run.error) throw new Error(`could not run ${cliPath}: ${run.error.message}`);
  const lines = run.stdout.split("\n").filter((l) => l !== "");
  // Exit status 1 only says that some case ended in an error; anything else is a failure of the run.
  if ((run.status !== 0 && run.status !== 1) || lines.length !== cases.length) {
    throw new Error(
      `${cliPath} eval --jsonl: exit status ${run.status} (signal ${run.signal}), ${lines.length} result lines for ${cases.length} cases\n` +
        (lines.length < cases.length
          ? `the first case without a result (the process may have died on it): #${lines.length} ${JSON.stringify(cases[lines.length].expression)} context ${cases[lines.length].context}\n`
          : "") +
        `stderr: ${run.stderr.slice(0, 2000)}`,
    );
  }
  return lines.map((line, i) => {
    try {
      return decodeResultLine(line);
    } catch (e) {
      return { unreadable: `${e.message}: ${line.slice(0, 500)}`, index: i };
    }
  });
}
