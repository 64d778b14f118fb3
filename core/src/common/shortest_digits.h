#pragma once
// The shortest decimal digits that read back to the same double, the basis of both JavaScript's
// and .NET's number printing. (std::to_chars for doubles is missing from Emscripten 3.1.6's libc++.)

#include <string>

namespace ghaplay::text {

struct DecimalDigits {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros, at least one digit
  int exponent = 0;    // value = 0.d1d2d3... * 10^(exponent + 1), i.e. d1 is at 10^exponent
};

// For finite, non-zero numbers.
DecimalDigits shortest_digits(double number);

// 10^0 to 10^22, each an exact double: a number of at most 15 significant digits times or divided
// by one of them is rounded once, as strtod rounds (Clinger's fast path).
inline constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace ghaplay::text
