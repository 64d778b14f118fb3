// Simple commands: expansion, assignments, redirections, then a function, a builtin, or an
// unsimulated program (success, no output, a notice).
#include <algorithm>
#include <cctype>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/parser.h"

namespace ghaplay::scripts::bash {
namespace {

bool is_declaration(const Word& word) {
  if (word.parts.size() != 1 || word.parts[0].kind != WordPart::Kind::Literal || word.parts[0].quoted) {
    return false;
  }
  const std::string& t = word.parts[0].text;
  return t == "export" || t == "local" || t == "declare" || t == "typeset" || t == "readonly";
}

// Quotes a word the way `set -x` shows it.
std::string trace_quote(const std::string& w) {
  if (w.empty()) return "''";
  bool needs = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (std::string_view(" \t\n'\"\\|&;()<>!{}*[]?^$`").find(c) != std::string_view::npos ||
        ((c == '~' || c == '#') && i == 0)) {
      needs = true;
      break;
    }
  }
  if (!needs) return w;
  std::string out = "'";
  for (char c : w) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

// Undoes the temporary variables of `X=1 cmd` when the command ends.
struct SavedVariable {
  std::string name;
  std::optional<Variable> value;
};

}  // namespace

void Interpreter::trace(Io& io, const std::vector<std::string>& words) {
  if (!state_.options.xtrace) return;
  std::string line(static_cast<std::size_t>(trace_level_), '+');
  for (const std::string& w : words) line += " " + trace_quote(w);
  line += "\n";
  write(io, 2, line, {});
}

void Interpreter::trace_assignment(Io& io, const std::string& target, const std::string& value) {
  std::string line(static_cast<std::size_t>(trace_level_), '+');
  line += " " + target + trace_quote(value) + "\n";
  write(io, 2, line, {});
}

bool Interpreter::expand_declaration_args(const std::vector<Word>& words, Call& call) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    Assignment a;
    if (i > 0 && split_assignment(words[i], a)) {
      std::string value;
      if (!a.is_array && !expand_string(a.value, value, call.taint)) return false;
      std::string name = a.name;
      if (a.has_index) {
        std::string index;
        if (!expand_string(a.index, index, call.taint)) return false;
        name += "[" + index + "]";
      }
      call.args.push_back(name + (a.append ? "+=" : "=") + value);
      call.sources.push_back(&words[i]);
      continue;
    }
    std::vector<std::string> fields;
    std::vector<Word> one{words[i]};
    if (!expand_words(one, fields, call.taint)) return false;
    for (std::string& f : fields) {
      call.args.push_back(std::move(f));
      call.sources.push_back(nullptr);
    }
  }
  return true;
}

