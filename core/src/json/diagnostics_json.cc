#include "json/diagnostics_json.h"

namespace ghaplay::json {
namespace {

void write_text(rapidjson::Writer<rapidjson::StringBuffer>& writer, const std::string& text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

void write_diagnostic(rapidjson::Writer<rapidjson::StringBuffer>& writer, const Diagnostic& diagnostic) {
  writer.StartObject();
  writer.Key("severity");
  writer.String(severity_name(diagnostic.severity));
  writer.Key("code");
  writer.String(code_name(diagnostic.code));
  writer.Key("message");
  write_text(writer, diagnostic.message);
  writer.Key("line");
  writer.Int(diagnostic.position.line);
  writer.Key("column");
  writer.Int(diagnostic.position.column);
  writer.Key("job");
  write_text(writer, diagnostic.job);
  writer.Key("step");
  write_text(writer, diagnostic.step);
  writer.EndObject();
}

void write_diagnostics(rapidjson::Writer<rapidjson::StringBuffer>& writer, const Diagnostics& diagnostics) {
  writer.StartArray();
  for (const auto& diagnostic : diagnostics) write_diagnostic(writer, diagnostic);
  writer.EndArray();
}

std::string diagnostics_json(const Diagnostics& diagnostics) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("diagnostics");
  write_diagnostics(writer, diagnostics);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace ghaplay::json
