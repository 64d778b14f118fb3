#include "common/shortest_digits.h"

#include <cstdio>
#include <cstdlib>

namespace ghaplay::text {

DecimalDigits shortest_digits(double number) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, number);
    if (std::strtod(buffer, nullptr) == number) break;
  }
  DecimalDigits result;
  const char* p = buffer;
  if (*p == '-') {
    result.negative = true;
    ++p;
  }
  for (; *p && *p != 'e'; ++p)
    if (*p != '.') result.digits.push_back(*p);
  result.exponent = *p == 'e' ? std::atoi(p + 1) : 0;
  while (result.digits.size() > 1 && result.digits.back() == '0') result.digits.pop_back();
  return result;
}

}  // namespace ghaplay::text
