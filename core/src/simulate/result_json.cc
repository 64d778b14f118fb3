// SimulationResult as JSON: the published contract (schema/result.schema.json). Jobs in file order,
// runs in expansion order; objects keep GitHub's insertion order.
#include "ghaplay/api.h"
#include "ghaplay/simulation.h"
#include "json/diagnostics_json.h"
#include "json/value_json.h"
#include "simulate/result_json.h"

namespace ghaplay {
namespace {

void key(json::Writer& writer, const char* name) { writer.Key(name); }

void write_step(json::Writer& writer, const StepResult& step) {
  writer.StartObject();
  key(writer, "id"), json::write_string(writer, step.id);
  key(writer, "name"), json::write_string(writer, step.name);
  key(writer, "outcome"), json::write_string(writer, step.outcome);
  key(writer, "conclusion"), json::write_string(writer, step.conclusion);
  key(writer, "outputs"), json::write_value(writer, step.outputs);
  key(writer, "log"), json::write_string(writer, step.log);
  writer.EndObject();
}

void write_run(json::Writer& writer, const JobRun& run) {
  writer.StartObject();
  key(writer, "name"), json::write_string(writer, run.name);
  key(writer, "matrix"), json::write_value(writer, run.matrix);
  key(writer, "result"), json::write_string(writer, run.result);
  key(writer, "finished"), writer.Int(run.finished);
  key(writer, "outputs"), json::write_value(writer, run.outputs);
  key(writer, "steps");
  writer.StartArray();
  for (const auto& step : run.steps) write_step(writer, step);
  writer.EndArray();
  writer.EndObject();
}

void write_job(json::Writer& writer, const JobResult& job) {
  writer.StartObject();
  key(writer, "name"), json::write_string(writer, job.name);
  key(writer, "result"), json::write_string(writer, job.result);
  key(writer, "outputs"), json::write_value(writer, job.outputs);
  key(writer, "outputSources"), json::write_value(writer, job.output_sources);
  key(writer, "needs"), json::write_value(writer, job.needs);
  key(writer, "needsJSON"), json::write_string(writer, job.needs_json);
  key(writer, "runs");
  writer.StartArray();
  for (const auto& run : job.runs) write_run(writer, run);
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

std::string sim::job_json(const JobResult& job) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  write_job(writer, job);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string sim::to_json(const SimulationResult& result, const std::vector<std::string>* job_texts,
                         const std::vector<bool>* same_as_before) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  key(writer, "valid"), writer.Bool(result.valid);
  key(writer, "jobs");
  writer.StartObject();
  for (std::size_t i = 0; i < result.jobs.size(); ++i) {
    const JobResult& job = result.jobs[i];
    writer.Key(job.id.c_str(), static_cast<rapidjson::SizeType>(job.id.size()));
    if (same_as_before && i < same_as_before->size() && (*same_as_before)[i]) {
      writer.Int(0);
    } else if (job_texts && i < job_texts->size() && !(*job_texts)[i].empty()) {
      const std::string& text = (*job_texts)[i];
      writer.RawValue(text.data(), text.size(), rapidjson::kObjectType);
    } else {
      write_job(writer, job);
    }
  }
  writer.EndObject();
  key(writer, "outputs"), json::write_value(writer, result.outputs);
  key(writer, "order"), json::write_string(writer, result.order);
  key(writer, "diagnostics"), json::write_diagnostics(writer, result.diagnostics);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string to_json(const SimulationResult& result) { return sim::to_json(result, nullptr); }

namespace api {

std::string simulate_json(std::string_view workflow_yaml, std::string_view scenario_json) {
  return to_json(simulate(workflow_yaml, scenario_json));
}

}  // namespace api
}  // namespace ghaplay
