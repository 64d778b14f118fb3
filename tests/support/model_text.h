#pragma once
// A workflow model written out as text, every value with its place: two loads of the same text
// must give the same text, positions included (the simulation's JSON shows few positions).

#include <optional>
#include <sstream>
#include <string>

#include "ghaplay/workflow.h"

namespace ghaplay::testing {

class ModelText {
 public:
  static std::string of(const workflow::Workflow& workflow) {
    ModelText out;
    out.workflow(workflow);
    return out.text_.str();
  }

 private:
  void at(SourcePosition position) { text_ << '@' << position.line << ':' << position.column << ' '; }

  void heading(const char* kind, const std::string& name, SourcePosition position) {
    text_ << kind << ' ' << name << ' ';
    at(position);
    text_ << '\n';
  }

  void tmpl(const Template& value) {
    text_ << "tmpl ";
    at(value.position());
    for (const auto& part : value.parts()) {
      text_ << (part.is_expression() ? "${{" : "'") << part.text << ' ';
      at(part.position);
      for (auto line : part.line_starts) at(line);
    }
    if (value.syntax_error()) text_ << "syntax-error ";
  }

  void scalar(const char* name, const std::optional<workflow::Scalar>& value) {
    if (value) scalar(name, *value);
  }
  void scalar(const char* name, const workflow::Scalar& value) {
    text_ << name << '=' << value.text << " style" << static_cast<int>(value.style) << (value.is_null ? " null" : "")
          << (value.string_tag ? " !!str " : " ");
    at(value.position);
    tmpl(value.tmpl);
    text_ << '\n';
  }

  void node(const workflow::Node& value) {
    text_ << "node" << static_cast<int>(value.kind) << ' ';
    at(value.position);
    if (value.is_scalar()) scalar("", value.scalar);
    for (const auto& item : value.items) node(item);
    for (const auto& [key, item] : value.entries) {
      scalar("key", key);
      node(item);
    }
    text_ << "end\n";
  }

  void map(const char* name, const workflow::OrderedMap& entries) {
    for (const auto& entry : entries) {
      text_ << name << '.' << entry.key << ' ';
      at(entry.key_position);
      scalar("", entry.value);
    }
  }

  void step(const workflow::Step& value) {
    heading("step", std::to_string(value.index), value.position);
    scalar("id", value.id);
    scalar("name", value.name);
    if (value.condition) tmpl(*value.condition);
    scalar("run", value.run);
    scalar("shell", value.shell);
    scalar("uses", value.uses);
    scalar("working-directory", value.working_directory);
    scalar("continue-on-error", value.continue_on_error);
    scalar("timeout-minutes", value.timeout_minutes);
    map("with", value.with);
    map("env", value.env);
  }

  void job(const workflow::Job& value) {
    heading("job", value.id, value.position);
    scalar("name", value.name);
    for (const auto& [need, where] : value.needs) {
      text_ << "needs " << need << ' ';
      at(where);
    }
    if (value.condition) tmpl(*value.condition);
    if (value.runs_on) node(*value.runs_on);
    map("env", value.env);
    map("outputs", value.outputs);
    if (value.strategy) {
      text_ << "strategy ";
      at(value.strategy->position);
      scalar("fail-fast", value.strategy->fail_fast);
      scalar("max-parallel", value.strategy->max_parallel);
      if (const auto& matrix = value.strategy->matrix) {
        text_ << "matrix ";
        at(matrix->position);
        scalar("expression", matrix->expression);
        for (const auto& dimension : matrix->dimensions) {
          text_ << "dimension " << dimension.key << ' ';
          at(dimension.position);
          scalar("expression", dimension.expression);
          for (const auto& item : dimension.values) node(item);
        }
        for (const auto& item : matrix->include) node(item);
        for (const auto& item : matrix->exclude) node(item);
        scalar("include", matrix->include_expression);
        scalar("exclude", matrix->exclude_expression);
      }
    }
    scalar("continue-on-error", value.continue_on_error);
    scalar("timeout-minutes", value.timeout_minutes);
    scalar("shell", value.default_shell);
    scalar("working-directory", value.default_working_directory);
    scalar("uses", value.uses);
    map("with", value.with);
    map("secrets", value.secrets);
    text_ << "inherit " << value.inherit_secrets << '\n';
    for (const auto& item : value.steps) step(item);
  }

  void workflow(const workflow::Workflow& value) {
    scalar("name", value.name);
    scalar("run-name", value.run_name);
    text_ << "on " << value.on.present << ' ';
    at(value.on.position);
    for (const auto& [event, where] : value.on.events) {
      text_ << event << ' ';
      at(where);
    }
    text_ << '\n';
    map("env", value.env);
    scalar("shell", value.default_shell);
    scalar("working-directory", value.default_working_directory);
    for (const auto& item : value.jobs) job(item);
  }

  std::ostringstream text_;
};

}  // namespace ghaplay::testing
