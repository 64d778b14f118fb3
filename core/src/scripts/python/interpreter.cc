// Runs the Python subset (`shell: python`): statements, expressions, names and scopes, calls,
// exceptions and CPython 3.12's tracebacks. Built-ins live in builtins.cc, text in format.cc.

#include "scripts/python/interpreter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "common/text.h"

namespace ghaplay::scripts::python {
namespace {

// Exception classes and their bases (CPython's hierarchy, the part a workflow script meets).
const std::unordered_map<std::string, std::string>& exception_bases() {
  static const std::unordered_map<std::string, std::string> bases = {
      {"BaseException", ""},
      {"SystemExit", "BaseException"},
      {"KeyboardInterrupt", "BaseException"},
      {"Exception", "BaseException"},
      {"ArithmeticError", "Exception"},
      {"ZeroDivisionError", "ArithmeticError"},
      {"OverflowError", "ArithmeticError"},
      {"AssertionError", "Exception"},
      {"AttributeError", "Exception"},
      {"EOFError", "Exception"},
      {"ImportError", "Exception"},
      {"ModuleNotFoundError", "ImportError"},
      {"LookupError", "Exception"},
      {"IndexError", "LookupError"},
      {"KeyError", "LookupError"},
      {"MemoryError", "Exception"},
      {"NameError", "Exception"},
      {"UnboundLocalError", "NameError"},
      {"OSError", "Exception"},
      {"IOError", "Exception"},
      {"FileNotFoundError", "OSError"},
      {"FileExistsError", "OSError"},
      {"IsADirectoryError", "OSError"},
      {"PermissionError", "OSError"},
      {"RuntimeError", "Exception"},
      {"NotImplementedError", "RuntimeError"},
      {"RecursionError", "RuntimeError"},
      {"StopIteration", "Exception"},
      {"SyntaxError", "Exception"},
      {"TypeError", "Exception"},
      {"ValueError", "Exception"},
      {"UnicodeError", "ValueError"},
      {"JSONDecodeError", "ValueError"},
      {"UnsupportedOperation", "OSError"},
      {"CalledProcessError", "Exception"},
      {"TimeoutExpired", "Exception"},
      {"Warning", "Exception"},
  };
  return bases;
}

// The name CPython prints in the last line of a traceback.
std::string qualified_exception_name(const std::string& name) {
  if (name == "JSONDecodeError") return "json.decoder.JSONDecodeError";
  if (name == "UnsupportedOperation") return "io.UnsupportedOperation";
  if (name == "CalledProcessError" || name == "TimeoutExpired") return "subprocess." + name;
  return name;
}

// Modules of the standard library: a NameError for one of them asks whether it was imported.
bool is_stdlib_module(const std::string& name) {
  static const std::unordered_set<std::string> names = {
      "abc", "argparse", "array", "ast", "asyncio", "base64", "bisect", "calendar", "codecs", "collections",
      "configparser", "contextlib", "copy", "csv", "dataclasses", "datetime", "decimal", "difflib", "email",
      "enum", "errno", "fnmatch", "fractions", "functools", "getpass", "glob", "gzip", "hashlib", "heapq",
      "hmac", "html", "http", "inspect", "io", "itertools", "json", "locale", "logging", "math", "operator",
      "os", "pathlib", "pickle", "platform", "pprint", "random", "re", "secrets", "select", "shlex", "shutil",
      "signal", "socket", "sqlite3", "ssl", "stat", "statistics", "string", "struct", "subprocess", "sys",
      "tarfile", "tempfile", "textwrap", "threading", "time", "tomllib", "traceback", "types", "typing",
      "unittest", "urllib", "uuid", "warnings", "weakref", "xml", "zipfile", "zoneinfo"};
  return names.count(name) > 0;
}

// CPython's Levenshtein distance for "Did you mean" (Python/suggestions.c): moves cost 2, a change
// of case 1; common prefixes and suffixes are ignored.
constexpr std::size_t kMoveCost = 2;
constexpr std::size_t kCaseCost = 1;
constexpr std::size_t kMaxSuggestionString = 40;

std::size_t substitution_cost(char a, char b) {
  if ((a & 31) != (b & 31)) return kMoveCost;
  if (a == b) return 0;
  if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + ('a' - 'A'));
  if (b >= 'A' && b <= 'Z') b = static_cast<char>(b + ('a' - 'A'));
  return a == b ? kCaseCost : kMoveCost;
}

std::size_t levenshtein(std::string_view a, std::string_view b, std::size_t max_cost) {
  if (a == b) return 0;
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  if (a.empty() || b.empty()) return (a.size() + b.size()) * kMoveCost;
  if (a.size() > kMaxSuggestionString || b.size() > kMaxSuggestionString) return max_cost + 1;
  if (b.size() < a.size()) std::swap(a, b);
  if ((b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
  std::vector<std::size_t> buffer(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) buffer[i] = (i + 1) * kMoveCost;
  std::size_t result = 0;
  for (std::size_t bi = 0; bi < b.size(); ++bi) {
    char code = b[bi];
    std::size_t distance = result = bi * kMoveCost;
    std::size_t minimum = std::numeric_limits<std::size_t>::max();
    for (std::size_t index = 0; index < a.size(); ++index) {
      std::size_t substitute = distance + substitution_cost(code, a[index]);
      distance = buffer[index];
      std::size_t insert_delete = std::min(result, distance) + kMoveCost;
      result = std::min(insert_delete, substitute);
      buffer[index] = result;
      minimum = std::min(minimum, result);
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

}  // namespace

// The closest candidate, as CPython 3.12 suggests it (first best wins), or "".
std::string suggest_name(const std::string& name, const std::vector<std::string>& candidates) {
  if (candidates.size() >= 750 || name.size() > kMaxSuggestionString) return "";
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::string suggestion;
  for (const auto& item : candidates) {
    if (item == name) continue;
    std::size_t max_distance = (name.size() + item.size() + 3) * kMoveCost / 6;
    max_distance = std::min(max_distance, best - 1);
    std::size_t d = levenshtein(name, item, max_distance);
    if (d > max_distance) continue;
    if (suggestion.empty() || d < best) {
      suggestion = item;
      best = d;
    }
  }
  return suggestion;
}

const PyValue* Args::keyword(std::string_view name) const {
  for (const auto& [k, v] : keywords)
    if (k == name) return &v;
  return nullptr;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::size_t code_points(std::string_view s) {
  if (is_ascii(s)) return s.size();
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    text::decode_utf8(s, i);
    ++n;
  }
  return n;
}

std::vector<std::size_t> code_point_offsets(std::string_view s) {
  std::vector<std::size_t> out;
  out.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size();) {
    out.push_back(i);
    text::decode_utf8(s, i);
  }
  out.push_back(s.size());
  return out;
}

// ---- setup and the end of the run -------------------------------------------------------------

Interpreter::Interpreter(const ScriptInput& input, ScriptResult& result)
    : input_(input), result_(result), source_(input.source), env_(full_env(input)), files_(input.files),
      budget_(input.step_budget) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source_.size(); ++i)
    if (source_[i] == '\n') line_starts_.push_back(i + 1);
  auto unbuffered = env_.find("PYTHONUNBUFFERED");
  unbuffered_ = unbuffered != env_.end() && !unbuffered->second.empty();
  auto output = env_.find("GITHUB_OUTPUT");
  if (output != env_.end()) output_path_ = output->second;
  globals_ = std::make_shared<Scope>();
  previous_log_ = container_log;
  container_log = &containers_;
}

Interpreter::~Interpreter() {
  // Containers that hold themselves, closures and the scopes holding them form cycles: break them
  // so nothing outlives the run. Containers first: that also frees deep nests without recursion.
  containers_.clear_all();
  for (auto& weak : all_scopes_)
    if (auto scope = weak.lock()) scope->vars.clear();
  if (globals_) globals_->vars.clear();
  frames_.clear();
  handling_.clear();
  builtins_.clear();
  modules_.clear();
  types_.clear();
  stdout_file_ = PyValue();
  stderr_file_ = PyValue();
  containers_.clear_all();
  container_log = previous_log_;
}

void Interpreter::too_deep() {
  notice_unsupported("The script nests calls and expressions deeper than ghaplay's stack allows: it stopped with RecursionError here.");
  raise("RecursionError", "maximum recursion depth exceeded");
}

void Interpreter::check_stack() {
  char here = 0;
  auto a = reinterpret_cast<std::uintptr_t>(&here);
  auto b = reinterpret_cast<std::uintptr_t>(stack_base_);
  if ((a > b ? a - b : b - a) > kMaxStackBytes) too_deep();
}



void Interpreter::run() {
  char stack_base = 0;
  stack_base_ = &stack_base;
  SyntaxError error;
  module_ = parse_module(source_, error);
  if (!module_) {
    // ghaplay's own limits (nesting, generators, 64-bit literals...) are also notices.
    if (error.too_deep || error.message.find("ghaplay") != std::string::npos) {
      result_.notices.push_back({ScriptNotice::Kind::Unsupported, error.message, error.pos.line, error.pos.column, "", false});
    }
    std::string out = "  File \"" + std::string(kScriptPath) + "\", line " + std::to_string(error.pos.line) + "\n";
    std::string line = source_line(error.pos.line);
    std::size_t indent = line.find_first_not_of(" \t\f");
    if (indent != std::string::npos) {
      std::string stripped = line.substr(indent);
      while (!stripped.empty() && (stripped.back() == ' ' || stripped.back() == '\t' || stripped.back() == '\r')) stripped.pop_back();
      out += "    " + stripped + "\n";
      int column = std::max(1, error.pos.column - static_cast<int>(code_points(line.substr(0, indent))));
      // The whole offending token when the parser names one (`^^^^`), else one caret.
      std::size_t width = 1;
      std::size_t line_end = error.pos.offset + (line.size() - std::min(line.size(), static_cast<std::size_t>(error.pos.column - 1)));
      if (error.end > error.pos.offset && error.end <= source_.size() && error.end <= line_end + 1) {
        width = std::max<std::size_t>(1, code_points(std::string_view(source_).substr(error.pos.offset, error.end - error.pos.offset)));
      }
      out += "    " + std::string(static_cast<std::size_t>(column - 1), ' ') + std::string(width, '^') + "\n";
    }
    out += error.type + ": " + error.message + "\n";
    write_stderr(out);
    finish(1);
    return;
  }
  // CPython 3.12 warns about invalid escapes while compiling, before anything runs.
  for (const auto& w : module_->warnings) {
    std::string line = source_line(w.line);
    std::string stripped(text::trim(line));
    write_stderr(std::string(kScriptPath) + ":" + std::to_string(w.line) + ": SyntaxWarning: " + w.message + "\n" +
                 (stripped.empty() ? "" : "  " + stripped + "\n"));
  }
  init_builtins();
  globals_->vars["__name__"] = PyValue("__main__");
  globals_->vars["__file__"] = PyValue(kScriptPath);
  frames_.push_back(Frame{"<module>", globals_, nullptr, nullptr, {}, PyValue()});
  try {
    exec_body(module_->body);
    finish(0);
  } catch (PyException& e) {
    if (e.value.is_object() && e.value.object().name == "SystemExit") {
      const auto& args = e.value.object().args;
      PyValue code = args.empty() ? PyValue() : args.size() == 1 ? args[0] : PyValue::tuple(args);
      int exit_code = exit_code_for(code);
      finish(exit_code);
      return;
    }
    if (e.last_frame != 0) {
      e.traceback.push_back(entry_for(frames_.front()));
      e.last_frame = 0;
    }
    flush_stdout();
    print_traceback(e);
    finish(1);
  } catch (BudgetSignal&) {
    auto pos = frames_.empty() || !frames_.back().stmt ? Pos{} : frames_.back().stmt->pos;
    if (!frames_.empty() && frames_.back().at) pos = frames_.back().at->pos;
    result_.notices.push_back({ScriptNotice::Kind::BudgetExhausted,
                               "The script ran more than " + std::to_string(budget_) +
                                   " steps; ghaplay stopped it here (a real runner would run on until the job's timeout).",
                               pos.line, pos.column, "", false});
    finish(1);
  }
}

// sys.exit(code): None is 0, an int is the status (as the OS keeps it: 8 bits), anything else is
// printed to stderr and the status is 1.
int Interpreter::exit_code_for(const PyValue& code) {
  if (code.is_none()) return 0;
  if (code.is_int() || code.is_bool()) {
    std::int64_t v = code.is_bool() ? (code.as_bool() ? 1 : 0) : code.as_int();
    return static_cast<int>(static_cast<std::uint64_t>(v) & 0xFF);
  }
  flush_stdout();
  std::string text;
  try {
    text = str(code);
  } catch (PyException&) {
    text = "";
  }
  write_stderr(text + "\n");
  return 1;
}

void Interpreter::finish(int exit_code) {
  flush_stdout();
  result_.exit_code = exit_code;
  result_.files = files_;
  result_.work = steps_;
}

// ---- output ------------------------------------------------------------------------------------

void Interpreter::write_stderr(const std::string& text) {
  if (log_cut_) return;
  if (result_.log.size() + text.size() > kMaxString) {
    log_cut_ = true;
    result_.log += "\nghaplay: the log grew past 8 MB; the rest is cut.\n";
    return;
  }
  result_.log += text;
}

void Interpreter::write_stdout(const std::string& text) {
  if (unbuffered_) {
    write_stderr(text);
    return;
  }
  if (stdout_pending_.size() + text.size() > kMaxString) {
    flush_stdout();
    write_stderr(text);
    return;
  }
  stdout_pending_ += text;
  // A full buffer goes out as whole 8 KB blocks; the rest waits (even half a line).
  if (stdout_pending_.size() >= kStdoutBuffer) {
    std::size_t n = stdout_pending_.size() / kStdoutBuffer * kStdoutBuffer;
    std::string block = stdout_pending_.substr(0, n);
    stdout_pending_.erase(0, n);
    write_stderr(block);
  }
}

void Interpreter::flush_stdout() {
  if (stdout_pending_.empty()) return;
  std::string pending;
  pending.swap(stdout_pending_);
  write_stderr(pending);
}

// ---- errors ------------------------------------------------------------------------------------

void Interpreter::tick(std::size_t steps) {
  steps_ += steps;
  if (steps_ > budget_) throw BudgetSignal{};
}

PyValue Interpreter::make_exception(const std::string& type, std::vector<PyValue> args) {
  auto o = make_object(PyObject::Kind::Exception, type);
  o->args = std::move(args);
  return PyValue(o);
}

void Interpreter::raise(const std::string& type, const std::string& message) {
  raise_args(type, {PyValue(message)});
}

void Interpreter::raise_args(const std::string& type, std::vector<PyValue> args) {
  PyException e;
  e.value = make_exception(type, std::move(args));
  raise_exception(std::move(e));
}

void Interpreter::raise_exception(PyException e) {
  if (!handling_.empty() && !e.context && !e.suppress_context && handling_.back()->value.identity() != e.value.identity()) {
    e.context = handling_.back();
  }
  throw std::move(e);
}

bool Interpreter::exception_matches(const std::string& type, const std::string& handler) const {
  const auto& bases = exception_bases();
  std::string t = type;
  for (int guard = 0; guard < 16 && !t.empty(); ++guard) {
    if (t == handler) return true;
    auto found = bases.find(t);
    if (found == bases.end()) return handler == "Exception" || handler == "BaseException";
    t = found->second;
  }
  return false;
}

void Interpreter::notice_unsimulated(const std::string& command, const std::string& message) {
  Pos pos = frames_.empty() ? Pos{} : frames_.back().at ? frames_.back().at->pos : frames_.back().stmt ? frames_.back().stmt->pos : Pos{};
  for (const auto& n : result_.notices)
    if (n.kind == ScriptNotice::Kind::UnsimulatedCommand && n.line == pos.line && n.column == pos.column && n.command == command) return;
  result_.notices.push_back({ScriptNotice::Kind::UnsimulatedCommand, message, pos.line, pos.column, command, false});
}

void Interpreter::notice_unsupported(const std::string& message) {
  Pos pos = frames_.empty() ? Pos{} : frames_.back().at ? frames_.back().at->pos : frames_.back().stmt ? frames_.back().stmt->pos : Pos{};
  for (const auto& n : result_.notices)
    if (n.kind == ScriptNotice::Kind::Unsupported && n.line == pos.line && n.column == pos.column && n.message == message) return;
  result_.notices.push_back({ScriptNotice::Kind::Unsupported, message, pos.line, pos.column, "", false});
}

// A write reached $GITHUB_OUTPUT: what this statement could not simulate fed it.
void Interpreter::mark_feeding_output(std::size_t notices_before) {
  for (std::size_t i = notices_before; i < result_.notices.size(); ++i) result_.notices[i].feeds_output = true;
}

// ---- tracebacks --------------------------------------------------------------------------------

std::string Interpreter::source_line(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return "";
  std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = source_.find('\n', start);
  if (end == std::string::npos) end = source_.size();
  std::string out = source_.substr(start, end - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

TraceEntry Interpreter::entry_for(const Frame& f) const {
  TraceEntry entry;
  entry.file = kScriptPath;
  entry.function = f.name;
  entry.at = f.at;
  entry.line = f.at ? f.at->pos.line : f.stmt ? f.stmt->pos.line : 1;
  return entry;
}

// The carets CPython 3.12 draws under the failing part of a line: `~~^~~` for a binary operator,
// `~^^^^` for a subscript, `^^^^` for anything else, nothing when it spans the whole line.
std::string Interpreter::caret_line(const TraceEntry& entry, std::string_view line_text, std::size_t indent) const {
  const Expr* e = entry.at;
  if (!e || e->end <= e->pos.offset || e->pos.line != entry.line) return "";
  std::size_t line_start = line_starts_[static_cast<std::size_t>(entry.line - 1)];
  std::size_t line_end = line_start + line_text.size();
  std::size_t start = e->pos.offset;
  std::size_t end = std::min(e->end, line_end);
  if (start < line_start || start >= line_end) return "";
  std::string_view src(source_);
  auto cols = [&](std::size_t from, std::size_t to) { return code_points(src.substr(from, to - from)); };
  std::size_t stripped_end = line_end;
  while (stripped_end > line_start && (src[stripped_end - 1] == ' ' || src[stripped_end - 1] == '\t')) --stripped_end;
  std::size_t stripped_len = cols(line_start + indent, stripped_end);
  std::size_t width = cols(start, end);
  // Anchors: where the `^` part starts and ends (byte offsets), for BinOp and Subscript.
  std::optional<std::pair<std::size_t, std::size_t>> anchors;
  if (e->kind == Expr::Kind::BinOp && e->children.size() == 2 && e->children[0]->end > e->children[0]->pos.offset) {
    std::size_t left = e->children[0]->end;
    while (left < end && (src[left] == ' ' || src[left] == '\t' || src[left] == ')' || src[left] == '#')) ++left;
    std::size_t right = left + 1;
    if (right < end && src[right] != ' ' && (e->name.size() == 2)) ++right;
    if (left < end) anchors = std::make_pair(left, std::min(right, end));
  } else if (e->kind == Expr::Kind::Subscript && e->children.size() == 2 && e->children[0]->end > e->children[0]->pos.offset) {
    std::size_t left = e->children[0]->end;
    while (left < end && src[left] != '[') ++left;
    if (left < end) anchors = std::make_pair(left, end);
  }
  bool whole_line = width >= stripped_len && cols(line_start, start) <= code_points(line_text.substr(0, indent));
  if (whole_line && !anchors) return "";
  std::string out = "    " + std::string(cols(line_start + indent, start), ' ');
  if (anchors) {
    out += std::string(cols(start, anchors->first), '~');
    out += std::string(cols(anchors->first, anchors->second), '^');
    out += std::string(cols(anchors->second, end), '~');
  } else {
    out += std::string(width, '^');
  }
  return out + "\n";
}

std::string Interpreter::format_traceback_entries(const std::vector<TraceEntry>& entries) {
  std::string out = "Traceback (most recent call last):\n";
  // Outermost first; a line repeated more than three times in a row is summarised, as CPython does.
  std::string last_key;
  std::size_t repeats = 0;
  auto flush_repeats = [&]() {
    if (repeats > 3) {
      std::size_t more = repeats - 3;
      out += "  [Previous line repeated " + std::to_string(more) + " more time" + (more == 1 ? "" : "s") + "]\n";
    }
  };
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const TraceEntry& entry = *it;
    std::string key = entry.file + "\x1f" + std::to_string(entry.line) + "\x1f" + entry.function;
    if (key == last_key) {
      ++repeats;
      if (repeats > 3) continue;
    } else {
      flush_repeats();
      last_key = key;
      repeats = 1;
    }
    out += "  File \"" + entry.file + "\", line " + std::to_string(entry.line) + ", in " + entry.function + "\n";
    if (!entry.has_source) {
      out += entry.text;
      continue;
    }
    std::string line = source_line(entry.line);
    std::size_t indent = line.find_first_not_of(" \t\f");
    if (indent == std::string::npos) continue;
    std::string stripped = line.substr(indent);
    while (!stripped.empty() && (stripped.back() == ' ' || stripped.back() == '\t')) stripped.pop_back();
    out += "    " + stripped + "\n";
    out += caret_line(entry, line, indent);
  }
  flush_repeats();
  return out;
}

std::string Interpreter::exception_line(const PyValue& exc) {
  if (!exc.is_object()) return "Exception";
  const PyObject& o = exc.object();
  std::string name = qualified_exception_name(o.name);
  std::string message;
  try {
    message = str(exc);
  } catch (...) {
    message = "<exception str() failed>";
  }
  return message.empty() ? name : name + ": " + message;
}

void Interpreter::print_traceback(const PyException& e) {
  // The chain, oldest first: each with its own traceback, joined by CPython's sentences.
  std::vector<const PyException*> chain;
  for (const PyException* p = &e; p && chain.size() < 100; p = p->suppress_context ? nullptr : p->context.get()) {
    chain.push_back(p);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PyException& x = **it;
    if (!x.traceback.empty()) out += format_traceback_entries(x.traceback);
    out += exception_line(x.value) + "\n";
    if (std::next(it) != chain.rend()) {
      out += (*std::next(it))->from_cause ? "\nThe above exception was the direct cause of the following exception:\n\n"
                                          : "\nDuring handling of the above exception, another exception occurred:\n\n";
    }
  }
  write_stderr(out);
}

// ---- statements --------------------------------------------------------------------------------

Interpreter::Flow Interpreter::exec_body(const Body& body) {
  for (const auto& s : body) {
    Flow flow = exec(*s);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Stmt& s) {
  tick();
  Frame& f = frame();
  f.stmt = &s;
  f.at = nullptr;
  statement_notices_ = result_.notices.size();
  switch (s.kind) {
    case Stmt::Kind::Expr:
      eval(*s.value);
      return Flow::Normal;
    case Stmt::Kind::Assign: {
      PyValue v = eval(*s.value);
      for (const auto& target : s.targets) assign(*target, v);
      return Flow::Normal;
    }
    case Stmt::Kind::AnnAssign:
      if (s.value) assign(*s.targets[0], eval(*s.value));
      return Flow::Normal;
    case Stmt::Kind::AugAssign: {
      const Expr& target = *s.targets[0];
      auto apply = [&](const PyValue& current, const PyValue& operand) -> PyValue {
        // `+=` on a list extends it in place (every name bound to it sees the change).
        if (s.op == "+" && current.is_list()) {
          auto items = to_list(operand);
          auto& dest = current.seq().items;
          if (dest.size() + items.size() > kMaxItems) raise("MemoryError", "");
          tick(items.size() / 64);
          dest.insert(dest.end(), items.begin(), items.end());
          return current;
        }
        frame().at = nullptr;
        return binary(s.op, current, operand, true);
      };
      if (target.kind == Expr::Kind::Name) {
        PyValue current = lookup(target.name, &target);
        PyValue operand = eval(*s.value);
        store(target.name, apply(current, operand));
      } else if (target.kind == Expr::Kind::Subscript && target.children[1]->kind != Expr::Kind::Slice) {
        PyValue container = eval(*target.children[0]);
        PyValue key = eval(*target.children[1]);
        frame().at = &target;
        PyValue current = get_item(container, key);
        PyValue operand = eval(*s.value);
        PyValue updated = apply(current, operand);
        frame().at = &target;
        set_item(container, key, updated);
      } else if (target.kind == Expr::Kind::Attribute) {
        PyValue object = eval(*target.children[0]);
        frame().at = &target;
        PyValue current = get_attr(object, target.name);
        PyValue operand = eval(*s.value);
        PyValue updated = apply(current, operand);
        frame().at = &target;
        if (object.is_object() && object.object().kind == PyObject::Kind::Module && object.object().attrs) {
          object.object().attrs->set(PyValue(target.name), std::move(updated));
        } else {
          raise("AttributeError", "'" + type_name(object) + "' object attribute '" + target.name + "' is read-only");
        }
      } else {
        raise("SyntaxError", "'expression' is an illegal expression for augmented assignment");
      }
      return Flow::Normal;
    }
    case Stmt::Kind::If:
      if (truthy(eval(*s.test))) return exec_body(s.body);
      return exec_body(s.orelse);
    case Stmt::Kind::While: {
      for (;;) {
        frame().stmt = &s;
        frame().at = nullptr;
        if (!truthy(eval(*s.test))) return exec_body(s.orelse);
        Flow flow = exec_body(s.body);
        if (flow == Flow::Break) return Flow::Normal;
        if (flow == Flow::Return) return flow;
        tick();
      }
    }
    case Stmt::Kind::For: {
      PyValue iterable = eval(*s.iter);
      const Expr& target = *s.targets[0];
      auto body = [&](PyValue item) -> std::optional<Flow> {
        tick();
        frame().stmt = &s;
        frame().at = nullptr;
        assign(target, std::move(item));
        Flow flow = exec_body(s.body);
        if (flow == Flow::Break) return Flow::Normal;
        if (flow == Flow::Return) return flow;
        return std::nullopt;
      };
      if (iterable.is_object() && iterable.object().kind == PyObject::Kind::Range) {
        const PyObject& r = iterable.object();
        std::int64_t start = r.start, stop = r.stop, step = r.step;
        for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
          if (auto flow = body(PyValue(i))) return *flow;
          if ((step > 0 && i > std::numeric_limits<std::int64_t>::max() - step) ||
              (step < 0 && i < std::numeric_limits<std::int64_t>::min() - step)) break;
        }
      } else if (iterable.is_list()) {
        // By index over the live list, as CPython does: items appended in the loop are visited.
        PyValue keep = iterable;
        for (std::size_t i = 0; i < keep.seq().items.size(); ++i) {
          if (auto flow = body(keep.seq().items[i])) return *flow;
        }
      } else if (iterable.is_dict()) {
        PyValue keep = iterable;
        std::vector<PyValue> keys;
        for (const auto& [k, v] : keep.dict_ref().entries()) keys.push_back(k);
        std::size_t size = keys.size();
        for (auto& k : keys) {
          if (keep.dict_ref().size() != size) raise("RuntimeError", "dictionary changed size during iteration");
          if (auto flow = body(k)) return *flow;
        }
        if (keep.dict_ref().size() != size) raise("RuntimeError", "dictionary changed size during iteration");
      } else {
        frame().at = s.iter.get();
        for (auto& item : to_list(iterable)) {
          if (auto flow = body(std::move(item))) return *flow;
        }
      }
      return exec_body(s.orelse);
    }
    case Stmt::Kind::Break:
      return Flow::Break;
    case Stmt::Kind::Continue:
      return Flow::Continue;
    case Stmt::Kind::Pass:
    case Stmt::Kind::Global:
    case Stmt::Kind::Nonlocal:
      return Flow::Normal;
    case Stmt::Kind::Return:
      frame().return_value = s.value ? eval(*s.value) : PyValue();
      return Flow::Return;
    case Stmt::Kind::Raise: {
      if (!s.value) {
        if (handling_.empty()) raise("RuntimeError", "No active exception to reraise");
        throw PyException(*handling_.back());
      }
      PyValue v = eval(*s.value);
      frame().at = nullptr;
      PyException e;
      if (v.is_object() && v.object().kind == PyObject::Kind::ExceptionType) {
        e.value = make_exception(v.object().name, {});
      } else if (v.is_object() && v.object().kind == PyObject::Kind::Exception) {
        e.value = v;
      } else {
        raise("TypeError", "exceptions must derive from BaseException");
      }
      if (s.cause) {
        PyValue cause = eval(*s.cause);
        frame().at = nullptr;
        if (cause.is_none()) {
          e.suppress_context = true;
        } else {
          auto c = std::make_shared<PyException>();
          if (cause.is_object() && cause.object().kind == PyObject::Kind::ExceptionType) {
            c->value = make_exception(cause.object().name, {});
          } else if (cause.is_object() && cause.object().kind == PyObject::Kind::Exception) {
            c->value = cause;
            // The cause is usually the exception being handled: keep its traceback.
            for (const auto& h : handling_)
              if (h->value.identity() == cause.identity()) *c = *h;
          } else {
            raise("TypeError", "exception causes must derive from BaseException");
          }
          e.context = c;
          e.from_cause = true;
        }
      }
      raise_exception(std::move(e));
    }
    case Stmt::Kind::Import:
    case Stmt::Kind::ImportFrom:
      exec_import(s);
      return Flow::Normal;
    case Stmt::Kind::With:
      return exec_with(s, 0);
    case Stmt::Kind::FunctionDef:
      exec_function_def(s);
      return Flow::Normal;
    case Stmt::Kind::Try:
      return exec_try(s);
    case Stmt::Kind::Assert:
      if (!truthy(eval(*s.test))) {
        frame().at = nullptr;
        if (s.value) raise_args("AssertionError", {eval(*s.value)});
        raise_args("AssertionError", {});
      }
      return Flow::Normal;
    case Stmt::Kind::Del:
      del(*s.targets[0]);
      return Flow::Normal;
    case Stmt::Kind::Unsupported:
      notice_unsupported(s.message);
      return Flow::Normal;
  }
  return Flow::Normal;
}

Interpreter::Flow Interpreter::exec_try(const Stmt& s) {
  Flow flow = Flow::Normal;
  std::optional<PyException> pending;
  bool raised = false;
  const std::size_t frame_index = frames_.size() - 1;
  const int depth_units = depth_units_;
  try {
    flow = exec_body(s.body);
  } catch (PyException& e) {
    raised = true;
    depth_units_ = depth_units;
    // The traceback of a caught exception includes the frame that catches it.
    if (e.last_frame != frame_index) {
      e.traceback.push_back(entry_for(frame()));
      e.last_frame = frame_index;
    }
    const std::string type = e.value.is_object() ? e.value.object().name : "Exception";
    const ExceptHandler* handler = nullptr;
    for (const auto& h : s.handlers) {
      bool matches = h.types.empty();
      for (const auto& t : h.types) matches = matches || exception_matches(type, t);
      if (matches) {
        handler = &h;
        break;
      }
    }
    if (!handler) {
      pending = std::move(e);
    } else {
      auto ex = std::make_shared<PyException>(std::move(e));
      handling_.push_back(ex);
      try {
        frame().stmt = &s;
        frame().at = nullptr;
        if (!handler->name.empty()) store(handler->name, ex->value);
        flow = exec_body(handler->body);
        handling_.pop_back();
      } catch (PyException& inner) {
        depth_units_ = depth_units;
        handling_.pop_back();
        if (inner.last_frame != frame_index) {
          inner.traceback.push_back(entry_for(frame()));
          inner.last_frame = frame_index;
        }
        pending = std::move(inner);
      }
      // `except E as e` unbinds `e` at the end of the block.
      if (!handler->name.empty()) {
        Frame& f = frame();
        if (f.scope) f.scope->vars.erase(handler->name);
      }
    }
  }
  if (!raised && flow == Flow::Normal && !s.orelse.empty()) {
    try {
      flow = exec_body(s.orelse);
    } catch (PyException& e) {
      depth_units_ = depth_units;
      if (e.last_frame != frame_index) {
        e.traceback.push_back(entry_for(frame()));
        e.last_frame = frame_index;
      }
      pending = std::move(e);
    }
  }
  if (!s.finalbody.empty()) {
    Flow f = exec_body(s.finalbody);
    if (f != Flow::Normal) return f;  // return/break in `finally` drops the pending exception
  }
  if (pending) throw std::move(*pending);
  return flow;
}

Interpreter::Flow Interpreter::exec_with(const Stmt& s, std::size_t index) {
  if (index >= s.items.size()) return exec_body(s.body);
  const WithItem& item = s.items[index];
  PyValue context = eval(*item.context);
  frame().at = item.context.get();
  bool is_file = context.is_object() && context.object().kind == PyObject::Kind::File;
  bool is_unsimulated = context.is_object() && context.object().kind == PyObject::Kind::Unsimulated;
  if (!is_file && !is_unsimulated) {
    raise("TypeError", "'" + type_name(context) + "' object does not support the context manager protocol");
  }
  if (is_file && context.object().closed) raise("ValueError", "I/O operation on closed file.");
  if (item.target) assign(*item.target, is_file ? context : PyValue());
  Flow flow;
  try {
    flow = exec_with(s, index + 1);
  } catch (PyException&) {
    if (is_file) context.object().closed = true;
    throw;
  }
  if (is_file) context.object().closed = true;
  return flow;
}

void Interpreter::exec_import(const Stmt& s) {
  if (s.kind == Stmt::Kind::Import) {
    for (std::size_t i = 0; i < s.names.size(); ++i) {
      const std::string& dotted = s.names[i];
      if (!s.aliases[i].empty()) {
        store(s.aliases[i], module(dotted));
      } else {
        // `import os.path` binds `os`.
        std::string top = dotted.substr(0, dotted.find('.'));
        module(dotted);
        store(top, module(top));
      }
    }
    return;
  }
  if (!s.module.empty() && s.module[0] == '.') {
    raise("ImportError", "attempted relative import with no known parent package");
  }
  PyValue mod = module(s.module);
  for (std::size_t i = 0; i < s.names.size(); ++i) {
    const std::string& name = s.names[i];
    if (name == "*") {
      if (mod.object().attrs) {
        for (const auto& [k, v] : mod.object().attrs->entries())
          if (k.is_str() && !k.as_str().empty() && k.as_str()[0] != '_') store(k.as_str(), v);
      }
      continue;
    }
    PyValue value;
    // A submodule (`from os import path`) or an attribute.
    if (mod.object().attrs && mod.object().attrs->find(PyValue(name))) {
      value = *mod.object().attrs->find(PyValue(name));
    } else {
      value = get_attr(mod, name);
    }
    store(s.aliases[i].empty() ? name : s.aliases[i], value);
  }
}

void Interpreter::exec_function_def(const Stmt& s) {
  auto fn = make_object(PyObject::Kind::Function, s.name);
  fn->def = &s;
  for (const auto& d : s.defaults) fn->defaults.push_back(eval(*d));
  frame().at = nullptr;
  if (frames_.size() > 1 || frame().scope != globals_) {
    fn->closure = frame().scope;
    all_scopes_.push_back(frame().scope);
  }
  store(s.name, PyValue(fn));
}

// ---- names -------------------------------------------------------------------------------------

namespace {

void collect_target_names(const Expr& e, std::unordered_set<std::string>& out) {
  switch (e.kind) {
    case Expr::Kind::Name:
      out.insert(e.name);
      break;
    case Expr::Kind::Tuple:
    case Expr::Kind::List:
    case Expr::Kind::Starred:
      for (const auto& c : e.children) collect_target_names(*c, out);
      break;
    default:
      break;
  }
}

void collect_locals(const Body& body, FunctionInfo& info) {
  for (const auto& sp : body) {
    const Stmt& s = *sp;
    switch (s.kind) {
      case Stmt::Kind::Assign:
      case Stmt::Kind::AugAssign:
      case Stmt::Kind::AnnAssign:
      case Stmt::Kind::For:
      case Stmt::Kind::Del:
        for (const auto& t : s.targets) collect_target_names(*t, info.locals);
        break;
      case Stmt::Kind::With:
        for (const auto& item : s.items)
          if (item.target) collect_target_names(*item.target, info.locals);
        break;
      case Stmt::Kind::Import:
        for (std::size_t i = 0; i < s.names.size(); ++i)
          info.locals.insert(s.aliases[i].empty() ? s.names[i].substr(0, s.names[i].find('.')) : s.aliases[i]);
        break;
      case Stmt::Kind::ImportFrom:
        for (std::size_t i = 0; i < s.names.size(); ++i)
          if (s.names[i] != "*") info.locals.insert(s.aliases[i].empty() ? s.names[i] : s.aliases[i]);
        break;
      case Stmt::Kind::FunctionDef:
        info.locals.insert(s.name);
        continue;  // its body is its own scope
      case Stmt::Kind::Global:
        for (const auto& n : s.names) info.globals.insert(n);
        break;
      case Stmt::Kind::Nonlocal:
        for (const auto& n : s.names) info.nonlocals.insert(n);
        break;
      case Stmt::Kind::Try:
        for (const auto& h : s.handlers) {
          if (!h.name.empty()) info.locals.insert(h.name);
          collect_locals(h.body, info);
        }
        break;
      default:
        break;
    }
    collect_locals(s.body, info);
    collect_locals(s.orelse, info);
    collect_locals(s.finalbody, info);
  }
}

}  // namespace

const FunctionInfo& Interpreter::function_info(const void* node, const std::vector<std::string>& params, const Body* body) {
  auto found = function_infos_.find(node);
  if (found != function_infos_.end()) return *found->second;
  auto info = std::make_unique<FunctionInfo>();
  for (const auto& p : params) info->locals.insert(p);
  if (body) collect_locals(*body, *info);
  for (const auto& g : info->globals) info->locals.erase(g);
  for (const auto& n : info->nonlocals) info->locals.erase(n);
  return *function_infos_.emplace(node, std::move(info)).first->second;
}

PyValue Interpreter::lookup(const std::string& name, const Expr* at) {
  Frame& f = frame();
  if (at) f.at = at;
  for (auto it = f.comprehension.rbegin(); it != f.comprehension.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) return found->second;
  }
  const FunctionInfo* info = f.scope ? f.scope->info : nullptr;
  if (info && !info->globals.count(name)) {
    auto local = f.scope->vars.find(name);
    if (local != f.scope->vars.end()) return local->second;
    if (info->locals.count(name)) {
      raise("UnboundLocalError", "cannot access local variable '" + name + "' where it is not associated with a value");
    }
    for (Scope* s = f.scope->parent.get(); s; s = s->parent.get()) {
      auto found = s->vars.find(name);
      if (found != s->vars.end()) return found->second;
    }
  }
  auto found = globals_->vars.find(name);
  if (found != globals_->vars.end()) return found->second;
  auto builtin_found = builtins_.find(name);
  if (builtin_found != builtins_.end()) return builtin_found->second;
  // NameError, with CPython 3.12's suggestions: locals, then globals, then builtins.
  std::string message = "name '" + name + "' is not defined";
  std::string suggestion;
  auto sorted_keys = [](const std::unordered_map<std::string, PyValue>& m) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : m) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  if (info) suggestion = suggest_name(name, sorted_keys(f.scope->vars));
  if (suggestion.empty()) suggestion = suggest_name(name, sorted_keys(globals_->vars));
  if (suggestion.empty()) suggestion = suggest_name(name, sorted_keys(builtins_));
  if (!suggestion.empty()) message += ". Did you mean: '" + suggestion + "'?";
  if (is_stdlib_module(name)) {
    message += suggestion.empty() ? ". Did you forget to import '" + name + "'?" : " Or did you forget to import '" + name + "'?";
  }
  raise("NameError", message);
}

void Interpreter::store(const std::string& name, PyValue value) {
  Frame& f = frame();
  if (storing_comprehension_ && !f.comprehension.empty()) {
    f.comprehension.back()[name] = std::move(value);
    return;
  }
  const FunctionInfo* info = f.scope ? f.scope->info : nullptr;
  if (!info || info->globals.count(name)) {
    globals_->vars[name] = std::move(value);
    return;
  }
  if (info->nonlocals.count(name)) {
    for (Scope* s = f.scope->parent.get(); s; s = s->parent.get()) {
      auto found = s->vars.find(name);
      if (found != s->vars.end()) {
        found->second = std::move(value);
        return;
      }
    }
  }
  f.scope->vars[name] = std::move(value);
}

void Interpreter::unbind(const std::string& name, const Expr* at) {
  Frame& f = frame();
  if (at) f.at = at;
  const FunctionInfo* info = f.scope ? f.scope->info : nullptr;
  Scope* scope = !info || info->globals.count(name) ? globals_.get() : f.scope.get();
  if (info && info->nonlocals.count(name)) {
    for (Scope* s = f.scope->parent.get(); s; s = s->parent.get())
      if (s->vars.count(name)) scope = s;
  }
  if (!scope->vars.erase(name)) {
    if (info && info->locals.count(name)) {
      raise("UnboundLocalError", "cannot access local variable '" + name + "' where it is not associated with a value");
    }
    raise("NameError", "name '" + name + "' is not defined");
  }
}

// ---- assignment --------------------------------------------------------------------------------

void Interpreter::assign(const Expr& target, PyValue value) {
  switch (target.kind) {
    case Expr::Kind::Name:
      store(target.name, std::move(value));
      return;
    case Expr::Kind::Tuple:
    case Expr::Kind::List: {
      frame().at = &target;
      auto items = to_list(value);
      std::size_t n = target.children.size();
      std::size_t star = n;
      for (std::size_t i = 0; i < n; ++i)
        if (target.children[i]->kind == Expr::Kind::Starred) star = i;
      if (star == n) {
        if (items.size() < n) {
          raise("ValueError", "not enough values to unpack (expected " + std::to_string(n) + ", got " + std::to_string(items.size()) + ")");
        }
        if (items.size() > n) raise("ValueError", "too many values to unpack (expected " + std::to_string(n) + ")");
        for (std::size_t i = 0; i < n; ++i) assign(*target.children[i], items[i]);
        return;
      }
      if (items.size() < n - 1) {
        raise("ValueError", "not enough values to unpack (expected at least " + std::to_string(n - 1) + ", got " +
                                std::to_string(items.size()) + ")");
      }
      std::size_t after = n - star - 1;
      for (std::size_t i = 0; i < star; ++i) assign(*target.children[i], items[i]);
      std::vector<PyValue> middle(items.begin() + static_cast<std::ptrdiff_t>(star),
                                  items.end() - static_cast<std::ptrdiff_t>(after));
      assign(*target.children[star]->children[0], new_list(std::move(middle)));
      for (std::size_t i = 0; i < after; ++i) assign(*target.children[star + 1 + i], items[items.size() - after + i]);
      return;
    }
    case Expr::Kind::Subscript: {
      PyValue container = eval(*target.children[0]);
      const Expr& index = *target.children[1];
      if (index.kind == Expr::Kind::Slice) {
        frame().at = &target;
        if (!container.is_list()) raise("TypeError", "'" + type_name(container) + "' object does not support item assignment");
        // Only the whole-list form `a[:] = ...` and simple ranges with step 1.
        auto& items = container.seq().items;
        std::int64_t n = static_cast<std::int64_t>(items.size());
        auto bound = [&](const ExprPtr& e, std::int64_t fallback) {
          if (!e) return fallback;
          PyValue v = eval(*e);
          if (v.is_none()) return fallback;
          std::int64_t i = index_arg(v, "slice indices");
          if (i < 0) i += n;
          return std::clamp<std::int64_t>(i, 0, n);
        };
        std::int64_t lo = bound(index.children[0], 0);
        std::int64_t hi = std::max(lo, bound(index.children[1], n));
        if (index.children[2]) raise("ValueError", "extended slice assignment is not simulated by ghaplay");
        auto replacement = to_list(value);
        items.erase(items.begin() + lo, items.begin() + hi);
        items.insert(items.begin() + lo, replacement.begin(), replacement.end());
        return;
      }
      PyValue key = eval(index);
      frame().at = &target;
      set_item(container, key, std::move(value));
      return;
    }
    case Expr::Kind::Attribute: {
      PyValue object = eval(*target.children[0]);
      frame().at = &target;
      if (object.is_object() && object.object().kind == PyObject::Kind::Module && object.object().attrs) {
        object.object().attrs->set(PyValue(target.name), std::move(value));
        return;
      }
      if (object.is_object() && object.object().kind == PyObject::Kind::Unsimulated) return;
      raise("AttributeError", "'" + type_name(object) + "' object has no attribute '" + target.name + "'");
    }
    case Expr::Kind::Starred:
      raise("SyntaxError", "starred assignment target must be in a list or tuple");
    default:
      raise("SyntaxError", "cannot assign to expression");
  }
}

void Interpreter::del(const Expr& target) {
  switch (target.kind) {
    case Expr::Kind::Name:
      unbind(target.name, &target);
      return;
    case Expr::Kind::Tuple:
    case Expr::Kind::List:
      for (const auto& c : target.children) del(*c);
      return;
    case Expr::Kind::Subscript: {
      PyValue container = eval(*target.children[0]);
      if (target.children[1]->kind == Expr::Kind::Slice) {
        frame().at = &target;
        raise("TypeError", "deleting a slice is not simulated by ghaplay");
      }
      PyValue key = eval(*target.children[1]);
      frame().at = &target;
      del_item(container, key);
      return;
    }
    default:
      frame().at = &target;
      raise("SyntaxError", "cannot delete expression");
  }
}

// ---- expressions -------------------------------------------------------------------------------

// Depth is counted without a destructor here: in WebAssembly a destructor would route every call
// of eval_node through Emscripten's exception trampolines and double the stack each level takes.
// An exception skips the decrement; the places that catch one and go on restore the count.
PyValue Interpreter::eval(const Expr& e) {
  check_stack();
  if (depth_units_ + 1 > kMaxDepthUnits) too_deep();
  ++depth_units_;
  PyValue v = eval_node(e);
  --depth_units_;
  return v;
}

PyValue Interpreter::eval_node(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Name:
      return lookup(e.name, &e);
    case Expr::Kind::Constant:
      return e.value;
    case Expr::Kind::FString:
      return eval_fstring(e.parts);
    case Expr::Kind::List:
    case Expr::Kind::Tuple:
    case Expr::Kind::Set: {
      std::vector<PyValue> items;
      items.reserve(e.children.size());
      for (const auto& c : e.children) {
        if (c->kind == Expr::Kind::Starred) {
          PyValue v = eval(*c->children[0]);
          frame().at = c.get();
          auto more = to_list(v);
          if (items.size() + more.size() > kMaxItems) raise("MemoryError", "");
          items.insert(items.end(), more.begin(), more.end());
        } else {
          items.push_back(eval(*c));
        }
      }
      if (e.kind == Expr::Kind::List) return new_list(std::move(items));
      if (e.kind == Expr::Kind::Tuple) return PyValue::tuple(std::move(items));
      frame().at = &e;
      Args args;
      args.positional.push_back(new_list(std::move(items)));
      return call_type("set", args);
    }
    case Expr::Kind::Dict: {
      PyValue d = PyValue::dict();
      for (std::size_t i = 0; i + 1 < e.children.size(); i += 2) {
        PyValue k = eval(*e.children[i]);
        PyValue v = eval(*e.children[i + 1]);
        frame().at = &e;
        check_hashable(k);
        d.dict_ref().set(k, std::move(v));
      }
      return d;
    }
    case Expr::Kind::BinOp: {
      PyValue a = eval(*e.children[0]);
      PyValue b = eval(*e.children[1]);
      frame().at = &e;
      return binary(e.name, a, b);
    }
    case Expr::Kind::UnaryOp: {
      PyValue v = eval(*e.children[0]);
      frame().at = &e;
      return unary(e.name, v);
    }
    case Expr::Kind::BoolOp: {
      PyValue v;
      for (const auto& c : e.children) {
        v = eval(*c);
        bool t = truthy(v);
        if (e.name == "and" ? !t : t) return v;
      }
      return v;
    }
    case Expr::Kind::Compare:
      return eval_compare(e);
    case Expr::Kind::Call:
      return eval_call(e);
    case Expr::Kind::Attribute: {
      PyValue object = eval(*e.children[0]);
      frame().at = &e;
      return get_attr(object, e.name);
    }
    case Expr::Kind::Subscript:
      return eval_subscript(e);
    case Expr::Kind::Slice:
      frame().at = &e;
      raise("SyntaxError", "invalid syntax");
    case Expr::Kind::IfExp:
      return truthy(eval(*e.children[0])) ? eval(*e.children[1]) : eval(*e.children[2]);
    case Expr::Kind::Lambda: {
      auto fn = make_object(PyObject::Kind::Function, "<lambda>");
      fn->lambda = &e;
      for (const auto& d : e.defaults) fn->defaults.push_back(eval(*d));
      if (frame().scope != globals_) {
        fn->closure = frame().scope;
        all_scopes_.push_back(frame().scope);
      }
      return PyValue(fn);
    }
    case Expr::Kind::ListComp:
    case Expr::Kind::SetComp:
    case Expr::Kind::DictComp:
    case Expr::Kind::GeneratorExp:
      return eval_comprehension(e);
    case Expr::Kind::Starred:
      frame().at = &e;
      raise("SyntaxError", "can't use starred expression here");
    case Expr::Kind::NamedExpr: {
      // `name := value` binds in the function (also from inside a comprehension).
      PyValue v = eval(*e.children[0]);
      bool in_comprehension = storing_comprehension_;
      storing_comprehension_ = false;
      store(e.name, v);
      storing_comprehension_ = in_comprehension;
      return v;
    }
  }
  return PyValue();
}

