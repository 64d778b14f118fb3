// The shell's own builtins: exit/return/break, set, variables (export, local, declare, unset),
// eval/source/trap, cd/pwd, command/type, let, read, test, getopts, mapfile.
#include <algorithm>
#include <cctype>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/invocation.h"
#include "scripts/bash/parser.h"
#include "scripts/bash/syntax_message.h"

namespace ghaplay::scripts::bash {
namespace {

bool is_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Quotes a value for `declare -p` / `set` listings.
std::string quote_value(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string home_abbreviated(const std::string& path, const std::string& home) {
  if (!home.empty() && (path == home || path.rfind(home + "/", 0) == 0)) return "~" + path.substr(home.size());
  return path;
}

}  // namespace

int Interpreter::b_colon(Call&) { return 0; }
int Interpreter::b_false(Call&) { return 1; }

int Interpreter::b_exit(Call& call) {
  int status = status_;
  if (call.args.size() > 1) {
    long long n = 0;
    if (!parse_integer(call.args[1], n)) {
      builtin_error(call, call.args[1] + ": numeric argument required");
      status = 2;
    } else {
      status = static_cast<int>(n & 255);
    }
  }
  unwind_ = Unwind::Exit;
  exit_status_ = status;
  return status;
}

int Interpreter::b_return(Call& call) {
  if (function_depth_ == 0) {
    builtin_error(call, "can only `return' from a function or sourced script");
    return 2;
  }
  int status = status_;
  if (call.args.size() > 1) {
    long long n = 0;
    if (!parse_integer(call.args[1], n)) {
      builtin_error(call, call.args[1] + ": numeric argument required");
      status = 2;
    } else {
      status = static_cast<int>(n & 255);
    }
  }
  return_status_ = status;
  pending_flow_ = Flow::Return;
  return status;
}

int Interpreter::b_break(Call& call) {
  if (loop_depth_ == 0) {
    builtin_error(call, "only meaningful in a `for', `while', or `until' loop");
    return 0;
  }
  long long n = 1;
  if (call.args.size() > 1 && (!parse_integer(call.args[1], n) || n < 1)) {
    builtin_error(call, call.args[1] + ": loop count out of range");
    return 1;
  }
  flow_levels_ = static_cast<int>(std::min<long long>(n, loop_depth_));
  pending_flow_ = Flow::Break;
  return 0;
}

int Interpreter::b_continue(Call& call) {
  if (loop_depth_ == 0) {
    builtin_error(call, "only meaningful in a `for', `while', or `until' loop");
    return 0;
  }
  long long n = 1;
  if (call.args.size() > 1 && (!parse_integer(call.args[1], n) || n < 1)) {
    builtin_error(call, call.args[1] + ": loop count out of range");
    return 1;
  }
  flow_levels_ = static_cast<int>(std::min<long long>(n, loop_depth_));
  pending_flow_ = Flow::Continue;
  return 0;
}

int Interpreter::b_set(Call& call) {
  Options& o = state_.options;
  auto set_named = [&](const std::string& name, bool on) -> bool {
    if (name == "errexit") o.errexit = on;
    else if (name == "xtrace") o.xtrace = on;
    else if (name == "pipefail") o.pipefail = on;
    else if (name == "nounset") o.nounset = on;
    else if (name == "noglob") o.noglob = on;
    else if (name == "allexport") o.allexport = on;
    else if (name == "verbose" || name == "posix" || name == "noclobber" || name == "errtrace" ||
             name == "functrace" || name == "ignoreeof" || name == "vi" || name == "emacs" ||
             name == "history" || name == "monitor" || name == "hashall" || name == "braceexpand" ||
             name == "interactive-comments" || name == "keyword" || name == "noexec" ||
             name == "notify" || name == "onecmd" || name == "physical" || name == "privileged" ||
             name == "nolog" || name == "histexpand") {
      // accepted, no effect in the simulation
    } else {
      return false;
    }
    return true;
  };
  if (call.args.size() == 1) {
    for (const auto& [name, v] : state_.vars) {
      if (v.set && v.type == Variable::Type::Scalar) out(call, name + "=" + v.value + "\n");
    }
    return 0;
  }
  std::size_t i = 1;
  for (; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "--") {
      ++i;
      state_.positional.assign(call.args.begin() + static_cast<long>(i), call.args.end());
      return 0;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    bool on = a[0] == '-';
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      switch (c) {
        case 'e': o.errexit = on; break;
        case 'x': o.xtrace = on; break;
        case 'u': o.nounset = on; break;
        case 'f': o.noglob = on; break;
        case 'a': o.allexport = on; break;
        case 'v': case 'h': case 'B': case 'C': case 'H': case 'm': case 'b': case 'T': case 'E':
        case 'P': case 'k': case 't': case 'n':
          break;
        case 'o': {
          if (i + 1 >= call.args.size()) {
            for (const char* name : {"allexport", "errexit", "noglob", "nounset", "pipefail", "xtrace"}) {
              bool value = (std::string_view(name) == "allexport" && o.allexport) ||
                           (std::string_view(name) == "errexit" && o.errexit) ||
                           (std::string_view(name) == "noglob" && o.noglob) ||
                           (std::string_view(name) == "nounset" && o.nounset) ||
                           (std::string_view(name) == "pipefail" && o.pipefail) ||
                           (std::string_view(name) == "xtrace" && o.xtrace);
              std::string padded = name;
              padded.resize(15, ' ');
              out(call, padded + "\t" + (value ? "on" : "off") + "\n");
            }
            return 0;
          }
          const std::string& name = call.args[++i];
          if (!set_named(name, on)) {
            builtin_error(call, name + ": invalid option name");
            return 2;
          }
          break;
        }
        default:
          builtin_error(call, std::string(1, a[0]) + c + ": invalid option");
          err(call, "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n");
          return 2;
      }
    }
  }
  if (i < call.args.size()) state_.positional.assign(call.args.begin() + static_cast<long>(i), call.args.end());
  return 0;
}

int Interpreter::b_shift(Call& call) {
  long long n = 1;
  if (call.args.size() > 1 && (!parse_integer(call.args[1], n) || n < 0)) {
    builtin_error(call, call.args[1] + ": numeric argument required");
    return 1;
  }
  if (static_cast<std::size_t>(n) > state_.positional.size()) return 1;
  state_.positional.erase(state_.positional.begin(), state_.positional.begin() + n);
  return 0;
}

int Interpreter::b_export(Call& call) {
  bool unexport = false;
  bool print = call.args.size() == 1;
  std::size_t i = 1;
  for (; i < call.args.size() && call.args[i].size() > 1 && call.args[i][0] == '-'; ++i) {
    if (call.args[i] == "--") {
      ++i;
      break;
    }
    for (char c : call.args[i].substr(1)) {
      if (c == 'n') unexport = true;
      if (c == 'p') print = true;
    }
  }
  if (print && i >= call.args.size()) {
    for (const auto& [name, v] : state_.vars) {
      if (!v.exported) continue;
      out(call, "declare -x " + name + (v.set ? "=" + quote_value(v.value) : std::string()) + "\n");
    }
    return 0;
  }
  int status = 0;
  for (; i < call.args.size(); ++i) {
    const std::string& arg = call.args[i];
    const Word* source = i < call.sources.size() ? call.sources[i] : nullptr;
    std::size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    bool append = false;
    if (eq != std::string::npos && eq > 0 && name.back() == '+') {
      name.pop_back();
      append = true;
    }
    std::string base = name.substr(0, name.find('['));
    if (!is_name(base)) {
      builtin_error(call, "`" + arg + "': not a valid identifier");
      status = 1;
      continue;
    }
    if (unexport) {
      if (Variable* variable = state_.vars.find_mutable(name)) variable->exported = false;
      continue;
    }
    if (eq != std::string::npos) {
      Assignment a;
      if (source && split_assignment(*source, a) && a.is_array) {
        if (!assign(a, call.taint, false, true, *call.io)) status = 1;
        continue;
      }
      std::string value = arg.substr(eq + 1);
      if (append) value = get_or_empty(name) + value;
      if (!set_var(name, value, call.taint, call.io)) {
        status = 1;
        continue;
      }
    }
    export_var(base);
  }
  return status;
}

int Interpreter::b_declare(Call& call) {
  const std::string& cmd = call.args[0];
  bool is_local = cmd == "local";
  bool global = false, make_array = false, make_assoc = false, make_int = false, make_readonly = cmd == "readonly";
  bool make_export = false, print = false, functions = false, upper = false, lower = false;
  if (is_local && function_depth_ == 0) {
    builtin_error(call, "can only be used in a function");
    return 1;
  }
  std::size_t i = 1;
  for (; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    bool on = a[0] == '-';
    for (char c : a.substr(1)) {
      switch (c) {
        case 'a': make_array = on; break;
        case 'A': make_assoc = on; break;
        case 'i': make_int = on; break;
        case 'r': make_readonly = on; break;
        case 'x': make_export = on; break;
        case 'g': global = on; break;
        case 'p': print = true; break;
        case 'f': case 'F': functions = true; break;
        case 'u': upper = on; break;
        case 'l': lower = on; break;
        default: break;
      }
    }
  }
  if (functions) {
    bool names_only = false;
    for (std::size_t k = 1; k < i; ++k) names_only = names_only || call.args[k].find('F') != std::string::npos;
    int status = 0;
    for (std::size_t k = i; k < call.args.size(); ++k) {
      if (!state_.functions.count(call.args[k])) {
        status = 1;
      } else if (names_only) {
        out(call, call.args[k] + "\n");
      }
    }
    if (i < call.args.size()) return status;
    if (i >= call.args.size()) {
      for (const auto& [name, fn] : state_.functions) out(call, "declare -f " + name + "\n");
    }
    return 0;
  }
  if (print || i >= call.args.size()) {
    int status = 0;
    auto show = [&](const std::string& name, const Variable& v) {
      std::string flags;
      if (v.type == Variable::Type::Indexed) flags += "a";
      if (v.type == Variable::Type::Assoc) flags += "A";
      if (v.integer) flags += "i";
      if (v.readonly) flags += "r";
      if (v.exported) flags += "x";
      std::string line = "declare -" + (flags.empty() ? std::string("-") : flags) + " " + name;
      if (v.set) {
        if (v.type == Variable::Type::Indexed) {
          line += "=(";
          bool first = true;
          for (const auto& [k, value] : v.indexed) {
            if (!first) line += " ";
            first = false;
            line += "[" + std::to_string(k) + "]=" + quote_value(value);
          }
          line += ")";
        } else if (v.type == Variable::Type::Assoc) {
          line += "=(";
          for (const auto& [k, value] : v.assoc) line += "[" + k + "]=" + quote_value(value) + " ";
          line += ")";
        } else {
          line += "=" + quote_value(v.value);
        }
      }
      out(call, line + "\n");
    };
    if (i >= call.args.size()) {
      for (const auto& [name, v] : state_.vars) {
        if (make_readonly && !v.readonly) continue;
        if (make_export && !v.exported) continue;
        show(name, v);
      }
      return 0;
    }
    for (; i < call.args.size(); ++i) {
      const Variable* v = find_var(call.args[i]);
      if (!v) {
        builtin_error(call, call.args[i] + ": not found");
        status = 1;
        continue;
      }
      show(call.args[i], *v);
    }
    return status;
  }
  bool make_local = (is_local || (function_depth_ > 0 && cmd != "readonly" && !global));
  int status = 0;
  for (; i < call.args.size(); ++i) {
    const std::string& arg = call.args[i];
    const Word* source = i < call.sources.size() ? call.sources[i] : nullptr;
    std::size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    bool append = false;
    if (eq != std::string::npos && !name.empty() && name.back() == '+') {
      name.pop_back();
      append = true;
    }
    std::string base = name.substr(0, name.find('['));
    if (!is_name(base)) {
      builtin_error(call, "`" + arg + "': not a valid identifier");
      status = 1;
      continue;
    }
    if (make_local) declare_local(base);
    Variable& v = state_.vars[base];
    if (v.readonly && eq != std::string::npos) {
      builtin_error(call, base + ": readonly variable");
      status = 1;
      continue;
    }
    if (make_assoc && v.type != Variable::Type::Assoc) {
      v.type = Variable::Type::Assoc;
      if (v.set && !v.value.empty()) v.assoc["0"] = v.value;
      v.value.clear();
      if (eq == std::string::npos) v.set = true;
    } else if (make_array && v.type == Variable::Type::Scalar) {
      v.type = Variable::Type::Indexed;
      if (v.set && !v.value.empty()) v.indexed[0] = v.value;
      v.value.clear();
      if (eq == std::string::npos) v.set = true;
    }
    if (make_int) v.integer = true;
    if (eq != std::string::npos) {
      Assignment a;
      if (source && split_assignment(*source, a) && a.is_array) {
        if (!assign(a, call.taint, false, false, *call.io)) status = 1;
      } else {
        std::string value = arg.substr(eq + 1);
        if (upper) std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (lower) std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (append) value = get_or_empty(base) + value;
        if (name != base) {
          std::string key = name.substr(base.size() + 1);
          if (!key.empty() && key.back() == ']') key.pop_back();
          if (!set_element(base, key, value, call.taint, call.io)) status = 1;
        } else if (!set_var(base, value, call.taint, call.io)) {
          status = 1;
        }
      }
    }
    Variable& after = state_.vars[base];
    if (make_export || state_.options.allexport) after.exported = true;
    if (make_readonly) after.readonly = true;
  }
  return status;
}

int Interpreter::b_unset(Call& call) {
  bool functions = false;
  std::size_t i = 1;
  for (; i < call.args.size() && call.args[i].size() > 1 && call.args[i][0] == '-'; ++i) {
    if (call.args[i] == "-f") functions = true;
    if (call.args[i] == "--") {
      ++i;
      break;
    }
  }
  int status = 0;
  for (; i < call.args.size(); ++i) {
    const std::string& name = call.args[i];
    if (functions) {
      state_.functions.erase(name);
      continue;
    }
    std::size_t bracket = name.find('[');
    std::string base = name.substr(0, bracket);
    const Variable* v = find_var(base);
    if (v && v->readonly) {
      builtin_error(call, base + ": cannot unset: readonly variable");
      status = 1;
      continue;
    }
    if (!v && state_.functions.count(name)) {
      state_.functions.erase(name);
      continue;
    }
    if (bracket != std::string::npos && v && name.back() == ']') {
      std::string key = name.substr(bracket + 1, name.size() - bracket - 2);
      Variable& var = state_.vars[base];
      if (var.type == Variable::Type::Assoc) {
        var.assoc.erase(key);
      } else {
        ParamExpansion p;
        p.name = base;
        long long index = 0;
        parse_integer(array_key(p, key, call.offset), index);
        var.indexed.erase(index);
      }
      continue;
    }
    // Inside a function, unsetting a local leaves the local unset (bash: dynamic scoping).
    if (!state_.locals.empty() && state_.locals.back().count(base)) {
      Variable fresh;
      fresh.set = false;
      state_.vars[base] = fresh;
      continue;
    }
    unset_var(base);
  }
  return status;
}

int Interpreter::run_parsed(const std::string& text, Call& call, std::size_t offset) {
  std::string who = call.args.empty() ? std::string("eval") : call.args[0];
  if (function_depth_ >= kMaxFunctionDepth) {
    builtin_error(call, "maximum nesting level exceeded");
    stop(ScriptNotice::Kind::BudgetExhausted,
         "eval/source nested deeper than " + std::to_string(kMaxFunctionDepth) + " levels: the run was stopped",
         offset);
    return 1;
  }
  ++function_depth_;
  auto keep = std::make_shared<std::string>(text);
  SyntaxError error;
  Parser parser(*keep, offset, error, 0);
  Source source(*keep);
  int status = 0;
  parse_failed_ = false;
  while (unwind_ == Unwind::None) {
    NodePtr node = parser.parse_next();
    for (const HereDocWarning& w : error.warnings) {
      write(*call.io, 2, describe_heredoc_warning(w, source, offset, std::string(kScriptPath) + ": " + who), {});
    }
    error.warnings.clear();
    if (error.failed()) {
      write(*call.io, 2, describe_syntax_error(error, source, offset, std::string(kScriptPath) + ": " + who), {});
      status = 2;
      parse_failed_ = true;
      break;
    }
    if (!node) break;
    kept_.push_back(node);
    Flow flow = exec(*node, *call.io);
    status = status_;
    if (flow != Flow::Normal) {
      if (flow != Flow::Unwind) pending_flow_ = flow;
      break;
    }
  }
  --function_depth_;
  return status;
}

int Interpreter::b_eval(Call& call) {
  std::string text;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    if (i > 1) text += " ";
    text += call.args[i];
  }
  if (text.empty()) return 0;
  return run_parsed(text, call, call.offset);
}

