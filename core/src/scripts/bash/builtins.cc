// The table of simulated commands, and the helpers they share for reading and writing.
#include <map>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/text_tools.h"

namespace ghaplay::scripts::bash {

Interpreter::Builtin Interpreter::find_builtin(const std::string& name) const {
  static const std::map<std::string_view, Builtin> kTable = {
      // shell builtins
      {":", &Interpreter::b_colon}, {"true", &Interpreter::b_colon}, {"false", &Interpreter::b_false},
      {"exit", &Interpreter::b_exit}, {"return", &Interpreter::b_return},
      {"break", &Interpreter::b_break}, {"continue", &Interpreter::b_continue},
      {"set", &Interpreter::b_set}, {"shift", &Interpreter::b_shift},
      {"export", &Interpreter::b_export}, {"local", &Interpreter::b_declare},
      {"declare", &Interpreter::b_declare}, {"typeset", &Interpreter::b_declare},
      {"readonly", &Interpreter::b_declare}, {"unset", &Interpreter::b_unset},
      {"eval", &Interpreter::b_eval}, {"source", &Interpreter::b_source}, {".", &Interpreter::b_source},
      {"trap", &Interpreter::b_trap}, {"cd", &Interpreter::b_cd}, {"pwd", &Interpreter::b_pwd},
      {"pushd", &Interpreter::b_pushd}, {"popd", &Interpreter::b_popd},
      {"command", &Interpreter::b_command}, {"builtin", &Interpreter::b_command},
      {"type", &Interpreter::b_type}, {"which", &Interpreter::b_type}, {"hash", &Interpreter::b_colon},
      {"let", &Interpreter::b_let}, {"read", &Interpreter::b_read}, {"test", &Interpreter::b_test},
      {"[", &Interpreter::b_bracket}, {"shopt", &Interpreter::b_shopt}, {"exec", &Interpreter::b_exec},
      {"getopts", &Interpreter::b_getopts}, {"mapfile", &Interpreter::b_mapfile},
      {"readarray", &Interpreter::b_mapfile}, {"wait", &Interpreter::b_colon},
      {"umask", &Interpreter::b_colon}, {"ulimit", &Interpreter::b_colon},
      {"bash", &Interpreter::b_bash}, {"sh", &Interpreter::b_bash},
      {"echo", &Interpreter::b_echo}, {"printf", &Interpreter::b_printf},
      // file tools
      {"cat", &Interpreter::b_cat}, {"tee", &Interpreter::b_tee}, {"mkdir", &Interpreter::b_mkdir},
      {"touch", &Interpreter::b_touch}, {"rm", &Interpreter::b_rm}, {"rmdir", &Interpreter::b_rm},
      {"cp", &Interpreter::b_cp}, {"mv", &Interpreter::b_mv}, {"ls", &Interpreter::b_ls},
      {"dd", &Interpreter::b_dd}, {"mktemp", &Interpreter::b_mktemp},
      {"basename", &Interpreter::b_basename}, {"dirname", &Interpreter::b_dirname},
      {"realpath", &Interpreter::b_realpath}, {"readlink", &Interpreter::b_realpath},
      // small text tools, in every build
      {"head", &Interpreter::b_head}, {"tail", &Interpreter::b_tail}, {"wc", &Interpreter::b_wc},
      {"tr", &Interpreter::b_tr}, {"cut", &Interpreter::b_cut},
      {"seq", &Interpreter::b_seq}, {"sleep", &Interpreter::b_sleep}, {"env", &Interpreter::b_env},
      {"printenv", &Interpreter::b_printenv}, {"uuidgen", &Interpreter::b_uuidgen},
      // the other text tools (text_tools.h)
#ifdef GHAPLAY_BASH_CORE
#define GHAPLAY_TEXT_TOOL(name, member) {name, &Interpreter::b_needs_text_tools},
#else
#define GHAPLAY_TEXT_TOOL(name, member) {name, &Interpreter::member},
#endif
      GHAPLAY_BASH_TEXT_TOOLS(GHAPLAY_TEXT_TOOL)
#undef GHAPLAY_TEXT_TOOL
  };
  auto it = kTable.find(name);
  return it == kTable.end() ? nullptr : it->second;
}

#ifdef GHAPLAY_BASH_CORE
int Interpreter::b_needs_text_tools(Call& call) {
  std::string name = call.args.empty() ? std::string() : call.args[0];
  add_notice(ScriptNotice::Kind::Unsupported, std::string(kNeedsTextTools), call.offset, name, name);
  unwind_ = Unwind::Stop;
  return 127;
}
#endif

int Interpreter::run_nested(Call& inner) {
  if (inner.args.empty()) return 0;
  if (nested_builtins_ >= 16) {
    builtin_error(inner, "too many nested commands");
    return 126;
  }
  ++nested_builtins_;
  int status;
  if (Builtin builtin = find_builtin(inner.args[0])) {
    status = (this->*builtin)(inner);
  } else {
    status = unsimulated(inner, inner.args[0]);
  }
  --nested_builtins_;
  return status;
}

void Interpreter::out(Call& call, std::string_view text) { write(*call.io, 1, text, call.taint); }

void Interpreter::err(Call& call, std::string_view text) { write(*call.io, 2, text, {}); }

void Interpreter::builtin_error(Call& call, std::string_view message) {
  std::size_t saved = current_offset_;
  current_offset_ = call.offset;
  shell_error(*call.io, (call.args.empty() ? std::string("bash") : call.args[0]) + ": " + std::string(message));
  current_offset_ = saved;
}

std::string Interpreter::read_stdin(Call& call) {
  Input* in = call.io->in.get();
  if (!in) return {};
  std::string text = in->data.substr(std::min(in->pos, in->data.size()));
  in->pos = in->data.size();
  merge_taint(call.taint, in->taint);
  return text;
}

bool Interpreter::read_inputs(Call& call, const std::vector<std::string>& files, std::string& out,
                              std::string_view tool) {
  out.clear();
  if (files.empty()) {
    out = read_stdin(call);
    return true;
  }
  bool ok = true;
  for (const std::string& f : files) {
    if (f == "-" || f == "/dev/stdin") {
      out += read_stdin(call);
      continue;
    }
    std::string content;
    if (!read_file(f, content, call.taint, tool, call.offset)) {
      ok = false;
      continue;
    }
    out += content;
  }
  return ok;
}

}  // namespace ghaplay::scripts::bash
