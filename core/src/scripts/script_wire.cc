#include "scripts/script_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ghaplay::scripts {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Json = rapidjson::Value;

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_map(Writer& writer, const std::map<std::string, std::string>& map) {
  writer.StartObject();
  for (const auto& [name, value] : map) {
    writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    write_string(writer, value);
  }
  writer.EndObject();
}

const char* type_name(rapidjson::Type type) {
  switch (type) {
    case rapidjson::kStringType: return "a string";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kNumberType: return "a number";
    default: return "a value of another type";
  }
}

std::string string_of(const Json& json) { return std::string(json.GetString(), json.GetStringLength()); }

// Reads the members of a JSON object; each reader returns false on a value of the wrong type.
class Fields {
 public:
  Fields(const Json& object, std::string& error) : object_(object), error_(error) {}

  bool string(const char* name, std::string& out) {
    const Json* json = find(name, rapidjson::kStringType);
    if (!json) return false;
    out = string_of(*json);
    return true;
  }
  bool number(const char* name, std::size_t& out) {
    const Json* json = find(name, rapidjson::kNumberType);
    if (!json || !json->IsUint64()) return fail(name, "a whole number");
    out = static_cast<std::size_t>(json->GetUint64());
    return true;
  }
  bool integer(const char* name, int& out) {
    const Json* json = find(name, rapidjson::kNumberType);
    if (!json || !json->IsInt()) return fail(name, "an integer");
    out = json->GetInt();
    return true;
  }
  bool boolean(const char* name, bool& out) {
    auto it = object_.FindMember(name);
    if (it == object_.MemberEnd() || !it->value.IsBool()) return fail(name, "true or false");
    out = it->value.GetBool();
    return true;
  }
  bool map(const char* name, std::map<std::string, std::string>& out) {
    const Json* json = find(name, rapidjson::kObjectType);
    if (!json) return false;
    for (const auto& member : json->GetObject()) {
      if (!member.value.IsString()) return fail(name, "an object of strings");
      out.emplace_hint(out.end(), string_of(member.name), string_of(member.value));
    }
    return true;
  }
  // The member, or null when it is absent or JSON null.
  const Json* optional(const char* name) const {
    auto it = object_.FindMember(name);
    return it == object_.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }
  const Json* find(const char* name, rapidjson::Type type) {
    auto it = object_.FindMember(name);
    if (it == object_.MemberEnd() || it->value.GetType() != type) {
      fail(name, type_name(type));
      return nullptr;
    }
    return &it->value;
  }
  bool fail(const char* name, const char* expected) {
    error_ = std::string("\"") + name + "\" must be " + expected;
    return false;
  }

 private:
  const Json& object_;
  std::string& error_;
};

bool parse_object(std::string_view json, rapidjson::Document& document, std::string& error) {
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) {
    error = "not JSON (at byte " + std::to_string(document.GetErrorOffset()) + ")";
    return false;
  }
  if (!document.IsObject()) {
    error = "not a JSON object";
    return false;
  }
  return true;
}

}  // namespace

std::string encode_script_input(const ScriptInput& input) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("source");
  write_string(writer, input.source);
  writer.Key("env");
  write_map(writer, input.env);
  writer.Key("has_base_env");
  writer.Bool(input.base_env != nullptr);
  writer.Key("cacheable");
  writer.Bool(input.cache != nullptr);
  writer.Key("files");
  write_map(writer, input.files);
  writer.Key("step_budget");
  writer.Uint64(input.step_budget);
  writer.Key("command_line");
  write_string(writer, input.command_line);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool decode_script_input(std::string_view json, ScriptRequest& request, std::string& error) {
  rapidjson::Document document;
  if (!parse_object(json, document, error)) return false;
  Fields fields(document, error);
  ScriptInput& input = request.input;
  if (!fields.string("source", input.source) || !fields.map("env", input.env) || !fields.map("files", input.files) ||
      !fields.number("step_budget", input.step_budget) || !fields.string("command_line", input.command_line) ||
      !fields.boolean("has_base_env", request.has_base_env) || !fields.boolean("cacheable", request.cacheable))
    return false;
  input.base_env = nullptr;
  input.cache = nullptr;
  return true;
}

std::string encode_environment(const std::map<std::string, std::string>& env) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("env");
  write_map(writer, env);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool decode_environment(std::string_view json, std::map<std::string, std::string>& env, std::string& error) {
  rapidjson::Document document;
  if (!parse_object(json, document, error)) return false;
  env.clear();
  return Fields(document, error).map("env", env);
}

namespace {

const char* kind_name(ScriptNotice::Kind kind) {
  switch (kind) {
    case ScriptNotice::Kind::UnsimulatedCommand: return "unsimulated-command";
    case ScriptNotice::Kind::BudgetExhausted: return "budget-exhausted";
    case ScriptNotice::Kind::Unsupported: return "unsupported";
  }
  return "";
}

bool kind_of(const std::string& name, ScriptNotice::Kind& kind) {
  for (auto candidate : {ScriptNotice::Kind::UnsimulatedCommand, ScriptNotice::Kind::BudgetExhausted,
                         ScriptNotice::Kind::Unsupported}) {
    if (name == kind_name(candidate)) {
      kind = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string encode_script_result(const ScriptResult& result) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("log");
  write_string(writer, result.log);
  writer.Key("exit_code");
  writer.Int(result.exit_code);
  writer.Key("files");
  write_map(writer, result.files);
  writer.Key("notices");
  writer.StartArray();
  for (const ScriptNotice& notice : result.notices) {
    writer.StartObject();
    writer.Key("kind");
    writer.String(kind_name(notice.kind));
    writer.Key("message");
    write_string(writer, notice.message);
    writer.Key("line");
    writer.Int(notice.line);
    writer.Key("column");
    writer.Int(notice.column);
    writer.Key("command");
    write_string(writer, notice.command);
    writer.Key("feeds_output");
    writer.Bool(notice.feeds_output);
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("work");
  writer.Uint64(result.work);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string encode_script_failure(std::string_view message) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("error");
  write_string(writer, message);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool decode_script_result(std::string_view json, ScriptResult& result, std::string& error) {
  rapidjson::Document document;
  if (!parse_object(json, document, error)) return false;
  Fields fields(document, error);
  if (const Json* failure = fields.optional("error")) {
    error = failure->IsString() ? string_of(*failure) : "the interpreter failed";
    return false;
  }
  if (!fields.string("log", result.log) || !fields.integer("exit_code", result.exit_code) ||
      !fields.map("files", result.files) || !fields.number("work", result.work))
    return false;
  const Json* notices = fields.find("notices", rapidjson::kArrayType);
  if (!notices) return false;
  for (const Json& item : notices->GetArray()) {
    if (!item.IsObject()) return fields.fail("notices", "an array of objects");
    Fields notice_fields(item, error);
    ScriptNotice notice;
    std::string kind;
    if (!notice_fields.string("kind", kind) || !notice_fields.string("message", notice.message) ||
        !notice_fields.integer("line", notice.line) || !notice_fields.integer("column", notice.column) ||
        !notice_fields.string("command", notice.command) || !notice_fields.boolean("feeds_output", notice.feeds_output))
      return false;
    if (!kind_of(kind, notice.kind)) return notice_fields.fail("kind", "a notice kind");
    result.notices.push_back(std::move(notice));
  }
  return true;
}

}  // namespace ghaplay::scripts
