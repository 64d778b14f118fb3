#include "json/value_json.h"

#include <cmath>

#include "expr/coercion.h"

namespace ghaplay::json {

namespace {

template <typename AnyWriter>
void write_text(AnyWriter& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

template <typename AnyWriter>
void write_any(AnyWriter& writer, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: writer.Null(); return;
    case Value::Kind::Boolean: writer.Bool(value.as_bool()); return;
    case Value::Kind::Number: {
      double n = value.as_number();
      if (!std::isfinite(n)) {
        write_text(writer, expr::js_number_to_string(n));
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
    case Value::Kind::String: write_text(writer, value.as_string()); return;
    case Value::Kind::Array:
      writer.StartArray();
      for (const auto& item : value.as_array().items) write_any(writer, item);
      writer.EndArray();
      return;
    case Value::Kind::Object:
      writer.StartObject();
      for (const auto& [key, item] : value.as_object()) {
        writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_any(writer, item);
      }
      writer.EndObject();
      return;
  }
}

}  // namespace

void append_string(std::string& out, std::string_view text) {
  // rapidjson's escapes: the short forms it has, backslash-u 00XX (upper-case hex) for other control
  // characters, every other byte as it is.
  static const char kHex[] = "0123456789ABCDEF";
  out.push_back('"');
  std::size_t plain = 0;  // start of the bytes not yet appended, which need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    std::size_t length = 2;
    switch (c) {
      case '"': escape[1] = '"'; break;
      case '\\': escape[1] = '\\'; break;
      case '\b': escape[1] = 'b'; break;
      case '\t': escape[1] = 't'; break;
      case '\n': escape[1] = 'n'; break;
      case '\f': escape[1] = 'f'; break;
      case '\r': escape[1] = 'r'; break;
      default: length = 6;
    }
    out.append(escape, length);
  }
  out.append(text.data() + plain, text.size() - plain);
  out.push_back('"');
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

void write_string(Writer& writer, std::string_view text) { write_text(writer, text); }
void write_value(Writer& writer, const Value& value) { write_any(writer, value); }

}  // namespace ghaplay::json
