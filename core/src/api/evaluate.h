#pragma once

#include <string>
#include <string_view>

#include "ghaplay/value.h"

namespace ghaplay::api {

// evaluate_json() for contexts already read (the CLI's --jsonl stream), so values such as -0
// reach the engine exactly as given.
std::string evaluate_with_contexts(std::string_view expression, Value contexts);

}  // namespace ghaplay::api
