#pragma once
// Number conversions that C++ leaves undefined outside their range, made total. A script or an
// expression can hold any double (1e300, NaN); casting one to an integer type directly is
// undefined behaviour, so every such cast goes through here.

#include <cmath>
#include <cstdint>
#include <limits>

namespace ghaplay::numeric {

// Truncates toward zero; NaN is 0; values past the int64 range saturate at its ends.
inline std::int64_t saturating_int64(double value) {
  if (std::isnan(value)) return 0;
  if (value >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();  // 2^63
  if (value < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

// The same for int.
inline int saturating_int(double value) {
  if (std::isnan(value)) return 0;
  if (value >= 2147483647.0) return std::numeric_limits<int>::max();
  if (value <= -2147483648.0) return std::numeric_limits<int>::min();
  return static_cast<int>(value);
}

// a + b, a * b and a - b on int64, or false when the result does not fit.
inline bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) { return __builtin_add_overflow(a, b, &out); }
inline bool sub_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) { return __builtin_sub_overflow(a, b, &out); }
inline bool mul_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) { return __builtin_mul_overflow(a, b, &out); }

}  // namespace ghaplay::numeric
