#pragma once
// The interpreter of the Python subset, shared by interpreter.cc (statements, expressions, names,
// calls, tracebacks), builtins.cc (built-in functions, methods of str/list/dict/file, the modules
// os, sys, json, re, math) and format.cc (str(), repr(), format specs, `%`, str.format).
//
// What CPython does that matters in a workflow, and what ghaplay does instead:
// - The whole file is compiled first: a SyntaxError anywhere and nothing runs.
// - stdout is block-buffered on a runner (a pipe, no PYTHONUNBUFFERED): stderr reaches the log at
//   once, stdout when 8 KB have gathered, on flush, before a traceback, and at exit.
// - Integers have 64 bits (Python's are unbounded): past that, OverflowError.
// - Programs and libraries ghaplay cannot run (subprocess, requests...) are calls that return None
//   with an UnsimulatedCommand notice.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "scripts/python/ast.h"
#include "scripts/python/parser.h"
#include "scripts/python/value.h"
#include "scripts/script.h"

namespace ghaplay::scripts::python {

// The runner writes the script to `<temp>/<guid>.py`; a fixed name keeps results reproducible.
inline constexpr const char* kScriptPath = "/home/runner/work/_temp/script.py";
inline constexpr std::size_t kMaxString = 8u << 20;  // bytes in one string, file or log
inline constexpr std::size_t kMaxItems = 1u << 20;   // items in one list, dict or set
inline constexpr int kMaxCallDepth = 200;            // nested calls (CPython: 1000)
inline constexpr int kMaxReprDepth = 100;            // nested containers printed or dumped
inline constexpr std::size_t kStdoutBuffer = 8192;   // CPython's buffer on a pipe
// C++ stack the interpreter may use (deep expressions inside deep calls): well inside the 8 MB of
// a native main thread and the 5 MB of ghaplay's WebAssembly module.
// AddressSanitizer's frames are larger (about 11 KB per Python call), so its build gets twice the
// room, still half of the main thread's 8 MB: a script stops at the same depth, with the same
// message, in every build, which the hostile corpus compares.
#if defined(__SANITIZE_ADDRESS__)  // GCC
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)  // clang
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif
inline constexpr std::size_t kMaxStackBytes = (kAddressSanitizer ? 2u : 1u) * (2u << 20);
// In WebAssembly the engine's own call stack (about 1 MB in V8, with Emscripten's exception
// trampolines) runs out first: measured on the -Oz build under node, about 650 nested Python
// calls or 12000 nested expressions fill it. Depth is counted in units (an expression 1, a call
// kCallUnits) and kept under half of that.
inline constexpr int kCallUnits = 20;
inline constexpr int kMaxDepthUnits = 6000;

// One line of a traceback. `at` is the node whose carets CPython 3.12 would draw.
struct TraceEntry {
  std::string file;
  int line = 0;
  std::string function;
  const Expr* at = nullptr;
  bool has_source = true;  // false for frames of the standard library (`File "<frozen os>"`)
  std::string text;        // the line and carets of a library frame, as CPython prints them
};

// A Python exception on its way up. `traceback` grows as it leaves each frame (innermost first).
struct PyException {
  PyValue value;  // an Exception object
  std::vector<TraceEntry> traceback;
  std::shared_ptr<PyException> context;  // the exception being handled when this one was raised
  bool from_cause = false;               // `raise ... from X`: context is the explicit cause
  bool suppress_context = false;         // `raise ... from None`
  std::size_t last_frame = static_cast<std::size_t>(-1);  // index of the frame last added
};

struct BudgetSignal {};

// Names assigned in a function body are its locals (CPython decides this at compile time).
struct FunctionInfo {
  std::unordered_set<std::string> locals, globals, nonlocals;
};

struct Scope {
  std::unordered_map<std::string, PyValue> vars;
  std::shared_ptr<Scope> parent;       // the enclosing function's scope (closures); null: globals
  const FunctionInfo* info = nullptr;  // null for the module
};

struct Frame {
  std::string name;  // "<module>" or the function's name
  std::shared_ptr<Scope> scope;
  const Stmt* stmt = nullptr;  // the statement running
  const Expr* at = nullptr;    // the operation running (for carets), null: the whole statement
  std::vector<std::unordered_map<std::string, PyValue>> comprehension;  // innermost last
  PyValue return_value;
};

