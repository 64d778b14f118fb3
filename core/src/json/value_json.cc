#include "json/value_json.h"

#include <cmath>

#include "expr/coercion.h"

namespace ghaplay::json {

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_value(Writer& writer, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: writer.Null(); return;
    case Value::Kind::Boolean: writer.Bool(value.as_bool()); return;
    case Value::Kind::Number: {
      double n = value.as_number();
      if (!std::isfinite(n)) {
        write_string(writer, expr::js_number_to_string(n));
      } else if (n == 0 && std::signbit(n)) {
        writer.RawValue("-0", 2, rapidjson::kNumberType);  // JavaScript keeps the sign of zero
      } else if (n == std::floor(n) && std::fabs(n) < 9007199254740992.0) {
        writer.Int64(static_cast<int64_t>(n));
      } else {
        // The same digits JavaScript prints, so the page and Node see what GitHub's engine shows.
        std::string digits = expr::js_number_to_string(n);
        writer.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
      }
      return;
    }
    case Value::Kind::String: write_string(writer, value.as_string()); return;
    case Value::Kind::Array:
      writer.StartArray();
      for (const auto& item : value.as_array().items) write_value(writer, item);
      writer.EndArray();
      return;
    case Value::Kind::Object:
      writer.StartObject();
      for (const auto& [key, item] : value.as_object()) {
        writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_value(writer, item);
      }
      writer.EndObject();
      return;
  }
}

}  // namespace ghaplay::json
