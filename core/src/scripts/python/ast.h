#pragma once
// The syntax tree of the Python subset. The whole module is parsed before anything runs, as
// CPython does: a SyntaxError anywhere and no line runs.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "scripts/python/value.h"

namespace ghaplay::scripts::python {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

// 1-based line, 1-based column (code points), and the byte offset where the node starts.
struct Pos {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;
};

struct Comprehension {
  ExprPtr target;
  ExprPtr iter;
  std::vector<ExprPtr> conditions;
};

// One piece of an f-string: text, or {expr!conversion:spec} (the spec is itself an f-string).
struct FPart {
  std::string text;
  ExprPtr expr;
  char conversion = 0;             // 'r', 's', 'a' or 0
  std::vector<FPart> spec;         // empty: no format spec
  bool has_spec = false;
  std::string expr_text;           // `{x=}` debugging form prints this
  bool self_documenting = false;
};

struct Argument {
  std::string keyword;  // empty for positional
  ExprPtr value;
  bool star = false;        // *args
  bool double_star = false; // **kwargs
};

struct Expr {
  enum class Kind {
    Name, Constant, FString, List, Tuple, Set, Dict, BinOp, UnaryOp, BoolOp, Compare, Call, Attribute,
    Subscript, Slice, IfExp, Lambda, ListComp, SetComp, DictComp, GeneratorExp, Starred,
    NamedExpr  // `name := value`: name in `name`, the value in children[0]
  };
  Kind kind = Kind::Constant;
  Pos pos;
  std::size_t end = 0;  // byte offset just past the node
  std::string name;     // Name id, Attribute attr, operator ("+", "and", "not", "-")
  PyValue value;        // Constant
  std::vector<ExprPtr> children;   // operands, elements, dict keys/values interleaved
  std::vector<std::string> ops;    // Compare operators ("<", "not in", "is not")
  std::vector<Argument> args;      // Call
  std::vector<FPart> parts;        // FString
  std::vector<Comprehension> generators;
  // Lambda: parameters and defaults (as in def)
  std::vector<std::string> params;
  std::vector<ExprPtr> defaults;
};

struct ExceptHandler {
  std::vector<std::string> types;  // empty: bare except
  std::string name;                // `as name`
  Body body;
  Pos pos;
};

struct WithItem {
  ExprPtr context;
  ExprPtr target;  // may be null
};

struct Stmt {
  enum class Kind {
    Expr, Assign, AugAssign, AnnAssign, If, While, For, Break, Continue, Pass, Return, Raise, Import, ImportFrom,
    With, FunctionDef, Try, Global, Nonlocal, Assert, Del, Unsupported
  };
  Kind kind = Kind::Pass;
  Pos pos;
  std::size_t end = 0;
  ExprPtr value;                 // Expr, Assign/AugAssign value, Return, Raise exception, Assert test
  std::vector<ExprPtr> targets;  // Assign targets (a = b = value), AugAssign/For target, Del targets
  std::string op;                // AugAssign operator ("+")
  ExprPtr test;                  // If/While condition, Assert message is `value`... see interpreter
  Body body, orelse, finalbody;
  ExprPtr iter;                  // For
  // Import: modules[i] as aliases[i]; ImportFrom: `module` and names[i] as aliases[i].
  std::string module;
  std::vector<std::string> names, aliases;
  std::vector<WithItem> items;   // With
  // FunctionDef
  std::string name;
  std::vector<std::string> params;
  std::vector<ExprPtr> defaults;  // aligned to the last params
  std::string star_param, double_star_param;
  std::vector<ExceptHandler> handlers;  // Try
  ExprPtr cause;                        // raise ... from cause
  std::string message;                  // Unsupported: the notice to give
};

}  // namespace ghaplay::scripts::python
