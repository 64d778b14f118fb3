#pragma once
// Matrix expansion as GitHub documents it ("Using a matrix for your jobs"): the cartesian product
// of the vectors in declared order, then exclude, then include.

#include <optional>
#include <string>
#include <vector>

#include "ghaplay/value.h"

namespace ghaplay::sim {

inline constexpr std::size_t kMaxMatrixLegs = 256;

struct MatrixExpansion {
  std::vector<Value> legs;    // each an object of key -> value, in expansion order
  std::optional<std::string> error;  // what is wrong and how to fix it
};

// `matrix` is the evaluated `strategy.matrix` (an object). An absent matrix is one leg, {}.
MatrixExpansion expand_matrix(const Value& matrix);

// GitHub's display name of a leg: "build (ubuntu-latest, 18)".
std::string leg_name(const std::string& job_name, const Value& leg);

}  // namespace ghaplay::sim
