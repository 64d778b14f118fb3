#include "json/value_json.h"

#include <cmath>

#include "common/text.h"
#include "expr/coercion.h"

namespace ghaplay::json {

void append_string(std::string& out, std::string_view text) {
  text::append_json_string(out, text, text::HexCase::Upper);  // rapidjson's escapes, byte for byte
}

void append_value(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: out += "null"; return;
    case Value::Kind::Boolean: out += value.as_bool() ? "true" : "false"; return;
    case Value::Kind::Number: {
      double n = value.as_number();
      if (!std::isfinite(n)) append_string(out, expr::js_number_to_string(n));
      else if (n == 0 && std::signbit(n)) out += "-0";
      else out += expr::js_number_to_string(n);  // whole numbers print as rapidjson's Int64 does
      return;
    }
    case Value::Kind::String: append_string(out, value.as_string()); return;
    case Value::Kind::Array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.as_array().items) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
      }
      out.push_back(']');
      return;
    }
    case Value::Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.as_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, key);
        out.push_back(':');
        append_value(out, item);
      }
      out.push_back('}');
      return;
    }
  }
}

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_value(Writer& writer, const Value& value) {
  // One serializer for both: append_value's text, placed by the writer as it is.
  rapidjson::Type type = rapidjson::kNullType;
  switch (value.kind()) {
    case Value::Kind::Null: type = rapidjson::kNullType; break;
    case Value::Kind::Boolean: type = value.as_bool() ? rapidjson::kTrueType : rapidjson::kFalseType; break;
    case Value::Kind::Number: type = rapidjson::kNumberType; break;
    case Value::Kind::String: type = rapidjson::kStringType; break;
    case Value::Kind::Array: type = rapidjson::kArrayType; break;
    case Value::Kind::Object: type = rapidjson::kObjectType; break;
  }
  std::string text;
  append_value(text, value);
  writer.RawValue(text.data(), text.size(), type);
}

}  // namespace ghaplay::json
