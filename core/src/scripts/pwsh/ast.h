#pragma once
// The syntax tree of the PowerShell subset. Parsed once, whole, before anything runs (as pwsh
// does: one parse error and no line of the script runs).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "scripts/pwsh/value.h"

namespace ghaplay::scripts::pwsh {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;

struct Block {
  std::vector<StmtPtr> statements;
};

// Byte offsets into the script; turned into line:column when a message needs them.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A piece of an expandable string: literal text, or an expression ($x, $env:X, $(...)).
struct StringPart {
  std::string text;
  ExprPtr expr;  // null for text
};

struct Expr {
  enum class Kind {
    Literal,     // value
    Expandable,  // "..." with parts
    Variable,    // name (scope prefix removed, `scope` keeps it), e.g. $x, $script:x
    EnvVariable, // $env:NAME
    SubExpr,     // $( statements )
    ArrayExpr,   // @( statements )
    Paren,       // ( statement ): the statement's output
    ArrayLiteral,// a, b, c  (children)
    Hashtable,   // @{ k = v } (keys[i] -> children[i])
    ScriptBlock, // { statements }
    Unary,       // op: "-not" "!" "-" "+" "," "-join" "-split"
    Binary,      // children[0] ops[0] children[1] ops[1] ...: one precedence level, left to right
    Member,      // children[0].name
    Method,      // children[0].name(children[1..])
    Index,       // children[0][children[1]]
    StaticMember,// [type]::name
    StaticMethod,// [type]::name(children...)
    Cast,        // [type] children[0]
    TypeLiteral, // [type]
  };
  Kind kind = Kind::Literal;
  Span span;
  std::string name;  // variable/member/type name, or operator
  std::string scope; // "script", "global", "local" for $script:x
  PsValue value;
  std::vector<StringPart> parts;
  std::vector<ExprPtr> children;
  std::vector<std::string> ops;  // Binary: the operators, lower case ("+", "-eq", "-ceq", "..")
  std::vector<ExprPtr> keys;
  std::shared_ptr<Block> block;  // SubExpr, ArrayExpr, ScriptBlock
  std::string block_text;        // ScriptBlock source
  StmtPtr statement;             // Paren
};

struct CommandArg {
  std::string parameter;  // "-Path" given as "Path"; empty for a positional argument
  ExprPtr value;          // null for a switch (-Append)
  Span span;
};

struct Redirection {
  int stream = 1;        // 1 output, 2 error, 0 for all (*>)
  bool append = false;
  bool merge = false;    // 2>&1 and friends: nothing to write
  ExprPtr target;
  Span span;
};

struct PipelineElement {
  // An expression (`$x`, `"a"`) or a command (`Write-Output a`).
  ExprPtr expr;
  std::string command;     // the command's name, as written
  ExprPtr command_expr;    // `& $cmd`: the name comes from a value
  bool dot_source = false; // `. ./script.ps1`
  std::vector<CommandArg> args;
  std::vector<Redirection> redirections;
  Span span;
};

struct Stmt {
  enum class Kind { Pipeline, Assignment, If, Foreach, For, While, DoWhile, DoUntil, Switch, Exit, Throw, Return, Break, Continue, Function, Try, Chain };
  Kind kind = Kind::Pipeline;
  Span span;

  std::vector<PipelineElement> pipeline;  // Pipeline

  ExprPtr target;      // Assignment: where to
  std::string op;      // "=", "+=", "-=", "*=", "/=", "%=", "++", "--"; Chain: "&&" / "||"
  StmtPtr value;       // Assignment: the right side; Exit/Throw/Return: optional

  // If: conditions[i] guards blocks[i]; else_block when present.
  std::vector<StmtPtr> conditions;
  std::vector<std::shared_ptr<Block>> blocks;
  std::shared_ptr<Block> else_block;

  // Foreach: variable in collection; For: init; condition; step; While/Do: condition.
  std::string variable;
  StmtPtr init, condition, step;
  std::shared_ptr<Block> body;

  // Function: name, parameters (with optional defaults), body.
  std::string name;
  std::vector<std::string> parameters;
  std::vector<ExprPtr> defaults;

  // Try: body, catch, finally.
  std::shared_ptr<Block> catch_block, finally_block;

  // Switch: value; patterns[i] -> blocks[i]; default in else_block.
  std::vector<ExprPtr> patterns;

  // Chain: left && right / left || right.
  StmtPtr left, right;
};

}  // namespace ghaplay::scripts::pwsh