int Interpreter::b_source(Call& call) {
  if (call.args.size() < 2) {
    builtin_error(call, "filename argument required");
    return 2;
  }
  const std::string& file = call.args[1];
  std::string content;
  Taint taint;
  if (!fs_.is_file(file, state_.cwd)) {
    // Not in the simulated file system (a file of the checkout): it is not run.
    int index = add_notice(ScriptNotice::Kind::Unsupported,
                           "'" + file + "' is not in the simulated file system: not sourced", call.offset,
                           call.args[0], "source:" + file);
    Taint taint{index};
    write_sink(call.io->fds[1], "", taint);
    return 0;
  }
  read_file(file, content, taint, "", call.offset);
  std::vector<std::string> saved = state_.positional;
  bool has_args = call.args.size() > 2;
  if (has_args) state_.positional.assign(call.args.begin() + 2, call.args.end());
  int status = run_parsed(content, call, call.offset);
  if (pending_flow_ == Flow::Return) {
    pending_flow_.reset();
    status = return_status_;
  }
  if (has_args) state_.positional = saved;
  return status;
}

int Interpreter::b_trap(Call& call) {
  if (call.args.size() == 1) {
    for (const auto& [signal, action] : state_.traps) {
      out(call, "trap -- '" + action + "' " + signal + "\n");
    }
    return 0;
  }
  std::size_t i = 1;
  if (call.args[i] == "--") ++i;
  if (i >= call.args.size()) return 0;
  if (call.args[i] == "-p" || call.args[i] == "-l") return 0;
  std::string action = call.args[i];
  for (std::size_t k = i + 1; k < call.args.size(); ++k) {
    std::string signal = call.args[k];
    std::transform(signal.begin(), signal.end(), signal.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (signal.rfind("SIG", 0) == 0) signal = signal.substr(3);
    if (signal == "0") signal = "EXIT";
    if (action == "-") {
      state_.traps.erase(signal);
    } else {
      state_.traps[signal] = action;
    }
  }
  return 0;
}

int Interpreter::b_cd(Call& call) {
  std::string target;
  bool print = false;
  std::size_t i = 1;
  while (i < call.args.size() && (call.args[i] == "-P" || call.args[i] == "-L" || call.args[i] == "--")) ++i;
  if (i >= call.args.size()) {
    target = get_or_empty("HOME");
    if (target.empty()) {
      builtin_error(call, "HOME not set");
      return 1;
    }
  } else if (call.args[i] == "-") {
    target = get_or_empty("OLDPWD");
    if (target.empty()) {
      builtin_error(call, "OLDPWD not set");
      return 1;
    }
    print = true;
  } else {
    target = call.args[i];
  }
  if (fs_.is_file(target, state_.cwd)) {
    builtin_error(call, target + ": Not a directory");
    return 1;
  }
  // Directories of the checkout are unknown: any other path is taken to exist.
  std::string abs = FileSystem::absolute(target, state_.cwd);
  fs_.make_dir(abs, "/");
  set_var("OLDPWD", state_.cwd, {}, call.io);
  state_.cwd = abs;
  set_var("PWD", abs, {}, call.io);
  if (print) out(call, abs + "\n");
  return 0;
}

int Interpreter::b_pwd(Call& call) {
  out(call, state_.cwd + "\n");
  return 0;
}

int Interpreter::b_pushd(Call& call) {
  if (call.args.size() < 2) {
    builtin_error(call, "no other directory");
    return 1;
  }
  std::string previous = state_.cwd;
  Call cd = call;
  cd.args = {"cd", call.args[1]};
  int status = b_cd(cd);
  if (status != 0) return status;
  state_.dir_stack.insert(state_.dir_stack.begin(), previous);
  std::string home = get_or_empty("HOME");
  std::string line = home_abbreviated(state_.cwd, home);
  for (const std::string& d : state_.dir_stack) line += " " + home_abbreviated(d, home);
  out(call, line + "\n");
  return 0;
}

int Interpreter::b_popd(Call& call) {
  if (state_.dir_stack.empty()) {
    builtin_error(call, "directory stack empty");
    return 1;
  }
  std::string target = state_.dir_stack.front();
  state_.dir_stack.erase(state_.dir_stack.begin());
  set_var("OLDPWD", state_.cwd, {}, call.io);
  state_.cwd = target;
  set_var("PWD", target, {}, call.io);
  std::string home = get_or_empty("HOME");
  std::string line = home_abbreviated(state_.cwd, home);
  for (const std::string& d : state_.dir_stack) line += " " + home_abbreviated(d, home);
  out(call, line + "\n");
  return 0;
}

int Interpreter::b_command(Call& call) {
  std::size_t i = 1;
  bool describe = false, verbose = false;
  while (i < call.args.size() && call.args[i].size() > 1 && call.args[i][0] == '-') {
    if (call.args[i] == "--") {
      ++i;
      break;
    }
    if (call.args[i].find('v') != std::string::npos) describe = true;
    if (call.args[i].find('V') != std::string::npos) verbose = true;
    ++i;
  }
  if (i >= call.args.size()) return 0;
  if (describe || verbose) {
    int status = 0;
    for (; i < call.args.size(); ++i) {
      const std::string& name = call.args[i];
      if (state_.functions.count(name) || find_builtin(name)) {
        out(call, verbose ? name + " is a shell builtin\n" : name + "\n");
      } else {
        // Programs are assumed installed, as on GitHub's runner images.
        out(call, verbose ? name + " is /usr/bin/" + name + "\n" : "/usr/bin/" + name + "\n");
      }
    }
    return status;
  }
  Call inner = call;
  inner.args.assign(call.args.begin() + static_cast<long>(i), call.args.end());
  return run_nested(inner);
}

int Interpreter::b_type(Call& call) {
  bool terse = false, path_only = call.args[0] == "which";
  int status = 0;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& name = call.args[i];
    if (name == "-t") {
      terse = true;
      continue;
    }
    if (name.size() > 1 && name[0] == '-') continue;
    if (path_only) {
      out(call, "/usr/bin/" + name + "\n");
    } else if (state_.functions.count(name)) {
      out(call, terse ? "function\n" : name + " is a function\n");
    } else if (find_builtin(name)) {
      out(call, terse ? "builtin\n" : name + " is a shell builtin\n");
    } else {
      out(call, terse ? "file\n" : name + " is /usr/bin/" + name + "\n");
    }
  }
  return status;
}

