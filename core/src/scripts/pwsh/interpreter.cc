// Runs the PowerShell subset (`shell: pwsh`). GitHub wraps the script so that
// `$ErrorActionPreference = 'stop'` holds and the step exits with `$LASTEXITCODE` when set; errors
// are shown in pwsh's ConciseView. Commands ghaplay does not know succeed silently with an
// UnsimulatedCommand notice, because on a real runner they are programs (git, npm...).

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/numeric.h"
#include "common/text.h"
#include "scripts/pwsh/ast.h"
#include "scripts/pwsh/parser.h"
#include "scripts/pwsh/regex.h"
#include "scripts/pwsh/value.h"
#include "scripts/script.h"

namespace ghaplay::scripts {
namespace pwsh {
namespace {

constexpr const char* kScriptPath = "/home/runner/work/_temp/script.ps1";
constexpr std::size_t kMaxString = 8u << 20;   // bytes in one string or file
constexpr std::size_t kMaxArray = 1u << 20;    // items in one array
constexpr int kMaxCallDepth = 50;              // nested function calls
constexpr std::size_t kRegexSteps = 1000000;   // per regex search

// ---- control flow, internal to the interpreter ------------------------------------------------
struct ExitSignal { int code; };
struct BreakSignal {};
struct ContinueSignal {};
struct ReturnSignal {};
struct BudgetSignal {};
struct PsError {
  std::string message;
  std::string category;  // "Exception", "InvalidOperation", a cmdlet name...
  Span span;
  PsValue record;        // what `$_` holds in a catch block (built lazily when null)
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return text::equals_ignore_case(a, b); }

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void emit(const PsValue& v) = 0;
};

class CollectSink : public Sink {
 public:
  void emit(const PsValue& v) override {
    if (items.size() >= kMaxArray) throw PsError{"The output grew past " + std::to_string(kMaxArray) + " items, more than ghaplay simulates.", "InvalidOperation", {}, {}};
    items.push_back(v);
  }
  PsArray items;
};

// Output of a statement collected into one value: nothing -> $null, one item -> it, more -> array.
PsValue collapse(PsArray items) {
  if (items.empty()) return PsValue();
  if (items.size() == 1) return std::move(items[0]);
  return PsValue::array(std::move(items));
}

class Interpreter;

class LogSink : public Sink {
 public:
  explicit LogSink(Interpreter& in) : in_(in) {}
  void emit(const PsValue& v) override;

 private:
  Interpreter& in_;
};

class FileSink : public Sink {
 public:
  FileSink(Interpreter& in, std::string path) : in_(in), path_(std::move(path)) {}
  void emit(const PsValue& v) override;

 private:
  Interpreter& in_;
  std::string path_;
};

// A user-visible position: 1-based line and column (code points).
struct Position {
  int line = 1;
  int column = 1;
};

class Interpreter {
 public:
  Interpreter(const ScriptInput& input, ScriptResult& result)
      : input_(input), result_(result), source_(input.source), env_(full_env(input)), budget_(input.step_budget) {
    files_ = input.files;
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < source_.size(); ++i)
      if (source_[i] == '\n') line_starts_.push_back(i + 1);
    scopes_.emplace_back();
  }

  void run() {
    ParseError parse_error;
    auto script = parse_script(source_, parse_error);
    if (!script) {
      if (parse_error.too_deep) {
        auto pos = position(parse_error.span.begin);
        result_.notices.push_back({ScriptNotice::Kind::Unsupported, parse_error.message, pos.line, pos.column, "", false});
      }
      print_error("ParserError", parse_error.message, parse_error.span);
      finish(1);
      return;
    }
    root_ = script;
    LogSink sink(*this);
    try {
      run_block(*script, sink);
      finish(exit_code_at_end());
    } catch (ExitSignal& e) {
      finish(e.code);
    } catch (PsError& e) {
      print_error(e.category, e.message, e.span);
      finish(1);
    } catch (BudgetSignal&) {
      result_.notices.push_back({ScriptNotice::Kind::BudgetExhausted,
                                 "The script ran more than " + std::to_string(input_.step_budget) +
                                     " steps; ghaplay stopped it here (a real runner would run on until the job's timeout).",
                                 current_.line, current_.column, "", false});
      finish(1);
    } catch (BreakSignal&) {
      finish(exit_code_at_end());  // `break` outside a loop ends the script, as in pwsh
    } catch (ContinueSignal&) {
      finish(exit_code_at_end());
    } catch (ReturnSignal&) {
      finish(exit_code_at_end());
    }
  }

  // ---- output --------------------------------------------------------------------------------
  // Never throws: past 8 MB the log is cut once, with a line that says so.
  void print_line(const std::string& line) {
    if (log_cut_) return;
    if (result_.log.size() + line.size() > kMaxString) {
      result_.log += "ghaplay: the log grew past 8 MB; the rest is not shown.\n";
      log_cut_ = true;
      return;
    }
    result_.log += line;
    result_.log += '\n';
  }

  // Lines an object prints as (the console's default formatting, simplified).
  std::vector<std::string> format_lines(const PsValue& v) {
    std::vector<std::string> lines;
    switch (v.kind()) {
      case PsValue::Kind::Null:
        break;
      case PsValue::Kind::Array:
        for (const auto& item : v.as_array()) {
          auto sub = format_lines(item);
          lines.insert(lines.end(), sub.begin(), sub.end());
        }
        break;
      case PsValue::Kind::Object: {
        const auto& o = v.as_object();
        if (!o.display.empty()) {
          lines.push_back(o.display);
          break;
        }
        if (o.properties.empty()) break;
        if (o.is_hashtable) {
          std::size_t width = 4;
          for (const auto& [k, _] : o.properties) width = std::max(width, k.size());
          width = std::max<std::size_t>(width, 30) + 1;
          lines.push_back("");
          lines.push_back(pad("Name", width) + "Value");
          lines.push_back(pad("----", width) + "-----");
          for (const auto& [k, val] : o.properties) lines.push_back(pad(k, width) + to_string(val));
          lines.push_back("");
        } else {
          std::size_t width = 0;
          for (const auto& [k, _] : o.properties) width = std::max(width, k.size());
          lines.push_back("");
          for (const auto& [k, val] : o.properties) lines.push_back(pad(k, width) + " : " + to_string(val));
          lines.push_back("");
        }
        break;
      }
      default:
        lines.push_back(to_string(v));
    }
    return lines;
  }

  static std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
  }

  void write_file(const std::string& path, const std::string& content, bool append) {
    auto& file = files_[path];
    if (!append) file.clear();
    if (file.size() + content.size() > kMaxString) throw PsError{"The file '" + path + "' grew past 8 MB, more than ghaplay simulates.", "InvalidOperation", {}, {}};
    file += content;
  }

  // ---- values --------------------------------------------------------------------------------
  std::string to_string(const PsValue& v) {
    switch (v.kind()) {
      case PsValue::Kind::Null: return "";
      case PsValue::Kind::Bool: return v.as_bool() ? "True" : "False";
      case PsValue::Kind::Int: return std::to_string(v.as_int());
      case PsValue::Kind::Double: return format_double(v.as_double());
      case PsValue::Kind::String: return v.as_string();
      case PsValue::Kind::Array: {
        std::string out;
        bool first = true;
        for (const auto& item : v.as_array()) {
          if (!first) out += ' ';
          first = false;
          out += to_string(item);
        }
        return out;
      }
      case PsValue::Kind::Object: {
        const auto& o = v.as_object();
        if (!o.display.empty()) return o.display;
        if (o.is_hashtable) return o.type_name;
        std::string out = "@{";
        bool first = true;
        for (const auto& [k, val] : o.properties) {
          if (!first) out += "; ";
          first = false;
          out += k + "=" + to_string(val);
        }
        return out + "}";
      }
      case PsValue::Kind::ScriptBlock: return v.as_block().text;
    }
    return "";
  }

  static bool truthy(const PsValue& v) {
    switch (v.kind()) {
      case PsValue::Kind::Null: return false;
      case PsValue::Kind::Bool: return v.as_bool();
      case PsValue::Kind::Int: return v.as_int() != 0;
      case PsValue::Kind::Double: return v.as_double() != 0;
      case PsValue::Kind::String: return !v.as_string().empty();
      case PsValue::Kind::Array: {
        const auto& a = v.as_array();
        if (a.empty()) return false;
        if (a.size() == 1) return a[0].is_array() ? !a[0].as_array().empty() : truthy(a[0]);
        return true;
      }
      default: return true;
    }
  }