PyValue Interpreter::eval_fstring(const std::vector<FPart>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!part.expr) {
      out += part.text;
      continue;
    }
    if (part.self_documenting) out += part.expr_text;
    PyValue v = eval(*part.expr);
    std::string spec = part.has_spec ? eval_fstring(part.spec).as_str() : "";
    if (part.conversion == 'r') {
      v = PyValue(repr(v));
    } else if (part.conversion == 's') {
      v = PyValue(str(v));
    } else if (part.conversion == 'a') {
      v = PyValue(ascii(v));
    }
    out += format_value(v, spec);
    if (out.size() > kMaxString) raise("MemoryError", "");
  }
  tick(out.size() / 4096);
  return PyValue(std::move(out));
}

PyValue Interpreter::eval_compare(const Expr& e) {
  PyValue left = eval(*e.children[0]);
  for (std::size_t i = 0; i < e.ops.size(); ++i) {
    PyValue right = eval(*e.children[i + 1]);
    frame().at = &e;
    const std::string& op = e.ops[i];
    bool result;
    if (op == "==") {
      result = equals(left, right);
    } else if (op == "!=") {
      result = !equals(left, right);
    } else if (op == "<") {
      result = less(left, right, "<");
    } else if (op == ">") {
      result = less(right, left, ">");
    } else if (op == "<=") {
      result = less(left, right, "<=") || (equals(left, right) && !(left.is_float() && std::isnan(left.as_float())));
    } else if (op == ">=") {
      result = less(right, left, ">=") || (equals(left, right) && !(left.is_float() && std::isnan(left.as_float())));
    } else if (op == "in") {
      result = contains(right, left);
    } else if (op == "not in") {
      result = !contains(right, left);
    } else {  // is, is not
      bool same;
      if (left.is_object() || left.is_seq() || left.is_dict() || right.is_object() || right.is_seq() || right.is_dict()) {
        same = left.kind() == right.kind() && left.identity() == right.identity();
      } else {
        same = left.kind() == right.kind() && equals(left, right);
      }
      result = op == "is" ? same : !same;
    }
    if (!result) return PyValue(false);
    left = std::move(right);
  }
  return PyValue(true);
}