int Interpreter::b_let(Call& call) {
  if (call.args.size() < 2) {
    builtin_error(call, "expression expected");
    return 1;
  }
  long long value = 0;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    Word w;
    WordPart p;
    p.text = call.args[i];
    w.parts.push_back(p);
    Taint t;
    if (!expand_arith(w, value, t, call.offset, "let")) return 1;
  }
  return value != 0 ? 0 : 1;
}

int Interpreter::b_read(Call& call) {
  bool raw = false;
  char delim = '\n';
  std::string array;
  long long max_chars = -1;
  std::vector<std::string> names;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a.size() > 1 && a[0] == '-' && names.empty()) {
      for (std::size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        if (c == 'r') {
          raw = true;
        } else if (c == 's' || c == 'e') {
        } else if (c == 'd' || c == 'p' || c == 'a' || c == 'n' || c == 'N' || c == 't' || c == 'u') {
          std::string value = k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < call.args.size() ? call.args[++i] : "");
          if (c == 'd') delim = value.empty() ? '\0' : value[0];
          if (c == 'p') err(call, value);
          if (c == 'a') array = value;
          if (c == 'n' || c == 'N') parse_integer(value, max_chars);
          break;
        }
      }
      continue;
    }
    names.push_back(a);
  }
  Input* in = call.io->in.get();
  std::string line;
  bool found_delim = false;
  if (in && in->pos >= in->data.size() && !in->taint.empty() && !in->assumed_line) {
    // Empty only because an unsimulated command wrote nothing: the real one would have
    // printed a line. Succeed once (with an empty, tainted line) instead of failing the step.
    in->assumed_line = true;
    found_delim = true;
  }
  if (in) {
    merge_taint(call.taint, in->taint);
    while (in->pos < in->data.size()) {
      char c = in->data[in->pos++];
      if (c == delim) {
        found_delim = true;
        break;
      }
      if (!raw && c == '\\' && in->pos < in->data.size()) {
        char n = in->data[in->pos++];
        if (n == '\n') continue;
        line.push_back('\x01');  // marks an escaped character: never a separator
        line.push_back(n);
        continue;
      }
      line.push_back(c);
      if (max_chars >= 0 && static_cast<long long>(line.size()) >= max_chars) {
        found_delim = true;
        break;
      }
    }
  }
  bool eof = !found_delim;
  std::string separators = ifs();
  auto is_sep = [&](char c) { return separators.find(c) != std::string::npos; };
  auto is_ws_sep = [&](char c) { return is_sep(c) && (c == ' ' || c == '\t' || c == '\n'); };
  auto clean = [](std::string s) {
    std::string out;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '\x01' && k + 1 < s.size()) ++k;
      out.push_back(s[k]);
    }
    return out;
  };
  // Splits the line into fields; the last name takes the rest of the line.
  std::vector<std::string> fields;
  std::size_t wanted = array.empty() ? std::max<std::size_t>(names.size(), 1) : static_cast<std::size_t>(-1);
  std::size_t p = 0;
  while (p < line.size() && is_ws_sep(line[p])) ++p;
  while (p < line.size()) {
    if (fields.size() + 1 == wanted) {
      std::string rest = line.substr(p);
      while (!rest.empty() && is_ws_sep(rest.back()) && !(rest.size() >= 2 && rest[rest.size() - 2] == '\x01')) {
        rest.pop_back();
      }
      fields.push_back(rest);
      p = line.size();
      break;
    }
    std::string field;
    while (p < line.size() && !is_sep(line[p])) {
      if (line[p] == '\x01' && p + 1 < line.size()) {
        field.push_back(line[p]);
        field.push_back(line[p + 1]);
        p += 2;
        continue;
      }
      field.push_back(line[p++]);
    }
    fields.push_back(field);
    while (p < line.size() && is_ws_sep(line[p])) ++p;
    if (p < line.size() && is_sep(line[p]) && !is_ws_sep(line[p])) {
      ++p;
      while (p < line.size() && is_ws_sep(line[p])) ++p;
    }
  }
  if (!array.empty()) {
    Variable v;
    v.type = Variable::Type::Indexed;
    for (std::size_t k = 0; k < fields.size(); ++k) v.indexed[static_cast<long long>(k)] = clean(fields[k]);
    v.taint = call.taint;
    if (!check_writable(array, call.io)) return 1;
    state_.vars[array] = std::move(v);
  } else if (names.empty()) {
    set_var("REPLY", clean(line), call.taint, call.io);
  } else {
    for (std::size_t k = 0; k < names.size(); ++k) {
      set_var(names[k], k < fields.size() ? clean(fields[k]) : std::string(), call.taint, call.io);
    }
  }
  return eof ? 1 : 0;
}

