// The runner's walk through a job's steps (simulate/step_sequence.h): each step's condition is
// judged on the job's status so far.
#include <gtest/gtest.h>

#include <string>

#include "ghaplay/workflow.h"
#include "simulate/step_sequence.h"

namespace ghaplay::sim {
namespace {

const expr::ParseOptions& step_if() { return workflow::parse_options(workflow::Place::StepIf); }

// The job's status after the steps so far: "success", "failure" (a step failed) or "cancelled".
StepSequence sequence_after(const std::string& status) {
  StepSequence sequence;
  if (status == "failure") sequence.finish("failure", false);
  if (status == "cancelled") sequence.finish("cancelled", false);
  EXPECT_EQ(sequence.job_status(), status);
  return sequence;
}

// A step without `if:` is judged as success() (normalize_condition); decide() answers that one
// without evaluating it, and must answer what evaluating it answers, in every status.
TEST(StepSequence, TheDefaultConditionAnswersAsEvaluatingSuccess) {
  expr::EvaluationContext context;
  for (const std::string status : {"success", "failure", "cancelled"}) {
    StepSequence sequence = sequence_after(status);
    StepVerdict answered = sequence.decide("success()", context, step_if());
    StepVerdict evaluated = sequence.decide("(success())", context, step_if());
    EXPECT_FALSE(answered.condition_error) << status;
    EXPECT_FALSE(evaluated.condition_error) << status;
    EXPECT_EQ(answered.runs, evaluated.runs) << status;
    EXPECT_EQ(answered.runs, status == "success") << status;
  }
}

TEST(StepSequence, StatusFunctionsFollowTheJobsStatus) {
  expr::EvaluationContext context;
  StepSequence failed = sequence_after("failure");
  EXPECT_TRUE(failed.decide("failure()", context, step_if()).runs);
  EXPECT_TRUE(failed.decide("always()", context, step_if()).runs);
  EXPECT_FALSE(failed.decide("cancelled()", context, step_if()).runs);
  StepSequence cancelled = sequence_after("cancelled");
  EXPECT_TRUE(cancelled.decide("cancelled()", context, step_if()).runs);
  EXPECT_FALSE(cancelled.decide("failure()", context, step_if()).runs);
  // A step that may continue on error leaves the job's status as it was.
  StepSequence continued;
  EXPECT_EQ(continued.finish("failure", true), "success");
  EXPECT_TRUE(continued.decide("success()", context, step_if()).runs);
}

}  // namespace
}  // namespace ghaplay::sim