PyValue Interpreter::eval_call(const Expr& e) {
  PyValue callee = eval(*e.children[0]);
  Args args;
  for (const auto& arg : e.args) {
    if (arg.star) {
      PyValue v = eval(*arg.value);
      frame().at = &e;
      for (auto& item : to_list(v)) args.positional.push_back(std::move(item));
    } else if (arg.double_star) {
      PyValue v = eval(*arg.value);
      frame().at = &e;
      if (!v.is_dict()) raise("TypeError", "argument after ** must be a mapping, not " + type_name(v));
      for (const auto& [k, val] : v.dict_ref().entries()) {
        if (!k.is_str()) raise("TypeError", "keywords must be strings");
        args.keywords.emplace_back(k.as_str(), val);
      }
    } else if (!arg.keyword.empty()) {
      args.keywords.emplace_back(arg.keyword, eval(*arg.value));
    } else {
      args.positional.push_back(eval(*arg.value));
    }
  }
  frame().at = &e;
  PyValue result = call(callee, args);
  if (!frames_.empty()) frame().at = &e;
  return result;
}

void Interpreter::comprehension_loop(const Expr& e, std::size_t level, const std::function<void()>& body) {
  const Comprehension& gen = e.generators[level];
  PyValue iterable = eval(*gen.iter);
  frame().at = gen.iter.get();
  auto visit = [&](PyValue item) {
    tick();
    storing_comprehension_ = true;
    try {
      assign(*gen.target, std::move(item));
    } catch (...) {
      storing_comprehension_ = false;
      throw;
    }
    storing_comprehension_ = false;
    for (const auto& cond : gen.conditions)
      if (!truthy(eval(*cond))) return;
    if (level + 1 < e.generators.size()) {
      comprehension_loop(e, level + 1, body);
    } else {
      body();
    }
  };
  if (iterable.is_object() && iterable.object().kind == PyObject::Kind::Range) {
    const PyObject& r = iterable.object();
    for (std::int64_t i = r.start; r.step > 0 ? i < r.stop : i > r.stop; i += r.step) {
      visit(PyValue(i));
      if ((r.step > 0 && i > std::numeric_limits<std::int64_t>::max() - r.step) ||
          (r.step < 0 && i < std::numeric_limits<std::int64_t>::min() - r.step)) break;
    }
  } else {
    for (auto& item : to_list(iterable)) visit(std::move(item));
  }
}

