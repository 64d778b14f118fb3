#pragma once
// Every diagnostic code ghaplay can emit, in one list. The CLI, the wasm API, the page and the
// tests all read this list (the CLI prints it with `ghaplay codes`); never spell a code elsewhere.
//
// X(Identifier, "kebab-code", "what it means")
#define GHAPLAY_DIAGNOSTIC_CODES(X)                                                                 \
  X(YamlSyntax, "yaml-syntax", "The file is not valid YAML.")                                      \
  X(InputTooLarge, "input-too-large", "The input is larger than ghaplay accepts.")                 \
  X(NotAWorkflow, "not-a-workflow", "The document is not a mapping with a `jobs` key.")            \
  X(MissingOn, "missing-on", "The workflow has no `on:` trigger (accepted for snippets).")         \
  X(UnknownKey, "unknown-key", "A key GitHub does not accept at this place.")                      \
  X(InvalidValue, "invalid-value", "A value of the wrong type or form for its key.")               \
  X(ExpressionSyntax, "expression-syntax", "A `${{ }}` expression that does not parse.")           \
  X(ExpressionEvaluation, "expression-evaluation", "An expression failed while being evaluated.")  \
  X(UnknownNeeds, "unknown-needs", "`needs:` names a job that does not exist.")                    \
  X(NeedsCycle, "needs-cycle", "Jobs depend on each other in a cycle.")                            \
  X(UnknownStep, "unknown-step", "`steps.<id>` names no step before this one.")                    \
  X(NeedsNotDirect, "needs-not-direct", "`needs.<id>` names a job that is not a direct dependency.") \
  X(UnknownJobOutput, "unknown-job-output", "`needs.<id>.outputs.<name>` that the job never declares.") \
  X(MatrixInOutputName, "matrix-in-output-name", "`matrix` used where GitHub refuses it.")         \
  X(MatrixOutputOverride, "matrix-output-override", "Matrix legs set one output to different values.") \
  X(SecretInOutput, "secret-in-output", "A job output that contains a secret is dropped.")         \
  X(DeprecatedSetOutput, "deprecated-set-output", "The `::set-output` command is deprecated.")     \
  X(OutputFileFormat, "output-file-format", "A malformed `$GITHUB_OUTPUT` or `$GITHUB_ENV` file.") \
  X(OutputSizeLimit, "output-size-limit", "Job outputs larger than GitHub allows.")                \
  X(MatrixTooLarge, "matrix-too-large", "A matrix that expands to more than 256 jobs.")            \
  X(UnsimulatedCommand, "unsimulated-command", "A command ghaplay does not simulate.")             \
  X(LimitExceeded, "limit-exceeded", "An input past one of ghaplay's safety limits.")              \
  X(InvalidScenario, "invalid-scenario", "The scenario JSON is malformed or names unknown jobs/steps.") \
  X(ConditionError, "condition-error", "An `if:` condition failed to evaluate.")                  \
  X(Inferred, "inferred", "A behaviour GitHub does not document; ghaplay's documented choice.")  \
  X(Annotation, "annotation", "A `::warning::`, `::error::` or `::notice::` printed by a step.")

namespace ghaplay {

enum class DiagnosticCode {
#define GHAPLAY_X(identifier, code, summary) identifier,
  GHAPLAY_DIAGNOSTIC_CODES(GHAPLAY_X)
#undef GHAPLAY_X
};

struct DiagnosticCodeInfo {
  DiagnosticCode code;
  const char* name;     // the stable kebab-case spelling
  const char* summary;  // one sentence
};

inline constexpr DiagnosticCodeInfo kDiagnosticCodes[] = {
#define GHAPLAY_X(identifier, code, summary) {DiagnosticCode::identifier, code, summary},
    GHAPLAY_DIAGNOSTIC_CODES(GHAPLAY_X)
#undef GHAPLAY_X
};

constexpr const char* code_name(DiagnosticCode code) {
  return kDiagnosticCodes[static_cast<int>(code)].name;
}

}  // namespace ghaplay
