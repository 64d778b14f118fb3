#pragma once
// Shell arithmetic: $(( )), (( )), let, for (( )), array subscripts. 64-bit integers with C's
// operators and precedence; variables are read (and assigned) through the context, and a
// variable holding an expression is evaluated in turn, as bash does.

#include <string>
#include <string_view>

namespace ghaplay::scripts::bash {

class ArithContext {
 public:
  virtual ~ArithContext() = default;
  // The variable's text ("" when unset); `index` is null for a plain name.
  virtual std::string arith_get(const std::string& name, const long long* index) = 0;
  virtual void arith_set(const std::string& name, const long long* index, long long value) = 0;
};

struct ArithResult {
  bool ok = true;
  long long value = 0;
  std::string error;  // bash's wording, e.g. `division by 0 (error token is "0")`
};

ArithResult eval_arith(std::string_view expression, ArithContext& context);

}  // namespace ghaplay::scripts::bash