PyValue Interpreter::eval_comprehension(const Expr& e) {
  std::vector<PyValue> items;
  PyValue dict = e.kind == Expr::Kind::DictComp ? PyValue::dict() : PyValue();
  Frame& f = frame();
  f.comprehension.emplace_back();
  const std::size_t depth = frames_.size();
  try {
    comprehension_loop(e, 0, [&]() {
      if (e.kind == Expr::Kind::DictComp) {
        PyValue k = eval(*e.children[0]);
        PyValue v = eval(*e.children[1]);
        frame().at = &e;
        check_hashable(k);
        dict.dict_ref().set(k, std::move(v));
        if (dict.dict_ref().size() > kMaxItems) raise("MemoryError", "");
      } else {
        items.push_back(eval(*e.children[0]));
        if (items.size() > kMaxItems) raise("MemoryError", "");
      }
    });
  } catch (...) {
    if (frames_.size() == depth) frames_[depth - 1].comprehension.pop_back();
    throw;
  }
  frames_[depth - 1].comprehension.pop_back();
  if (e.kind == Expr::Kind::DictComp) return dict;
  if (e.kind == Expr::Kind::SetComp) {
    frame().at = &e;
    Args args;
    args.positional.push_back(new_list(std::move(items)));
    return call_type("set", args);
  }
  // A generator expression is evaluated at once into a list: the same items, in the same order.
  return new_list(std::move(items));
}