bool Interpreter::assign(const Assignment& a, Taint& taint, bool local, bool export_it, Io& io) {
  if (local) declare_local(a.name);
  if (a.is_array) {
    if (!check_writable(a.name, &io)) return false;
    const Variable* existing = find_var(a.name);
    Variable v;
    if (existing && (a.append || existing->type == Variable::Type::Assoc)) {
      v.exported = existing->exported;
      v.readonly = existing->readonly;
      v.type = existing->type == Variable::Type::Scalar ? Variable::Type::Indexed : existing->type;
      if (a.append) {
        v.indexed = existing->indexed;
        v.assoc = existing->assoc;
        if (existing->type == Variable::Type::Scalar && existing->set) v.indexed[0] = existing->value;
      }
    } else {
      v.type = Variable::Type::Indexed;
      if (existing) v.exported = existing->exported;
    }
    long long next = v.indexed.empty() ? 0 : v.indexed.rbegin()->first + 1;
    for (const Word& element : a.value.parts[0].elements) {
      // [key]=value elements
      if (!element.parts.empty() && element.parts[0].kind == WordPart::Kind::Literal &&
          !element.parts[0].quoted && !element.parts[0].text.empty() && element.parts[0].text[0] == '[') {
        std::string text;
        if (!expand_string(element, text, taint)) return false;
        std::size_t close = text.find("]=");
        if (close != std::string::npos) {
          std::string key = text.substr(1, close - 1);
          std::string value = text.substr(close + 2);
          if (v.type == Variable::Type::Assoc) {
            v.assoc[key] = value;
          } else {
            long long index = 0;
            Taint t;
            Word w;
            WordPart p;
            p.text = key;
            w.parts.push_back(p);
            if (!expand_arith(w, index, t, a.offset, "")) return false;
            v.indexed[index] = value;
            next = index + 1;
          }
          continue;
        }
      }
      std::vector<std::string> fields;
      std::vector<Word> one{element};
      if (!expand_words(one, fields, taint)) return false;
      for (std::string& f : fields) {
        if (v.type == Variable::Type::Assoc) {
          v.assoc[std::to_string(next++)] = std::move(f);
        } else {
          v.indexed[next++] = std::move(f);
        }
      }
    }
    v.taint = taint;
    if (export_it || state_.options.allexport) v.exported = true;
    state_.vars[a.name] = std::move(v);
    return true;
  }
  std::string value;
  if (!expand_string(a.value, value, taint)) return false;
  if (a.has_index) {
    std::string key;
    if (!expand_string(a.index, key, taint)) return false;
    const Variable* existing = find_var(a.name);
    if (a.append && existing) {
      // a[k]+=text appends to the element.
      ParamExpansion p;
      p.name = a.name;
      p.has_index = true;
      std::string old;
      if (existing->type == Variable::Type::Assoc) {
        auto it = existing->assoc.find(key);
        if (it != existing->assoc.end()) old = it->second;
      } else {
        std::string k = array_key(p, key, a.offset);
        if (unwind_ != Unwind::None) return false;
        long long index = 0;
        parse_integer(k, index);
        auto it = existing->indexed.find(index);
        if (it != existing->indexed.end()) old = it->second;
      }
      value = old + value;
    }
    return set_element(a.name, key, value, taint, &io);
  }
  if (a.append) {
    const Variable* existing = find_var(a.name);
    if (existing && existing->integer) {
      long long add = 0, base = 0;
      Taint t;
      Word w;
      WordPart p;
      p.text = value;
      w.parts.push_back(p);
      if (!expand_arith(w, add, t, a.offset, "")) return false;
      p.text = existing->value;
      w.parts[0] = p;
      if (!expand_arith(w, base, t, a.offset, "")) return false;
      value = std::to_string(base + add);
    } else if (existing && existing->type == Variable::Type::Indexed) {
      std::string old;
      auto it = existing->indexed.find(0);
      if (it != existing->indexed.end()) old = it->second;
      return set_element(a.name, "0", old + value, taint, &io);
    } else if (existing && existing->set) {
      value = existing->value + value;
      Taint merged = existing->taint;
      merge_taint(merged, taint);
      taint = merged;
    }
  }
  if (!set_var(a.name, std::move(value), taint, &io)) return false;
  if (export_it) export_var(a.name);
  return true;
}

Flow Interpreter::exec_simple(const SimpleCommand& cmd, Io& io) {
  if (!tick(cmd.offset)) return Flow::Unwind;
  current_offset_ = cmd.offset;
  Io* saved_io = current_io_;
  current_io_ = &io;
  struct Restore {
    Io*& slot;
    Io* value;
    ~Restore() { slot = value; }
  } restore{current_io_, saved_io};

  last_subst_status_ = -1;
  Call call;
  call.io = &io;
  call.offset = cmd.words.empty() ? cmd.offset : cmd.words[0].offset;
  if (!cmd.words.empty()) {
    bool ok = is_declaration(cmd.words[0]) ? expand_declaration_args(cmd.words, call)
                                           : expand_words(cmd.words, call.args, call.taint);
    if (!ok || unwind_ != Unwind::None) return Flow::Unwind;
  }

  if (call.args.empty()) {
    int status = 0;
    for (const Assignment& a : cmd.assignments) {
      Taint taint;
      if (!assign(a, taint, false, false, io)) {
        if (unwind_ != Unwind::None) return Flow::Unwind;
        status = 1;
        continue;
      }
      if (state_.options.xtrace) {
        const Variable* v = find_var(a.name);
        trace_assignment(io, a.name + (a.append ? "+=" : "="), v ? v->value : std::string());
      }
    }
    if (status == 0 && last_subst_status_ >= 0) status = last_subst_status_;
    if (!cmd.redirects.empty()) {
      Io local = io;
      if (!apply_redirects(cmd.redirects, local)) status = 1;
      if (unwind_ != Unwind::None) return Flow::Unwind;
    }
    status_ = status;
    return check_errexit(cmd.offset);
  }

  std::vector<SavedVariable> saved;
  for (const Assignment& a : cmd.assignments) {
    SavedVariable s;
    s.name = a.name;
    if (const Variable* v = find_var(a.name)) s.value = *v;
    saved.push_back(std::move(s));
    Taint taint;
    if (!assign(a, taint, false, true, io)) {
      if (unwind_ != Unwind::None) return Flow::Unwind;
    }
    if (state_.options.xtrace) trace_assignment(io, a.name + "=", get_or_empty(a.name));
  }
  auto restore_vars = [&] {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
      if (it->value) {
        state_.vars[it->name] = std::move(*it->value);
      } else {
        state_.vars.erase(it->name);
      }
    }
  };
  trace(io, call.args);

  if (call.args.size() == 1 && call.args[0] == "exec" && !state_.functions.count("exec")) {
    // `exec >> file`: the redirections stay for the rest of the enclosing list.
    restore_vars();
    status_ = apply_redirects(cmd.redirects, io) ? 0 : 1;
    if (unwind_ != Unwind::None) return Flow::Unwind;
    return check_errexit(cmd.offset);
  }
  Io local = io;
  current_io_ = &local;
  if (!apply_redirects(cmd.redirects, local)) {
    restore_vars();
    if (unwind_ != Unwind::None) return Flow::Unwind;
    status_ = 1;
    return check_errexit(cmd.offset);
  }
  call.io = &local;
  Flow flow = run_command(call);
  restore_vars();
  if (flow != Flow::Normal || unwind_ != Unwind::None) return unwind_ != Unwind::None ? Flow::Unwind : flow;
  return check_errexit(cmd.offset);
}

