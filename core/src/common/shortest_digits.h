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

}  // namespace ghaplay::text