PyValue Interpreter::eval_subscript(const Expr& e) {
  PyValue target = eval(*e.children[0]);
  const Expr& index = *e.children[1];
  if (index.kind == Expr::Kind::Slice) return slice(target, e);
  PyValue key = eval(index);
  frame().at = &e;
  return get_item(target, key);
}

PyValue Interpreter::slice(const PyValue& target, const Expr& e) {
  const Expr& s = *e.children[1];
  PyValue bounds[3];
  for (int i = 0; i < 3; ++i)
    if (s.children[static_cast<std::size_t>(i)]) bounds[i] = eval(*s.children[static_cast<std::size_t>(i)]);
  frame().at = &e;
  std::int64_t step = 1;
  if (!bounds[2].is_none()) step = index_arg(bounds[2], "slice indices");
  if (step == 0) raise("ValueError", "slice step cannot be zero");
  bool is_str = target.is_str();
  std::vector<std::size_t> offsets;
  std::int64_t n;
  if (is_str) {
    if (is_ascii(target.as_str())) {
      n = static_cast<std::int64_t>(target.as_str().size());
    } else {
      offsets = code_point_offsets(target.as_str());
      n = static_cast<std::int64_t>(offsets.size()) - 1;
    }
  } else if (target.is_list() || target.is_tuple()) {
    n = static_cast<std::int64_t>(target.seq().items.size());
  } else {
    if (target.is_dict()) raise("TypeError", "unhashable type: 'slice'");
    raise("TypeError", "'" + type_name(target) + "' object is not subscriptable");
  }
  // PySlice_AdjustIndices.
  auto adjust = [&](const PyValue& v, bool is_start) -> std::int64_t {
    if (v.is_none()) return step < 0 ? (is_start ? n - 1 : -1) : (is_start ? 0 : n);
    std::int64_t i = index_arg(v, "slice indices");
    if (i < 0) {
      i += n;
      if (i < 0) i = step < 0 ? -1 : 0;
    } else if (i >= n) {
      i = step < 0 ? n - 1 : n;
    }
    return i;
  };
  std::int64_t start = adjust(bounds[0], true);
  std::int64_t stop = adjust(bounds[1], false);
  std::vector<std::int64_t> picks;
  if (step > 0) {
    for (std::int64_t i = start; i < stop; i += step) picks.push_back(i);
  } else {
    for (std::int64_t i = start; i > stop; i += step) picks.push_back(i);
  }
  tick(picks.size() / 256);
  if (is_str) {
    const std::string& str_value = target.as_str();
    if (offsets.empty() && step == 1) return PyValue(str_value.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(std::max<std::int64_t>(0, stop - start))));
    std::string out;
    for (auto i : picks) {
      if (offsets.empty()) {
        out += str_value[static_cast<std::size_t>(i)];
      } else {
        auto a = offsets[static_cast<std::size_t>(i)], b = offsets[static_cast<std::size_t>(i) + 1];
        out.append(str_value, a, b - a);
      }
    }
    return PyValue(std::move(out));
  }
  std::vector<PyValue> items;
  items.reserve(picks.size());
  for (auto i : picks) items.push_back(target.seq().items[static_cast<std::size_t>(i)]);
  return target.is_list() ? new_list(std::move(items)) : PyValue::tuple(std::move(items));
}