  // A number from a string the way PowerShell converts ("  12 ", "0x1F", "1e3", "" -> 0).
  static bool parse_number(std::string_view s, PsValue& out) {
    s = text::trim(s);
    if (s.empty()) {
      out = PsValue(std::int64_t{0});
      return true;
    }
    std::string t = lower(s);
    bool negative = false;
    std::size_t i = 0;
    if (t[0] == '-' || t[0] == '+') {
      negative = t[0] == '-';
      i = 1;
    }
    if (t.compare(i, 2, "0x") == 0 && t.size() > i + 2) {
      std::int64_t v = 0;
      for (std::size_t k = i + 2; k < t.size(); ++k) {
        char c = t[k];
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0 || v > (std::numeric_limits<std::int64_t>::max() >> 4)) return false;
        v = v * 16 + d;
      }
      out = PsValue(negative ? -v : v);
      return true;
    }
    bool is_double = false, digits = false;
    std::size_t k = i;
    while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k, digits = true;
    if (k < t.size() && t[k] == '.') {
      is_double = true;
      ++k;
      while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k, digits = true;
    }
    if (!digits) return false;
    if (k < t.size() && t[k] == 'e') {
      is_double = true;
      ++k;
      if (k < t.size() && (t[k] == '+' || t[k] == '-')) ++k;
      std::size_t b = k;
      while (k < t.size() && std::isdigit(static_cast<unsigned char>(t[k]))) ++k;
      if (k == b) return false;
    }
    if (k != t.size()) return false;
    if (!is_double && k - i <= 18) {
      std::int64_t v = std::stoll(t.substr(i));
      out = PsValue(negative ? -v : v);
      return true;
    }
    double d = std::strtod(t.c_str() + i, nullptr);
    out = PsValue(negative ? -d : d);
    return true;
  }

  PsValue to_number(const PsValue& v, const Span& span) {
    switch (v.kind()) {
      case PsValue::Kind::Null: return PsValue(std::int64_t{0});
      case PsValue::Kind::Bool: return PsValue(std::int64_t{v.as_bool() ? 1 : 0});
      case PsValue::Kind::Int:
      case PsValue::Kind::Double: return v;
      case PsValue::Kind::String: {
        PsValue n;
        if (parse_number(v.as_string(), n)) return n;
        throw PsError{"Cannot convert value \"" + v.as_string() + "\" to type \"System.Int32\". Error: \"The input string '" +
                          v.as_string() + "' was not in a correct format.\"",
                      "InvalidArgument", span, {}};
      }
      case PsValue::Kind::Array:
        if (v.as_array().size() == 1) return to_number(v.as_array()[0], span);
        [[fallthrough]];
      default:
        throw PsError{"Cannot convert the \"" + to_string(v) + "\" value of type \"" + type_name(v) +
                          "\" to type \"System.Int32\".",
                      "InvalidArgument", span, {}};
    }
  }

  static double as_double(const PsValue& n) { return n.is_int() ? static_cast<double>(n.as_int()) : n.as_double(); }

  static std::string type_name(const PsValue& v) {
    switch (v.kind()) {
      case PsValue::Kind::Null: return "null";
      case PsValue::Kind::Bool: return "System.Boolean";
      case PsValue::Kind::Int: return "System.Int32";
      case PsValue::Kind::Double: return "System.Double";
      case PsValue::Kind::String: return "System.String";
      case PsValue::Kind::Array: return "System.Object[]";
      case PsValue::Kind::Object: return v.as_object().type_name;
      case PsValue::Kind::ScriptBlock: return "System.Management.Automation.ScriptBlock";
    }
    return "System.Object";
  }

  std::string checked(std::string s, const Span& span) {
    if (s.size() > kMaxString) throw PsError{"A string grew past 8 MB, more than ghaplay simulates.", "InvalidOperation", span, {}};
    return s;
  }

  // ---- positions and errors --------------------------------------------------------------------
  Position position(std::size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
    std::size_t start = line_starts_[line - 1];
    int column = 1;
    for (std::size_t i = start; i < offset && i < source_.size();) {
      text::decode_utf8(source_, i);
      ++column;
    }
    return {static_cast<int>(line), column};
  }

  std::string_view line_text(int line) const {
    std::size_t start = line_starts_[static_cast<std::size_t>(line) - 1];
    std::size_t end = static_cast<std::size_t>(line) < line_starts_.size() ? line_starts_[static_cast<std::size_t>(line)] - 1 : source_.size();
    std::string_view t = source_.substr(start, end - start);
    if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
    return t;
  }

  // pwsh's ConciseView:
  //   Exception: /home/runner/work/_temp/script.ps1:2
  //   Line |
  //      2 |  throw "boom"
  //        |  ~~~~~~~~~~~~
  //        | boom
  void print_error(const std::string& category, const std::string& message, const Span& span) {
    if (span.end == 0 && span.begin == 0 && source_.empty()) {
      print_line(category + ": " + message);
      return;
    }
    auto begin = position(std::min(span.begin, source_.size()));
    std::string_view text = line_text(begin.line);
    std::size_t line_start = line_starts_[static_cast<std::size_t>(begin.line) - 1];
    std::size_t end_offset = std::min({span.end, line_start + text.size(), source_.size()});
    int width = 0;
    for (std::size_t i = std::min(span.begin, source_.size()); i < end_offset;) {
      text::decode_utf8(source_, i);
      ++width;
    }
    width = std::max(width, 1);
    std::string number = std::to_string(begin.line);
    std::string gutter = number.size() < 4 ? std::string(4 - number.size(), ' ') + number : number;
    std::string blank(gutter.size(), ' ');
    print_line(category + ": " + kScriptPath + ":" + number);
    print_line("Line |");
    print_line(gutter + " |  " + std::string(text));
    print_line(blank + " |  " + std::string(static_cast<std::size_t>(begin.column - 1), ' ') + std::string(static_cast<std::size_t>(width), '~'));
    // A multi-line message continues under the same gutter.
    std::size_t start = 0;
    for (;;) {
      auto nl = message.find('\n', start);
      print_line(blank + " | " + message.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }

  void tick(const Span& span) {
    current_ = position(std::min(span.begin, source_.size()));
    if (steps_ >= budget_) throw BudgetSignal{};
    ++steps_;
  }

  void charge(std::size_t n) {
    if (n > budget_ - std::min(steps_, budget_)) {
      steps_ = budget_;
      throw BudgetSignal{};
    }
    steps_ += n;
  }

  void notice_unsimulated(const std::string& command, const Span& span, const std::string& what) {
    auto pos = position(std::min(span.begin, source_.size()));
    for (const auto& n : result_.notices) {
      if (n.line == pos.line && n.column == pos.column && n.command == command) return;
    }
    result_.notices.push_back({ScriptNotice::Kind::UnsimulatedCommand, what, pos.line, pos.column, command, feeding_output_});
  }

  void notice_unsupported(const std::string& message, const Span& span) {
    auto pos = position(std::min(span.begin, source_.size()));
    for (const auto& n : result_.notices) {
      if (n.line == pos.line && n.column == pos.column && n.message == message) return;
    }
    result_.notices.push_back({ScriptNotice::Kind::Unsupported, message, pos.line, pos.column, "", feeding_output_});
  }

  int exit_code_at_end() {
    // GitHub's wrapper: `if ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit $LASTEXITCODE }`
    const PsValue* last = find_variable("LASTEXITCODE");
    if (!last) return 0;
    PsValue n;
    if (last->is_int()) return static_cast<int>(last->as_int() & 0xFF);
    if (last->is_string() && parse_number(last->as_string(), n) && n.is_int()) return static_cast<int>(n.as_int() & 0xFF);
    return 0;
  }

  void finish(int code) {
    result_.exit_code = code;
    result_.files = std::move(files_);
    result_.work = steps_;
  }

  // ---- variables -----------------------------------------------------------------------------
  const PsValue* find_variable(const std::string& name) const {
    std::string key = lower(name);
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto found = it->find(key);
      if (found != it->end()) return &found->second;
    }
    return nullptr;
  }

  PsValue get_variable(const Expr& e) {
    std::string key = lower(e.name);
    if (key == "true") return PsValue(true);
    if (key == "false") return PsValue(false);
    if (key == "null") return PsValue();
    if (e.scope == "script" || e.scope == "global") {
      auto found = scopes_.front().find(key);
      return found == scopes_.front().end() ? PsValue() : found->second;
    }
    if (const PsValue* v = find_variable(key)) return *v;
    if (key == "?") return PsValue(true);
    if (key == "islinux") return PsValue(true);
    if (key == "iswindows" || key == "ismacos") return PsValue(false);
    if (key == "erroractionpreference") return PsValue("Stop");
    if (key == "psscriptroot") return PsValue("/home/runner/work/_temp");
    if (key == "home") return env_get("HOME");
    if (key == "pwd") {
      PsValue w = env_get("GITHUB_WORKSPACE");
      return w;
    }
    if (key == "args") return PsValue::array();
    if (key == "psitem") return get_variable_by_name("_");
    return PsValue();
  }

  PsValue get_variable_by_name(const std::string& name) {
    Expr e;
    e.name = name;
    return get_variable(e);
  }

  void set_variable(const std::string& name, PsValue value, const std::string& scope = "") {
    std::string key = lower(name);
    if (key == "true" || key == "false" || key == "null") {
      throw PsError{"Cannot overwrite variable " + name + " because it is read-only or constant.", "WriteError", {}, {}};
    }
    if (scope == "script" || scope == "global") {
      scopes_.front()[key] = std::move(value);
      return;
    }
    scopes_.back()[key] = std::move(value);
  }

  PsValue env_get(const std::string& name) {
    auto found = env_.find(name);
    if (found == env_.end()) return PsValue();
    return PsValue(found->second);
  }

  // ---- statements ----------------------------------------------------------------------------
  void run_block(const Block& block, Sink& sink) {
    for (const auto& stmt : block.statements) run_statement(*stmt, sink);
  }

  PsValue statement_value(const Stmt& stmt) {
    CollectSink c;
    run_statement(stmt, c);
    return collapse(std::move(c.items));
  }

  // The value of an assignment's right side or of `( )`: a lone expression keeps its value
  // (`$a = @()` is an empty array); a command's output is collected (nothing -> $null).
  PsValue expression_value(const Stmt& stmt) {
    if (stmt.kind == Stmt::Kind::Pipeline && stmt.pipeline.size() == 1 && stmt.pipeline[0].expr &&
        stmt.pipeline[0].redirections.empty()) {
      tick(stmt.span);
      const Expr& e = *stmt.pipeline[0].expr;
      PsValue v = eval(e);
      if (e.kind == Expr::Kind::Cast && e.name == "void") return PsValue();
      return v;
    }
    return statement_value(stmt);
  }

  // The loop body: `break` ends the loop (true), `continue` the iteration.
  bool run_loop_body(const Block& body, Sink& sink) {
    try {
      run_block(body, sink);
    } catch (BreakSignal&) {
      return true;
    } catch (ContinueSignal&) {
    }
    return false;
  }

  void emit_enumerated(const PsValue& v, Sink& sink) {
    if (v.is_array()) {
      for (const auto& item : v.as_array()) sink.emit(item);
    } else {
      sink.emit(v);
    }
  }

  void run_statement(const Stmt& stmt, Sink& sink) {
    tick(stmt.span);
    switch (stmt.kind) {
      case Stmt::Kind::Pipeline:
        run_pipeline(stmt, sink);
        return;
      case Stmt::Kind::Assignment:
        assign(stmt);
        return;
      case Stmt::Kind::If:
        for (std::size_t i = 0; i < stmt.conditions.size(); ++i) {
          if (truthy(statement_value(*stmt.conditions[i]))) {
            run_block(*stmt.blocks[i], sink);
            return;
          }
        }
        if (stmt.else_block) run_block(*stmt.else_block, sink);
        return;
      case Stmt::Kind::Foreach: {
        PsValue collection = statement_value(*stmt.value);
        PsArray items;
        if (collection.is_array()) {
          items = collection.as_array();
        } else if (!collection.is_null()) {
          items.push_back(collection);
        }
        for (const auto& item : items) {
          tick(stmt.span);
          set_variable(stmt.variable, item);
          if (run_loop_body(*stmt.body, sink)) break;
        }
        return;
      }
      case Stmt::Kind::For: {
        if (stmt.init) statement_value(*stmt.init);
        for (;;) {
          tick(stmt.span);
          if (stmt.condition && !truthy(statement_value(*stmt.condition))) break;
          if (run_loop_body(*stmt.body, sink)) break;
          if (stmt.step) statement_value(*stmt.step);
        }
        return;
      }
      case Stmt::Kind::While:
        for (;;) {
          tick(stmt.span);
          if (!truthy(statement_value(*stmt.condition))) break;
          if (run_loop_body(*stmt.body, sink)) break;
        }
        return;
      case Stmt::Kind::DoWhile:
      case Stmt::Kind::DoUntil:
        for (;;) {
          tick(stmt.span);
          if (run_loop_body(*stmt.body, sink)) break;
          bool c = truthy(statement_value(*stmt.condition));
          if (stmt.kind == Stmt::Kind::DoWhile ? !c : c) break;
        }
        return;
      case Stmt::Kind::Switch: {
        PsValue value = statement_value(*stmt.value);
        PsArray items = value.is_array() ? value.as_array() : PsArray{value};
        for (const auto& item : items) {
          bool matched = false;
          set_variable("_", item);
          bool stop = false;
          for (std::size_t i = 0; i < stmt.patterns.size() && !stop; ++i) {
            PsValue pattern = eval(*stmt.patterns[i]);
            bool hit = pattern.is_block() ? truthy(invoke_block(pattern, {item}, nullptr)) : compare_eq(item, pattern, false);
            if (hit) {
              matched = true;
              stop = run_loop_body(*stmt.blocks[i], sink);
            }
          }
          if (!matched && stmt.else_block) stop = run_loop_body(*stmt.else_block, sink);
          if (stop) break;
        }
        return;
      }
      case Stmt::Kind::Exit: {
        int code = 0;
        if (stmt.value) {
          PsValue v = statement_value(*stmt.value);
          PsValue n;
          if (v.is_int()) code = static_cast<int>(v.as_int() & 0xFF);
          else if (v.is_double()) code = static_cast<int>(numeric::saturating_int64(std::nearbyint(v.as_double())) & 0xFF);
          else if (v.is_string() && parse_number(v.as_string(), n)) code = static_cast<int>((n.is_int() ? n.as_int() : numeric::saturating_int64(n.as_double())) & 0xFF);
          else if (v.is_bool()) code = v.as_bool() ? 1 : 0;
        }
        throw ExitSignal{code};
      }
      case Stmt::Kind::Throw: {
        PsValue v = stmt.value ? statement_value(*stmt.value) : PsValue();
        if (v.is_object() && v.as_object().type_name == "System.Management.Automation.ErrorRecord") {
          throw PsError{to_string(v), "Exception", stmt.span, v};
        }
        std::string message = v.is_null() ? "ScriptHalted" : to_string(v);
        throw PsError{message, "Exception", stmt.span, {}};
      }
      case Stmt::Kind::Return:
        if (stmt.value) {
          CollectSink c;
          run_statement(*stmt.value, c);
          for (const auto& item : c.items) sink.emit(item);
        }
        throw ReturnSignal{};
      case Stmt::Kind::Break:
        throw BreakSignal{};
      case Stmt::Kind::Continue:
        throw ContinueSignal{};
      case Stmt::Kind::Function:
        if (stmt.name.empty()) {
          // The script's own param() block: no arguments, so every default applies.
          for (std::size_t i = 0; i < stmt.parameters.size(); ++i) {
            set_variable(stmt.parameters[i], stmt.defaults[i] ? eval(*stmt.defaults[i]) : PsValue());
          }
          return;
        }
        functions_[lower(stmt.name)] = &stmt;
        return;
      case Stmt::Kind::Try: {
        // `finally` runs however the body ends, then the signal goes on.
        auto run_finally = [&]() {
          if (stmt.finally_block) run_block(*stmt.finally_block, sink);
        };
        try {
          try {
            run_block(*stmt.body, sink);
          } catch (PsError& e) {
            if (!stmt.catch_block) throw;
            PsValue record = e.record.is_null() ? error_record(e.message) : e.record;
            set_variable("_", record);
            run_block(*stmt.catch_block, sink);
          }
        } catch (PsError&) {
          run_finally();
          throw;
        } catch (ExitSignal&) {
          run_finally();
          throw;
        } catch (BreakSignal&) {
          run_finally();
          throw;
        } catch (ContinueSignal&) {
          run_finally();
          throw;
        } catch (ReturnSignal&) {
          run_finally();
          throw;
        }
        run_finally();
        return;
      }
      case Stmt::Kind::Chain: {
        // Unsimulated programs are taken to succeed, and failing cmdlets end the script
        // ($ErrorActionPreference = 'stop'), so `&&` runs its right side and `||` does not.
        run_statement(*stmt.left, sink);
        if ((stmt.op == "&&") == last_native_ok_) run_statement(*stmt.right, sink);
        return;
      }
    }
  }

  PsValue error_record(const std::string& message) {
    auto exception = std::make_shared<PsObject>();
    exception->is_hashtable = false;
    exception->type_name = "System.Management.Automation.RuntimeException";
    exception->display = message;
    exception->set("Message", PsValue(message));
    auto record = std::make_shared<PsObject>();
    record->is_hashtable = false;
    record->type_name = "System.Management.Automation.ErrorRecord";
    record->display = message;
    record->set("Exception", PsValue(exception));
    return PsValue(record);
  }

  // ---- assignment ----------------------------------------------------------------------------
  void assign(const Stmt& stmt) {
    const Expr& target = *stmt.target;
    PsValue value;
    if (stmt.op == "++" || stmt.op == "--") {
      PsValue current = eval(target);
      PsValue n = to_number(current, target.span);
      value = arithmetic(n, PsValue(std::int64_t{1}), stmt.op == "++" ? "+" : "-", target.span);
    } else {
      value = expression_value(*stmt.value);
      if (stmt.op != "=") {
        PsValue current = eval(target);
        value = binary_op(current, value, std::string(1, stmt.op[0]), stmt.span);
      }
    }
    store(target, std::move(value));
  }

  void store(const Expr& target, PsValue value) {
    switch (target.kind) {
      case Expr::Kind::Variable:
        set_variable(target.name, std::move(value), target.scope);
        return;
      case Expr::Kind::EnvVariable: {
        std::string s = to_string(value);
        if (s.empty()) {
          env_.erase(target.name);  // assigning '' or $null removes the variable
        } else {
          env_[target.name] = s;
        }
        return;
      }
      case Expr::Kind::Cast:
        store(*target.children[0], cast(target.name, value, target.span));
        return;
      case Expr::Kind::Member: {
        PsValue object = eval(*target.children[0]);
        if (object.is_object()) {
          object.as_object().set(target.name, std::move(value));
          return;
        }
        throw PsError{"The property '" + target.name + "' cannot be found on this object. Verify that the property exists and can be set.",
                      "InvalidOperation", target.span, {}};
      }
      case Expr::Kind::Index: {
        PsValue object = eval(*target.children[0]);
        PsValue index = eval(*target.children[1]);
        if (object.is_object()) {
          object.as_object().set(to_string(index), std::move(value));
          return;
        }
        if (object.is_array()) {
          PsValue n = to_number(index, target.span);
          std::int64_t i = n.is_int() ? n.as_int() : numeric::saturating_int64(n.as_double());
          auto& items = object.as_array();
          if (i < 0) i += static_cast<std::int64_t>(items.size());
          if (i < 0 || i >= static_cast<std::int64_t>(items.size())) {
            throw PsError{"Index was outside the bounds of the array.", "OperationStopped", target.span, {}};
          }
          items[static_cast<std::size_t>(i)] = std::move(value);
          return;
        }
        if (object.is_null()) throw PsError{"Cannot index into a null array.", "InvalidOperation", target.span, {}};
        throw PsError{"Unable to index into an object of type " + type_name(object) + ".", "InvalidOperation", target.span, {}};
      }
      default:
        throw PsError{"The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                      "ParserError", target.span, {}};
    }
  }

  // ---- pipelines -----------------------------------------------------------------------------
  std::optional<std::string> redirect_path(const Redirection& r) {
    if (r.merge || !r.target) return std::nullopt;
    return to_string(eval(*r.target));
  }

  bool is_output_file(const std::string& path) const {
    for (const char* name : {"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STATE", "GITHUB_STEP_SUMMARY", "GITHUB_PATH"}) {
      auto it = env_.find(name);
      if (it != env_.end() && it->second == path) return true;
    }
    return false;
  }

  // Does this statement write into a GitHub command file? Then unsimulated commands inside it
  // would have fed an output.
  bool statement_feeds_output(const Stmt& stmt) {
    for (const auto& el : stmt.pipeline) {
      for (const auto& r : el.redirections) {
        if (r.target && (r.stream == 1 || r.stream == 0)) {
          try {
            if (is_output_file(to_string(eval_quiet(*r.target)))) return true;
          } catch (PsError&) {
          }
        }
      }
      if (!el.command.empty()) {
        std::string name = canonical(el.command);
        if (name == "out-file" || name == "add-content" || name == "set-content") {
          for (const auto& arg : el.args) {
            if (!arg.value) continue;
            try {
              if (is_output_file(to_string(eval_quiet(*arg.value)))) return true;
            } catch (PsError&) {
            }
          }
        }
      }
    }
    return false;
  }

  // Evaluates simple targets ($env:X, strings, variables) without side effects.
  PsValue eval_quiet(const Expr& e) {
    if (e.kind == Expr::Kind::EnvVariable) return env_get(e.name);
    if (e.kind == Expr::Kind::Variable) return get_variable(e);
    if (e.kind == Expr::Kind::Literal) return e.value;
    return PsValue();
  }

  void run_pipeline(const Stmt& stmt, Sink& sink) {
    bool saved_feeding = feeding_output_;
    if (!feeding_output_) feeding_output_ = statement_feeds_output(stmt);
    PsArray input;
    bool has_input = false;
    for (std::size_t i = 0; i < stmt.pipeline.size(); ++i) {
      const auto& el = stmt.pipeline[i];
      bool last = i + 1 == stmt.pipeline.size();
      CollectSink collected;
      Sink* target = last ? &sink : &collected;
      std::unique_ptr<FileSink> file;
      bool discard = false;
      for (const auto& r : el.redirections) {
        if (r.merge) continue;
        auto path = redirect_path(r);
        if (!path) continue;
        if (r.stream == 1 || r.stream == 0) {
          if (!r.append) write_file(*path, "", false);
          else files_[*path];  // `>>` creates the file
          file = std::make_unique<FileSink>(*this, *path);
        } else if (!r.append) {
          write_file(*path, "", false);  // the error stream: nothing is written to it here
        }
      }
      if (file) target = file.get();
      if (discard) target = &collected;
      if (el.expr) {
        if (has_input) {
          throw PsError{"Expressions are only allowed as the first element of a pipeline.", "ParserError", el.span, {}};
        }
        PsValue v = eval(*el.expr);
        if (el.expr->kind == Expr::Kind::TypeLiteral) {
          // `[CmdletBinding()]` and lone types: nothing to print.
        } else if (!(el.expr->kind == Expr::Kind::Cast && el.expr->name == "void")) {
          emit_enumerated(v, *target);
        }
      } else {
        run_command(el, has_input ? &input : nullptr, *target);
      }
      if (!last) {
        input = std::move(collected.items);
        has_input = true;
        if (file) input.clear();
      }
    }
    feeding_output_ = saved_feeding;
  }

  // ---- commands ------------------------------------------------------------------------------
  static std::string canonical(const std::string& name) {
    static const std::map<std::string, std::string> kAliases = {
        {"echo", "write-output"}, {"write", "write-output"}, {"%", "foreach-object"}, {"foreach", "foreach-object"},
        {"?", "where-object"},    {"where", "where-object"}, {"select", "select-object"}, {"measure", "measure-object"},
        {"gc", "get-content"},    {"ac", "add-content"},     {"ni", "new-item"},          {"ri", "remove-item"},
        {"del", "remove-item"},   {"erase", "remove-item"},  {"sleep", "start-sleep"},    {"iex", "invoke-expression"},
        {"gci", "get-childitem"}, {"dir", "get-childitem"},  {"cd", "set-location"},      {"chdir", "set-location"},
        {"pwd", "get-location"},  {"gl", "get-location"},    {"sl", "set-location"},      {"oh", "out-host"},
        {"tee", "tee-object"},    {"group", "group-object"}, {"gv", "get-variable"},      {"sv", "set-variable"}};
    std::string key = lower(name);
    auto found = kAliases.find(key);
    return found == kAliases.end() ? key : found->second;
  }

  struct Bound {
    std::map<std::string, PsValue> named;  // canonical lower-case names
    std::vector<PsValue> positional;
    std::vector<Span> positional_spans;
    bool has(const std::string& n) const { return named.count(n) > 0; }
    PsValue get(const std::string& n) const {
      auto f = named.find(n);
      return f == named.end() ? PsValue() : f->second;
    }
  };

  // Binds arguments: `-Name value`, `-Name:value`, switches, abbreviations, positionals.
  Bound bind(const PipelineElement& el, const std::string& cmdlet, const std::vector<std::string>& takes_value,
             const std::vector<std::string>& switches) {
    static const std::vector<std::string> kCommonValue = {"erroraction", "warningaction", "informationaction", "errorvariable",
                                                          "warningvariable", "outvariable", "outbuffer", "pipelinevariable", "informationvariable"};
    static const std::vector<std::string> kCommonSwitch = {"verbose", "debug", "whatif", "confirm"};
    Bound b;
    for (std::size_t i = 0; i < el.args.size(); ++i) {
      const auto& arg = el.args[i];
      if (arg.parameter.empty()) {
        b.positional.push_back(eval(*arg.value));
        b.positional_spans.push_back(arg.span);
        continue;
      }
      std::string given = lower(arg.parameter);
      std::string name;
      bool is_switch = false;
      std::vector<std::string> matches;
      auto consider = [&](const std::vector<std::string>& list, bool sw) {
        for (const auto& n : list) {
          if (n == given) {
            matches = {n};
            name = n;
            is_switch = sw;
            return true;
          }
          if (n.compare(0, given.size(), given) == 0) {
            matches.push_back(n);
            name = n;
            is_switch = sw;
          }
        }
        return false;
      };
      if (!consider(takes_value, false) && !consider(switches, true) && !consider(kCommonValue, false)) consider(kCommonSwitch, true);
      if (matches.size() > 1) {
        throw PsError{"Parameter cannot be processed because the parameter name '" + arg.parameter + "' is ambiguous.", cmdlet, arg.span, {}};
      }
      if (matches.empty()) {
        throw PsError{"A parameter cannot be found that matches parameter name '" + arg.parameter + "'.", cmdlet, arg.span, {}};
      }
      if (arg.value) {
        b.named[name] = eval(*arg.value);
      } else if (is_switch) {
        b.named[name] = PsValue(true);
      } else if (i + 1 < el.args.size() && el.args[i + 1].parameter.empty()) {
        ++i;
        b.named[name] = eval(*el.args[i].value);
      } else {
        throw PsError{"Missing an argument for parameter '" + arg.parameter + "'. Specify a parameter of type 'System.Object' and try again.",
                      cmdlet, arg.span, {}};
      }
    }
    return b;
  }

  // Text written by Out-File / `>`: each object as the console prints it, one line each.
  std::string render_for_file(const PsArray& items, bool no_newline) {
    std::string out;
    for (const auto& item : items) {
      for (const auto& line : format_lines(item)) {
        out += line;
        if (!no_newline) out += '\n';
      }
    }
    return out;
  }

  static PsArray enumerate(const PsValue& v) {
    if (v.is_array()) return v.as_array();
    if (v.is_null()) return {};
    return {v};
  }

  void run_command(const PipelineElement& el, const PsArray* input, Sink& out) {
    std::string name = el.command;
    if (el.command_expr) {
      PsValue target = eval(*el.command_expr);
      if (target.is_block()) {
        std::vector<PsValue> args;
        for (const auto& arg : el.args)
          if (arg.value) args.push_back(eval(*arg.value));
        PsValue r = invoke_block(target, args, nullptr, el.dot_source);
        emit_enumerated(r, out);
        return;
      }
      name = to_string(target);
      if (el.dot_source) {
        notice_unsimulated(name, el.span, "Dot-sourcing `" + name + "` is not simulated: ghaplay does not have the file.");
        return;
      }
    }
    std::string cmd = canonical(name);

    if (auto fn = functions_.find(cmd); fn != functions_.end()) {
      call_function(*fn->second, el, input, out);
      return;
    }

    if (cmd == "write-output") {
      Bound b = bind(el, "Write-Output", {"inputobject"}, {"noenumerate"});
      if (input) for (const auto& v : *input) out.emit(v);
      if (b.has("inputobject")) emit_enumerated(b.get("inputobject"), out);
      for (const auto& v : b.positional) emit_enumerated(v, out);
      return;
    }
    if (cmd == "write-host") {
      Bound b = bind(el, "Write-Host", {"object", "separator", "foregroundcolor", "backgroundcolor"}, {"nonewline"});
      std::string sep = b.has("separator") ? to_string(b.get("separator")) : " ";
      std::vector<PsValue> values = b.positional;
      if (b.has("object")) values.insert(values.begin(), b.get("object"));
      if (input && values.empty()) values = *input;
      std::string line;
      bool first = true;
      for (const auto& v : values) {
        for (const auto& item : enumerate(v)) {
          if (!first) line += sep;
          first = false;
          line += to_string(item);
        }
        if (v.is_array() && v.as_array().empty()) continue;
      }
      if (b.has("nonewline")) {
        result_.log += line;
      } else {
        print_line(line);
      }
      return;
    }
    if (cmd == "write-error") {
      Bound b = bind(el, "Write-Error", {"message", "category", "errorid", "targetobject", "exception", "errorrecord"}, {});
      std::string message = b.has("message") ? to_string(b.get("message")) : "";
      for (const auto& v : b.positional) message += (message.empty() ? "" : " ") + to_string(v);
      if (input && message.empty())
        for (const auto& v : *input) message += to_string(v);
      // $ErrorActionPreference = 'stop' (GitHub's wrapper) makes it terminating.
      throw PsError{message, "Write-Error", el.span, {}};
    }
    if (cmd == "write-warning") {
      Bound b = bind(el, "Write-Warning", {"message"}, {});
      std::string message = b.has("message") ? to_string(b.get("message")) : "";
      for (const auto& v : b.positional) message += to_string(v);
      if (input)
        for (const auto& v : *input) message += to_string(v);
      print_line("WARNING: " + message);
      return;
    }
    if (cmd == "write-verbose" || cmd == "write-debug" || cmd == "write-information" || cmd == "write-progress") {
      return;  // their preference variables default to SilentlyContinue
    }
    if (cmd == "out-null") return;
    if (cmd == "out-host" || cmd == "out-default") {
      if (input)
        for (const auto& v : *input)
          for (const auto& line : format_lines(v)) print_line(line);
      return;
    }
    if (cmd == "out-string") {
      Bound b = bind(el, "Out-String", {"inputobject", "width"}, {"stream", "nonewline"});
      PsArray items = input ? *input : PsArray{};
      if (b.has("inputobject")) items.push_back(b.get("inputobject"));
      std::string text = render_for_file(items, false);
      if (b.has("nonewline") && !text.empty()) text.pop_back();
      out.emit(PsValue(text));
      return;
    }
    if (cmd == "out-file" || cmd == "tee-object") {
      Bound b = bind(el, cmd == "out-file" ? "Out-File" : "Tee-Object", {"filepath", "path", "literalpath", "encoding", "inputobject", "width"},
                     {"append", "nonewline", "force", "noclobber"});
      PsValue path = b.has("filepath") ? b.get("filepath") : b.has("path") ? b.get("path") : b.get("literalpath");
      if (path.is_null() && !b.positional.empty()) path = b.positional[0];
      if (path.is_null()) throw PsError{"Cannot bind argument to parameter 'FilePath' because it is null.", "Out-File", el.span, {}};
      PsArray items = input ? *input : PsArray{};
      if (b.has("inputobject")) items.push_back(b.get("inputobject"));
      write_file(to_string(path), render_for_file(items, b.has("nonewline")), b.has("append"));
      if (cmd == "tee-object")
        for (const auto& v : items) out.emit(v);
      return;
    }
    if (cmd == "add-content" || cmd == "set-content") {
      Bound b = bind(el, cmd == "add-content" ? "Add-Content" : "Set-Content", {"path", "literalpath", "value", "encoding"},
                     {"nonewline", "force", "passthru"});
      PsValue path = b.has("path") ? b.get("path") : b.get("literalpath");
      std::size_t next = 0;
      if (path.is_null() && next < b.positional.size()) path = b.positional[next++];
      if (path.is_null()) throw PsError{"Cannot bind argument to parameter 'Path' because it is null.", el.command, el.span, {}};
      PsArray values;
      if (b.has("value")) {
        values = enumerate(b.get("value"));
      } else if (next < b.positional.size()) {
        values = enumerate(b.positional[next]);
      } else if (input) {
        values = *input;
      }
      std::string text;
      for (const auto& v : values) {
        text += to_string(v);
        if (!b.has("nonewline")) text += '\n';
      }
      for (const auto& p : enumerate(path)) write_file(to_string(p), text, cmd == "add-content");
      return;
    }
    if (cmd == "get-content") {
      Bound b = bind(el, "Get-Content", {"path", "literalpath", "encoding", "totalcount", "tail", "first", "head", "delimiter"}, {"raw", "force"});
      PsValue path = b.has("path") ? b.get("path") : b.has("literalpath") ? b.get("literalpath") : b.positional.empty() ? PsValue() : b.positional[0];
      std::string p = to_string(path);
      auto found = files_.find(p);
      if (found == files_.end()) {
        throw PsError{"Cannot find path '" + p + "' because it does not exist.", "Get-Content", el.span, {}};
      }
      if (b.has("raw")) {
        out.emit(PsValue(found->second));
        return;
      }
      const std::string& content = found->second;
      std::size_t start = 0;
      while (start < content.size()) {
        auto nl = content.find('\n', start);
        std::string line = content.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.emit(PsValue(line));
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      return;
    }
    if (cmd == "test-path") {
      Bound b = bind(el, "Test-Path", {"path", "literalpath", "pathtype"}, {"isvalid"});
      PsValue path = b.has("path") ? b.get("path") : b.has("literalpath") ? b.get("literalpath") : b.positional.empty() ? PsValue() : b.positional[0];
      std::string p = to_string(path);
      std::string lp = lower(p);
      if (lp.rfind("variable:", 0) == 0) {
        std::string var = p.substr(9);
        if (!var.empty() && (var[0] == '\\' || var[0] == '/')) var.erase(0, 1);
        out.emit(PsValue(find_variable(var) != nullptr));
        return;
      }
      if (lp.rfind("env:", 0) == 0) {
        std::string var = p.substr(4);
        if (!var.empty() && (var[0] == '\\' || var[0] == '/')) var.erase(0, 1);
        out.emit(PsValue(env_.count(var) > 0));
        return;
      }
      out.emit(PsValue(files_.count(p) > 0));
      return;
    }
    if (cmd == "remove-item") {
      Bound b = bind(el, "Remove-Item", {"path", "literalpath"}, {"force", "recurse"});
      PsValue path = b.has("path") ? b.get("path") : b.has("literalpath") ? b.get("literalpath") : b.positional.empty() ? PsValue() : b.positional[0];
      for (const auto& p : enumerate(path)) files_.erase(to_string(p));
      return;
    }
    if (cmd == "new-item") {
      Bound b = bind(el, "New-Item", {"path", "name", "itemtype", "value"}, {"force"});
      PsValue path = b.has("path") ? b.get("path") : b.positional.empty() ? PsValue() : b.positional[0];
      std::string p = to_string(path);
      if (b.has("name")) p = join_path(p, to_string(b.get("name")));
      std::string type = lower(to_string(b.get("itemtype")));
      if (type == "directory") return;
      if (files_.count(p) && !b.has("force")) {
        throw PsError{"The file '" + p + "' already exists.", "New-Item", el.span, {}};
      }
      write_file(p, to_string(b.get("value")), false);
      return;
    }
    if (cmd == "join-path") {
      Bound b = bind(el, "Join-Path", {"path", "childpath", "additionalchildpath"}, {"resolve"});
      PsValue path = b.has("path") ? b.get("path") : b.positional.size() > 0 ? b.positional[0] : PsValue();
      PsValue child = b.has("childpath") ? b.get("childpath") : b.positional.size() > 1 ? b.positional[1] : PsValue();
      std::string joined = join_path(to_string(path), to_string(child));
      for (std::size_t i = 2; i < b.positional.size(); ++i) joined = join_path(joined, to_string(b.positional[i]));
      out.emit(PsValue(joined));
      return;
    }
    if (cmd == "foreach-object") {
      Bound b = bind(el, "ForEach-Object", {"process", "begin", "end", "membername", "inputobject"}, {});
      PsValue block = b.has("process") ? b.get("process") : b.positional.empty() ? PsValue() : b.positional[0];
      PsArray items = input ? *input : enumerate(b.get("inputobject"));
      if (b.has("begin") && b.get("begin").is_block()) emit_enumerated(invoke_block(b.get("begin"), {}, nullptr), out);
      for (const auto& item : items) {
        tick(el.span);
        if (block.is_block()) {
          emit_enumerated(invoke_block(block, {}, &item), out);
        } else if (block.is_string()) {
          emit_enumerated(member(item, block.as_string(), el.span), out);
        }
      }
      if (b.has("end") && b.get("end").is_block()) emit_enumerated(invoke_block(b.get("end"), {}, nullptr), out);
      return;
    }
    if (cmd == "where-object") {
      Bound b = bind(el, "Where-Object", {"filterscript", "inputobject", "property", "value", "eq", "ne", "like", "match"}, {});
      PsValue block = b.has("filterscript") ? b.get("filterscript") : b.positional.empty() ? PsValue() : b.positional[0];
      PsArray items = input ? *input : enumerate(b.get("inputobject"));
      for (const auto& item : items) {
        tick(el.span);
        if (block.is_block()) {
          if (truthy(invoke_block(block, {}, &item))) out.emit(item);
        } else if (block.is_string()) {
          PsValue prop = member(item, block.as_string(), el.span);
          bool keep = truthy(prop);
          if (b.has("eq")) keep = compare_eq(prop, b.get("eq"), false);
          if (b.has("ne")) keep = !compare_eq(prop, b.get("ne"), false);
          if (b.has("like")) keep = wildcard_match(to_string(prop), to_string(b.get("like")), true);
          if (b.has("match")) keep = regex_match(to_string(prop), to_string(b.get("match")), true, el.span);
          if (keep) out.emit(item);
        }
      }
      return;
    }
    if (cmd == "select-object") {
      Bound b = bind(el, "Select-Object", {"first", "last", "skip", "expandproperty", "property", "index", "inputobject"}, {"unique"});
      PsArray items = input ? *input : enumerate(b.get("inputobject"));
      if (b.has("expandproperty")) {
        PsArray expanded;
        for (const auto& item : items) {
          for (const auto& v : enumerate(member(item, to_string(b.get("expandproperty")), el.span))) expanded.push_back(v);
        }
        items = std::move(expanded);
      }
      if (b.has("unique")) {
        PsArray unique;
        for (const auto& item : items) {
          bool seen = false;
          for (const auto& u : unique)
            if (compare_eq(u, item, true)) seen = true;
          if (!seen) unique.push_back(item);
        }
        items = std::move(unique);
      }
      if (b.has("skip")) {
        auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, int_of(b.get("skip"), el.span)));
        items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(n, items.size())));
      }
      if (b.has("first")) {
        auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, int_of(b.get("first"), el.span)));
        if (items.size() > n) items.resize(n);
      }
      if (b.has("last")) {
        auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, int_of(b.get("last"), el.span)));
        if (items.size() > n) items.erase(items.begin(), items.end() - static_cast<std::ptrdiff_t>(n));
      }
      if (b.has("property") || !b.positional.empty()) {
        notice_unsupported("Select-Object -Property is not simulated: the objects pass through unchanged.", el.span);
      }
      for (const auto& item : items) out.emit(item);
      return;
    }
    if (cmd == "sort-object") {
      Bound b = bind(el, "Sort-Object", {"property", "inputobject"}, {"descending", "unique", "casesensitive"});
      PsArray items = input ? *input : enumerate(b.get("inputobject"));
      charge(items.size());
      std::stable_sort(items.begin(), items.end(), [&](const PsValue& a, const PsValue& c) { return compare_order(a, c, false, el.span) < 0; });
      if (b.has("descending")) std::reverse(items.begin(), items.end());
      if (b.has("unique")) {
        PsArray unique;
        for (const auto& item : items)
          if (unique.empty() || !compare_eq(unique.back(), item, false)) unique.push_back(item);
        items = std::move(unique);
      }
      for (const auto& item : items) out.emit(item);
      return;
    }
    if (cmd == "measure-object") {
      Bound b = bind(el, "Measure-Object", {"property", "inputobject"}, {"sum", "average", "maximum", "minimum", "character", "line", "word"});
      PsArray items = input ? *input : enumerate(b.get("inputobject"));
      auto result = std::make_shared<PsObject>();
      result->is_hashtable = false;
      result->type_name = "Microsoft.PowerShell.Commands.GenericMeasureInfo";
      result->set("Count", PsValue(static_cast<std::int64_t>(items.size())));
      if (b.has("sum") || b.has("average") || b.has("maximum") || b.has("minimum")) {
        double sum = 0, mn = 0, mx = 0;
        bool first = true;
        for (const auto& item : items) {
          double d = as_double(to_number(item, el.span));
          sum += d;
          mn = first ? d : std::min(mn, d);
          mx = first ? d : std::max(mx, d);
          first = false;
        }
        auto num = [](double d) { return d == std::floor(d) && std::fabs(d) < 1e15 ? PsValue(static_cast<std::int64_t>(d)) : PsValue(d); };
        if (b.has("sum")) result->set("Sum", num(sum));
        if (b.has("average")) result->set("Average", items.empty() ? PsValue() : PsValue(sum / static_cast<double>(items.size())));
        if (b.has("maximum")) result->set("Maximum", num(mx));
        if (b.has("minimum")) result->set("Minimum", num(mn));
      }
      out.emit(PsValue(result));
      return;
    }
    if (cmd == "convertto-json") {
      Bound b = bind(el, "ConvertTo-Json", {"inputobject", "depth", "escapehandling"}, {"compress", "asarray", "enumsasstrings"});
      PsArray items = input ? *input : PsArray{};
      if (b.has("inputobject")) items.push_back(b.get("inputobject"));
      for (const auto& v : b.positional) items.push_back(v);
      if (items.empty()) return;
      PsValue value = items.size() == 1 && !b.has("asarray") ? items[0] : PsValue::array(items);
      if (b.has("asarray") && items.size() == 1 && !items[0].is_array()) value = PsValue::array({items[0]});
      int depth = b.has("depth") ? static_cast<int>(int_of(b.get("depth"), el.span)) : 2;
      bool truncated = false;
      std::string json;
      to_json(value, b.has("compress"), 0, depth, json, truncated);
      if (truncated) print_line("WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of " + std::to_string(depth) + ".");
      out.emit(PsValue(json));
      return;
    }
    if (cmd == "convertfrom-json") {
      Bound b = bind(el, "ConvertFrom-Json", {"inputobject", "depth"}, {"ashashtable", "noenumerate"});
      std::string textv;
      if (b.has("inputobject")) textv = to_string(b.get("inputobject"));
      else if (!b.positional.empty()) textv = to_string(b.positional[0]);
      else if (input) {
        for (std::size_t i = 0; i < input->size(); ++i) textv += (i ? "\n" : "") + to_string((*input)[i]);
      }
      rapidjson::Document doc;
      doc.Parse(textv.c_str(), textv.size());
      if (doc.HasParseError()) {
        throw PsError{"Conversion from JSON failed with error: the text is not valid JSON (at offset " + std::to_string(doc.GetErrorOffset()) + ").",
                      "ConvertFrom-Json", el.span, {}};
      }
      emit_enumerated(from_json(doc, b.has("ashashtable")), out);
      return;
    }
    if (cmd == "start-sleep" || cmd == "clear-host" || cmd == "set-strictmode") return;
    if (cmd == "invoke-expression") {
      notice_unsimulated(name, el.span, "Invoke-Expression is not simulated: ghaplay does not run text as code.");
      return;
    }
    if (cmd == "get-date") {
      notice_unsimulated(name, el.span, "Get-Date is not simulated: the date of a real run is unknown, ghaplay uses $null.");
      return;
    }
    if (cmd == "set-location" || cmd == "push-location" || cmd == "pop-location") {
      notice_unsimulated(name, el.span, "`" + name + "` is not simulated: ghaplay has no directories; paths stay as written.");
      return;
    }
    // Anything else is a program on the runner (git, npm, ./build.sh) or a cmdlet ghaplay lacks.
    notice_unsimulated(name, el.span,
                       "`" + name + "` is not simulated: ghaplay assumes it succeeds and prints nothing.");
    if (name.find('-') == std::string::npos || name.find('/') != std::string::npos || name.find('.') != std::string::npos) {
      set_variable("LASTEXITCODE", PsValue(std::int64_t{0}), "global");
    }
    last_native_ok_ = true;
  }

  static std::string join_path(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    bool slash_a = a.back() == '/' || a.back() == '\\';
    bool slash_b = b.front() == '/' || b.front() == '\\';
    if (slash_a && slash_b) return a + b.substr(1);
    if (slash_a || slash_b) return a + b;
    return a + "/" + b;
  }

  std::int64_t int_of(const PsValue& v, const Span& span) {
    PsValue n = to_number(v, span);
    return n.is_int() ? n.as_int() : numeric::saturating_int64(std::nearbyint(n.as_double()));
  }

  void call_function(const Stmt& fn, const PipelineElement& el, const PsArray* input, Sink& out) {
    if (call_depth_ >= kMaxCallDepth) {
      throw PsError{"The script failed due to call depth overflow.", "InvalidOperation", el.span, {}};
    }
    std::map<std::string, PsValue> named;
    PsArray positional;
    for (std::size_t i = 0; i < el.args.size(); ++i) {
      const auto& arg = el.args[i];
      if (arg.parameter.empty()) {
        positional.push_back(eval(*arg.value));
        continue;
      }
      std::string given = lower(arg.parameter);
      std::string match;
      for (const auto& p : fn.parameters) {
        std::string lp = lower(p);
        if (lp == given) {
          match = lp;
          break;
        }
        if (lp.compare(0, given.size(), given) == 0) match = lp;
      }
      if (match.empty()) {
        throw PsError{"A parameter cannot be found that matches parameter name '" + arg.parameter + "'.", fn.name, arg.span, {}};
      }
      if (arg.value) {
        named[match] = eval(*arg.value);
      } else if (i + 1 < el.args.size() && el.args[i + 1].parameter.empty()) {
        named[match] = eval(*el.args[++i].value);
      } else {
        named[match] = PsValue(true);
      }
    }
    scopes_.emplace_back();
    ++call_depth_;
    struct Restore {
      Interpreter& in;
      ~Restore() {
        in.scopes_.pop_back();
        --in.call_depth_;
      }
    } restore{*this};
    std::size_t next = 0;
    for (std::size_t i = 0; i < fn.parameters.size(); ++i) {
      std::string lp = lower(fn.parameters[i]);
      PsValue value;
      if (named.count(lp)) {
        value = named[lp];
      } else if (next < positional.size()) {
        value = positional[next++];
      } else if (fn.defaults[i]) {
        value = eval(*fn.defaults[i]);
      }
      set_variable(fn.parameters[i], value);
    }
    PsArray rest(positional.begin() + static_cast<std::ptrdiff_t>(std::min(next, positional.size())), positional.end());
    set_variable("args", PsValue::array(rest));
    set_variable("input", PsValue::array(input ? *input : PsArray{}));
    try {
      run_block(*fn.body, out);
    } catch (ReturnSignal&) {
    }
  }

  // Runs a script block: `$_` is `item` when given (ForEach-Object, Where-Object), `$args` the
  // arguments. A new scope, unless dot-sourced.
  PsValue invoke_block(const PsValue& block, const std::vector<PsValue>& args, const PsValue* item, bool dot = false) {
    if (call_depth_ >= kMaxCallDepth) throw PsError{"The script failed due to call depth overflow.", "InvalidOperation", {}, {}};
    if (!dot) scopes_.emplace_back();
    ++call_depth_;
    struct Restore {
      Interpreter& in;
      bool dot;
      ~Restore() {
        if (!dot) in.scopes_.pop_back();
        --in.call_depth_;
      }
    } restore{*this, dot};
    if (item) set_variable("_", *item);
    set_variable("args", PsValue::array(args));
    CollectSink c;
    try {
      run_block(*block.as_block().body, c);
    } catch (ReturnSignal&) {
    }
    return collapse(std::move(c.items));
  }

  // ---- JSON ----------------------------------------------------------------------------------
  static void json_string(const std::string& s, std::string& out) {
    out += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    out += '"';
  }

  // PowerShell 7's ConvertTo-Json: two-space indent, `"key": value`; past -Depth, nested objects
  // become their string form (the classic truncation).
  void to_json(const PsValue& v, bool compress, int level, int depth, std::string& out, bool& truncated) {
    charge(1);
    if (out.size() > kMaxString) throw PsError{"The JSON grew past 8 MB, more than ghaplay simulates.", "ConvertTo-Json", {}, {}};
    auto newline = [&](int indent) {
      if (compress) return;
      out += '\n';
      out += std::string(static_cast<std::size_t>(indent) * 2, ' ');
    };
    switch (v.kind()) {
      case PsValue::Kind::Null: out += "null"; return;
      case PsValue::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
      case PsValue::Kind::Int: out += std::to_string(v.as_int()); return;
      case PsValue::Kind::Double: {
        double d = v.as_double();
        std::string s = format_double(d);
        if (std::isfinite(d) && s.find_first_of(".E") == std::string::npos) s += ".0";
        out += s;
        return;
      }
      case PsValue::Kind::String: json_string(v.as_string(), out); return;
      case PsValue::Kind::ScriptBlock: json_string(v.as_block().text, out); return;
      case PsValue::Kind::Array: {
        if (level > depth) {
          truncated = true;
          json_string(to_string(v), out);
          return;
        }
        const auto& items = v.as_array();
        if (items.empty()) {
          out += "[]";
          return;
        }
        out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (i) out += ',';
          newline(level + 1);
          to_json(items[i], compress, level + 1, depth, out, truncated);
        }
        newline(level);
        out += ']';
        return;
      }
      case PsValue::Kind::Object: {
        if (level > depth) {
          truncated = true;
          json_string(to_string(v), out);
          return;
        }
        const auto& o = v.as_object();
        if (o.properties.empty()) {
          out += "{}";
          return;
        }
        out += '{';
        for (std::size_t i = 0; i < o.properties.size(); ++i) {
          if (i) out += ',';
          newline(level + 1);
          json_string(o.properties[i].first, out);
          out += compress ? ":" : ": ";
          to_json(o.properties[i].second, compress, level + 1, depth, out, truncated);
        }
        newline(level);
        out += '}';
        return;
      }
    }
  }

  PsValue from_json(const rapidjson::Value& v, bool as_hashtable) {
    charge(1);
    if (v.IsNull()) return PsValue();
    if (v.IsBool()) return PsValue(v.GetBool());
    if (v.IsInt64()) return PsValue(static_cast<std::int64_t>(v.GetInt64()));
    if (v.IsNumber()) return PsValue(v.GetDouble());
    if (v.IsString()) return PsValue(std::string(v.GetString(), v.GetStringLength()));
    if (v.IsArray()) {
      PsArray items;
      for (const auto& item : v.GetArray()) items.push_back(from_json(item, as_hashtable));
      return PsValue::array(std::move(items));
    }
    auto o = std::make_shared<PsObject>();
    o->is_hashtable = as_hashtable;
    o->type_name = as_hashtable ? "System.Collections.Hashtable" : "System.Management.Automation.PSCustomObject";
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      o->set(std::string(it->name.GetString(), it->name.GetStringLength()), from_json(it->value, as_hashtable));
    }
    return PsValue(o);
  }

  // ---- expressions ---------------------------------------------------------------------------
  PsValue eval(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.value;
      case Expr::Kind::Expandable: {
        std::string out;
        for (const auto& part : e.parts) {
          if (!part.expr) {
            out += part.text;
          } else {
            out += to_string(eval(*part.expr));
          }
          if (out.size() > kMaxString) checked(out, e.span);
        }
        return PsValue(std::move(out));
      }
      case Expr::Kind::Variable: return get_variable(e);
      case Expr::Kind::EnvVariable: return env_get(e.name);
      case Expr::Kind::SubExpr: {
        CollectSink c;
        run_block(*e.block, c);
        return collapse(std::move(c.items));
      }
      case Expr::Kind::ArrayExpr: {
        CollectSink c;
        run_block(*e.block, c);
        return PsValue::array(std::move(c.items));
      }
      case Expr::Kind::Paren: return expression_value(*e.statement);
      case Expr::Kind::ArrayLiteral: {
        PsArray items;
        for (const auto& child : e.children) items.push_back(eval(*child));
        return PsValue::array(std::move(items));
      }
      case Expr::Kind::Hashtable: {
        auto o = std::make_shared<PsObject>();
        for (std::size_t i = 0; i < e.keys.size(); ++i) {
          PsValue key = eval(*e.keys[i]);
          PsValue value = eval(*e.children[i]);
          std::string k = to_string(key);
          if (o->find(k)) {
            throw PsError{"Duplicate keys '" + k + "' are not allowed in hash literals.", "ParserError", e.keys[i]->span, {}};
          }
          o->set(k, value);
        }
        return PsValue(o);
      }
      case Expr::Kind::ScriptBlock: {
        auto b = std::make_shared<PsScriptBlock>();
        b->body = e.block;
        b->text = e.block_text;
        return PsValue(b);
      }
      case Expr::Kind::Unary: return unary_op(e);
      case Expr::Kind::Binary: return binary_chain(e);
      case Expr::Kind::Member: return member(eval(*e.children[0]), e.name, e.span);
      case Expr::Kind::Method: return method(e);
      case Expr::Kind::Index: return index(eval(*e.children[0]), eval(*e.children[1]), e.span);
      case Expr::Kind::StaticMember: return static_member(e);
      case Expr::Kind::StaticMethod: return static_method(e);
      case Expr::Kind::Cast: return cast(e.name, eval(*e.children[0]), e.span);
      case Expr::Kind::TypeLiteral: return PsValue(e.value);
    }
    return PsValue();
  }

  PsValue unary_op(const Expr& e) {
    const std::string& op = e.name;
    PsValue v = eval(*e.children[0]);
    if (op == "-not" || op == "!") return PsValue(!truthy(v));
    if (op == ",") return PsValue::array({v});
    if (op == "-join") {
      std::string out;
      for (const auto& item : enumerate(v)) out += to_string(item);
      return PsValue(checked(std::move(out), e.span));
    }
    if (op == "-split") {
      PsArray parts;
      for (const auto& item : enumerate(v)) {
        std::string s = to_string(item);
        std::size_t i = 0;
        while (i < s.size()) {
          while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
          std::size_t b = i;
          while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
          if (i > b) parts.push_back(PsValue(s.substr(b, i - b)));
        }
      }
      return PsValue::array(std::move(parts));
    }
    if (op == "-bnot") return PsValue(~int_of(v, e.span));
    PsValue n = to_number(v, e.span);
    if (op == "+") return n;
    if (n.is_int()) {
      if (n.as_int() == std::numeric_limits<std::int64_t>::min()) return PsValue(-static_cast<double>(n.as_int()));
      return PsValue(-n.as_int());
    }
    return PsValue(-n.as_double());
  }

  PsValue binary_chain(const Expr& e) {
    PsValue left = eval(*e.children[0]);
    for (std::size_t i = 0; i < e.ops.size(); ++i) {
      const std::string& op = e.ops[i];
      const Expr& right_expr = *e.children[i + 1];
      if (op == "-and") {
        left = PsValue(truthy(left) && truthy(eval(right_expr)));
        continue;
      }
      if (op == "-or") {
        left = PsValue(truthy(left) || truthy(eval(right_expr)));
        continue;
      }
      left = binary_op(left, eval(right_expr), op, e.span);
    }
    return left;
  }

  PsValue arithmetic(const PsValue& a, const PsValue& b, const std::string& op, const Span& span) {
    PsValue x = to_number(a, span), y = to_number(b, span);
    if (x.is_int() && y.is_int()) {
      std::int64_t l = x.as_int(), r = y.as_int(), out = 0;
      if (op == "+" && !__builtin_add_overflow(l, r, &out)) return PsValue(out);
      if (op == "-" && !__builtin_sub_overflow(l, r, &out)) return PsValue(out);
      if (op == "*" && !__builtin_mul_overflow(l, r, &out)) return PsValue(out);
      if (op == "/" || op == "%") {
        if (r == 0) throw PsError{"Attempted to divide by zero.", "RuntimeException", span, {}};
        if (op == "%") return PsValue(r == -1 ? 0 : l % r);
        if (r != -1 && l % r == 0) return PsValue(l / r);
        return PsValue(static_cast<double>(l) / static_cast<double>(r));
      }
    }
    double l = as_double(x), r = as_double(y);
    if (op == "+") return PsValue(l + r);
    if (op == "-") return PsValue(l - r);
    if (op == "*") return PsValue(l * r);
    if (op == "/") {
      if (r == 0) throw PsError{"Attempted to divide by zero.", "RuntimeException", span, {}};
      return PsValue(l / r);
    }
    if (op == "%") {
      if (r == 0) throw PsError{"Attempted to divide by zero.", "RuntimeException", span, {}};
      return PsValue(std::fmod(l, r));
    }
    return PsValue();
  }

  PsValue binary_op(const PsValue& l, const PsValue& r, const std::string& op, const Span& span) {
    if (op == "+") {
      if (l.is_null()) return r;
      if (l.is_array()) {
        PsArray items = l.as_array();
        for (const auto& v : enumerate(r)) items.push_back(v);
        if (r.is_null()) items.push_back(r);
        if (items.size() > kMaxArray) throw PsError{"An array grew past " + std::to_string(kMaxArray) + " items, more than ghaplay simulates.", "InvalidOperation", span, {}};
        charge(items.size() / 64);
        return PsValue::array(std::move(items));
      }
      if (l.is_string()) return PsValue(checked(l.as_string() + to_string(r), span));
      if (l.is_object() && r.is_object()) {
        auto o = std::make_shared<PsObject>(l.as_object());
        for (const auto& [k, v] : r.as_object().properties) {
          if (o->find(k)) throw PsError{"Item has already been added. Key in dictionary: '" + k + "'", "OperationStopped", span, {}};
          o->set(k, v);
        }
        return PsValue(o);
      }
      return arithmetic(l, r, "+", span);
    }
    if (op == "*") {
      if (l.is_string()) {
        std::int64_t n = int_of(r, span);
        if (n < 0) n = 0;
        if (static_cast<double>(l.as_string().size()) * static_cast<double>(n) > kMaxString) checked(std::string(kMaxString + 1, ' '), span);
        std::string out;
        for (std::int64_t i = 0; i < n; ++i) out += l.as_string();
        return PsValue(std::move(out));
      }
      if (l.is_array()) {
        std::int64_t n = int_of(r, span);
        PsArray items;
        if (static_cast<double>(l.as_array().size()) * static_cast<double>(std::max<std::int64_t>(n, 0)) > kMaxArray) {
          throw PsError{"An array grew past " + std::to_string(kMaxArray) + " items, more than ghaplay simulates.", "InvalidOperation", span, {}};
        }
        for (std::int64_t i = 0; i < n; ++i) items.insert(items.end(), l.as_array().begin(), l.as_array().end());
        return PsValue::array(std::move(items));
      }
      return arithmetic(l, r, op, span);
    }
    if (op == "-" || op == "/" || op == "%") return arithmetic(l, r, op, span);
    if (op == "..") {
      std::int64_t a = int_of(l, span), b = int_of(r, span);
      std::uint64_t count = static_cast<std::uint64_t>(a > b ? a - b : b - a) + 1;
      if (count > kMaxArray) throw PsError{"The range grew past " + std::to_string(kMaxArray) + " items, more than ghaplay simulates.", "InvalidOperation", span, {}};
      charge(static_cast<std::size_t>(count / 16));
      PsArray items;
      items.reserve(static_cast<std::size_t>(count));
      for (std::int64_t i = a;; i += (a <= b ? 1 : -1)) {
        items.push_back(PsValue(i));
        if (i == b) break;
      }
      return PsValue::array(std::move(items));
    }
    if (op == "-f") return PsValue(format_operator(to_string(l), enumerate(r), span));
    if (op == "-xor") return PsValue(truthy(l) != truthy(r));
    if (op == "-band") return PsValue(int_of(l, span) & int_of(r, span));
    if (op == "-bor") return PsValue(int_of(l, span) | int_of(r, span));
    if (op == "-bxor") return PsValue(int_of(l, span) ^ int_of(r, span));
    if (op == "-shl") return PsValue(int_of(l, span) << (int_of(r, span) & 63));
    if (op == "-shr") return PsValue(int_of(l, span) >> (int_of(r, span) & 63));
    if (op == "-is" || op == "-isnot") {
      bool is = type_matches(l, lower(to_string(r)));
      return PsValue(op == "-is" ? is : !is);
    }
    if (op == "-as") {
      try {
        return cast(lower(to_string(r)), l, span);
      } catch (PsError&) {
        return PsValue();
      }
    }
    // Comparison operators, with their c/i variants.
    std::string base = op.substr(1);
    bool case_sensitive = false;
    if (base.size() > 2 && (base[0] == 'c' || base[0] == 'i') && base != "contains" && base != "in" && base != "is" && base != "isnot") {
      case_sensitive = base[0] == 'c';
      base = base.substr(1);
    }
    if (base == "contains" || base == "notcontains" || base == "in" || base == "notin") {
      bool reversed = base == "in" || base == "notin";
      const PsValue& collection = reversed ? r : l;
      const PsValue& item = reversed ? l : r;
      bool found = false;
      for (const auto& v : enumerate(collection)) {
        if (compare_eq(v, item, case_sensitive)) {
          found = true;
          break;
        }
      }
      if (collection.is_null() && item.is_null()) found = false;
      return PsValue(base == "contains" || base == "in" ? found : !found);
    }
    if (base == "join") {
      std::string sep = to_string(r), out;
      bool first = true;
      for (const auto& v : enumerate(l)) {
        if (!first) out += sep;
        first = false;
        out += to_string(v);
      }
      return PsValue(checked(std::move(out), span));
    }
    if (base == "split") {
      PsArray parts;
      PsArray args = enumerate(r);
      std::string pattern = args.empty() ? " " : to_string(args[0]);
      std::int64_t max = args.size() > 1 ? int_of(args[1], span) : 0;
      for (const auto& v : enumerate(l)) {
        for (auto& p : regex_split(to_string(v), pattern, !case_sensitive, max, span)) parts.push_back(PsValue(std::move(p)));
      }
      return PsValue::array(std::move(parts));
    }
    if (base == "replace") {
      PsArray args = enumerate(r);
      std::string pattern = args.empty() ? "" : to_string(args[0]);
      std::string replacement = args.size() > 1 ? to_string(args[1]) : "";
      if (l.is_array()) {
        PsArray out;
        for (const auto& v : l.as_array()) out.push_back(PsValue(regex_replace(to_string(v), pattern, replacement, !case_sensitive, span)));
        return PsValue::array(std::move(out));
      }
      return PsValue(regex_replace(to_string(l), pattern, replacement, !case_sensitive, span));
    }
    // The rest filter when the left side is an array.
    auto test = [&](const PsValue& v) -> bool {
      if (base == "eq") return compare_eq(v, r, case_sensitive);
      if (base == "ne") return !compare_eq(v, r, case_sensitive);
      if (base == "gt") return compare_order(v, r, case_sensitive, span) > 0;
      if (base == "ge") return compare_order(v, r, case_sensitive, span) >= 0;
      if (base == "lt") return compare_order(v, r, case_sensitive, span) < 0;
      if (base == "le") return compare_order(v, r, case_sensitive, span) <= 0;
      if (base == "like") return wildcard_match(to_string(v), to_string(r), !case_sensitive);
      if (base == "notlike") return !wildcard_match(to_string(v), to_string(r), !case_sensitive);
      if (base == "match" || base == "notmatch") {
        bool m = regex_match(to_string(v), to_string(r), !case_sensitive, span, !l.is_array());
        return base == "match" ? m : !m;
      }
      throw PsError{"The operator '" + op + "' is not simulated.", "ParserError", span, {}};
    };
    if (l.is_array()) {
      PsArray out;
      for (const auto& v : l.as_array())
        if (test(v)) out.push_back(v);
      return PsValue::array(std::move(out));
    }
    return PsValue(test(l));
  }

  bool type_matches(const PsValue& v, const std::string& type) {
    std::string t = type;
    if (t.rfind("system.", 0) == 0) t = t.substr(7);
    if (t == "string") return v.is_string();
    if (t == "int" || t == "int32" || t == "int64" || t == "long") return v.is_int();
    if (t == "double" || t == "float" || t == "single" || t == "decimal") return v.is_double();
    if (t == "bool" || t == "boolean") return v.is_bool();
    if (t == "array" || t == "object[]") return v.is_array();
    if (t == "hashtable" || t == "collections.hashtable") return v.is_object() && v.as_object().is_hashtable;
    if (t == "scriptblock") return v.is_block();
    if (t == "object" || t == "psobject") return !v.is_null();
    return false;
  }

  // -eq: the left side's type decides how the right converts; strings ignore case.
  bool compare_eq(const PsValue& l, const PsValue& r, bool case_sensitive) {
    if (l.is_null()) return r.is_null();
    if (r.is_null()) return false;
    if (l.is_string()) {
      std::string rs = to_string(r);
      return case_sensitive ? l.as_string() == rs : text::fold_case(l.as_string()) == text::fold_case(rs);
    }
    if (l.is_number()) {
      PsValue n;
      if (r.is_number()) n = r;
      else if (r.is_bool()) n = PsValue(std::int64_t{r.as_bool() ? 1 : 0});
      else if (r.is_string()) {
        if (!parse_number(r.as_string(), n) || text::trim(r.as_string()).empty()) return false;
      } else return false;
      if (l.is_int() && n.is_int()) return l.as_int() == n.as_int();
      return as_double(l) == as_double(n);
    }
    if (l.is_bool()) return l.as_bool() == truthy(r);
    if (l.is_object() || l.is_array() || l.is_block()) {
      if (l.kind() != r.kind()) return false;
      if (l.is_object()) return &l.as_object() == &r.as_object();
      if (l.is_array()) return &l.as_array() == &r.as_array();
      return &l.as_block() == &r.as_block();
    }
    return false;
  }

  int compare_order(const PsValue& l, const PsValue& r, bool case_sensitive, const Span& span) {
    if (l.is_null() && r.is_null()) return 0;
    if (l.is_null()) return -1;
    if (r.is_null()) return 1;
    if (l.is_number() || l.is_bool()) {
      PsValue a = to_number(l, span), b = to_number(r, span);
      if (a.is_int() && b.is_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
      double x = as_double(a), y = as_double(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    std::string a = to_string(l), b = to_string(r);
    if (!case_sensitive) {
      a = text::fold_case(a);
      b = text::fold_case(b);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // -like: * ? [a-z], backtick escapes; the whole string must match.
  static bool wildcard_match(const std::string& s, const std::string& p, bool ignore_case) {
    auto eq = [&](char a, char b) {
      return ignore_case ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)) : a == b;
    };
    // Match one pattern element at p[pi] against s[si]; returns the pattern length used, 0 on mismatch.
    auto one = [&](std::size_t pi, char c) -> std::size_t {
      if (p[pi] == '?') return 1;
      if (p[pi] == '`' && pi + 1 < p.size()) return eq(p[pi + 1], c) ? 2 : 0;
      if (p[pi] == '[') {
        auto end = p.find(']', pi + 1);
        if (end == std::string::npos) return eq('[', c) ? 1 : 0;
        bool hit = false;
        for (std::size_t k = pi + 1; k < end; ++k) {
          if (k + 2 < end && p[k + 1] == '-') {
            char lo = p[k], hi = p[k + 2];
            char cc = ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
            char lo2 = ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(lo))) : lo;
            char hi2 = ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(hi))) : hi;
            if (cc >= lo2 && cc <= hi2) hit = true;
            k += 2;
          } else if (eq(p[k], c)) {
            hit = true;
          }
        }
        return hit ? end - pi + 1 : 0;
      }
      return eq(p[pi], c) ? 1 : 0;
    };
    std::size_t si = 0, pi = 0, star_p = std::string::npos, star_s = 0;
    while (si < s.size()) {
      if (pi < p.size() && p[pi] == '*') {
        star_p = ++pi;
        star_s = si;
        continue;
      }
      if (pi < p.size()) {
        std::size_t used = one(pi, s[si]);
        if (used) {
          pi += used;
          ++si;
          continue;
        }
      }
      if (star_p == std::string::npos) return false;
      pi = star_p;
      si = ++star_s;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
  }

  Regex compile(const std::string& pattern, bool ignore_case, const Span& span) {
    Regex re(pattern, ignore_case);
    if (!re.ok()) throw PsError{re.error(), "InvalidOperation", span, {}};
    return re;
  }

  std::optional<RegexMatch> search(const Regex& re, const std::string& s, std::size_t from, const Span& span) {
    tick(span);
    std::size_t steps = kRegexSteps;
    bool exhausted = false;
    auto m = re.search(s, from, steps, exhausted);
    if (exhausted) {
      throw PsError{"The regular expression needs more steps than ghaplay allows (" + std::to_string(kRegexSteps) + ").", "InvalidOperation", span, {}};
    }
    return m;
  }

  bool regex_match(const std::string& s, const std::string& pattern, bool ignore_case, const Span& span, bool set_matches = true) {
    Regex re = compile(pattern, ignore_case, span);
    auto m = search(re, s, 0, span);
    if (m && set_matches) {
      auto matches = std::make_shared<PsObject>();
      for (std::size_t g = 0; g < m->groups.size(); ++g) {
        if (m->groups[g].start == std::string::npos) continue;
        std::string key = m->names[g].empty() ? std::to_string(g) : m->names[g];
        matches->set(key, PsValue(s.substr(m->groups[g].start, m->groups[g].end - m->groups[g].start)));
      }
      set_variable("Matches", PsValue(matches));
    }
    return m.has_value();
  }

  std::string regex_replace(const std::string& s, const std::string& pattern, const std::string& replacement, bool ignore_case, const Span& span) {
    Regex re = compile(pattern, ignore_case, span);
    std::string out;
    std::size_t pos = 0;
    while (pos <= s.size()) {
      auto m = search(re, s, pos, span);
      if (!m) break;
      auto [start, end] = std::pair(m->groups[0].start, m->groups[0].end);
      out.append(s, pos, start - pos);
      // $0 $1 ${name} $$ in the replacement.
      for (std::size_t i = 0; i < replacement.size(); ++i) {
        char c = replacement[i];
        if (c == '$' && i + 1 < replacement.size()) {
          char n = replacement[i + 1];
          if (n == '$') {
            out += '$';
            ++i;
            continue;
          }
          std::string key;
          std::size_t consumed = 0;
          if (std::isdigit(static_cast<unsigned char>(n))) {
            std::size_t k = i + 1;
            while (k < replacement.size() && std::isdigit(static_cast<unsigned char>(replacement[k]))) ++k;
            key = replacement.substr(i + 1, k - i - 1);
            consumed = k - i - 1;
          } else if (n == '{') {
            auto close = replacement.find('}', i + 2);
            if (close != std::string::npos) {
              key = replacement.substr(i + 2, close - i - 2);
              consumed = close - i;
            }
          }
          if (!key.empty()) {
            std::size_t g = std::string::npos;
            for (std::size_t k = 0; k < m->groups.size(); ++k) {
              if ((m->names[k].empty() && std::to_string(k) == key) || (!m->names[k].empty() && m->names[k] == key)) g = k;
            }
            if (g != std::string::npos) {
              if (m->groups[g].start != std::string::npos) out.append(s, m->groups[g].start, m->groups[g].end - m->groups[g].start);
              i += consumed;
              continue;
            }
          }
        }
        out += c;
      }
      if (out.size() > kMaxString) checked(out, span);
      if (end == start) {
        if (start < s.size()) {
          std::size_t next = start;
          text::decode_utf8(s, next);
          out.append(s, start, next - start);
          pos = next;
        } else {
          pos = s.size() + 1;
        }
      } else {
        pos = end;
      }
    }
    if (pos < s.size()) out.append(s, pos, std::string::npos);
    return out;
  }

  std::vector<std::string> regex_split(const std::string& s, const std::string& pattern, bool ignore_case, std::int64_t max, const Span& span) {
    Regex re = compile(pattern, ignore_case, span);
    std::vector<std::string> parts;
    std::size_t pos = 0, last = 0;
    while (pos <= s.size()) {
      if (max > 0 && static_cast<std::int64_t>(parts.size()) >= max - 1) break;
      auto m = search(re, s, pos, span);
      if (!m) break;
      auto start = m->groups[0].start, end = m->groups[0].end;
      if (end == start) {
        if (start >= s.size()) break;
        if (start == 0) {
          std::size_t next = 0;
          text::decode_utf8(s, next);
          pos = next;
          continue;
        }
      }
      parts.push_back(s.substr(last, start - last));
      for (std::size_t g = 1; g < m->groups.size(); ++g) {
        if (m->groups[g].start != std::string::npos) parts.push_back(s.substr(m->groups[g].start, m->groups[g].end - m->groups[g].start));
      }
      last = end;
      if (end == start) {
        std::size_t next = start;
        text::decode_utf8(s, next);
        pos = next;
      } else {
        pos = end;
      }
      if (parts.size() > kMaxArray) throw PsError{"-split produced too many parts.", "InvalidOperation", span, {}};
    }
    parts.push_back(s.substr(std::min(last, s.size())));
    return parts;
  }

  // "{0} and {1,5:N2}" -f a, b
  std::string format_operator(const std::string& format, const PsArray& args, const Span& span) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
      char c = format[i];
      if (c == '{' && i + 1 < format.size() && format[i + 1] == '{') {
        out += '{';
        ++i;
        continue;
      }
      if (c == '}' && i + 1 < format.size() && format[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      if (c != '{') {
        out += c;
        continue;
      }
      auto close = format.find('}', i);
      if (close == std::string::npos) throw PsError{"Error formatting a string: Input string was not in a correct format..", "InvalidOperation", span, {}};
      std::string spec = format.substr(i + 1, close - i - 1);
      i = close;
      std::string fmt;
      auto colon = spec.find(':');
      if (colon != std::string::npos) {
        fmt = spec.substr(colon + 1);
        spec = spec.substr(0, colon);
      }
      int align = 0;
      auto comma = spec.find(',');
      if (comma != std::string::npos) {
        align = std::atoi(spec.c_str() + comma + 1);
        spec = spec.substr(0, comma);
      }
      PsValue index_value;
      if (!parse_number(spec, index_value) || !index_value.is_int() || text::trim(spec).empty()) {
        throw PsError{"Error formatting a string: Input string was not in a correct format..", "InvalidOperation", span, {}};
      }
      std::int64_t index = index_value.as_int();
      if (index < 0 || index >= static_cast<std::int64_t>(args.size())) {
        throw PsError{"Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..",
                      "InvalidOperation", span, {}};
      }
      std::string piece = format_value(args[static_cast<std::size_t>(index)], fmt, span);
      if (align > 0 && piece.size() < static_cast<std::size_t>(align)) piece = std::string(static_cast<std::size_t>(align) - piece.size(), ' ') + piece;
      if (align < 0 && piece.size() < static_cast<std::size_t>(-align)) piece += std::string(static_cast<std::size_t>(-align) - piece.size(), ' ');
      out += piece;
      if (out.size() > kMaxString) checked(out, span);
    }
    return out;
  }

  std::string format_value(const PsValue& v, const std::string& fmt, const Span& span) {
    if (fmt.empty() || !v.is_number()) return to_string(v);
    char kind = static_cast<char>(std::toupper(static_cast<unsigned char>(fmt[0])));
    int digits = fmt.size() > 1 ? std::atoi(fmt.c_str() + 1) : -1;
    digits = std::min(digits, 30);
    double d = as_double(v);
    auto fixed = [](double x, int n) {
      char buf[400];
      std::snprintf(buf, sizeof buf, "%.*f", n, x);
      return std::string(buf);
    };
    auto group = [](std::string s) {
      std::string sign;
      if (!s.empty() && s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
      }
      auto dot = s.find('.');
      std::string ip = s.substr(0, dot), fp = dot == std::string::npos ? "" : s.substr(dot);
      std::string out;
      for (std::size_t i = 0; i < ip.size(); ++i) {
        if (i && (ip.size() - i) % 3 == 0) out += ',';
        out += ip[i];
      }
      return sign + out + fp;
    };
    if (std::fabs(d) > 1e300) return to_string(v);
    switch (kind) {
      case 'N': return group(fixed(d, digits < 0 ? 2 : digits));
      case 'F': return fixed(d, digits < 0 ? 2 : digits);
      case 'P': return fixed(d * 100, digits < 0 ? 2 : digits) + " %";
      case 'D': {
        std::string s = std::to_string(std::llabs(int_of(v, span)));
        if (digits > 0 && s.size() < static_cast<std::size_t>(digits)) s = std::string(static_cast<std::size_t>(digits) - s.size(), '0') + s;
        return (int_of(v, span) < 0 ? "-" : "") + s;
      }
      case 'X': {
        char buf[32];
        std::snprintf(buf, sizeof buf, fmt[0] == 'x' ? "%llx" : "%llX", static_cast<unsigned long long>(int_of(v, span)));
        std::string s = buf;
        if (digits > 0 && s.size() < static_cast<std::size_t>(digits)) s = std::string(static_cast<std::size_t>(digits) - s.size(), '0') + s;
        return s;
      }
      default: {
        // Custom patterns such as "0.00" or "#,##0": decimals after the dot, grouping with a comma.
        auto dot = fmt.find('.');
        int decimals = 0;
        if (dot != std::string::npos) {
          for (std::size_t i = dot + 1; i < fmt.size() && (fmt[i] == '0' || fmt[i] == '#'); ++i) ++decimals;
        }
        if (fmt.find_first_not_of("0#.,") != std::string::npos) return to_string(v);
        std::string s = fixed(d, decimals);
        return fmt.find(',') != std::string::npos ? group(s) : s;
      }
    }
  }

  // ---- members, methods, indexes ---------------------------------------------------------------
  PsValue member(const PsValue& v, const std::string& name, const Span& span) {
    std::string n = lower(name);
    switch (v.kind()) {
      case PsValue::Kind::Null: return PsValue();
      case PsValue::Kind::String:
        if (n == "length") return PsValue(static_cast<std::int64_t>(text::utf16_length(v.as_string())));
        if (n == "count") return PsValue(std::int64_t{1});
        return PsValue();
      case PsValue::Kind::Array: {
        if (n == "count" || n == "length") return PsValue(static_cast<std::int64_t>(v.as_array().size()));
        // Member enumeration: the property of every item.
        PsArray out;
        for (const auto& item : v.as_array()) {
          PsValue m = member(item, name, span);
          if (!m.is_null()) out.push_back(m);
        }
        return collapse(std::move(out));
      }
      case PsValue::Kind::Object: {
        const auto& o = v.as_object();
        if (const PsValue* p = o.find(name)) return *p;
        if (n == "count" && o.is_hashtable) return PsValue(static_cast<std::int64_t>(o.properties.size()));
        if (n == "keys" || n == "values") {
          PsArray out;
          for (const auto& [k, val] : o.properties) out.push_back(n == "keys" ? PsValue(k) : val);
          return PsValue::array(std::move(out));
        }
        if (n == "message" && !o.display.empty()) return PsValue(o.display);
        return PsValue();
      }
      default:
        if (n == "count" || n == "length") return PsValue(std::int64_t{1});
        return PsValue();
    }
  }

  PsValue index(const PsValue& v, const PsValue& i, const Span& span) {
    if (v.is_null()) throw PsError{"Cannot index into a null array.", "InvalidOperation", span, {}};
    if (v.is_object()) {
      if (i.is_array()) {
        PsArray out;
        for (const auto& k : i.as_array()) out.push_back(index(v, k, span));
        return PsValue::array(std::move(out));
      }
      const PsValue* p = v.as_object().find(to_string(i));
      return p ? *p : PsValue();
    }
    auto pick = [&](const PsValue& key) -> PsValue {
      std::int64_t k = int_of(key, span);
      if (v.is_array()) {
        const auto& items = v.as_array();
        if (k < 0) k += static_cast<std::int64_t>(items.size());
        if (k < 0 || k >= static_cast<std::int64_t>(items.size())) return PsValue();
        return items[static_cast<std::size_t>(k)];
      }
      if (v.is_string()) {
        std::vector<std::string> chars;
        const std::string& s = v.as_string();
        for (std::size_t p = 0; p < s.size();) {
          std::size_t b = p;
          text::decode_utf8(s, p);
          chars.push_back(s.substr(b, p - b));
        }
        if (k < 0) k += static_cast<std::int64_t>(chars.size());
        if (k < 0 || k >= static_cast<std::int64_t>(chars.size())) return PsValue();
        return PsValue(chars[static_cast<std::size_t>(k)]);
      }
      if (k == 0 || k == -1) return v;
      return PsValue();
    };
    if (i.is_array()) {
      PsArray out;
      for (const auto& k : i.as_array()) out.push_back(pick(k));
      return PsValue::array(std::move(out));
    }
    return pick(i);
  }

  // Code-point view of a string, for Substring/IndexOf (equal to UTF-16 indexes in the BMP).
  static std::vector<std::size_t> offsets(const std::string& s) {
    std::vector<std::size_t> o;
    for (std::size_t p = 0; p < s.size();) {
      o.push_back(p);
      text::decode_utf8(s, p);
    }
    o.push_back(s.size());
    return o;
  }

  PsValue method(const Expr& e) {
    PsValue target = eval(*e.children[0]);
    std::vector<PsValue> args;
    for (std::size_t i = 1; i < e.children.size(); ++i) args.push_back(eval(*e.children[i]));
    std::string n = lower(e.name);
    auto arg_string = [&](std::size_t i) { return i < args.size() ? to_string(args[i]) : std::string(); };
    if (target.is_null()) throw PsError{"You cannot call a method on a null-valued expression.", "InvalidOperation", e.span, {}};
    if (n == "tostring" && args.empty()) return PsValue(to_string(target));
    if (n == "gettype") {
      auto t = std::make_shared<PsObject>();
      t->is_hashtable = false;
      std::string full = type_name(target);
      t->type_name = "System.RuntimeType";
      t->display = full;
      t->set("Name", PsValue(full.substr(full.rfind('.') == std::string::npos ? 0 : full.rfind('.') + 1)));
      t->set("FullName", PsValue(full));
      return PsValue(t);
    }
    if (target.is_string()) {
      const std::string& s = target.as_string();
      if (n == "toupper" || n == "toupperinvariant") {
        std::string out = s;
        for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return PsValue(out);
      }
      if (n == "tolower" || n == "tolowerinvariant") return PsValue(lower(s));
      if (n == "trim" || n == "trimstart" || n == "trimend") {
        std::string chars = args.empty() ? std::string() : arg_string(0);
        auto strip = [&](unsigned char c) { return chars.empty() ? std::isspace(c) != 0 : chars.find(static_cast<char>(c)) != std::string::npos; };
        std::size_t b = 0, end = s.size();
        if (n != "trimend")
          while (b < end && strip(static_cast<unsigned char>(s[b]))) ++b;
        if (n != "trimstart")
          while (end > b && strip(static_cast<unsigned char>(s[end - 1]))) --end;
        return PsValue(s.substr(b, end - b));
      }
      if (n == "replace" && args.size() == 2) {
        std::string from = arg_string(0), to = arg_string(1), out;
        if (from.empty()) throw PsError{"Exception calling \"Replace\" with \"2\" argument(s): \"String cannot be of zero length. (Parameter 'oldValue')\"", "MethodInvocationException", e.span, {}};
        std::size_t pos = 0;
        for (;;) {
          auto f = s.find(from, pos);
          if (f == std::string::npos) break;
          out.append(s, pos, f - pos);
          out += to;
          pos = f + from.size();
          if (out.size() > kMaxString) checked(out, e.span);
        }
        out.append(s, pos, std::string::npos);
        return PsValue(out);
      }
      if (n == "split") {
        std::string sep = args.empty() ? " " : arg_string(0);
        bool remove_empty = args.size() > 1 && (iequals(arg_string(1), "RemoveEmptyEntries") || arg_string(1) == "1");
        PsArray parts;
        std::size_t pos = 0;
        // A one-character string or a [char] separates at that character; longer strings
        // separate at the whole string (.NET's String.Split(string) overload).
        for (;;) {
          auto f = sep.empty() ? std::string::npos : s.find(sep, pos);
          std::string piece = s.substr(pos, f == std::string::npos ? std::string::npos : f - pos);
          if (!(remove_empty && piece.empty())) parts.push_back(PsValue(piece));
          if (f == std::string::npos) break;
          pos = f + sep.size();
          if (parts.size() > kMaxArray) break;
        }
        return PsValue::array(std::move(parts));
      }
      if (n == "contains") return PsValue(s.find(arg_string(0)) != std::string::npos);
      if (n == "startswith") return PsValue(s.compare(0, arg_string(0).size(), arg_string(0)) == 0);
      if (n == "endswith") {
        std::string suffix = arg_string(0);
        return PsValue(s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0);
      }
      if (n == "indexof" || n == "lastindexof") {
        std::string needle = arg_string(0);
        auto f = n == "indexof" ? s.find(needle) : s.rfind(needle);
        if (f == std::string::npos) return PsValue(std::int64_t{-1});
        auto o = offsets(s);
        return PsValue(static_cast<std::int64_t>(std::lower_bound(o.begin(), o.end(), f) - o.begin()));
      }
      if (n == "substring") {
        auto o = offsets(s);
        std::int64_t count = static_cast<std::int64_t>(o.size()) - 1;
        std::int64_t start = args.empty() ? 0 : int_of(args[0], e.span);
        std::int64_t len = args.size() > 1 ? int_of(args[1], e.span) : count - start;
        if (start < 0 || start > count || len < 0 || start + len > count) {
          throw PsError{"Exception calling \"Substring\" with \"" + std::to_string(args.size()) +
                            "\" argument(s): \"startIndex cannot be larger than length of string.\"",
                        "MethodInvocationException", e.span, {}};
        }
        return PsValue(s.substr(o[static_cast<std::size_t>(start)], o[static_cast<std::size_t>(start + len)] - o[static_cast<std::size_t>(start)]));
      }
      if (n == "padleft" || n == "padright") {
        std::int64_t width = args.empty() ? 0 : int_of(args[0], e.span);
        std::string fill = args.size() > 1 ? arg_string(1) : " ";
        std::int64_t len = static_cast<std::int64_t>(offsets(s).size()) - 1;
        if (width <= len || fill.empty()) return target;
        if (width > static_cast<std::int64_t>(kMaxString)) checked(std::string(kMaxString + 1, ' '), e.span);
        std::string padding;
        for (std::int64_t i = len; i < width; ++i) padding += fill.substr(0, 1);
        return PsValue(n == "padleft" ? padding + s : s + padding);
      }
      if (n == "equals") return PsValue(s == arg_string(0));
      if (n == "insert") {
        auto o = offsets(s);
        std::int64_t at = int_of(args.empty() ? PsValue() : args[0], e.span);
        if (at < 0 || at >= static_cast<std::int64_t>(o.size())) return target;
        return PsValue(s.substr(0, o[static_cast<std::size_t>(at)]) + arg_string(1) + s.substr(o[static_cast<std::size_t>(at)]));
      }
    }
    if (target.is_array()) {
      auto& items = target.as_array();
      if (n == "contains") {
        for (const auto& v : items)
          if (compare_eq(v, args.empty() ? PsValue() : args[0], true)) return PsValue(true);
        return PsValue(false);
      }
      if (n == "indexof") {
        for (std::size_t i = 0; i < items.size(); ++i)
          if (compare_eq(items[i], args.empty() ? PsValue() : args[0], true)) return PsValue(static_cast<std::int64_t>(i));
        return PsValue(std::int64_t{-1});
      }
      if ((n == "foreach" || n == "where") && !args.empty() && args[0].is_block()) {
        PsArray out;
        for (const auto& item : items) {
          tick(e.span);
          PsValue r = invoke_block(args[0], {}, &item);
          if (n == "foreach") {
            for (const auto& x : enumerate(r)) out.push_back(x);
          } else if (truthy(r)) {
            out.push_back(item);
          }
        }
        return PsValue::array(std::move(out));
      }
      if (n == "add") {
        throw PsError{"Exception calling \"Add\" with \"1\" argument(s): \"Collection was of a fixed size.\"", "MethodInvocationException", e.span, {}};
      }
    }
    if (target.is_object()) {
      auto& o = target.as_object();
      if (n == "containskey" || n == "contains") return PsValue(o.find(arg_string(0)) != nullptr);
      if (n == "add") {
        std::string key = arg_string(0);
        if (o.find(key)) {
          throw PsError{"Exception calling \"Add\" with \"2\" argument(s): \"Item has already been added. Key in dictionary: '" + key + "'  Key being added: '" + key + "'\"",
                        "MethodInvocationException", e.span, {}};
        }
        o.set(key, args.size() > 1 ? args[1] : PsValue());
        return PsValue();
      }
      if (n == "remove") {
        std::string key = arg_string(0);
        auto& props = o.properties;
        props.erase(std::remove_if(props.begin(), props.end(), [&](const auto& p) { return iequals(p.first, key); }), props.end());
        return PsValue();
      }
    }
    if (target.is_block() && (n == "invoke" || n == "invokereturnasis")) return invoke_block(target, args, nullptr);
    notice_unsimulated("." + e.name + "()", e.span, "The method `" + e.name + "()` on " + type_name(target) + " is not simulated; ghaplay uses $null.");
    return PsValue();
  }

  static std::string short_type(const std::string& type) {
    std::string t = lower(type);
    if (t.rfind("system.", 0) == 0) t = t.substr(7);
    return t;
  }

  PsValue static_member(const Expr& e) {
    std::string type = short_type(e.value.as_string());
    std::string n = lower(e.name);
    if (type == "environment" && n == "newline") return PsValue("\n");
    if (type == "string" && n == "empty") return PsValue("");
    if ((type == "int" || type == "int32") && n == "maxvalue") return PsValue(std::int64_t{std::numeric_limits<std::int32_t>::max()});
    if ((type == "int" || type == "int32") && n == "minvalue") return PsValue(std::int64_t{std::numeric_limits<std::int32_t>::min()});
    if (type == "math" && n == "pi") return PsValue(3.141592653589793);
    if (type == "io.path" && (n == "directoryseparatorchar" || n == "altdirectoryseparatorchar")) return PsValue("/");
    notice_unsimulated("[" + e.value.as_string() + "]::" + e.name, e.span, "`[" + e.value.as_string() + "]::" + e.name + "` is not simulated; ghaplay uses $null.");
    return PsValue();
  }

  PsValue static_method(const Expr& e) {
    std::string type = short_type(e.value.as_string());
    std::string n = lower(e.name);
    std::vector<PsValue> args;
    for (const auto& child : e.children) args.push_back(eval(*child));
    auto arg = [&](std::size_t i) { return i < args.size() ? args[i] : PsValue(); };
    auto str = [&](std::size_t i) { return to_string(arg(i)); };
    if (type == "environment") {
      if (n == "getenvironmentvariable") return env_get(str(0));
      if (n == "setenvironmentvariable") {
        if (arg(1).is_null() || str(1).empty()) env_.erase(str(0));
        else env_[str(0)] = str(1);
        return PsValue();
      }
    }
    if (type == "io.file") {
      if (n == "appendalltext" || n == "writealltext") {
        write_file(str(0), str(1), n == "appendalltext");
        return PsValue();
      }
      if (n == "appendalllines" || n == "writealllines") {
        std::string content;
        for (const auto& line : enumerate(arg(1))) content += to_string(line) + "\n";
        write_file(str(0), content, n == "appendalllines");
        return PsValue();
      }
      if (n == "readalltext" || n == "readalllines") {
        auto found = files_.find(str(0));
        if (found == files_.end()) {
          throw PsError{"Exception calling \"" + e.name + "\" with \"1\" argument(s): \"Could not find file '" + str(0) + "'.\"",
                        "MethodInvocationException", e.span, {}};
        }
        if (n == "readalltext") return PsValue(found->second);
        PsArray lines;
        std::string content = found->second;
        std::size_t start = 0;
        while (start < content.size()) {
          auto nl = content.find('\n', start);
          std::string line = content.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          lines.push_back(PsValue(line));
          if (nl == std::string::npos) break;
          start = nl + 1;
        }
        return PsValue::array(std::move(lines));
      }
      if (n == "exists") return PsValue(files_.count(str(0)) > 0);
    }
    if (type == "io.path" && n == "combine") {
      std::string out;
      for (std::size_t i = 0; i < args.size(); ++i) {
        std::string part = str(i);
        out = (!part.empty() && part[0] == '/') ? part : join_path(out, part);
      }
      return PsValue(out);
    }
    if (type == "string") {
      if (n == "isnullorempty") return PsValue(str(0).empty());
      if (n == "isnullorwhitespace") return PsValue(text::trim(str(0)).empty());
      if (n == "join") {
        std::string sep = str(0), out;
        PsArray items;
        for (std::size_t i = 1; i < args.size(); ++i)
          for (const auto& v : enumerate(args[i])) items.push_back(v);
        for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + to_string(items[i]);
        return PsValue(checked(std::move(out), e.span));
      }
      if (n == "format" && !args.empty()) {
        PsArray rest(args.begin() + 1, args.end());
        if (rest.size() == 1 && rest[0].is_array()) rest = rest[0].as_array();
        return PsValue(format_operator(str(0), rest, e.span));
      }
      if (n == "concat") {
        std::string out;
        for (const auto& a : args) out += to_string(a);
        return PsValue(checked(std::move(out), e.span));
      }
    }
    if (type == "math") {
      auto d = [&](std::size_t i) { return as_double(to_number(arg(i), e.span)); };
      auto num = [](double x) { return x == std::floor(x) && std::fabs(x) < 9e15 ? PsValue(static_cast<std::int64_t>(x)) : PsValue(x); };
      if (n == "max" || n == "min") {
        PsValue a = to_number(arg(0), e.span), b = to_number(arg(1), e.span);
        bool pick_a = n == "max" ? as_double(a) >= as_double(b) : as_double(a) <= as_double(b);
        return pick_a ? a : b;
      }
      if (n == "abs") {
        PsValue a = to_number(arg(0), e.span);
        return a.is_int() ? PsValue(a.as_int() < 0 ? -a.as_int() : a.as_int()) : PsValue(std::fabs(a.as_double()));
      }
      if (n == "floor") return num(std::floor(d(0)));
      if (n == "ceiling") return num(std::ceil(d(0)));
      if (n == "truncate") return num(std::trunc(d(0)));
      if (n == "round") {
        int digits = args.size() > 1 ? static_cast<int>(int_of(arg(1), e.span)) : 0;
        double scale = std::pow(10.0, digits);
        double r = std::nearbyint(d(0) * scale) / scale;  // banker's rounding, like .NET
        return digits == 0 ? num(r) : PsValue(r);
      }
      if (n == "pow") return PsValue(std::pow(d(0), d(1)));
      if (n == "sqrt") return PsValue(std::sqrt(d(0)));
    }
    if ((type == "int" || type == "int32" || type == "int64" || type == "long" || type == "double") && (n == "parse" || n == "tryparse")) {
      PsValue v;
      bool ok = parse_number(str(0), v) && !text::trim(str(0)).empty();
      if (n == "tryparse") return PsValue(ok);
      if (!ok) {
        throw PsError{"Exception calling \"Parse\" with \"1\" argument(s): \"The input string '" + str(0) + "' was not in a correct format.\"",
                      "MethodInvocationException", e.span, {}};
      }
      return type == "double" ? PsValue(as_double(v)) : v;
    }
    notice_unsimulated("[" + e.value.as_string() + "]::" + e.name + "()", e.span,
                       "`[" + e.value.as_string() + "]::" + e.name + "()` is not simulated; ghaplay uses $null.");
    return PsValue();
  }

  PsValue cast(const std::string& type_in, const PsValue& v, const Span& span) {
    std::string type = short_type(type_in);
    if (type == "void") return PsValue();
    if (type == "string") return v.is_null() ? PsValue("") : PsValue(to_string(v));
    if (type == "int" || type == "int32" || type == "int64" || type == "long" || type == "byte" || type == "int16") {
      if (v.is_null()) return PsValue(std::int64_t{0});
      PsValue n = to_number(v, span);
      if (n.is_double()) {
        double r = std::nearbyint(n.as_double());  // [int]2.5 -> 2, [int]3.5 -> 4
        if (!(std::fabs(r) < 9.2e18)) throw PsError{"Cannot convert value \"" + to_string(v) + "\" to type \"System.Int32\".", "InvalidArgument", span, {}};
        return PsValue(static_cast<std::int64_t>(r));
      }
      return n;
    }
    if (type == "double" || type == "float" || type == "single" || type == "decimal") {
      if (v.is_null()) return PsValue(0.0);
      return PsValue(as_double(to_number(v, span)));
    }
    if (type == "bool" || type == "boolean" || type == "switch") return PsValue(truthy(v));
    if (type == "array" || type == "object[]" || type == "string[]" || type == "int[]") {
      PsArray items = enumerate(v);
      if (type == "string[]")
        for (auto& item : items) item = PsValue(to_string(item));
      if (type == "int[]")
        for (auto& item : items) item = cast("int", item, span);
      return PsValue::array(std::move(items));
    }
    if (type == "char") {
      if (v.is_int()) {
        std::string out;
        text::append_utf8(out, static_cast<char32_t>(v.as_int()));
        return PsValue(out);
      }
      return PsValue(to_string(v).substr(0, 1));
    }
    if (type == "ordered" || type == "hashtable" || type == "collections.hashtable") {
      if (v.is_object()) return v;
      throw PsError{"Cannot convert the \"" + to_string(v) + "\" value of type \"" + type_name(v) + "\" to type \"System.Collections.Hashtable\".",
                    "InvalidArgument", span, {}};
    }
    if (type == "pscustomobject" || type == "psobject") {
      if (v.is_object()) {
        auto o = std::make_shared<PsObject>(v.as_object());
        o->is_hashtable = false;
        o->type_name = "System.Management.Automation.PSCustomObject";
        return PsValue(o);
      }
      return v;
    }
    if (type == "regex" || type == "object" || type == "scriptblock") return v;
    notice_unsupported("The cast to [" + type_in + "] is not simulated; the value passes through unchanged.", span);
    return v;
  }

  // ---- state -----------------------------------------------------------------------------------
  const ScriptInput& input_;
  ScriptResult& result_;
  std::string_view source_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> files_;
  std::vector<std::size_t> line_starts_;
  std::vector<std::unordered_map<std::string, PsValue>> scopes_;
  std::unordered_map<std::string, const Stmt*> functions_;
  std::shared_ptr<Block> root_;
  std::size_t budget_;
  std::size_t steps_ = 0;
  int call_depth_ = 0;
  bool feeding_output_ = false;
  bool last_native_ok_ = true;
  bool log_cut_ = false;
  Position current_;

  friend class LogSink;
  friend class FileSink;
};

void LogSink::emit(const PsValue& v) {
  for (const auto& line : in_.format_lines(v)) in_.print_line(line);
}

void FileSink::emit(const PsValue& v) {
  std::string text;
  for (const auto& line : in_.format_lines(v)) text += line + "\n";
  in_.write_file(path_, text, true);
}

}  // namespace
}  // namespace pwsh

ScriptResult run_pwsh(const ScriptInput& input) {
  ScriptResult result;
  // Nothing escapes: an engine failure becomes exit code 1 and a line in the log.
  auto engine_failure = [&](const std::string& message) {
    result.log += "ghaplay: " + message + "\n";
    result.exit_code = 1;
    result.files = input.files;
    result.work = input.step_budget;
    result.notices.push_back({ScriptNotice::Kind::Unsupported, message, 0, 0, "", false});
  };
  try {
    pwsh::Interpreter interpreter(input, result);
    interpreter.run();
  } catch (const std::bad_alloc&) {
    engine_failure("the script needed more memory than the simulator has.");
  } catch (const std::exception& e) {
    engine_failure(std::string("internal error in the pwsh simulator: ") + e.what());
  } catch (...) {
    engine_failure("internal error in the pwsh simulator.");
  }
  return result;
}

}  // namespace ghaplay::scripts
