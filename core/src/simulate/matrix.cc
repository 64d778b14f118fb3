#include "simulate/matrix.h"

#include "expr/coercion.h"
#include "ghaplay/expression.h"

namespace ghaplay::sim {
namespace {

bool is_reserved(const std::string& key) { return key == "include" || key == "exclude"; }

// An exclude or include entry matches a combination when every key it shares agrees; nested
// objects match partially, as GitHub's docs show for `exclude`.
bool partial_match(const Value& entry_value, const Value& combination_value) {
  if (entry_value.is_object() && combination_value.is_object()) {
    for (const auto& [key, value] : entry_value.as_object()) {
      const Value* other = combination_value.as_object().find(key);
      if (!other || !partial_match(value, *other)) return false;
    }
    return true;
  }
  return same_content(entry_value, combination_value);
}

}  // namespace

MatrixExpansion expand_matrix(const Value& matrix) {
  MatrixExpansion result;
  if (matrix.is_null()) {
    result.legs.push_back(Value::object());
    return result;
  }
  if (!matrix.is_object()) {
    result.error = "The matrix must be a mapping of keys to lists, or an expression that gives one, e.g. "
                   "${{ fromJSON(needs.setup.outputs.matrix) }}; got " + std::string(kind_name(matrix.kind())) + ".";
    return result;
  }
  const auto& fields = matrix.as_object();
  std::vector<std::string> original_keys;
  std::vector<Value> combinations{Value::object()};
  for (const auto& [key, vector] : fields) {
    if (is_reserved(key)) continue;
    if (!vector.is_array()) {
      result.error = "Matrix key '" + key + "' must be a list of values, e.g. " + key + ": [a, b].";
      return result;
    }
    if (vector.as_array().items.empty()) {
      result.error = "Matrix vector '" + key + "' does not contain any values.";
      return result;
    }
    original_keys.push_back(key);
    std::vector<Value> next;
    for (const auto& combination : combinations) {
      for (const auto& item : vector.as_array().items) {
        if (next.size() > kMaxMatrixLegs * 4) break;  // already far past the cap: stop growing
        Value extended = combination.clone();
        extended.as_object().add(key, item);
        next.push_back(std::move(extended));
      }
    }
    combinations = std::move(next);
    if (combinations.size() > kMaxMatrixLegs * 4) {
      result.error = "The matrix expands to more than " + std::to_string(kMaxMatrixLegs) +
                     " jobs, GitHub's limit for one matrix. Remove values or split the job.";
      return result;
    }
  }
  bool has_vectors = !original_keys.empty();

  if (const Value* exclude = fields.find("exclude"); exclude && !exclude->is_null()) {
    if (!exclude->is_array()) {
      result.error = "Matrix 'exclude' must be a list of mappings.";
      return result;
    }
    for (const auto& entry : exclude->as_array().items) {
      if (!entry.is_object()) {
        result.error = "Each matrix 'exclude' entry must be a mapping, e.g. - os: windows-latest.";
        return result;
      }
      std::erase_if(combinations, [&](const Value& combination) { return partial_match(entry, combination); });
    }
  }
  if (!has_vectors) combinations.clear();

  if (const Value* include = fields.find("include"); include && !include->is_null()) {
    if (!include->is_array()) {
      result.error = "Matrix 'include' must be a list of mappings.";
      return result;
    }
    std::size_t original_count = combinations.size();
    for (const auto& entry : include->as_array().items) {
      if (!entry.is_object()) {
        result.error = "Each matrix 'include' entry must be a mapping, e.g. - os: windows-latest.";
        return result;
      }
      bool matched = false;
      // Only combinations of the product are extended; a new one made by an earlier include is not.
      for (std::size_t i = 0; i < original_count; ++i) {
        Value& combination = combinations[i];
        bool compatible = true;
        for (const auto& [key, value] : entry.as_object()) {
          bool original = std::find(original_keys.begin(), original_keys.end(), key) != original_keys.end();
          if (!original) continue;
          const Value* current = combination.as_object().find(key);
          if (!current || !same_content(*current, value)) {
            compatible = false;
            break;
          }
        }
        if (!compatible) continue;
        matched = true;
        for (const auto& [key, value] : entry.as_object()) {
          bool original = std::find(original_keys.begin(), original_keys.end(), key) != original_keys.end();
          if (!original) combination.as_object().set(key, value);  // added values may be overwritten
        }
      }
      if (!matched) combinations.push_back(entry.clone());
    }
  }

  if (combinations.size() > kMaxMatrixLegs) {
    result.error = "The matrix expands to " + std::to_string(combinations.size()) + " jobs; GitHub allows at most " +
                   std::to_string(kMaxMatrixLegs) + " per matrix. Remove values or split the job.";
    return result;
  }
  if (combinations.empty()) {
    result.error = "The matrix expands to no jobs (every combination is excluded, or it has no values). GitHub refuses such a job.";
    return result;
  }
  result.legs = std::move(combinations);
  return result;
}

std::string leg_name(const std::string& job_name, const Value& leg) {
  if (!leg.is_object() || leg.as_object().empty()) return job_name;
  std::string name = job_name + " (";
  bool first = true;
  for (const auto& [key, value] : leg.as_object()) {
    if (!first) name += ", ";
    first = false;
    name += expr::to_display_string(value);  // an object shows as "Object" (inferred: GitHub documents no name for it)
  }
  return name + ")";
}

}  // namespace ghaplay::sim