// ---- calls -------------------------------------------------------------------------------------

PyValue Interpreter::call(const PyValue& callee, Args& args) {
  if (!callee.is_object()) raise("TypeError", "'" + type_name(callee) + "' object is not callable");
  PyObject& o = callee.object();
  switch (o.kind) {
    case PyObject::Kind::Function:
      return call_function(o, args);
    case PyObject::Kind::Builtin:
      return call_builtin(o, args);
    case PyObject::Kind::Type:
      return call_type(o.name, args);
    case PyObject::Kind::ExceptionType:
      return make_exception(o.name, args.positional);
    case PyObject::Kind::Unsimulated:
      notice_unsimulated(o.name, "`" + o.name + "()` is not simulated: ghaplay uses None for its result.");
      return PyValue();
    default:
      raise("TypeError", "'" + type_name(callee) + "' object is not callable");
  }
}

PyValue Interpreter::call_builtin(PyObject& fn, Args& args) {
  if (fn.name.rfind("unbound.", 0) == 0) {
    // `str.lower` taken from the type: the receiver is the first argument.
    std::string method = fn.name.substr(8);
    std::string type = method.substr(0, method.find('.'));
    std::string short_name = method.substr(method.find('.') + 1);
    if (args.positional.empty()) raise("TypeError", "unbound method " + method + "() needs an argument");
    PyValue self = args.positional.front();
    std::string actual = type_name(self);
    if (actual != type && !(type == "int" && actual == "bool")) {
      raise("TypeError", "descriptor '" + short_name + "' for '" + type + "' objects doesn't apply to a '" + actual + "' object");
    }
    args.positional.erase(args.positional.begin());
    tick();
    return find_builtin(method)(*this, self, args);
  }
  BuiltinFn f = find_builtin(fn.name);
  if (!f) {
    notice_unsimulated(fn.name, "`" + fn.name + "()` is not simulated: ghaplay uses None for its result.");
    return PyValue();
  }
  tick();
  return f(*this, fn.self, args);
}

