#pragma once
// The larger text tools of the bash subset (grep, sed, awk, sort...), listed once: builtins.cc puts them
// in the table of simulated commands. They are about a third of the interpreter's code, and
// most workflows' scripts use none of them (the small and common ones, head, tail, wc, tr, cut, seq,
// sleep, env, printenv and uuidgen, stay in every build), so the bash the browser's engine module
// runs itself is built without them (GHAPLAY_BASH_CORE, wasm/CMakeLists.txt): there each of these
// names runs b_needs_text_tools, which ends the run with kNeedsTextTools, and the engine runs the
// script again on the module that has them (wasm/script_bridge.cc, docs/DECISIONS.md). `type grep`
// and `command -v sed` only look the name up, so they answer the same in both.
//
// X(name, member function)
#define GHAPLAY_BASH_TEXT_TOOLS(X)                                                                 \
  X("grep", b_grep) X("egrep", b_grep) X("fgrep", b_grep) X("sed", b_sed) X("sort", b_sort)        \
  X("uniq", b_uniq) X("base64", b_base64) X("rev", b_rev) X("xargs", b_xargs) X("expr", b_expr)    \
  X("openssl", b_openssl) X("awk", b_awk) X("gawk", b_awk) X("mawk", b_awk)

#include <string_view>

namespace ghaplay::scripts::bash {

// The message of the notice that ends a run which reached a text tool in a build without them.
inline constexpr std::string_view kNeedsTextTools = "this build of bash has no text tools";

}  // namespace ghaplay::scripts::bash
