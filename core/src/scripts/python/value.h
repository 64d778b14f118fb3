#pragma once
// The values of the Python subset: None, bool, int (64-bit), float, str, list/tuple/set, dict, and
// objects (functions, built-ins, modules, files, exceptions, ranges, things ghaplay does not
// simulate).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace ghaplay::scripts::python {

class PyValue;
struct PyObject;
struct Stmt;
struct Expr;
struct Scope;

// Containers and objects hand their values to `bury` when they die, so that freeing a list nested
// 100000 deep is a loop, not a recursion (CPython's "trashcan").
struct PySeq {
  enum class Kind { List, Tuple, Set } kind = Kind::List;
  std::vector<PyValue> items;
  ~PySeq();
};

class PyDict {
 public:
  PyDict() = default;
  PyDict(const PyDict&) = default;
  PyDict& operator=(const PyDict&) = default;
  ~PyDict();
  const PyValue* find(const PyValue& key) const;
  PyValue* find(const PyValue& key);
  void set(const PyValue& key, PyValue value);
  bool erase(const PyValue& key);
  void clear();
  std::size_t size() const { return entries_.size(); }
  const std::vector<std::pair<PyValue, PyValue>>& entries() const { return entries_; }

  // The key as it hashes: 1, 1.0 and True are one key, as in Python.
  static std::string hash_key(const PyValue& key);

 private:
  std::vector<std::pair<PyValue, PyValue>> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

class PyValue {
 public:
  enum class Kind { None, Bool, Int, Float, Str, Seq, Dict, Object };

  PyValue() = default;
  PyValue(bool b) : data_(b) {}
  PyValue(int i) : data_(static_cast<std::int64_t>(i)) {}
  PyValue(std::int64_t i) : data_(i) {}
  PyValue(double d) : data_(d) {}
  PyValue(std::string s) : data_(std::move(s)) {}
  PyValue(const char* s) : data_(std::string(s)) {}
  PyValue(std::shared_ptr<PySeq> s) : data_(std::move(s)) {}
  PyValue(std::shared_ptr<PyDict> d) : data_(std::move(d)) {}
  PyValue(std::shared_ptr<PyObject> o) : data_(std::move(o)) {}

  // New containers (noted in `container_log` while a run lasts).
  static PyValue list(std::vector<PyValue> items = {});
  static PyValue tuple(std::vector<PyValue> items = {});
  static PyValue set(std::vector<PyValue> items = {});  // items already distinct
  static PyValue dict();

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_none() const { return kind() == Kind::None; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_float() const { return kind() == Kind::Float; }
  bool is_number() const { return is_bool() || is_int() || is_float(); }
  bool is_str() const { return kind() == Kind::Str; }
  bool is_seq() const { return kind() == Kind::Seq; }
  bool is_list() const { return is_seq() && seq().kind == PySeq::Kind::List; }
  bool is_tuple() const { return is_seq() && seq().kind == PySeq::Kind::Tuple; }
  bool is_set() const { return is_seq() && seq().kind == PySeq::Kind::Set; }
  bool is_dict() const { return kind() == Kind::Dict; }
  bool is_object() const { return kind() == Kind::Object; }

  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  const std::string& as_str() const { return std::get<std::string>(data_); }
  PySeq& seq() const { return *std::get<std::shared_ptr<PySeq>>(data_); }
  PyDict& dict_ref() const { return *std::get<std::shared_ptr<PyDict>>(data_); }
  PyObject& object() const { return *std::get<std::shared_ptr<PyObject>>(data_); }
  const std::shared_ptr<PyObject>& object_ptr() const { return std::get<std::shared_ptr<PyObject>>(data_); }
  const void* identity() const;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<PySeq>,
               std::shared_ptr<PyDict>, std::shared_ptr<PyObject>>
      data_;
};

// Everything that is not plain data. One struct with a kind, so that the interpreter can switch on it.
struct PyObject {
  enum class Kind {
    Function,     // a `def` or a lambda: `def_node` points into the parsed module (kept alive by `owner`)
    Builtin,      // a built-in function or a bound method (`self` is the receiver)
    Module,       // os, sys, json, re... (`name`)
    File,         // open(): `path`, `mode`, `closed`, `read_pos`
    Exception,    // an exception instance: `name` is its type, `args` its arguments
    ExceptionType,// KeyError, ValueError...: calling it makes an instance
    Range,        // range(start, stop, step)
    Unsimulated,  // a module, attribute or result ghaplay does not simulate (`name` is the dotted path)
    Environ,      // os.environ: reads and writes the script's environment
    Match,        // a re match: `subject`, `groups`, `group_names`
    Type,         // str, int, list...: callable conversions (`name`)
    Pattern,      // re.compile(): `name` is the pattern, `flags` its flags
  };
  Kind kind = Kind::Builtin;
  std::string name;
  PyValue self;
  // Function: a `def` or a lambda of the parsed module (which outlives every value of the run),
  // its default values (evaluated once, at definition) and the scope of the function it was
  // defined in (null at module level: names then resolve in the globals).
  const Stmt* def = nullptr;
  const Expr* lambda = nullptr;
  std::shared_ptr<Scope> closure;
  std::vector<PyValue> defaults;
  // File
  std::string path;
  std::string mode;
  bool closed = false;
  std::size_t read_pos = 0;
  // Exception
  std::vector<PyValue> args;
  // Range
  std::int64_t start = 0, stop = 0, step = 1;
  // Match
  std::string subject;
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // npos start: the group did not take part
  std::vector<std::string> group_names;
  std::int64_t flags = 0;  // Pattern
  // Module attributes.
  std::shared_ptr<PyDict> attrs;
  ~PyObject();
};

std::shared_ptr<PyObject> make_object(PyObject::Kind kind, std::string name);

// Destroys `values` without recursing into nested containers (see PySeq).
void bury(std::vector<PyValue>& values) noexcept;

// Every container made while a run lasts, so that the run can break the reference cycles a
// script makes (`l.append(l)`) when it ends: shared_ptr alone would never free them.
class ContainerLog {
 public:
  void add(const std::shared_ptr<PySeq>& s);
  void add(const std::shared_ptr<PyDict>& d);
  void clear_all();  // empties every container still alive

 private:
  void compact();
  std::vector<std::weak_ptr<PySeq>> seqs_;
  std::vector<std::weak_ptr<PyDict>> dicts_;
  std::size_t next_compact_ = 4096;
};

// The log of the run on this thread (null outside a run).
extern thread_local ContainerLog* container_log;

// Python's repr() of a float: shortest round-trip digits, exponent form from 1e+16 and below 1e-04.
std::string float_repr(double d);
// repr() of a str: single quotes unless the text holds ' and no ".
std::string str_repr(std::string_view s);

}  // namespace ghaplay::scripts::python