void Interpreter::bind_arguments(PyObject& fn, const std::vector<std::string>& params, const std::string& star,
                                 const std::string& double_star, Args& args, Scope& scope) {
  const std::string name = fn.name;
  const std::size_t n = params.size();
  const std::size_t ndefaults = fn.defaults.size();
  std::vector<std::optional<PyValue>> slots(n);
  std::vector<PyValue> extra;
  for (std::size_t i = 0; i < args.positional.size(); ++i) {
    if (i < n) {
      slots[i] = std::move(args.positional[i]);
    } else if (!star.empty()) {
      extra.push_back(std::move(args.positional[i]));
    } else {
      std::size_t given = args.positional.size();
      std::string takes = ndefaults == 0 ? std::to_string(n) : "from " + std::to_string(n - ndefaults) + " to " + std::to_string(n);
      raise("TypeError", name + "() takes " + takes + " positional argument" + (n == 1 && ndefaults == 0 ? "" : "s") + " but " +
                             std::to_string(given) + (given == 1 ? " was" : " were") + " given");
    }
  }
  PyValue kwargs = PyValue::dict();
  for (auto& [k, v] : args.keywords) {
    auto it = std::find(params.begin(), params.end(), k);
    if (it != params.end()) {
      auto idx = static_cast<std::size_t>(it - params.begin());
      if (slots[idx]) raise("TypeError", name + "() got multiple values for argument '" + k + "'");
      slots[idx] = std::move(v);
    } else if (!double_star.empty()) {
      kwargs.dict_ref().set(PyValue(k), std::move(v));
    } else {
      raise("TypeError", name + "() got an unexpected keyword argument '" + k + "'");
    }
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < n; ++i) {
    if (slots[i]) continue;
    if (i >= n - ndefaults) {
      slots[i] = fn.defaults[i - (n - ndefaults)];
    } else {
      missing.push_back("'" + params[i] + "'");
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size(); ++i) {
      if (i > 0) list += missing.size() == 2 ? " and " : (i + 1 == missing.size() ? ", and " : ", ");
      list += missing[i];
    }
    raise("TypeError", name + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                           (missing.size() == 1 ? "" : "s") + ": " + list);
  }
  for (std::size_t i = 0; i < n; ++i) scope.vars[params[i]] = std::move(*slots[i]);
  if (!star.empty()) scope.vars[star] = PyValue::tuple(std::move(extra));
  if (!double_star.empty()) scope.vars[double_star] = kwargs;
}

PyValue Interpreter::call_function(PyObject& fn, Args& args) {
  if (frames_.size() > static_cast<std::size_t>(kMaxCallDepth)) {
    notice_unsupported("ghaplay allows " + std::to_string(kMaxCallDepth) +
                       " nested calls (CPython allows about 1000): the script stopped with RecursionError here.");
    raise("RecursionError", "maximum recursion depth exceeded");
  }
  if (depth_units_ + kCallUnits > kMaxDepthUnits) too_deep();
  tick();
  auto scope = std::make_shared<Scope>();
  scope->parent = fn.closure;
  static const std::vector<std::string> kNone;
  if (fn.def) {
    std::vector<std::string> names = fn.def->params;
    for (const auto& p : {fn.def->star_param, fn.def->double_star_param})
      if (!p.empty()) names.push_back(p);
    scope->info = &function_info(fn.def, names, &fn.def->body);
    bind_arguments(fn, fn.def->params, fn.def->star_param, fn.def->double_star_param, args, *scope);
  } else {
    scope->info = &function_info(fn.lambda, fn.lambda->params, nullptr);
    bind_arguments(fn, fn.lambda->params, "", "", args, *scope);
  }
  frames_.push_back(Frame{fn.name, scope, nullptr, nullptr, {}, PyValue()});
  const std::size_t index = frames_.size() - 1;
  PyValue result;
  depth_units_ += kCallUnits;
  try {
    if (fn.def) {
      Flow flow = exec_body(fn.def->body);
      if (flow == Flow::Return) result = std::move(frames_.back().return_value);
    } else {
      result = eval(*fn.lambda->children[0]);
    }
  } catch (PyException& e) {
    if (e.last_frame != index) {
      e.traceback.push_back(entry_for(frames_.back()));
      e.last_frame = index;
    }
    frames_.pop_back();
    throw;
  } catch (...) {
    frames_.pop_back();
    throw;
  }
  depth_units_ -= kCallUnits;
  frames_.pop_back();
  return result;
}

// ---- operators ---------------------------------------------------------------------------------

namespace {

bool int_like(const PyValue& v) { return v.is_int() || v.is_bool(); }
std::int64_t as_i64(const PyValue& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }
double as_double(const PyValue& v) { return v.is_float() ? v.as_float() : static_cast<double>(as_i64(v)); }

}  // namespace

