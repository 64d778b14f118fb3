// The messages scripts cross between WebAssembly modules in (scripts/script_wire.h): the engine
// reads what an interpreter module answers, and an interpreter module reads what the engine sends.
// Any bytes are refused with a reason or read; what is read is written back as the very same
// bytes (the format has one spelling per message), so nothing is lost or invented on the way.
// Input: the message itself; its first byte (the tag) picks the decoder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "fuzz_input.h"
#include "scripts/script_wire.h"

using namespace ghaplay::scripts;

namespace {

void same(const std::string& written, std::string_view read) {
  if (written != read) std::abort();  // decoded, but not what encoding writes
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = ghaplay::fuzz::as_text(data, size);
  std::string error;

  ScriptRequest request;
  if (decode_script_input(bytes, request, error)) {
    std::map<std::string, std::string> base_env;
    ScriptCache cache;
    if (request.has_base_env) request.input.base_env = &base_env;
    if (request.cacheable) request.input.cache = &cache;
    same(encode_script_input(request.input), bytes);
  } else if (error.empty()) {
    std::abort();  // refused without a reason
  }

  std::map<std::string, std::string> env;
  error.clear();
  if (decode_environment(bytes, env, error)) same(encode_environment(env), bytes);
  else if (error.empty()) std::abort();

  ScriptResult result;
  error.clear();
  if (decode_script_result(bytes, result, error)) {
    same(encode_script_result(result), bytes);
  } else if (error.empty()) {
    std::abort();
  }
  return 0;
}