Flow Interpreter::run_command(Call& call) {
  const std::string& name = call.args[0];
  auto fn = state_.functions.find(name);
  if (fn != state_.functions.end()) return call_function(*fn->second, call);
  if (Builtin builtin = find_builtin(name)) {
    pending_flow_.reset();
    int status = (this->*builtin)(call);
    status_ = status;
    if (unwind_ != Unwind::None) return Flow::Unwind;
    if (pending_flow_) {
      Flow flow = *pending_flow_;
      pending_flow_.reset();
      return flow;
    }
    return Flow::Normal;
  }
  status_ = unsimulated(call, name);
  return Flow::Normal;
}

Flow Interpreter::call_function(const Function& fn, Call& call) {
  if (function_depth_ >= kMaxFunctionDepth) {
    shell_error(*call.io, fn.name + ": maximum function nesting level exceeded (" +
                              std::to_string(kMaxFunctionDepth) + ")");
    stop(ScriptNotice::Kind::BudgetExhausted,
         "function '" + fn.name + "' nested deeper than " + std::to_string(kMaxFunctionDepth) +
             " calls: the run was stopped",
         call.offset);
    return Flow::Unwind;
  }
  ++function_depth_;
  std::vector<std::string> saved_positional = std::move(state_.positional);
  state_.positional.assign(call.args.begin() + 1, call.args.end());
  state_.locals.emplace_back();
  function_names_.push_back(fn.name);
  int saved_loops = loop_depth_;
  loop_depth_ = 0;
  Flow flow = exec(*fn.body, *call.io);
  loop_depth_ = saved_loops;
  if (flow == Flow::Return) {
    status_ = return_status_;
    flow = Flow::Normal;
  }
  if (!state_.locals.empty()) {
    auto frame = std::move(state_.locals.back());
    state_.locals.pop_back();
    for (auto& [name, value] : frame) {
      if (value) {
        state_.vars[name] = std::move(*value);
      } else {
        state_.vars.erase(name);
      }
    }
  }
  state_.positional = std::move(saved_positional);
  function_names_.pop_back();
  --function_depth_;
  if (flow == Flow::Break || flow == Flow::Continue) flow = Flow::Normal;
  return flow;
}

int Interpreter::add_notice(ScriptNotice::Kind kind, std::string message, std::size_t offset,
                            std::string command, const std::string& key) {
  auto index_key = std::make_pair(offset, key);
  auto it = notice_index_.find(index_key);
  if (it != notice_index_.end()) return it->second;
  ScriptNotice notice;
  notice.kind = kind;
  notice.message = std::move(message);
  notice.line = source_.line_of(offset);
  notice.column = source_.column_of(offset);
  notice.command = std::move(command);
  int index = static_cast<int>(notices_.size());
  notices_.push_back(std::move(notice));
  notice_index_[index_key] = index;
  return index;
}

int Interpreter::unsimulated(Call& call, std::string_view name) {
  std::string command(name);
  int index = add_notice(ScriptNotice::Kind::UnsimulatedCommand,
                         "'" + command + "' is not simulated: assumed to succeed with no output",
                         call.offset, command, command);
  // Its output, had there been any, would have gone to stdout: follow it from there. It may
  // also have passed on what it read or was given (curl | jq).
  Taint taint{index};
  merge_taint(taint, call.taint);
  if (call.io->in) merge_taint(taint, call.io->in->taint);
  write_sink(call.io->fds[1], "", taint);
  return 0;
}

}  // namespace ghaplay::scripts::bash