struct Args {
  std::vector<PyValue> positional;
  std::vector<std::pair<std::string, PyValue>> keywords;

  const PyValue* keyword(std::string_view name) const;
};

class Interpreter;
// A built-in function or method: `self` is the receiver of a method (None for a function).
using BuiltinFn = PyValue (*)(Interpreter& in, const PyValue& self, Args& args);
using BuiltinTable = std::unordered_map<std::string, BuiltinFn>;
// The built-in named `name` ("len", "str.upper", "os.getenv"...), or null (builtins.cc).
BuiltinFn find_builtin(const std::string& name);
void add_functions(BuiltinTable& table);  // builtins.cc: functions and modules
void add_methods(BuiltinTable& table);    // methods.cc: methods of str, list, dict, set, files, re

class Interpreter {
 public:
  Interpreter(const ScriptInput& input, ScriptResult& result);
  ~Interpreter();
  void run();

  // ---- errors -------------------------------------------------------------------------------
  [[noreturn]] void raise(const std::string& type, const std::string& message);
  [[noreturn]] void raise_args(const std::string& type, std::vector<PyValue> args);
  [[noreturn]] void raise_exception(PyException e);
  PyValue make_exception(const std::string& type, std::vector<PyValue> args);
  bool exception_matches(const std::string& type, const std::string& handler) const;
  void tick(std::size_t steps = 1);
  void notice_unsimulated(const std::string& command, const std::string& message);
  void notice_unsupported(const std::string& message);

  // ---- values (format.cc) --------------------------------------------------------------------
  std::string str(const PyValue& v);
  std::string repr(const PyValue& v);
  std::string ascii(const PyValue& v);
  std::string type_name(const PyValue& v) const;
  std::string format_value(const PyValue& v, const std::string& spec);
  std::string percent_format(const std::string& format, const PyValue& args);
  std::string str_format(const std::string& format, Args& args);
  std::string json_dumps(const PyValue& v, const Args& options);
  PyValue json_loads(const std::string& text);

  // ---- protocols -----------------------------------------------------------------------------
  bool truthy(const PyValue& v);
  bool equals(const PyValue& a, const PyValue& b, int depth = 0);
  bool less(const PyValue& a, const PyValue& b, const char* op = "<", int depth = 0);
  bool contains(const PyValue& container, const PyValue& item);
  std::int64_t length(const PyValue& v);
  std::vector<PyValue> to_list(const PyValue& iterable);
  PyValue get_attr(const PyValue& target, const std::string& name);
  PyValue get_item(const PyValue& target, const PyValue& key);
  void set_item(const PyValue& target, const PyValue& key, PyValue value);
  void del_item(const PyValue& target, const PyValue& key);
  PyValue call(const PyValue& callee, Args& args);
  PyValue binary(const std::string& op, const PyValue& a, const PyValue& b, bool augmented = false);
  void check_hashable(const PyValue& key, int depth = 0);
  void check_stack();
  [[noreturn]] void too_deep();
  int depth_units_ = 0;
  PyValue builtin(const std::string& name, PyValue self = PyValue());
  PyValue type_object(const std::string& name);
  PyValue exception_type(const std::string& name);
  PyValue module(const std::string& name);
  PyValue new_list(std::vector<PyValue> items);
  PyValue new_string(std::string s);
  std::int64_t index_arg(const PyValue& v, const char* what);
  std::string str_arg(const PyValue& v, const char* what);

  // Files (builtins.cc): the in-memory files of the run, stdout/stderr buffers.
  void write_stdout(const std::string& text);
  void write_stderr(const std::string& text);
  void flush_stdout();
  void write_file(PyObject& file, const std::string& text);
  PyValue open_file(const PyValue& path, const std::string& mode);

