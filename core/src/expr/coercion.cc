#include "expr/coercion.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/shortest_digits.h"
#include "common/text.h"
#include "expr/lexer.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {

double to_number(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return 0;
    case Value::Kind::Boolean: return value.as_bool() ? 1 : 0;
    case Value::Kind::Number: return value.as_number();
    case Value::Kind::String: return parse_js_number(value.as_string());
    default: return NAN;
  }
}

bool is_truthy(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return false;
    case Value::Kind::Boolean: return value.as_bool();
    case Value::Kind::Number: return value.as_number() != 0 && !std::isnan(value.as_number());
    case Value::Kind::String: return !value.as_string().empty();
    default: return true;
  }
}

namespace {

// A whole number below 2^53 as JavaScript prints it: its digits, no exponent.
bool whole_number_to_string(double number, std::string& out) {
  if (!(std::fabs(number) < 9007199254740992.0) || number != std::floor(number)) return false;
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  auto magnitude = static_cast<std::uint64_t>(std::fabs(number));
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (number < 0) *--p = '-';
  out.assign(p, end);
  return true;
}

// The shortest digits of a finite, non-zero, non-whole number when it has at most 15 significant
// digits, without text::shortest_digits (which prints with snprintf until the text reads back:
// in WebAssembly, long double arithmetic, tens of microseconds). For p = 1..15 digits the
// candidates are the p-digit decimals next to number * 10^s; at most one p-digit decimal reads
// back to the number (they are further apart than the number's rounding interval is wide), and
// when the correctly rounded one does, it is among the candidates, so the first p that reads back
// gives the same digits as snprintf's. Reading back uses decimal_to_double's exact fast path.
bool short_digits(double number, text::DecimalDigits& out) {
  const auto& kPowers = text::kExactPowersOfTen;
  double magnitude = std::fabs(number);
  int e10 = static_cast<int>(std::floor(std::log10(magnitude)));  // may be off by one: then p shifts
  for (int p = 1; p <= 15; ++p) {
    int s = p - 1 - e10;  // number * 10^s has p digits before the point
    if (s < -22 || s > 22) return false;
    double scaled = s >= 0 ? magnitude * kPowers[s] : magnitude / kPowers[-s];
    if (!(scaled < 1e15)) return false;
    auto middle = static_cast<std::int64_t>(std::llround(scaled));
    for (std::int64_t m : {middle, middle - 1, middle + 1}) {
      if (m <= 0 || m >= 1000000000000000) continue;  // at most 15 digits
      double back = s >= 0 ? static_cast<double>(m) / kPowers[s] : static_cast<double>(m) * kPowers[-s];
      if (back != magnitude) continue;
      std::string digits = std::to_string(m);
      int exponent = static_cast<int>(digits.size()) - 1 - s;
      while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
      out.negative = number < 0;
      out.digits = std::move(digits);
      out.exponent = exponent;
      return true;
    }
  }
  return false;
}

text::DecimalDigits shortest_of(double number) {
  text::DecimalDigits digits;
  if (short_digits(number, digits)) return digits;
  return text::shortest_digits(number);
}

}  // namespace

