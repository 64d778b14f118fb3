#include "scripts/pwsh/value.h"

#include <cmath>
#include <cstdlib>

#include "common/shortest_digits.h"
#include "common/text.h"

namespace ghaplay::scripts::pwsh {

const PsValue* PsObject::find(std::string_view key) const {
  for (const auto& [k, v] : properties) {
    if (text::equals_ignore_case(k, key)) return &v;
  }
  return nullptr;
}

PsValue* PsObject::find(std::string_view key) {
  for (auto& [k, v] : properties) {
    if (text::equals_ignore_case(k, key)) return &v;
  }
  return nullptr;
}

void PsObject::set(std::string key, PsValue value) {
  if (auto* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  properties.emplace_back(std::move(key), std::move(value));
}

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  // Shortest round-trip digits, then laid out the way .NET does.
  text::DecimalDigits shortest = text::shortest_digits(d);
  bool negative = shortest.negative;
  int exponent = shortest.exponent;
  std::string digits = shortest.digits;
  std::string out;
  if (exponent >= 15 || exponent < -5) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exponent < 0 ? "E-" : "E+";
    std::string ex = std::to_string(std::abs(exponent));
    if (ex.size() < 2) ex = "0" + ex;
    out += ex;
  } else if (exponent < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  } else {
    auto int_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_digits) {
      out = digits + std::string(int_digits - digits.size(), '0');
    } else {
      out = digits.substr(0, int_digits) + "." + digits.substr(int_digits);
    }
  }
  return negative ? "-" + out : out;
}

}  // namespace ghaplay::scripts::pwsh