  // ---- the rest: used by the files of the interpreter only (builtins reach into its state) -----
  // statements
  enum class Flow { Normal, Break, Continue, Return };
  Flow exec_body(const Body& body);
  Flow exec(const Stmt& s);
  Flow exec_try(const Stmt& s);
  Flow exec_with(const Stmt& s, std::size_t item);
  void exec_import(const Stmt& s);
  void exec_function_def(const Stmt& s);
  // expressions
  PyValue eval(const Expr& e);
  PyValue eval_node(const Expr& e);
  PyValue eval_call(const Expr& e);
  PyValue eval_compare(const Expr& e);
  PyValue eval_fstring(const std::vector<FPart>& parts);
  PyValue eval_comprehension(const Expr& e);
  void comprehension_loop(const Expr& e, std::size_t level, const std::function<void()>& body);
  PyValue eval_subscript(const Expr& e);
  PyValue slice(const PyValue& target, const Expr& slice_expr);
  void assign(const Expr& target, PyValue value);
  void del(const Expr& target);
  PyValue unary(const std::string& op, const PyValue& v);
  // names
  PyValue lookup(const std::string& name, const Expr* at);
  void store(const std::string& name, PyValue value);
  void unbind(const std::string& name, const Expr* at);
  const FunctionInfo& function_info(const void* node, const std::vector<std::string>& params, const Body* body);
  // calls
  PyValue call_function(PyObject& fn, Args& args);
  PyValue call_builtin(PyObject& fn, Args& args);
  PyValue call_type(const std::string& name, Args& args);
  void bind_arguments(PyObject& fn, const std::vector<std::string>& params, const std::string& star,
                      const std::string& double_star, Args& args, Scope& scope);
  // output
  void print_traceback(const PyException& e);
  std::string format_traceback_entries(const std::vector<TraceEntry>& entries);
  std::string source_line(int line) const;
  std::string caret_line(const TraceEntry& entry, std::string_view line_text, std::size_t indent) const;
  std::string exception_line(const PyValue& exc);
  void finish(int exit_code);
  Frame& frame() { return frames_.back(); }
  TraceEntry entry_for(const Frame& f) const;
  int exit_code_for(const PyValue& code);
  void mark_feeding_output(std::size_t notices_before);

  // builtins.cc
  void init_builtins();

  const ScriptInput& input_;
  ScriptResult& result_;
  std::string source_;
  std::vector<std::size_t> line_starts_;
  std::shared_ptr<Module> module_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> files_;
  std::string stdout_pending_;
  bool unbuffered_ = false;
  bool log_cut_ = false;
  std::size_t steps_ = 0;
  std::size_t budget_ = 0;
  std::shared_ptr<Scope> globals_;
  std::unordered_map<std::string, PyValue> builtins_;
  std::unordered_map<std::string, PyValue> modules_;
  std::unordered_map<std::string, PyValue> types_;
  std::deque<Frame> frames_;
  std::vector<std::weak_ptr<Scope>> all_scopes_;  // cleared at the end: closures form cycles
  ContainerLog containers_;                       // cleared at the end: containers form cycles
  ContainerLog* previous_log_ = nullptr;
  std::unordered_map<const void*, std::unique_ptr<FunctionInfo>> function_infos_;
  std::vector<std::shared_ptr<PyException>> handling_;  // exceptions inside `except` blocks
  std::size_t statement_notices_ = 0;                  // notices before the current statement
  bool storing_comprehension_ = false;                 // assignments go to the comprehension's names
  std::vector<const void*> repr_stack_;                // containers being printed (cycles)
  PyValue stdout_file_, stderr_file_;
  std::string output_path_;  // $GITHUB_OUTPUT at the start, for feeds_output
  const char* stack_base_ = nullptr;
};

// Python's sorted(): stable, by precomputed keys; a failing comparison leaves `items` unsorted
// (methods.cc).
std::vector<PyValue> sort_list(Interpreter& in, std::vector<PyValue> items, const PyValue* key, bool reverse);

// The closest candidate, as CPython 3.12's "Did you mean" picks it (the first best wins), or "".
std::string suggest_name(const std::string& name, const std::vector<std::string>& candidates);

// Code points of a str (Python indexes and measures text by code points).
std::size_t code_points(std::string_view s);
bool is_ascii(std::string_view s);
// Byte offset of each code point, plus the end: offsets.size() == code_points(s) + 1.
std::vector<std::size_t> code_point_offsets(std::string_view s);

}  // namespace ghaplay::scripts::python