std::string js_layout(const text::DecimalDigits& shortest) {
  const std::string& digits = shortest.digits;
  int k = static_cast<int>(digits.size());
  int n = shortest.exponent + 1;  // the decimal point sits after n digits
  std::string out = shortest.negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(-n, '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e";
    out += (n - 1 >= 0) ? "+" : "-";
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string js_number_to_string(double number) {
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
  if (number == 0) return "0";
  std::string whole;
  if (whole_number_to_string(number, whole)) return whole;
  return js_layout(shortest_of(number));
}

std::string format_number(double number) {
  if (number == 0) return "0";
  std::string whole;
  if (whole_number_to_string(number, whole)) return whole;  // printing 15 decimals keeps it as is
  // GitHub limits precision by printing 15 decimals and reading the number back, so 1.2 never
  // shows as 1.2000000000000002 (data/number.ts: (+value.toFixed(15)).toString()).
  if (std::isfinite(number) && std::fabs(number) < 1e21) {
    // From 8 on, the doubles are more than 1e-15 apart around a number that is not whole: the 15
    // decimals read back as the number itself.
    if (std::fabs(number) >= 8) return js_number_to_string(number);
    // Below, when the shortest digits need at most 15 decimals, printing 15 decimals gives those
    // digits (the number is within half an ulp, less than 0.5e-15, of them), which read back as
    // the number.
    text::DecimalDigits shortest = shortest_of(number);
    if (static_cast<int>(shortest.digits.size()) - 1 - shortest.exponent <= 15) return js_layout(shortest);
    char buffer[400];
    std::snprintf(buffer, sizeof buffer, "%.15f", number);
    return js_number_to_string(std::strtod(buffer, nullptr));
  }
  return js_number_to_string(number);
}

std::string to_display_string(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return "";
    case Value::Kind::Boolean: return value.as_bool() ? "true" : "false";
    case Value::Kind::Number: return format_number(value.as_number());
    case Value::Kind::String: return value.as_string();
    case Value::Kind::Array: return "Array";
    case Value::Kind::Object: return "Object";
  }
  return "";
}

namespace {

// Like JavaScript's abstract equality, except objects are never turned into primitives.
void coerce_pair(Value& left, Value& right) {
  for (int round = 0; round < 3; ++round) {
    if (left.kind() == right.kind()) return;
    if (left.is_number() && right.is_string()) {
      right = Value(to_number(right));
      return;
    }
    if (left.is_string() && right.is_number()) {
      left = Value(to_number(left));
      return;
    }
    if (left.is_null() || left.is_bool()) {
      left = Value(to_number(left));
      continue;
    }
    if (right.is_null() || right.is_bool()) {
      right = Value(to_number(right));
      continue;
    }
    return;
  }
}

// The sort key of a code point among UTF-16 code units: astral characters sort as their surrogates.
void push_utf16_units(std::u16string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = text::decode_utf8(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
}

}  // namespace

int compare_ignore_case(const std::string& left, const std::string& right) {
  // ASCII, the common case, in place: upper-cased ASCII stays ASCII, one code unit a byte.
  std::size_t n = std::min(left.size(), right.size());
  std::size_t i = 0;
  for (; i < n; ++i) {
    auto x = static_cast<unsigned char>(left[i]);
    auto y = static_cast<unsigned char>(right[i]);
    if ((x | y) >= 0x80) break;
    if (x >= 'a' && x <= 'z') x -= 32;
    if (y >= 'a' && y <= 'z') y -= 32;
    if (x != y) return x < y ? -1 : 1;
  }
  if (i == n) {
    bool rest_ascii = true;  // the longer string's tail decides only by being there
    const std::string& longer = left.size() > right.size() ? left : right;
    for (std::size_t k = n; k < longer.size() && rest_ascii; ++k) rest_ascii = static_cast<unsigned char>(longer[k]) < 0x80;
    if (rest_ascii) return left.size() == right.size() ? 0 : left.size() < right.size() ? -1 : 1;
  }
  std::u16string a, b;
  push_utf16_units(a, text::to_upper_special(left));
  push_utf16_units(b, text::to_upper_special(right));
  return a.compare(b);
}

namespace {

bool equal_same_kind(const Value& left, const Value& right) {
  switch (left.kind()) {
    case Value::Kind::Null: return true;
    case Value::Kind::Number: return left.as_number() == right.as_number();  // NaN is never equal
    case Value::Kind::String: return compare_ignore_case(left.as_string(), right.as_string()) == 0;
    case Value::Kind::Boolean: return left.as_bool() == right.as_bool();
    default: return left.identity() == right.identity();
  }
}

}  // namespace

bool values_equal(const Value& l, const Value& r) {
  if (l.kind() == r.kind()) return equal_same_kind(l, r);  // nothing to coerce, nothing to copy
  Value left = l, right = r;
  coerce_pair(left, right);
  return left.kind() == right.kind() && equal_same_kind(left, right);
}

bool value_greater(const Value& l, const Value& r) {
  if (l.kind() == r.kind() && l.kind() == Value::Kind::String) return compare_ignore_case(l.as_string(), r.as_string()) > 0;
  Value left = l, right = r;
  coerce_pair(left, right);
  if (left.kind() != right.kind()) return false;
  switch (left.kind()) {
    case Value::Kind::Number: return left.as_number() > right.as_number();
    case Value::Kind::String: return compare_ignore_case(left.as_string(), right.as_string()) > 0;
    case Value::Kind::Boolean: return left.as_bool() && !right.as_bool();
    default: return false;
  }
}

bool value_less(const Value& l, const Value& r) {
  if (l.kind() == r.kind() && l.kind() == Value::Kind::String) return compare_ignore_case(l.as_string(), r.as_string()) < 0;
  Value left = l, right = r;
  coerce_pair(left, right);
  if (left.kind() != right.kind()) return false;
  switch (left.kind()) {
    case Value::Kind::Number: return left.as_number() < right.as_number();
    case Value::Kind::String: return compare_ignore_case(left.as_string(), right.as_string()) < 0;
    case Value::Kind::Boolean: return !left.as_bool() && right.as_bool();
    default: return false;
  }
}

}  // namespace ghaplay::expr
