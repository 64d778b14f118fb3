#pragma once
// GitHub's coercion rules (actions/languageservices expressions/src/result.ts and data/*.ts).

#include <string>

#include "common/shortest_digits.h"
#include "ghaplay/value.h"

namespace ghaplay::expr {

bool values_equal(const Value& left, const Value& right);
bool value_less(const Value& left, const Value& right);
bool value_greater(const Value& left, const Value& right);

// Compares strings the way GitHub does: upper-cased (dotless i kept), then by UTF-16 code units.
int compare_ignore_case(const std::string& left, const std::string& right);

// JavaScript's Number.prototype.toString for a finite or non-finite double.
std::string js_number_to_string(double number);

// A finite, non-zero number's shortest digits laid out as JavaScript prints them (plain, with a
// point, 0.000ddd, or d.ddde+N): js_number_to_string's last step.
std::string js_layout(const text::DecimalDigits& shortest);

}  // namespace ghaplay::expr
