// toJSON and fromJSON as GitHub's engine does them: JSON.stringify(value, replacer, "  ") and
// JSON.parse(text, reviver). Objects keep insertion order (the runner's order; note that
// JavaScript would list integer-like keys first, a quirk of the TypeScript port we do not copy).
#include <cmath>
#include <string>
#include <vector>

#include "common/text.h"
#include "expr/coercion.h"
#include "expr/lexer.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  text::append_json_string(out, s, text::HexCase::Lower);  // JSON.stringify's lower-case hex
}

void write(std::string& out, const Value& value, int indent) {
  switch (value.kind()) {
    case Value::Kind::Null: out += "null"; return;
    case Value::Kind::Boolean: out += value.as_bool() ? "true" : "false"; return;
    case Value::Kind::Number: {
      double n = value.as_number();
      out += std::isfinite(n) ? js_number_to_string(n) : "null";
      return;
    }
    case Value::Kind::String: append_json_string(out, value.as_string()); return;
    case Value::Kind::Array: {
      const auto& items = value.as_array().items;
      if (items.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < items.size(); ++i) {
        out.append((indent + 1) * 2, ' ');
        write(out, items[i], indent + 1);
        out += (i + 1 < items.size()) ? ",\n" : "\n";
      }
      out.append(indent * 2, ' ');
      out += "]";
      return;
    }
    case Value::Kind::Object: {
      const auto& entries = value.as_object().entries();
      if (entries.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      for (std::size_t i = 0; i < entries.size(); ++i) {
        out.append((indent + 1) * 2, ' ');
        append_json_string(out, entries[i].first);
        out += ": ";
        write(out, entries[i].second, indent + 1);
        out += (i + 1 < entries.size()) ? ",\n" : "\n";
      }
      out.append(indent * 2, ' ');
      out += "}";
      return;
    }
  }
}

// A strict JSON reader with JSON.parse's rules; nesting is bounded so hostile input cannot
// exhaust the stack.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : s_(text) {}

  bool read(Value& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return i_ == s_.size();
  }

 private:
  static constexpr int kMaxDepth = 512;

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool value(Value& out, int depth) {
    if (depth > kMaxDepth || i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      std::string str;
      if (!string(str)) return false;
      out = Value(std::move(str));
      return true;
    }
    if (c == 't') { out = Value(true); return literal("true"); }
    if (c == 'f') { out = Value(false); return literal("false"); }
    if (c == 'n') { out = Value(); return literal("null"); }
    return number(out);
  }

  bool number(Value& out) {
    std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size()) return false;
    if (s_[i_] == '0') {
      ++i_;
    } else if (s_[i_] >= '1' && s_[i_] <= '9') {
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    } else {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      std::size_t digits = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == digits) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      std::size_t digits = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == digits) return false;
    }
    out = Value(decimal_to_double(s_.substr(start, i_ - start)));
    return true;
  }

  bool hex4(unsigned& out) {
    if (i_ + 4 > s_.size()) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= c - '0';
      else if (c >= 'a' && c <= 'f') out |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') out |= c - 'A' + 10;
      else return false;
    }
    return true;
  }

  bool string(std::string& out) {
    ++i_;  // opening quote
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        std::size_t run = i_ + 1;  // plain characters go in as one piece
        while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' && static_cast<unsigned char>(s_[run]) >= 0x20) ++run;
        out.append(s_.data() + i_, run - i_);
        i_ = run;
        continue;
      }
      if (++i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          unsigned unit = 0;
          if (!hex4(unit)) return false;
          char32_t cp = unit;
          if (unit >= 0xD800 && unit <= 0xDBFF && s_.substr(i_, 2) == "\\u") {
            std::size_t save = i_;
            i_ += 2;
            unsigned low = 0;
            if (hex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            } else {
              i_ = save;
            }
          }
          // A lone surrogate cannot be UTF-8; it becomes U+FFFD.
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
          text::append_utf8(out, cp);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  bool array(Value& out, int depth) {
    ++i_;
    out = Value::array();
    skip_space();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_space();
      Value item;
      if (!value(item, depth + 1)) return false;
      out.as_array().items.push_back(std::move(item));
      skip_space();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ',') { ++i_; continue; }
      if (s_[i_] == ']') { ++i_; return true; }
      return false;
    }
  }

  bool object(Value& out, int depth) {
    ++i_;
    out = Value::object();
    ObjectData& object = out.as_object();
    skip_space();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (i_ >= s_.size() || s_[i_] != ':') return false;
      ++i_;
      skip_space();
      Value item;
      if (!value(item, depth + 1)) return false;
      object.add_json_member(std::move(key), std::move(item));
      skip_space();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == ',') { ++i_; continue; }
      if (s_[i_] == '}') { ++i_; return true; }
      return false;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string to_json(const Value& value) {
  std::string out;
  write(out, value, 0);
  return out;
}

std::variant<Value, std::string> from_json(std::string_view json) {
  // Only text that starts with white space can trim to nothing.
  bool starts_visible = !json.empty() && static_cast<unsigned char>(json[0]) > 0x20 && static_cast<unsigned char>(json[0]) < 0x80;
  if (!starts_visible && text::trim(json).empty()) return std::string("empty input");
  Value result;
  if (!JsonReader(json).read(result)) return std::string("Error parsing JSON when evaluating fromJson");
  return result;
}

}  // namespace ghaplay::expr