int Interpreter::b_test(Call& call) {
  std::vector<std::string> args(call.args.begin() + 1, call.args.end());
  return eval_test(args, *call.io, "test");
}

int Interpreter::b_bracket(Call& call) {
  if (call.args.back() != "]") {
    builtin_error(call, "missing `]'");
    return 2;
  }
  std::vector<std::string> args(call.args.begin() + 1, call.args.end() - 1);
  return eval_test(args, *call.io, "[");
}

int Interpreter::b_shopt(Call&) { return 0; }

int Interpreter::b_exec(Call& call) {
  if (call.args.size() == 1) return 0;
  Call inner = call;
  inner.args.erase(inner.args.begin());
  if (nested_builtins_ >= 16) {
    builtin_error(call, "too many nested commands");
    return 126;
  }
  ++nested_builtins_;
  run_command(inner);
  --nested_builtins_;
  if (unwind_ == Unwind::None) {
    unwind_ = Unwind::Exit;
    exit_status_ = status_;
  }
  return status_;
}

int Interpreter::b_getopts(Call& call) {
  if (call.args.size() < 3) {
    builtin_error(call, "usage: getopts optstring name [arg ...]");
    return 2;
  }
  const std::string& spec = call.args[1];
  const std::string& name = call.args[2];
  std::vector<std::string> args = call.args.size() > 3
                                      ? std::vector<std::string>(call.args.begin() + 3, call.args.end())
                                      : state_.positional;
  bool silent = !spec.empty() && spec[0] == ':';
  long long optind = 1;
  parse_integer(get_or_empty("OPTIND"), optind);
  if (optind < 1) optind = 1;
  // The position inside a bundle like -abc belongs to the OPTIND it was set with; a script
  // that resets OPTIND starts over.
  long long optpos = getopts_index_ == optind ? getopts_position_ : 1;
  auto finish = [&](long long next_index, long long next_pos) {
    set_var("OPTIND", std::to_string(next_index), {}, call.io);
    getopts_index_ = next_index;
    getopts_position_ = next_pos;
  };
  if (static_cast<std::size_t>(optind) > args.size()) {
    set_var(name, "?", {}, call.io);
    return 1;
  }
  const std::string& current = args[static_cast<std::size_t>(optind - 1)];
  if (current == "--") {
    finish(optind + 1, 1);
    set_var(name, "?", {}, call.io);
    return 1;
  }
  if (current.size() < 2 || current[0] != '-') {
    set_var(name, "?", {}, call.io);
    return 1;
  }
  if (optpos < 1 || static_cast<std::size_t>(optpos) >= current.size()) optpos = 1;
  char opt = current[static_cast<std::size_t>(optpos)];
  bool last_in_bundle = static_cast<std::size_t>(optpos) + 1 >= current.size();
  std::size_t where = spec.find(opt);
  if (where == std::string::npos || opt == ':') {
    if (silent) {
      set_var("OPTARG", std::string(1, opt), {}, call.io);
    } else {
      err(call, std::string(kScriptPath) + ": illegal option -- " + std::string(1, opt) + "\n");
      unset_var("OPTARG");
    }
    set_var(name, "?", {}, call.io);
    finish(last_in_bundle ? optind + 1 : optind, last_in_bundle ? 1 : optpos + 1);
    return 0;
  }
  bool takes_arg = where + 1 < spec.size() && spec[where + 1] == ':';
  if (takes_arg) {
    std::string value;
    long long next = optind + 1;
    if (!last_in_bundle) {
      value = current.substr(static_cast<std::size_t>(optpos) + 1);
    } else if (static_cast<std::size_t>(optind) < args.size()) {
      value = args[static_cast<std::size_t>(optind)];
      next = optind + 2;
    } else {
      if (silent) {
        set_var(name, ":", {}, call.io);
        set_var("OPTARG", std::string(1, opt), {}, call.io);
      } else {
        err(call, std::string(kScriptPath) + ": option requires an argument -- " + std::string(1, opt) + "\n");
        set_var(name, "?", {}, call.io);
      }
      finish(optind + 1, 1);
      return 0;
    }
    set_var("OPTARG", value, {}, call.io);
    set_var(name, std::string(1, opt), {}, call.io);
    finish(next, 1);
    return 0;
  }
  set_var(name, std::string(1, opt), {}, call.io);
  finish(last_in_bundle ? optind + 1 : optind, last_in_bundle ? 1 : optpos + 1);
  return 0;
}