PyValue Interpreter::unary(const std::string& op, const PyValue& v) {
  if (op == "not") return PyValue(!truthy(v));
  if (op == "-") {
    if (int_like(v)) {
      std::int64_t i = as_i64(v);
      if (i == std::numeric_limits<std::int64_t>::min()) raise("OverflowError", "integer too large for ghaplay (64 bits)");
      return PyValue(-i);
    }
    if (v.is_float()) return PyValue(-v.as_float());
  } else if (op == "+") {
    if (int_like(v)) return PyValue(as_i64(v));
    if (v.is_float()) return v;
  } else if (op == "~") {
    if (int_like(v)) return PyValue(~as_i64(v));
  }
  raise("TypeError", "bad operand type for unary " + op + ": '" + type_name(v) + "'");
}

PyValue Interpreter::binary(const std::string& op, const PyValue& a, const PyValue& b, bool augmented) {
  auto unsupported = [&]() -> PyValue {
    std::string shown = augmented ? op + "=" : op == "**" ? "** or pow()" : op;
    raise("TypeError", "unsupported operand type(s) for " + shown + ": '" + type_name(a) + "' and '" + type_name(b) + "'");
  };
  auto overflow = [&]() -> PyValue {
    raise("OverflowError", "integer too large for ghaplay (Python's integers are unbounded, ghaplay's have 64 bits)");
  };
  const bool numbers = a.is_number() && b.is_number();
  const bool ints = int_like(a) && int_like(b);
  if (op == "+") {
    if (ints) {
      std::int64_t r;
      if (__builtin_add_overflow(as_i64(a), as_i64(b), &r)) return overflow();
      return PyValue(r);
    }
    if (numbers) return PyValue(as_double(a) + as_double(b));
    if (a.is_str() && b.is_str()) {
      if (a.as_str().size() + b.as_str().size() > kMaxString) raise("MemoryError", "");
      tick((a.as_str().size() + b.as_str().size()) / 4096);
      return PyValue(a.as_str() + b.as_str());
    }
    if (a.is_str()) raise("TypeError", "can only concatenate str (not \"" + type_name(b) + "\") to str");
    if (a.is_seq() && b.is_seq() && a.seq().kind == b.seq().kind && !a.is_set()) {
      std::vector<PyValue> items = a.seq().items;
      if (items.size() + b.seq().items.size() > kMaxItems) raise("MemoryError", "");
      tick((items.size() + b.seq().items.size()) / 256);
      items.insert(items.end(), b.seq().items.begin(), b.seq().items.end());
      return a.is_list() ? new_list(std::move(items)) : PyValue::tuple(std::move(items));
    }
    if (a.is_list()) raise("TypeError", "can only concatenate list (not \"" + type_name(b) + "\") to list");
    if (a.is_tuple()) raise("TypeError", "can only concatenate tuple (not \"" + type_name(b) + "\") to tuple");
    return unsupported();
  }
  if (op == "-") {
    if (ints) {
      std::int64_t r;
      if (__builtin_sub_overflow(as_i64(a), as_i64(b), &r)) return overflow();
      return PyValue(r);
    }
    if (numbers) return PyValue(as_double(a) - as_double(b));
    if (a.is_set() && b.is_set()) {
      std::vector<PyValue> items;
      for (const auto& x : a.seq().items)
        if (!contains(b, x)) items.push_back(x);
      return PyValue::set(std::move(items));
    }
    return unsupported();
  }
  if (op == "*") {
    if (ints) {
      std::int64_t r;
      if (__builtin_mul_overflow(as_i64(a), as_i64(b), &r)) return overflow();
      return PyValue(r);
    }
    if (numbers) return PyValue(as_double(a) * as_double(b));
    const PyValue* seq = nullptr;
    const PyValue* count = nullptr;
    if ((a.is_str() || a.is_list() || a.is_tuple()) && int_like(b)) {
      seq = &a;
      count = &b;
    } else if ((b.is_str() || b.is_list() || b.is_tuple()) && int_like(a)) {
      seq = &b;
      count = &a;
    }
    if (!seq) {
      if (a.is_str() || b.is_str() || a.is_list() || b.is_list()) {
        const PyValue& other = a.is_str() || a.is_list() || a.is_tuple() ? b : a;
        raise("TypeError", "can't multiply sequence by non-int of type '" + type_name(other) + "'");
      }
      return unsupported();
    }
    std::int64_t n = std::max<std::int64_t>(0, as_i64(*count));
    if (seq->is_str()) {
      const std::string& s = seq->as_str();
      if (!s.empty() && static_cast<std::uint64_t>(n) > kMaxString / s.size()) raise("MemoryError", "");
      tick(s.size() * static_cast<std::size_t>(n) / 4096);
      std::string out;
      out.reserve(s.size() * static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) out += s;
      return PyValue(std::move(out));
    }
    const auto& items = seq->seq().items;
    if (!items.empty() && static_cast<std::uint64_t>(n) > kMaxItems / items.size()) raise("MemoryError", "");
    tick(items.size() * static_cast<std::size_t>(n) / 256);
    std::vector<PyValue> out;
    for (std::int64_t i = 0; i < n; ++i) out.insert(out.end(), items.begin(), items.end());
    return seq->is_list() ? new_list(std::move(out)) : PyValue::tuple(std::move(out));
  }
  if (op == "/") {
    if (!numbers) return unsupported();
    if (as_double(b) == 0) raise("ZeroDivisionError", "division by zero");
    return PyValue(as_double(a) / as_double(b));
  }
  if (op == "//" || op == "%") {
    if (op == "%" && a.is_str()) return PyValue(percent_format(a.as_str(), b));
    if (!numbers) return unsupported();
    if (ints) {
      std::int64_t x = as_i64(a), y = as_i64(b);
      if (y == 0) raise("ZeroDivisionError", op == "//" ? "integer division or modulo by zero" : "integer modulo by zero");
      if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
        if (op == "%") return PyValue(std::int64_t{0});
        return overflow();
      }
      std::int64_t q = x / y, r = x % y;
      if (r != 0 && ((r < 0) != (y < 0))) {
        q -= 1;
        r += y;
      }
      return op == "//" ? PyValue(q) : PyValue(r);
    }
    double x = as_double(a), y = as_double(b);
    if (y == 0) raise("ZeroDivisionError", op == "//" ? "float floor division by zero" : "float modulo");
    double m = std::fmod(x, y);
    if (m != 0 && ((m < 0) != (y < 0))) m += y;
    if (op == "%") return PyValue(m == 0 ? std::copysign(0.0, y) : m);
    double q = std::floor((x - m) / y);
    return PyValue(q);
  }
  if (op == "**") {
    if (!numbers) return unsupported();
    if (ints && as_i64(b) >= 0) {
      std::int64_t base = as_i64(a), exp = as_i64(b), r = 1;
      while (exp > 0) {
        if (exp & 1) {
          if (__builtin_mul_overflow(r, base, &r)) return overflow();
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(base, base, &base)) return overflow();
      }
      return PyValue(r);
    }
    double x = as_double(a), y = as_double(b);
    if (x == 0 && y < 0) raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    if (x < 0 && y != std::floor(y)) raise("ValueError", "complex numbers are not simulated by ghaplay");
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y)) raise("OverflowError", "(34, 'Numerical result out of range')");
    return PyValue(r);
  }
  if (op == "&" || op == "|" || op == "^") {
    if (a.is_bool() && b.is_bool()) {
      bool x = a.as_bool(), y = b.as_bool();
      return PyValue(op == "&" ? (x && y) : op == "|" ? (x || y) : (x != y));
    }
    if (ints) {
      std::int64_t x = as_i64(a), y = as_i64(b);
      return PyValue(op == "&" ? (x & y) : op == "|" ? (x | y) : (x ^ y));
    }
    if (a.is_set() && b.is_set()) {
      std::vector<PyValue> items;
      if (op == "&") {
        for (const auto& x : a.seq().items)
          if (contains(b, x)) items.push_back(x);
      } else if (op == "|") {
        items = a.seq().items;
        for (const auto& x : b.seq().items)
          if (!contains(a, x)) items.push_back(x);
      } else {
        for (const auto& x : a.seq().items)
          if (!contains(b, x)) items.push_back(x);
        for (const auto& x : b.seq().items)
          if (!contains(a, x)) items.push_back(x);
      }
      return PyValue::set(std::move(items));
    }
    if (op == "|" && a.is_dict() && b.is_dict()) {
      PyValue d = PyValue::dict();
      for (const auto& [k, v] : a.dict_ref().entries()) d.dict_ref().set(k, v);
      for (const auto& [k, v] : b.dict_ref().entries()) d.dict_ref().set(k, v);
      return d;
    }
    return unsupported();
  }
  if (op == "<<" || op == ">>") {
    if (!ints) return unsupported();
    std::int64_t x = as_i64(a), y = as_i64(b);
    if (y < 0) raise("ValueError", "negative shift count");
    if (op == ">>") return PyValue(y >= 64 ? (x < 0 ? -1 : 0) : (x >> y));
    if (x == 0) return PyValue(std::int64_t{0});
    if (y >= 63 || (x > 0 ? x > (std::numeric_limits<std::int64_t>::max() >> y) : x < (std::numeric_limits<std::int64_t>::min() >> y))) {
      return overflow();
    }
    return PyValue(static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y));
  }
  return unsupported();
}

}  // namespace ghaplay::scripts::python
