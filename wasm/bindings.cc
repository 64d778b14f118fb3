// The WebAssembly front end: ghaplay::api (JSON strings in, JSON strings out) behind one exported C
// function; wasm/api.js (linked as --post-js) gives the module its JS methods. Nothing else lives
// here; the page and the Node tests parse the JSON the core returns.
//
//   const ghaplay = await createGhaplay();
//   JSON.parse(ghaplay.evaluate("1 == 1", "{}"))   // {"kind":"Boolean","value":true}
//   JSON.parse(ghaplay.check(workflowYaml))        // {"diagnostics":[...]}
//   JSON.parse(ghaplay.simulate(yaml, scenario))   // schema/result.schema.json
//   ghaplay.version()                              // "0.1.0"
//
// Not Embind: its std::string conversions (a UTF-8 length pass, a copy, JS loops, a second copy of
// the result) were a quarter of an evaluate() call, and its glue and runtime a tenth of ghaplay.js.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "ghaplay/api.h"

namespace {

// The method numbers of wasm/api.js.
enum Method : int { kEvaluate = 0, kCheck = 1, kSimulate = 2, kVersion = 3 };

std::string dispatch(int method, std::string_view a, std::string_view b) {
  switch (method) {
    case kEvaluate: return ghaplay::api::evaluate_json(a, b);
    case kCheck: return ghaplay::api::check_json(a);
    case kSimulate: return ghaplay::api::simulate_json(a, b);
    case kVersion: return ghaplay::api::version();
    default: return {};
  }
}

}  // namespace

extern "C" {

// Runs one method on the UTF-8 bytes [a, a + a_size) and [b, b + b_size) (owned by the caller) and
// returns a block from malloc that the caller frees: a 32-bit little-endian byte count, then the
// answer's UTF-8 bytes. Null only when that block cannot be allocated.
EMSCRIPTEN_KEEPALIVE std::uint8_t* ghaplay_call(int method, const char* a, std::size_t a_size, const char* b,
                                                std::size_t b_size) {
  const std::string answer = dispatch(method, std::string_view(a, a_size), std::string_view(b, b_size));
  const auto size = static_cast<std::uint32_t>(answer.size());
  auto* block = static_cast<std::uint8_t*>(std::malloc(sizeof size + answer.size()));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof size);
  std::memcpy(block + sizeof size, answer.data(), answer.size());
  return block;
}

}  // extern "C"
