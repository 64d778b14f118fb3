#pragma once
// GitHub's coercion rules (actions/languageservices expressions/src/result.ts and data/*.ts).

#include <string>

#include "ghaplay/value.h"

namespace ghaplay::expr {

bool values_equal(const Value& left, const Value& right);
bool value_less(const Value& left, const Value& right);
bool value_greater(const Value& left, const Value& right);

// Compares strings the way GitHub does: upper-cased (dotless i kept), then by UTF-16 code units.
int compare_ignore_case(const std::string& left, const std::string& right);

// JavaScript's Number.prototype.toString for a finite or non-finite double.
std::string js_number_to_string(double number);

}  // namespace ghaplay::expr