int Interpreter::b_mapfile(Call& call) {
  bool trim = false;
  std::string name = "MAPFILE";
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "-t") {
      trim = true;
    } else if (a.size() > 1 && a[0] == '-') {
      if (a == "-d" || a == "-n" || a == "-O" || a == "-s" || a == "-u" || a == "-C" || a == "-c") ++i;
    } else {
      name = a;
    }
  }
  std::string text = read_stdin(call);
  Variable v;
  v.type = Variable::Type::Indexed;
  long long k = 0;
  std::size_t p = 0;
  while (p < text.size()) {
    std::size_t nl = text.find('\n', p);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string line = text.substr(p, end - p);
    if (trim && !line.empty() && line.back() == '\n') line.pop_back();
    v.indexed[k++] = line;
    p = end;
  }
  v.taint = call.taint;
  if (!check_writable(name, call.io)) return 1;
  state_.vars[name] = std::move(v);
  return 0;
}

}  // namespace ghaplay::scripts::bash

namespace ghaplay::scripts::bash {

// `bash -c '...'`, `bash script.sh`, `sh -c`: a new shell process. It sees exported variables
// only, no functions, and its own options; a script file must be in the simulated file system.
int Interpreter::b_bash(Call& call) {
  Invocation invocation = parse_invocation(call.args);
  const Options& options = invocation.options;
  std::size_t i = invocation.operand;
  std::string text;
  std::vector<std::string> positional;
  if (invocation.has_command) {
    if (i >= call.args.size()) {
      builtin_error(call, "-c: option requires an argument");
      return 2;
    }
    text = call.args[i++];
    if (i < call.args.size()) ++i;  // $0
    positional.assign(call.args.begin() + static_cast<long>(i), call.args.end());
  } else if (i < call.args.size()) {
    const std::string& file = call.args[i];
    if (!fs_.is_file(file, state_.cwd)) return unsimulated(call, call.args[0] + " " + file);
    Taint taint;
    read_file(file, text, taint, call.args[0], call.offset);
    positional.assign(call.args.begin() + static_cast<long>(i) + 1, call.args.end());
  } else {
    text = read_stdin(call);
  }
  int status = 0;
  in_subshell([&] {
    state_.vars.erase_if([](const std::string&, const Variable& variable) { return !variable.exported; });
    state_.functions.clear();
    state_.locals.clear();
    state_.traps.clear();
    state_.options = options;
    state_.positional = positional;
    function_names_.clear();
    int saved_depth = errexit_ignored_;
    errexit_ignored_ = 0;
    status = run_parsed(text, call, call.offset);
    errexit_ignored_ = saved_depth;
    if (unwind_ == Unwind::Exit) status = exit_status_;
    pending_flow_.reset();
    return Flow::Normal;
  });
  if (unwind_ == Unwind::Stop) return 1;
  return status;
}

}  // namespace ghaplay::scripts::bash
