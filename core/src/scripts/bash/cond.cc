// Conditions: `test` and `[ ]` (POSIX argument rules), and `[[ ]]` (patterns, =~, && || with
// short-circuit). File tests look at the in-memory file system.
#include <functional>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/pattern.h"
#include "scripts/bash/regex.h"

namespace ghaplay::scripts::bash {
namespace {

const char* const kUnary[] = {"-z", "-n", "-f", "-e", "-d", "-s", "-r", "-w", "-x", "-L", "-h",
                              "-p", "-S", "-b", "-c", "-t", "-g", "-u", "-k", "-O", "-G", "-N",
                              "-v", "-o", "-a"};

bool is_binary_op(const std::string& op) {
  return op == "=" || op == "==" || op == "!=" || op == "<" || op == ">" || op == "-eq" ||
         op == "-ne" || op == "-lt" || op == "-le" || op == "-gt" || op == "-ge" || op == "-nt" ||
         op == "-ot" || op == "-ef" || op == "=~";
}

std::string regex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool Interpreter::has_unary(const std::string& op) const {
  for (const char* u : kUnary) {
    if (op == u) return true;
  }
  return false;
}

bool Interpreter::unary_test(const std::string& op, const std::string& arg, bool& ok) {
  ok = true;
  const std::string& cwd = state_.cwd;
  bool is_dev = arg == "/dev/null" || arg == "/dev/stdin" || arg == "/dev/stdout" ||
                arg == "/dev/stderr" || arg == "/dev/urandom" || arg == "/dev/random" || arg == "/dev/zero";
  if (op == "-z") return arg.empty();
  if (op == "-n") return !arg.empty();
  if (op == "-f") return fs_.is_file(arg, cwd);
  if (op == "-d") return fs_.is_dir(arg, cwd);
  if (op == "-e" || op == "-a") return fs_.is_file(arg, cwd) || fs_.is_dir(arg, cwd) || is_dev;
  if (op == "-s") {
    const std::string* content = fs_.read(arg, cwd);
    return (content && !content->empty()) || fs_.is_dir(arg, cwd);
  }
  if (op == "-r" || op == "-w" || op == "-x") {
    return fs_.is_file(arg, cwd) || fs_.is_dir(arg, cwd) || is_dev;
  }
  if (op == "-c") return is_dev;
  if (op == "-t") return false;
  if (op == "-v") {
    std::string name = arg;
    std::size_t bracket = name.find('[');
    if (bracket != std::string::npos) name = name.substr(0, bracket);
    const Variable* v = find_var(name);
    return v && v->set;
  }
  if (op == "-o") {
    const Options& o = state_.options;
    if (arg == "errexit") return o.errexit;
    if (arg == "xtrace") return o.xtrace;
    if (arg == "pipefail") return o.pipefail;
    if (arg == "nounset") return o.nounset;
    if (arg == "noglob") return o.noglob;
    if (arg == "allexport") return o.allexport;
    return false;
  }
  // -L -h -p -S -b -g -u -k -O -G -N: nothing of the kind in the simulated file system.
  return false;
}

bool Interpreter::binary_test(const std::string& left, const std::string& op,
                              const std::string& right, bool& ok, Io& io) {
  ok = true;
  if (op == "=" || op == "==") return left == right;
  if (op == "!=") return left != right;
  if (op == "<") return left < right;
  if (op == ">") return left > right;
  if (op == "-nt" || op == "-ot") return false;
  if (op == "-ef") return FileSystem::absolute(left, state_.cwd) == FileSystem::absolute(right, state_.cwd);
  long long a = 0, b = 0;
  if (!parse_integer(left, a)) {
    shell_error(io, std::string("[: ") + left + ": integer expression expected");
    ok = false;
    return false;
  }
  if (!parse_integer(right, b)) {
    shell_error(io, std::string("[: ") + right + ": integer expression expected");
    ok = false;
    return false;
  }
  if (op == "-eq") return a == b;
  if (op == "-ne") return a != b;
  if (op == "-lt") return a < b;
  if (op == "-le") return a <= b;
  if (op == "-gt") return a > b;
  if (op == "-ge") return a >= b;
  ok = false;
  return false;
}

// test / [ : returns 0 true, 1 false, 2 error.
int Interpreter::eval_test(const std::vector<std::string>& args, Io& io, std::string_view name) {
  std::size_t pos = 0;
  bool error = false;
  auto fail = [&](const std::string& message) {
    if (!error) shell_error(io, std::string(name) + ": " + message);
    error = true;
    return false;
  };
  // POSIX decides by the number of arguments first; longer lists use -a/-o/!/( ) precedence.
  std::function<bool(std::size_t, std::size_t)> expr_range;
  std::function<bool(std::size_t, std::size_t)> simple = [&](std::size_t b, std::size_t e) -> bool {
    std::size_t n = e - b;
    if (n == 0) return false;
    if (n == 1) return !args[b].empty();
    if (n == 2) {
      if (args[b] == "!") return args[b + 1].empty();
      if (has_unary(args[b])) {
        bool ok = true;
        return unary_test(args[b], args[b + 1], ok);
      }
      return fail(args[b] + ": unary operator expected");
    }
    if (n == 3) {
      if (is_binary_op(args[b + 1]) && args[b + 1] != "=~") {
        bool ok = true;
        bool r = binary_test(args[b], args[b + 1], args[b + 2], ok, io);
        if (!ok) error = true;
        return r;
      }
      if (args[b + 1] == "-a") return !args[b].empty() && !args[b + 2].empty();
      if (args[b + 1] == "-o") return !args[b].empty() || !args[b + 2].empty();
      if (args[b] == "!") return !simple(b + 1, e);
      if (args[b] == "(" && args[e - 1] == ")") return simple(b + 1, e - 1);
      return fail(args[b + 1] + ": binary operator expected");
    }
    if (n == 4) {
      if (args[b] == "!") return !simple(b + 1, e);
      if (args[b] == "(" && args[e - 1] == ")") return simple(b + 1, e - 1);
    }
    return expr_range(b, e);
  };
  // General case: or := and (-o and)* ; and := not (-a not)* ; not := ! not | ( or ) | primary
  std::function<bool(std::size_t)> parse_or, parse_and, parse_not;
  std::size_t end = args.size();
  parse_not = [&](std::size_t depth) -> bool {
    if (depth > 64) return fail("expression too deep");
    if (pos >= end) return fail("argument expected");
    if (args[pos] == "!") {
      ++pos;
      return !parse_not(depth + 1);
    }
    if (args[pos] == "(") {
      ++pos;
      bool r = parse_or(depth + 1);
      if (pos >= end || args[pos] != ")") return fail("`)' expected");
      ++pos;
      return r;
    }
    if (pos + 2 < end && is_binary_op(args[pos + 1])) {
      bool ok = true;
      bool r = binary_test(args[pos], args[pos + 1], args[pos + 2], ok, io);
      if (!ok) error = true;
      pos += 3;
      return r;
    }
    if (has_unary(args[pos]) && pos + 1 < end) {
      bool ok = true;
      bool r = unary_test(args[pos], args[pos + 1], ok);
      pos += 2;
      return r;
    }
    return !args[pos++].empty();
  };
  parse_and = [&](std::size_t depth) -> bool {
    bool r = parse_not(depth);
    while (!error && pos < end && args[pos] == "-a") {
      ++pos;
      bool r2 = parse_not(depth);
      r = r && r2;
    }
    return r;
  };
  parse_or = [&](std::size_t depth) -> bool {
    bool r = parse_and(depth);
    while (!error && pos < end && args[pos] == "-o") {
      ++pos;
      bool r2 = parse_and(depth);
      r = r || r2;
    }
    return r;
  };
  expr_range = [&](std::size_t b, std::size_t e) -> bool {
    pos = b;
    end = e;
    bool r = parse_or(0);
    if (!error && pos < e) return fail("too many arguments");
    return r;
  };
  bool result = simple(0, args.size());
  if (error) return 2;
  return result ? 0 : 1;
}

Flow Interpreter::exec_cond(const Cond& node, Io& io) {
  if (!tick(node.offset)) return Flow::Unwind;
  current_offset_ = node.offset;
  Io* saved_io = current_io_;
  current_io_ = &io;
  using Kind = CondToken::Kind;
  const auto& toks = node.tokens;
  std::size_t pos = 0;
  bool error = false;
  std::string error_message;
  Taint taint;
  std::vector<std::string> shown;  // for set -x

  auto word_at = [&](std::size_t i, std::string& out) -> bool {
    if (!expand_string(toks[i].word, out, taint)) return false;
    return true;
  };
  auto regex_at = [&](std::size_t i, std::string& out) -> bool {
    out.clear();
    for (const WordPart& part : toks[i].word.parts) {
      Word one;
      one.parts.push_back(part);
      std::string piece;
      if (!expand_string(one, piece, taint)) return false;
      bool quoted = (part.kind == WordPart::Kind::Literal && part.quoted) ||
                    part.kind == WordPart::Kind::DoubleQuoted;
      out += quoted ? regex_escape(piece) : piece;
    }
    return true;
  };
  auto is_word = [&](std::size_t i) { return i < toks.size() && toks[i].kind == Kind::Word; };
  auto op_at = [&](std::size_t i) -> std::string {
    if (i >= toks.size()) return "";
    if (toks[i].kind == Kind::Less) return "<";
    if (toks[i].kind == Kind::Greater) return ">";
    if (toks[i].kind != Kind::Word) return "";
    const Word& w = toks[i].word;
    if (w.parts.size() == 1 && w.parts[0].kind == WordPart::Kind::Literal && !w.parts[0].quoted) {
      return w.parts[0].text;
    }
    return "";
  };

  std::function<bool(bool, int)> parse_or, parse_and, parse_not;
  auto primary = [&](bool eval) -> bool {
    if (!is_word(pos)) {
      error = true;
      error_message = "syntax error in conditional expression";
      return false;
    }
    std::string first = op_at(pos);
    // unary: -f file
    if (has_unary(first) && first != "-a" && is_word(pos + 1) && !is_binary_op(op_at(pos + 1)) ) {
      std::string arg;
      if (eval && !word_at(pos + 1, arg)) return false;
      pos += 2;
      if (!eval) return false;
      shown.push_back(first);
      shown.push_back(arg);
      bool ok = true;
      return unary_test(first, arg, ok);
    }
    std::string op = op_at(pos + 1);
    if (pos + 2 < toks.size() && (is_binary_op(op) || toks[pos + 1].kind == Kind::Less ||
                                      toks[pos + 1].kind == Kind::Greater) && is_word(pos + 2)) {
      std::size_t l = pos, r = pos + 2;
      pos += 3;
      if (!eval) return false;
      std::string left, right;
      if (!word_at(l, left)) return false;
      if (op == "==" || op == "=" || op == "!=") {
        if (!expand_pattern(toks[r].word, right, taint)) return false;
        shown.insert(shown.end(), {left, op, right});
        bool m = glob_match(right, left);
        return op == "!=" ? !m : m;
      }
      if (op == "=~") {
        if (!regex_at(r, right)) return false;
        shown.insert(shown.end(), {left, op, right});
        std::string message;
        auto re = Regex::compile(right, Regex::Syntax::Extended, false, message);
        if (!re) {
          error = true;
          error_message = "";
          status_ = 2;
          return false;
        }
        std::vector<Regex::Span> groups;
        bool m = re->search(left, 0, groups);
        Variable rematch;
        rematch.type = Variable::Type::Indexed;
        if (m) {
          for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].begin >= 0) {
              rematch.indexed[static_cast<long long>(g)] =
                  left.substr(static_cast<std::size_t>(groups[g].begin),
                              static_cast<std::size_t>(groups[g].end - groups[g].begin));
            } else {
              rematch.indexed[static_cast<long long>(g)] = "";
            }
          }
        }
        state_.vars["BASH_REMATCH"] = std::move(rematch);
        return m;
      }
      if (!word_at(r, right)) return false;
      shown.insert(shown.end(), {left, op, right});
      if (op == "-eq" || op == "-ne" || op == "-lt" || op == "-le" || op == "-gt" || op == "-ge") {
        long long a = 0, b = 0;
        Word wa, wb;
        WordPart pa, pb;
        pa.text = left;
        pb.text = right;
        wa.parts.push_back(pa);
        wb.parts.push_back(pb);
        Taint t;
        if (!expand_arith(wa, a, t, node.offset, "") || !expand_arith(wb, b, t, node.offset, "")) return false;
        if (op == "-eq") return a == b;
        if (op == "-ne") return a != b;
        if (op == "-lt") return a < b;
        if (op == "-le") return a <= b;
        if (op == "-gt") return a > b;
        return a >= b;
      }
      bool ok = true;
      return binary_test(left, op, right, ok, io);
    }
    std::string value;
    if (eval && !word_at(pos, value)) return false;
    ++pos;
    shown.push_back(value);
    return !value.empty();
  };
  parse_not = [&](bool eval, int depth) -> bool {
    if (depth > 64) {
      error = true;
      return false;
    }
    if (pos < toks.size() && toks[pos].kind == Kind::Not) {
      ++pos;
      shown.push_back("!");
      bool r = parse_not(eval, depth + 1);
      return !r;
    }
    if (pos < toks.size() && toks[pos].kind == Kind::Open) {
      ++pos;
      bool r = parse_or(eval, depth + 1);
      if (pos >= toks.size() || toks[pos].kind != Kind::Close) {
        error = true;
        error_message = "syntax error in conditional expression";
        return false;
      }
      ++pos;
      return r;
    }
    return primary(eval);
  };
  parse_and = [&](bool eval, int depth) -> bool {
    bool r = parse_not(eval, depth);
    while (!error && unwind_ == Unwind::None && pos < toks.size() && toks[pos].kind == Kind::And) {
      ++pos;
      bool r2 = parse_not(eval && r, depth);
      r = r && r2;
    }
    return r;
  };
  parse_or = [&](bool eval, int depth) -> bool {
    bool r = parse_and(eval, depth);
    while (!error && unwind_ == Unwind::None && pos < toks.size() && toks[pos].kind == Kind::Or) {
      ++pos;
      bool r2 = parse_and(eval && !r, depth);
      r = r || r2;
    }
    return r;
  };

  bool result = false;
  if (toks.empty()) {
    error = true;
    error_message = "syntax error in conditional expression";
  } else {
    result = parse_or(true, 0);
    if (!error && pos < toks.size()) {
      error = true;
      error_message = "syntax error in conditional expression";
    }
  }
  current_io_ = saved_io;
  if (unwind_ != Unwind::None) return Flow::Unwind;
  if (state_.options.xtrace) {
    std::string line(static_cast<std::size_t>(trace_level_), '+');
    line += " [[";
    for (const std::string& s : shown) line += " " + s;
    line += " ]]\n";
    write(io, 2, line, {});
  }
  if (error) {
    if (!error_message.empty()) shell_error(io, error_message);
    status_ = 2;
  } else {
    status_ = result ? 0 : 1;
  }
  return check_errexit(node.offset);
}

}  // namespace ghaplay::scripts::bash
