// The small behaviours of the workflow model: scalar typing, data nodes to values, look-ups.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/text.h"
#include "ghaplay/workflow.h"

namespace ghaplay::workflow {
namespace {

bool all_of(std::string_view s, bool (*accept)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!accept(c)) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

double parse_radix(std::string_view digits, int radix) {
  double value = 0;
  for (char c : digits) {
    int d = is_digit(c) ? c - '0' : (c >= 'a' ? c - 'a' + 10 : c - 'A' + 10);
    value = value * radix + d;
  }
  return value;
}

// YAML 1.2 core schema float: [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
    if (int_digits == 0 && frac_digits == 0) return false;
  } else if (int_digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

Value scalar_value(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return Value();
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s.substr(2), is_hex)) return Value(parse_radix(s.substr(2), 16));
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of(s.substr(2), is_octal)) return Value(parse_radix(s.substr(2), 8));
  std::string_view unsigned_part = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? s.substr(1) : s;
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") {
    double inf = std::numeric_limits<double>::infinity();
    return Value(s[0] == '-' ? -inf : inf);
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return Value(std::numeric_limits<double>::quiet_NaN());
  if (is_core_float(s)) {
    std::string copy(s);
    errno = 0;
    double value = std::strtod(copy.c_str(), nullptr);  // out of range gives ±HUGE_VAL, as .NET would give ±Infinity
    return Value(value);
  }
  return Value(std::string(s));
}

// Valid job ids are ASCII: compare those without allocating (find_job runs once per `needs`
// entry); anything else by GitHub's case folding.
bool same_id(std::string_view a, std::string_view b) {
  auto ascii = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (!ascii(a) || !ascii(b)) return text::equals_ignore_case(a, b);
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

Value Scalar::literal_value() const {
  if (is_null && !string_tag) return Value();
  if (!is_plain()) return Value(text);
  return scalar_value(text);
}

Value Node::to_value() const {
  switch (kind) {
    case Kind::Scalar: return scalar.literal_value();
    case Kind::Sequence: {
      std::vector<Value> values;
      values.reserve(items.size());
      for (const auto& item : items) values.push_back(item.to_value());
      return Value::array(std::move(values));
    }
    case Kind::Mapping: {
      Value object = Value::object();
      for (const auto& [key, value] : entries) object.as_object().add(key.text, value.to_value());
      return object;
    }
  }
  return Value();
}

std::variant<Value, TemplateError> evaluate(const Node& node, const expr::EvaluationContext& context,
                                            const expr::ParseOptions& options) {
  switch (node.kind) {
    case Node::Kind::Scalar:
      if (!node.scalar.tmpl.has_expressions() && !node.scalar.tmpl.syntax_error()) return node.scalar.literal_value();
      return evaluate(node.scalar.tmpl, context, options);
    case Node::Kind::Sequence: {
      std::vector<Value> values;
      for (const auto& item : node.items) {
        auto value = evaluate(item, context, options);
        if (auto* error = std::get_if<TemplateError>(&value)) return *error;
        values.push_back(std::get<Value>(std::move(value)));
      }
      return Value::array(std::move(values));
    }
    case Node::Kind::Mapping: {
      Value object = Value::object();
      for (const auto& [key, item] : node.entries) {
        auto value = evaluate(item, context, options);
        if (auto* error = std::get_if<TemplateError>(&value)) return *error;
        object.as_object().add(key.text, std::get<Value>(std::move(value)));
      }
      return object;
    }
  }
  return Value();
}

const Entry* find_entry(const OrderedMap& map, std::string_view key) {
  for (const auto& entry : map) {
    if (text::equals_ignore_case(entry.key, key)) return &entry;
  }
  return nullptr;
}

bool Triggers::has(std::string_view event) const {
  for (const auto& [name, position] : events) {
    if (name == event) return true;
  }
  return false;
}

std::string Step::label() const {
  if (id && !id->text.empty()) return id->text;
  if (name && !name->text.empty()) return name->text;
  return "#" + std::to_string(index + 1);
}

const Job* Workflow::find_job(std::string_view id) const {
  for (const auto& job : jobs) {
    if (same_id(job.id, id)) return &job;
  }
  return nullptr;
}

}  // namespace ghaplay::workflow
