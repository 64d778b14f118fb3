// Types of web/src/engine.js: the page's client of the engine worker (web/src/engine-worker.js).
// The result shapes follow schema/result.schema.json and ghaplay::api (core/include/ghaplay/api.h).

/** Something shaped like a browser Worker (a node:worker_threads adapter in the tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  /** Either addEventListener, or the onmessage/onerror/onmessageerror properties. */
  addEventListener?(type: 'message' | 'error' | 'messageerror', listener: (event: any) => void): void;
  onmessage?: ((event: { data: unknown }) => void) | null;
  onerror?: ((event: any) => void) | null;
  onmessageerror?: ((event: any) => void) | null;
}

export interface EngineOptions {
  /**
   * Starts a worker. Default: `new Worker(new URL('engine-worker.js', document.baseURI))`, a
   * CLASSIC worker next to the page (the built page's dist/engine-worker.js), or `workerUrl`.
   */
  createWorker?: () => WorkerLike;
  /** Where the default createWorker finds engine-worker.js (ignored with createWorker). */
  workerUrl?: string | URL;
  /** Called with the reason when the worker died or hung and was replaced. */
  onRestart?: (reason: string) => void;
  /** How long a ready worker may go without answering while a request is pending. Default 10,000 ms. */
  timeoutMs?: number;
}

export type Severity = 'error' | 'warning' | 'notice';

/** One finding; line and column are 1-based, 0 when the finding has no place in the file. */
export interface Diagnostic {
  severity: Severity;
  /** A code of core/include/ghaplay/diagnostic_codes.h, e.g. 'yaml-syntax', 'limit-exceeded'. */
  code: string;
  message: string;
  line: number;
  column: number;
  /** The job id, or '' */
  job: string;
  /** The step's name or id, or '' */
  step: string;
}

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepResult {
  id: string;
  name: string;
  outcome: JobResult;
  conclusion: JobResult;
  outputs: Record<string, string>;
  log: string;
}

export interface RunResult {
  name: string;
  matrix: Record<string, unknown>;
  result: 'success' | 'failure' | 'cancelled';
  /** Place in the job's completion order, from 1 */
  finished: number;
  outputs: Record<string, string>;
  steps: StepResult[];
}

export interface JobSimulation {
  name: string;
  result: JobResult;
  /** What needs.<id>.outputs holds downstream */
  outputs: Record<string, string>;
  /** Output name -> the leg whose value won */
  outputSources: Record<string, string>;
  /** The needs context this job saw: direct dependencies only */
  needs: Record<string, { result: JobResult; outputs: Record<string, string> }>;
  /** toJSON(needs), exactly as GitHub prints it */
  needsJSON: string;
  runs: RunResult[];
}

/** schema/result.schema.json. Objects keep GitHub's insertion order. */
export interface SimulationResult {
  /** false when GitHub would refuse to start the workflow (then jobs is empty) */
  valid: boolean;
  jobs: Record<string, JobSimulation>;
  /** on.workflow_call.outputs */
  outputs: Record<string, string>;
  /** 'declared' | 'reverse' | 'seed:<n>' */
  order: string;
  diagnostics: Diagnostic[];
}

export type ValueKind = 'Null' | 'Boolean' | 'Number' | 'String' | 'Array' | 'Object';

/** An evaluated expression, or why it failed (a failure is a value, not a rejection). */
export type EvalResult =
  | { kind: ValueKind; value: unknown }
  | { error: { kind: 'lexing' | 'parsing' | 'evaluation' | 'usage'; message: string } };

export interface CheckResult {
  diagnostics: Diagnostic[];
}

export interface Engine {
  simulate(workflowYaml: string, scenarioJson: string): Promise<SimulationResult>;
  /** simulate(), with how long the engine's call took in the worker (not the round trip). */
  simulateTimed(workflowYaml: string, scenarioJson: string): Promise<{ result: SimulationResult; engineMs: number }>;
  /**
   * The worker's compiled modules: the engine's and those of the interpreters it has loaded
   * (structured-cloned: the compiled code is shared, nothing is fetched again). The page
   * instantiates its own engine from them (page-engine.js).
   */
  compiledModules(): Promise<{ engine: WebAssembly.Module; interpreters: Partial<Record<'bash' | 'bash-full' | 'pwsh' | 'python', WebAssembly.Module>> }>;
  evaluate(expression: string, contextJson: string): Promise<EvalResult>;
  check(workflowYaml: string): Promise<CheckResult>;
  /** The engine's version, e.g. '0.1.0' */
  version(): Promise<string>;
  /** Terminates the worker; pending and later requests reject with reason 'disposed'. */
  dispose(): void;
}

export type EngineErrorReason = 'restarted' | 'load-failed' | 'disposed' | 'request';

/** What every rejected engine promise carries. */
export class EngineError extends Error {
  constructor(message: string, reason: EngineErrorReason);
  readonly name: 'EngineError';
  /**
   * 'restarted': the worker died, trapped or hung and was replaced ("the engine stopped and was restarted: ...");
   * 'load-failed': ghaplay.js/ghaplay.wasm could not be loaded (the next request tries a new worker),
   *   or an interpreter module a simulation needed (ghaplay-python.wasm, say; the next request that
   *   needs it tries again);
   * 'disposed': dispose() was called; 'request': the worker refused the request (not strings, ...).
   */
  readonly reason: EngineErrorReason;
}

export const DEFAULT_TIMEOUT_MS: number;

export function createEngine(options?: EngineOptions): Engine;
