#pragma once
// The syntax tree of the bash subset: words made of parts, and commands. The tree is immutable once
// parsed; function definitions keep pointers into it, so the interpreter owns every parsed tree.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ghaplay::scripts::bash {

struct Node;
struct WordPart;

// A shell word before expansion. `offset` is where it starts in the script (for line:column).
struct Word {
  std::vector<WordPart> parts;
  std::size_t offset = 0;
  std::string raw;  // the source text, for reserved words and here-document delimiters
};

// ${name op arg}
struct ParamExpansion {
  enum class Op {
    Plain,          // ${x}
    Length,         // ${#x}
    Default,        // ${x:-w} ${x-w}
    Assign,         // ${x:=w} ${x=w}
    Alternative,    // ${x:+w} ${x+w}
    Error,          // ${x:?w} ${x?w}
    RemoveSuffix,   // ${x%p}  (longest with %%)
    RemovePrefix,   // ${x#p}  (longest with ##)
    Replace,        // ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}
    Substring,      // ${x:offset:length}
    Upper,          // ${x^} ${x^^}
    Lower,          // ${x,} ${x,,}
  };
  std::string name;        // identifier, positional digits, or one of ? # @ * $ ! - 0
  bool indirect = false;   // ${!x}
  bool has_index = false;  // ${x[...]}
  std::shared_ptr<Word> index;
  Op op = Op::Plain;
  bool colon = false;      // the ':' variants also treat an empty value as unset
  bool longest = false;    // %% ## // ^^ ,,
  char anchor = 0;         // '#' or '%' for ${x/#p/r} ${x/%p/r}
  std::shared_ptr<Word> arg;   // default / pattern / offset
  std::shared_ptr<Word> arg2;  // replacement / length
  bool has_arg2 = false;
};

struct WordPart {
  enum class Kind {
    Literal,       // text; `quoted` when it came from quotes or a backslash
    DoubleQuoted,  // "..." : children
    Param,         // $x ${...}
    CommandSub,    // $(...) or `...`
    Arith,         // $((...))
    Tilde,         // ~ or ~user at the start of a word
    ArrayLiteral,  // (a b c) after NAME= : elements
    ProcessSub,    // <(...) or >(...): text is "<" or ">", command the list
  };
  Kind kind = Kind::Literal;
  std::string text;
  bool quoted = false;
  std::size_t offset = 0;
  std::vector<WordPart> children;
  std::shared_ptr<ParamExpansion> param;
  std::shared_ptr<Node> command;
  std::shared_ptr<Word> arith;
  std::vector<Word> elements;
};

struct Redirect {
  enum class Op {
    Out,        // >  >|
    Append,     // >>
    In,         // <
    ReadWrite,  // <>
    HereDoc,    // << <<-
    HereString, // <<<
    DupOut,     // >&
    DupIn,      // <&
    OutErr,     // &>
    AppendErr,  // &>>
  };
  Op op = Op::Out;
  int fd = 1;
  Word target;              // file, fd number or here-string
  bool heredoc_quoted = false;  // <<'EOF': the body is not expanded
  std::shared_ptr<Word> body;   // the here-document's body, filled in once its lines are read
  std::size_t offset = 0;
};

struct Assignment {
  std::string name;
  bool append = false;  // +=
  bool has_index = false;
  Word index;
  Word value;
  bool is_array = false;  // x=(a b)
  std::size_t offset = 0;
};

enum class NodeKind {
  Simple, Pipeline, AndOr, List, Subshell, Group, If, For, ArithFor, While, Case, Function, Cond,
  Arith,
};

struct Node {
  explicit Node(NodeKind k, std::size_t off) : kind(k), offset(off) {}
  virtual ~Node() = default;
  NodeKind kind;
  std::size_t offset;
  std::vector<Redirect> redirects;  // for compound commands: `{ ...; } >> file`
};
using NodePtr = std::shared_ptr<Node>;

struct SimpleCommand : Node {
  explicit SimpleCommand(std::size_t off) : Node(NodeKind::Simple, off) {}
  std::vector<Assignment> assignments;
  std::vector<Word> words;
};

struct Pipeline : Node {
  explicit Pipeline(std::size_t off) : Node(NodeKind::Pipeline, off) {}
  bool negate = false;
  std::vector<NodePtr> commands;
  std::vector<bool> pipe_stderr;  // `|&` after commands[i]
};

struct AndOr : Node {
  explicit AndOr(std::size_t off) : Node(NodeKind::AndOr, off) {}
  std::vector<NodePtr> pipelines;
  std::vector<bool> is_and;  // between pipelines[i] and pipelines[i+1]
};

struct List : Node {
  explicit List(std::size_t off) : Node(NodeKind::List, off) {}
  std::vector<NodePtr> items;
};

struct Subshell : Node {
  explicit Subshell(std::size_t off) : Node(NodeKind::Subshell, off) {}
  NodePtr body;
};

struct Group : Node {
  explicit Group(std::size_t off) : Node(NodeKind::Group, off) {}
  NodePtr body;
};

struct If : Node {
  explicit If(std::size_t off) : Node(NodeKind::If, off) {}
  std::vector<NodePtr> conditions;  // if, elif...
  std::vector<NodePtr> bodies;
  NodePtr else_body;  // may be null
};

struct For : Node {
  explicit For(std::size_t off) : Node(NodeKind::For, off) {}
  std::string variable;
  bool has_in = false;  // without `in`, iterates "$@"
  std::vector<Word> words;
  NodePtr body;
};

struct ArithFor : Node {
  explicit ArithFor(std::size_t off) : Node(NodeKind::ArithFor, off) {}
  Word init, condition, step;
  NodePtr body;
};

struct While : Node {
  explicit While(std::size_t off) : Node(NodeKind::While, off) {}
  bool until = false;
  NodePtr condition;
  NodePtr body;
};

struct CaseItem {
  std::vector<Word> patterns;
  NodePtr body;  // may be null
  enum class End { Break, FallThrough, Continue } end = End::Break;  // ;; ;& ;;&
};

struct Case : Node {
  explicit Case(std::size_t off) : Node(NodeKind::Case, off) {}
  Word subject;
  std::vector<CaseItem> items;
};

struct Function : Node {
  explicit Function(std::size_t off) : Node(NodeKind::Function, off) {}
  std::string name;
  NodePtr body;
};

// One token of a [[ ]] expression.
struct CondToken {
  enum class Kind { Word, And, Or, Not, Open, Close, Less, Greater } kind = Kind::Word;
  Word word;
  bool is_regex = false;  // the right side of =~
};

struct Cond : Node {
  explicit Cond(std::size_t off) : Node(NodeKind::Cond, off) {}
  std::vector<CondToken> tokens;
};

struct ArithCommand : Node {
  explicit ArithCommand(std::size_t off) : Node(NodeKind::Arith, off) {}
  Word expression;
};

}  // namespace ghaplay::scripts::bash
