#include "scripts/bash/awk.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "common/numeric.h"
#include "scripts/bash/regex.h"

namespace ghaplay::scripts::bash {
namespace {

constexpr int kMaxDepth = 64;

// ---------------------------------------------------------------------------------------------
// Syntax tree

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    Number, String, Regex, Field, Var, Index, Assign, Cond, And, Or, Not, Negate, Plus, Binary,
    Compare, Concat, Match, In, PreIncrement, PostIncrement, Call, Group,
  };
  Kind kind = Kind::Number;
  double number = 0;
  std::string text;  // string literal, variable or function name, operator
  std::shared_ptr<Regex> regex;
  std::vector<ExprPtr> kids;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;

struct Stmt {
  enum class Kind { Print, Printf, If, While, Do, For, ForIn, Next, Exit, Delete, Block, Expression, Empty };
  Kind kind = Kind::Empty;
  std::vector<ExprPtr> exprs;   // print arguments, condition, for init/cond/step (null allowed)
  std::vector<StmtPtr> body;    // block statements, if/else branches, loop body
  ExprPtr redirect;             // print > file
  bool append = false;
  std::string name, array;      // for (name in array), delete array
};

struct Item {
  enum class Kind { Begin, End, Main } kind = Kind::Main;
  ExprPtr pattern, pattern_end;  // pattern_end: range pattern p1, p2
  bool has_action = false;
  std::vector<StmtPtr> action;
};

}  // namespace

struct AwkProgram {
  std::vector<Item> items;
};

namespace {

// ---------------------------------------------------------------------------------------------
// Lexer and parser

struct Token {
  enum class Kind { End, Newline, Number, String, Regex, Name, Func, Keyword, Punct } kind = Kind::End;
  std::string text;
  double number = 0;
};

const std::set<std::string> kKeywords = {"BEGIN", "END", "if", "else", "while", "for", "do", "in",
                                         "next", "exit", "print", "printf", "delete", "getline",
                                         "function", "return", "break", "continue", "nextfile"};
const std::set<std::string> kFunctions = {"length", "substr", "index", "split", "sub", "gsub",
                                          "match", "sprintf", "tolower", "toupper", "int", "sqrt",
                                          "exp", "log", "sin", "cos", "atan2", "rand", "srand",
                                          "system"};

class AwkParser {
 public:
  explicit AwkParser(const std::string& text) : s_(text) {}

  std::shared_ptr<AwkProgram> parse(std::string& error) {
    auto program = std::make_shared<AwkProgram>();
    advance();
    skip_terminators();
    while (ok() && tok_.kind != Token::Kind::End) {
      Item item;
      if (is_keyword("BEGIN") || is_keyword("END")) {
        item.kind = tok_.text == "BEGIN" ? Item::Kind::Begin : Item::Kind::End;
        advance();
        skip_newlines();
        if (!is_punct("{")) fail("{ expected");
      } else if (!is_punct("{")) {
        item.pattern = expression(0);
        if (ok() && is_punct(",")) {
          advance();
          skip_newlines();
          item.pattern_end = expression(0);
        }
      }
      if (ok() && is_punct("{")) {
        item.has_action = true;
        block(item.action, 0);
      }
      if (!ok()) break;
      program->items.push_back(std::move(item));
      skip_terminators();
    }
    if (!ok()) {
      error = error_;
      return nullptr;
    }
    return program;
  }

 private:
  bool ok() const { return error_.empty(); }
  void fail(const std::string& what) {
    if (error_.empty()) error_ = what;
  }
  bool is_punct(const char* p) const { return tok_.kind == Token::Kind::Punct && tok_.text == p; }
  bool is_keyword(const char* k) const { return tok_.kind == Token::Kind::Keyword && tok_.text == k; }
  void skip_newlines() {
    while (ok() && tok_.kind == Token::Kind::Newline) advance();
  }
  void skip_terminators() {
    while (ok() && (tok_.kind == Token::Kind::Newline || is_punct(";"))) advance();
  }
  bool expect(const char* p) {
    if (!is_punct(p)) {
      fail(std::string("`") + p + "' expected");
      return false;
    }
    advance();
    return true;
  }

  // A `/` starts a regex unless it follows something that ends an operand.
  bool regex_allowed() const {
    switch (prev_.kind) {
      case Token::Kind::Number:
      case Token::Kind::String:
      case Token::Kind::Name:
      case Token::Kind::Regex:
        return false;
      case Token::Kind::Func:
        return false;
      case Token::Kind::Punct:
        return !(prev_.text == ")" || prev_.text == "]" || prev_.text == "$" || prev_.text == "++" ||
                 prev_.text == "--");
      case Token::Kind::Keyword:
        return prev_.text != "getline";
      default:
        return true;
    }
  }

  void advance() {
    prev_ = tok_;
    tok_ = Token{};
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '\\' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
        pos_ += 2;
      } else if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
    if (pos_ >= s_.size()) return;
    char c = s_[pos_];
    if (c == '\n') {
      ++pos_;
      tok_.kind = Token::Kind::Newline;
      return;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && pos_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      char* end = nullptr;
      tok_.number = std::strtod(s_.c_str() + pos_, &end);
      pos_ = static_cast<std::size_t>(end - s_.c_str());
      tok_.kind = Token::Kind::Number;
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
      tok_.text = s_.substr(start, pos_ - start);
      tok_.kind = kKeywords.count(tok_.text) ? Token::Kind::Keyword
                  : kFunctions.count(tok_.text) ? Token::Kind::Func
                                                : Token::Kind::Name;
      return;
    }
    if (c == '"') {
      ++pos_;
      std::string out;
      while (pos_ < s_.size() && s_[pos_] != '"') {
        char d = s_[pos_++];
        if (d == '\\' && pos_ < s_.size()) {
          char n = s_[pos_++];
          switch (n) {
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case '\\': out.push_back('\\'); break;
            case '"': out.push_back('"'); break;
            case '/': out.push_back('/'); break;
            case 'a': out.push_back('\a'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'v': out.push_back('\v'); break;
            default:
              if (n >= '0' && n <= '7') {
                int v = n - '0';
                for (int k = 0; k < 2 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++k) v = v * 8 + (s_[pos_++] - '0');
                out.push_back(static_cast<char>(v));
              } else {
                out.push_back('\\');
                out.push_back(n);
              }
          }
          continue;
        }
        out.push_back(d);
      }
      if (pos_ >= s_.size()) {
        fail("unterminated string");
        return;
      }
      ++pos_;
      tok_.kind = Token::Kind::String;
      tok_.text = out;
      return;
    }
    if (c == '/' && regex_allowed()) {
      ++pos_;
      std::string out;
      bool in_bracket = false;
      while (pos_ < s_.size() && (s_[pos_] != '/' || in_bracket) && s_[pos_] != '\n') {
        char d = s_[pos_++];
        if (d == '[') in_bracket = true;
        if (d == ']') in_bracket = false;
        if (d == '\\' && pos_ < s_.size()) {
          if (s_[pos_] == '/') {
            out.push_back('/');
            ++pos_;
            continue;
          }
          out.push_back(d);
          out.push_back(s_[pos_++]);
          continue;
        }
        out.push_back(d);
      }
      if (pos_ >= s_.size() || s_[pos_] != '/') {
        fail("unterminated regular expression");
        return;
      }
      ++pos_;
      tok_.kind = Token::Kind::Regex;
      tok_.text = out;
      return;
    }
    static const char* const kPunct[] = {"&&", "||", "==", "!=", "<=", ">=", "!~", "++", "--", "+=", "-=",
                                         "*=", "/=", "%=", "^=", ">>", "{", "}", "(", ")", "[", "]", ";",
                                         ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":",
                                         "~", "$", "="};
    for (const char* p : kPunct) {
      std::size_t n = std::char_traits<char>::length(p);
      if (s_.compare(pos_, n, p) == 0) {
        tok_.kind = Token::Kind::Punct;
        tok_.text = p;
        pos_ += n;
        return;
      }
    }
    fail(std::string("unexpected character `") + c + "'");
  }

  ExprPtr make(Expr::Kind k) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    return e;
  }

  void block(std::vector<StmtPtr>& out, int depth) {
    if (!expect("{")) return;
    skip_terminators();
    while (ok() && !is_punct("}")) {
      if (tok_.kind == Token::Kind::End) {
        fail("unexpected end of program");
        return;
      }
      out.push_back(statement(depth + 1));
      skip_terminators();
    }
    expect("}");
  }

  void end_simple_statement() {
    if (is_punct(";") || tok_.kind == Token::Kind::Newline) {
      advance();
    } else if (!is_punct("}") && tok_.kind != Token::Kind::End) {
      fail("unexpected `" + tok_.text + "'");
    }
  }

  StmtPtr statement(int depth) {
    auto st = std::make_unique<Stmt>();
    if (depth > kMaxDepth) {
      fail("program nested too deeply");
      return st;
    }
    if (is_punct("{")) {
      st->kind = Stmt::Kind::Block;
      block(st->body, depth);
      return st;
    }
    if (is_punct(";")) {
      advance();
      return st;
    }
    if (is_keyword("if")) {
      advance();
      st->kind = Stmt::Kind::If;
      expect("(");
      st->exprs.push_back(expression(0));
      expect(")");
      skip_newlines();
      st->body.push_back(statement(depth + 1));
      skip_terminators_before_else();
      if (is_keyword("else")) {
        advance();
        skip_newlines();
        st->body.push_back(statement(depth + 1));
      }
      return st;
    }
    if (is_keyword("while")) {
      advance();
      st->kind = Stmt::Kind::While;
      expect("(");
      st->exprs.push_back(expression(0));
      expect(")");
      skip_newlines();
      st->body.push_back(statement(depth + 1));
      return st;
    }
    if (is_keyword("do")) {
      advance();
      st->kind = Stmt::Kind::Do;
      skip_newlines();
      st->body.push_back(statement(depth + 1));
      skip_terminators();
      if (!is_keyword("while")) {
        fail("`while' expected");
        return st;
      }
      advance();
      expect("(");
      st->exprs.push_back(expression(0));
      expect(")");
      end_simple_statement();
      return st;
    }
    if (is_keyword("for")) {
      advance();
      expect("(");
      // for (name in array)
      if (tok_.kind == Token::Kind::Name) {
        std::size_t saved_pos = pos_;
        Token saved_tok = tok_, saved_prev = prev_;
        std::string name = tok_.text;
        advance();
        if (is_keyword("in")) {
          advance();
          if (tok_.kind != Token::Kind::Name) {
            fail("array name expected");
            return st;
          }
          st->kind = Stmt::Kind::ForIn;
          st->name = name;
          st->array = tok_.text;
          advance();
          expect(")");
          skip_newlines();
          st->body.push_back(statement(depth + 1));
          return st;
        }
        pos_ = saved_pos;
        tok_ = saved_tok;
        prev_ = saved_prev;
      }
      st->kind = Stmt::Kind::For;
      st->exprs.push_back(is_punct(";") ? nullptr : expression(0));
      expect(";");
      skip_newlines();
      st->exprs.push_back(is_punct(";") ? nullptr : expression(0));
      expect(";");
      skip_newlines();
      st->exprs.push_back(is_punct(")") ? nullptr : expression(0));
      expect(")");
      skip_newlines();
      st->body.push_back(statement(depth + 1));
      return st;
    }
    if (is_keyword("next")) {
      advance();
      st->kind = Stmt::Kind::Next;
      end_simple_statement();
      return st;
    }
    if (is_keyword("exit")) {
      advance();
      st->kind = Stmt::Kind::Exit;
      if (!is_punct(";") && !is_punct("}") && tok_.kind != Token::Kind::Newline && tok_.kind != Token::Kind::End) {
        st->exprs.push_back(expression(0));
      }
      end_simple_statement();
      return st;
    }
    if (is_keyword("delete")) {
      advance();
      st->kind = Stmt::Kind::Delete;
      if (tok_.kind != Token::Kind::Name) {
        fail("array name expected");
        return st;
      }
      st->array = tok_.text;
      advance();
      if (is_punct("[")) {
        advance();
        st->exprs.push_back(subscript());
        expect("]");
      }
      end_simple_statement();
      return st;
    }
    if (is_keyword("print") || is_keyword("printf")) {
      st->kind = tok_.text == "print" ? Stmt::Kind::Print : Stmt::Kind::Printf;
      advance();
      bool parenthesised = false;
      if (is_punct("(")) {
        // print (a, b) > "f": a parenthesised list.
        std::size_t saved_pos = pos_;
        Token saved_tok = tok_, saved_prev = prev_;
        advance();
        std::vector<ExprPtr> list;
        list.push_back(expression(0));
        while (ok() && is_punct(",")) {
          advance();
          skip_newlines();
          list.push_back(expression(0));
        }
        if (ok() && is_punct(")")) {
          advance();
          if (is_punct(";") || is_punct("}") || is_punct(">") || is_punct(">>") ||
              tok_.kind == Token::Kind::Newline || tok_.kind == Token::Kind::End) {
            st->exprs = std::move(list);
            parenthesised = true;
          }
        }
        if (!parenthesised) {
          error_.clear();
          pos_ = saved_pos;
          tok_ = saved_tok;
          prev_ = saved_prev;
        }
      }
      if (!parenthesised && !is_punct(";") && !is_punct("}") && !is_punct(">") && !is_punct(">>") &&
          tok_.kind != Token::Kind::Newline && tok_.kind != Token::Kind::End) {
        no_greater_ = true;
        st->exprs.push_back(expression(0));
        while (ok() && is_punct(",")) {
          advance();
          skip_newlines();
          st->exprs.push_back(expression(0));
        }
        no_greater_ = false;
      }
      if (is_punct(">") || is_punct(">>")) {
        st->append = tok_.text == ">>";
        advance();
        no_greater_ = true;
        st->redirect = concatenation(0);
        no_greater_ = false;
      } else if (is_punct("|")) {
        fail("output to a command is not simulated");
      }
      end_simple_statement();
      return st;
    }
    if (is_keyword("getline") || is_keyword("function") || is_keyword("return") || is_keyword("nextfile")) {
      fail("`" + tok_.text + "' is not simulated");
      return st;
    }
    if (is_keyword("break") || is_keyword("continue")) {
      fail("`" + tok_.text + "' is not simulated");
      return st;
    }
    st->kind = Stmt::Kind::Expression;
    st->exprs.push_back(expression(0));
    end_simple_statement();
    return st;
  }

  void skip_terminators_before_else() {
    // `if (x) stmt; else stmt` and newlines before else.
    std::size_t saved_pos = pos_;
    Token saved_tok = tok_, saved_prev = prev_;
    while (tok_.kind == Token::Kind::Newline || is_punct(";")) advance();
    if (!is_keyword("else")) {
      pos_ = saved_pos;
      tok_ = saved_tok;
      prev_ = saved_prev;
    }
  }

  ExprPtr subscript(int depth = 0) {
    // a[i, j]: joined with SUBSEP
    ExprPtr first = expression(depth + 1);
    if (!is_punct(",")) return first;
    auto cat = make(Expr::Kind::Concat);
    cat->text = "SUBSEP";
    cat->kids.push_back(std::move(first));
    while (ok() && is_punct(",")) {
      advance();
      cat->kids.push_back(expression(depth + 1));
    }
    return cat;
  }

  ExprPtr expression(int depth) {
    if (depth > kMaxDepth) {
      fail("expression nested too deeply");
      return make(Expr::Kind::Number);
    }
    return assignment(depth + 1);
  }

  static bool is_lvalue(const Expr& e) {
    return e.kind == Expr::Kind::Var || e.kind == Expr::Kind::Field || e.kind == Expr::Kind::Index;
  }

  ExprPtr assignment(int depth) {
    if (depth > kMaxDepth * 4) {
      fail("expression nested too deeply");
      return make(Expr::Kind::Number);
    }
    ExprPtr left = ternary(depth);
    if (!ok()) return left;
    static const char* const kOps[] = {"=", "+=", "-=", "*=", "/=", "%=", "^="};
    for (const char* op : kOps) {
      if (is_punct(op) && is_lvalue(*left)) {
        advance();
        skip_newlines();
        auto a = make(Expr::Kind::Assign);
        a->text = op;
        a->kids.push_back(std::move(left));
        a->kids.push_back(assignment(depth + 1));
        return a;
      }
    }
    return left;
  }

  ExprPtr ternary(int depth) {
    ExprPtr cond = logical_or(depth);
    if (!ok() || !is_punct("?")) return cond;
    advance();
    skip_newlines();
    auto t = make(Expr::Kind::Cond);
    t->kids.push_back(std::move(cond));
    t->kids.push_back(assignment(depth + 1));
    skip_newlines();
    expect(":");
    skip_newlines();
    t->kids.push_back(assignment(depth + 1));
    return t;
  }

  ExprPtr logical_or(int depth) {
    ExprPtr left = logical_and(depth);
    while (ok() && is_punct("||")) {
      advance();
      skip_newlines();
      auto e = make(Expr::Kind::Or);
      e->kids.push_back(std::move(left));
      e->kids.push_back(logical_and(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr logical_and(int depth) {
    ExprPtr left = in_expr(depth);
    while (ok() && is_punct("&&")) {
      advance();
      skip_newlines();
      auto e = make(Expr::Kind::And);
      e->kids.push_back(std::move(left));
      e->kids.push_back(in_expr(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr in_expr(int depth) {
    ExprPtr left = match_expr(depth);
    while (ok() && is_keyword("in")) {
      advance();
      if (tok_.kind != Token::Kind::Name) {
        fail("array name expected");
        return left;
      }
      auto e = make(Expr::Kind::In);
      e->text = tok_.text;
      advance();
      e->kids.push_back(std::move(left));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr match_expr(int depth) {
    ExprPtr left = comparison(depth);
    while (ok() && (is_punct("~") || is_punct("!~"))) {
      auto e = make(Expr::Kind::Match);
      e->text = tok_.text;
      advance();
      e->kids.push_back(std::move(left));
      e->kids.push_back(comparison(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr comparison(int depth) {
    ExprPtr left = concatenation(depth);
    if (!ok()) return left;
    static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (const char* op : kOps) {
      if (is_punct(op) && !(no_greater_ && std::string(op) == ">")) {
        advance();
        auto e = make(Expr::Kind::Compare);
        e->text = op;
        e->kids.push_back(std::move(left));
        e->kids.push_back(concatenation(depth));
        return e;
      }
    }
    return left;
  }

  bool starts_operand() const {
    switch (tok_.kind) {
      case Token::Kind::Number:
      case Token::Kind::String:
      case Token::Kind::Regex:
      case Token::Kind::Name:
      case Token::Kind::Func:
        return true;
      case Token::Kind::Punct:
        return tok_.text == "$" || tok_.text == "!" || tok_.text == "(" || tok_.text == "++" ||
               tok_.text == "--" || tok_.text == "-" || tok_.text == "+";
      default:
        return false;
    }
  }

  ExprPtr concatenation(int depth) {
    ExprPtr left = additive(depth);
    while (ok() && starts_operand() && !is_punct("-") && !is_punct("+")) {
      if (is_keyword("in")) break;
      auto e = make(Expr::Kind::Concat);
      e->kids.push_back(std::move(left));
      e->kids.push_back(additive(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr additive(int depth) {
    ExprPtr left = multiplicative(depth);
    while (ok() && (is_punct("+") || is_punct("-"))) {
      auto e = make(Expr::Kind::Binary);
      e->text = tok_.text;
      advance();
      e->kids.push_back(std::move(left));
      e->kids.push_back(multiplicative(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr multiplicative(int depth) {
    ExprPtr left = unary(depth);
    while (ok() && (is_punct("*") || is_punct("/") || is_punct("%"))) {
      auto e = make(Expr::Kind::Binary);
      e->text = tok_.text;
      advance();
      e->kids.push_back(std::move(left));
      e->kids.push_back(unary(depth));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr unary(int depth) {
    if (++nesting_ > kMaxDepth * 4) {
      fail("expression nested too deeply");
      return make(Expr::Kind::Number);
    }
    ExprPtr result;
    if (is_punct("!")) {
      advance();
      result = make(Expr::Kind::Not);
      result->kids.push_back(unary(depth));
    } else if (is_punct("-")) {
      advance();
      result = make(Expr::Kind::Negate);
      result->kids.push_back(unary(depth));
    } else if (is_punct("+")) {
      advance();
      result = make(Expr::Kind::Plus);
      result->kids.push_back(unary(depth));
    } else {
      result = power(depth);
    }
    --nesting_;
    return result;
  }

  ExprPtr power(int depth) {
    ExprPtr base = postfix(depth);
    if (ok() && is_punct("^")) {
      advance();
      auto e = make(Expr::Kind::Binary);
      e->text = "^";
      e->kids.push_back(std::move(base));
      e->kids.push_back(unary(depth));  // right associative
      return e;
    }
    return base;
  }

  ExprPtr postfix(int depth) {
    ExprPtr e = primary(depth);
    if (ok() && is_lvalue(*e) && (is_punct("++") || is_punct("--"))) {
      auto p = make(Expr::Kind::PostIncrement);
      p->text = tok_.text;
      advance();
      p->kids.push_back(std::move(e));
      return p;
    }
    return e;
  }

  ExprPtr primary(int depth) {
    if (!ok()) return make(Expr::Kind::Number);
    if (depth > kMaxDepth * 4) {
      fail("expression nested too deeply");
      return make(Expr::Kind::Number);
    }
    switch (tok_.kind) {
      case Token::Kind::Number: {
        auto e = make(Expr::Kind::Number);
        e->number = tok_.number;
        advance();
        return e;
      }
      case Token::Kind::String: {
        auto e = make(Expr::Kind::String);
        e->text = tok_.text;
        advance();
        return e;
      }
      case Token::Kind::Regex: {
        auto e = make(Expr::Kind::Regex);
        std::string message;
        auto re = Regex::compile(tok_.text, Regex::Syntax::Extended, false, message);
        if (!re) {
          fail("bad regular expression: " + message);
          return e;
        }
        e->regex = std::make_shared<Regex>(std::move(*re));
        e->text = tok_.text;
        advance();
        return e;
      }
      case Token::Kind::Name: {
        std::string name = tok_.text;
        advance();
        if (is_punct("[")) {
          advance();
          auto e = make(Expr::Kind::Index);
          e->text = name;
          e->kids.push_back(subscript(depth + 1));
          expect("]");
          return e;
        }
        if (is_punct("(") && prev_.kind == Token::Kind::Name) {
          fail("user-defined function `" + name + "' is not simulated");
        }
        auto e = make(Expr::Kind::Var);
        e->text = name;
        return e;
      }
      case Token::Kind::Func: {
        auto e = make(Expr::Kind::Call);
        e->text = tok_.text;
        advance();
        if (is_punct("(")) {
          advance();
          skip_newlines();
          if (!is_punct(")")) {
            e->kids.push_back(expression(depth + 1));
            while (ok() && is_punct(",")) {
              advance();
              skip_newlines();
              e->kids.push_back(expression(depth + 1));
            }
          }
          expect(")");
        } else if (e->text != "length") {
          fail("`(' expected after " + e->text);
        }
        return e;
      }
      case Token::Kind::Punct:
        if (tok_.text == "$") {
          advance();
          auto e = make(Expr::Kind::Field);
          if (is_punct("++") || is_punct("--") || is_punct("-")) {
            e->kids.push_back(unary(depth));
          } else {
            e->kids.push_back(primary(depth + 1));
          }
          return e;
        }
        if (tok_.text == "(") {
          advance();
          auto e = make(Expr::Kind::Group);
          bool saved = no_greater_;
          no_greater_ = false;
          e->kids.push_back(expression(depth + 1));
          no_greater_ = saved;
          expect(")");
          return e;
        }
        if (tok_.text == "++" || tok_.text == "--") {
          auto e = make(Expr::Kind::PreIncrement);
          e->text = tok_.text;
          advance();
          e->kids.push_back(primary(depth + 1));
          if (ok() && !is_lvalue(*e->kids[0])) fail("++ needs a variable");
          return e;
        }
        if (tok_.text == "-" || tok_.text == "!" || tok_.text == "+") return unary(depth);
        break;
      default:
        break;
    }
    if (tok_.kind == Token::Kind::Keyword) {
      fail("`" + tok_.text + "' is not simulated here");
    } else if (tok_.kind == Token::Kind::End || tok_.kind == Token::Kind::Newline) {
      fail("unexpected end of expression");
    } else {
      fail("unexpected `" + tok_.text + "'");
    }
    return make(Expr::Kind::Number);
  }

  const std::string& s_;
  std::size_t pos_ = 0;
  Token tok_, prev_;
  std::string error_;
  bool no_greater_ = false;  // inside print's argument list: `>` redirects
  int nesting_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Values and evaluation

struct Value {
  enum class Type { Uninit, Num, Str, StrNum } type = Type::Uninit;
  double n = 0;
  std::string s;

  static Value num(double v) {
    Value x;
    x.type = Type::Num;
    x.n = v;
    return x;
  }
  static Value str(std::string v) {
    Value x;
    x.type = Type::Str;
    x.s = std::move(v);
    return x;
  }
  // Input text (fields, -v, split): numeric if it looks like a number.
  static Value input(std::string v) {
    Value x;
    x.s = std::move(v);
    const char* begin = x.s.c_str();
    char* end = nullptr;
    double d = std::strtod(begin, &end);
    bool numeric = end != begin;
    if (numeric) {
      while (*end == ' ' || *end == '\t' || *end == '\n') ++end;
      numeric = *end == '\0';
      std::string_view t(x.s);
      std::size_t first = t.find_first_not_of(" \t\n");
      // strtod accepts "inf", "nan" and hex: awk does not treat them as numbers.
      if (first != std::string_view::npos) {
        char c = t[first] == '-' || t[first] == '+' ? (first + 1 < t.size() ? t[first + 1] : ' ') : t[first];
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.')) numeric = false;
        if (t.find_first_of("xX") != std::string_view::npos) numeric = false;
      }
    }
    x.type = numeric ? Type::StrNum : Type::Str;
    x.n = numeric ? d : 0;
    return x;
  }
};

// A number as an integer: truncated, NaN 0, saturating past the range (never undefined behaviour).
long long to_ll(double d) { return static_cast<long long>(numeric::saturating_int64(d)); }

std::string format_number(double d, const char* fmt = "%.6g") {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e16) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
    return buf;
  }
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, d);
  return buf;
}

double to_num(const Value& v) {
  switch (v.type) {
    case Value::Type::Num:
    case Value::Type::StrNum:
      return v.n;
    case Value::Type::Uninit:
      return 0;
    case Value::Type::Str: {
      const char* begin = v.s.c_str();
      while (*begin == ' ' || *begin == '\t' || *begin == '\n') ++begin;
      if (!(std::isdigit(static_cast<unsigned char>(*begin)) || *begin == '.' || *begin == '-' || *begin == '+')) return 0;
      return std::strtod(begin, nullptr);
    }
  }
  return 0;
}

std::string to_str(const Value& v) {
  if (v.type == Value::Type::Num) return format_number(v.n);
  return v.s;
}

bool truthy(const Value& v) {
  switch (v.type) {
    case Value::Type::Num:
    case Value::Type::StrNum:
      return v.n != 0;
    case Value::Type::Str:
      return !v.s.empty();
    case Value::Type::Uninit:
      return false;
  }
  return false;
}

enum class Flow { Normal, Next, Exit, Stop };

class AwkRun {
 public:
  AwkRun(const AwkProgram& program, AwkIo& io) : program_(program), io_(io) {
    vars_["FS"] = Value::str(" ");
    vars_["OFS"] = Value::str(" ");
    vars_["ORS"] = Value::str("\n");
    vars_["SUBSEP"] = Value::str("\x1c");
    vars_["RS"] = Value::str("\n");
    for (const auto& [k, v] : io.environ) arrays_["ENVIRON"][k] = Value::input(v);
  }

  AwkResult run(const std::string& input, const std::vector<std::pair<std::string, std::string>>& assignments,
                const std::string& fs) {
    if (!fs.empty()) vars_["FS"] = Value::str(fs == "t" ? "\t" : unescape(fs));
    for (const auto& [name, value] : assignments) vars_[name] = Value::input(unescape(value));
    Flow flow = Flow::Normal;
    for (const Item& item : program_.items) {
      if (item.kind != Item::Kind::Begin) continue;
      flow = exec_list(item.action);
      if (flow == Flow::Exit || flow == Flow::Stop) break;
    }
    bool has_main = false;
    for (const Item& item : program_.items) has_main = has_main || item.kind != Item::Kind::Begin;
    std::vector<bool> in_range(program_.items.size(), false);
    if (flow != Flow::Exit && flow != Flow::Stop && has_main) {
      std::size_t pos = 0;
      while (pos < input.size()) {
        std::size_t nl = input.find('\n', pos);
        std::string record = input.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? input.size() : nl + 1;
        set_record(record);
        nr_ += 1;
        if (!io_.tick()) {
          result_.stopped = true;
          flow = Flow::Stop;
          break;
        }
        flow = Flow::Normal;
        for (std::size_t k = 0; k < program_.items.size(); ++k) {
          const Item& item = program_.items[k];
          if (item.kind != Item::Kind::Main) continue;
          bool selected = true;
          if (item.pattern_end) {
            if (in_range[k]) {
              selected = true;
              if (truthy(eval(*item.pattern_end))) in_range[k] = false;
            } else {
              selected = truthy(eval(*item.pattern));
              if (selected && !truthy(eval(*item.pattern_end))) in_range[k] = true;
            }
          } else if (item.pattern) {
            selected = truthy(eval(*item.pattern));
          }
          if (failed()) break;
          if (!selected) continue;
          if (!item.has_action) {
            output(record_text() + to_str(vars_["ORS"]));
            continue;
          }
          flow = exec_list(item.action);
          if (flow != Flow::Normal) break;
        }
        if (failed() || flow == Flow::Exit || flow == Flow::Stop) break;
      }
    }
    if (flow != Flow::Stop && !failed()) {
      for (const Item& item : program_.items) {
        if (item.kind != Item::Kind::End) continue;
        Flow f = exec_list(item.action);
        if (f == Flow::Exit || f == Flow::Stop || failed()) break;
      }
    }
    result_.output = std::move(out_);
    return result_;
  }

 private:
  bool failed() const { return !result_.error.empty() || result_.stopped; }
  void fail(const std::string& what) {
    if (result_.error.empty()) result_.error = what;
    result_.exit_code = 2;
  }

  static std::string unescape(const std::string& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        char n = v[++i];
        out.push_back(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        out.push_back(v[i]);
      }
    }
    return out;
  }

  void output(const std::string& text) {
    if (out_.size() + text.size() > (16u << 20)) {
      fail("output too large");
      return;
    }
    out_ += text;
  }

  // ---- records and fields
  void set_record(const std::string& record) {
    record_ = record;
    fields_valid_ = false;
    record_valid_ = true;
  }

  void split_fields() {
    if (fields_valid_) return;
    fields_ = split(record_, to_str(vars_["FS"]));
    fields_valid_ = true;
  }

  std::vector<std::string> split(const std::string& text, const std::string& fs) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    if (fs == " ") {
      std::size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
        if (i >= text.size()) break;
        std::size_t start = i;
        while (i < text.size() && !(text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
        out.push_back(text.substr(start, i - start));
      }
      return out;
    }
    if (fs.size() == 1 && fs != "\\") {
      std::size_t start = 0;
      while (true) {
        std::size_t at = text.find(fs[0], start);
        out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
      }
      return out;
    }
    const Regex* re = regex_for(fs);
    if (!re) return {text};
    std::size_t start = 0, search = 0;
    std::vector<Regex::Span> groups;
    while (search <= text.size() && re->search(text, search, groups)) {
      std::size_t b = static_cast<std::size_t>(groups[0].begin), e = static_cast<std::size_t>(groups[0].end);
      if (e == b) {
        search = b + 1;
        continue;
      }
      out.push_back(text.substr(start, b - start));
      start = search = e;
    }
    out.push_back(text.substr(start));
    return out;
  }

  std::string record_text() {
    if (!record_valid_) {
      std::string ofs = to_str(vars_["OFS"]);
      record_.clear();
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) record_ += ofs;
        record_ += fields_[i];
      }
      record_valid_ = true;
    }
    return record_;
  }

  Value get_field(long long n) {
    if (n < 0) {
      fail("trying to access out of range field " + std::to_string(n));
      return {};
    }
    if (n == 0) return Value::input(record_text());
    split_fields();
    if (static_cast<std::size_t>(n) > fields_.size()) return Value::input("");
    return Value::input(fields_[static_cast<std::size_t>(n - 1)]);
  }

  void set_field(long long n, const std::string& v) {
    if (n < 0 || n > 100000) {
      fail("field index out of range");
      return;
    }
    if (n == 0) {
      set_record(v);
      return;
    }
    split_fields();
    record_text();
    if (fields_.size() < static_cast<std::size_t>(n)) fields_.resize(static_cast<std::size_t>(n));
    fields_[static_cast<std::size_t>(n - 1)] = v;
    record_valid_ = false;
  }

  // ---- variables
  Value get_var(const std::string& name) {
    if (name == "NF") {
      split_fields();
      return Value::num(static_cast<double>(fields_.size()));
    }
    if (name == "NR" || name == "FNR") return Value::num(nr_);
    auto it = vars_.find(name);
    return it == vars_.end() ? Value{} : it->second;
  }

  void set_var(const std::string& name, const Value& v) {
    if (name == "NF") {
      split_fields();
      record_text();
      double n = to_num(v);
      fields_.resize(n < 0 ? 0 : static_cast<std::size_t>(std::min(n, 100000.0)));
      record_valid_ = false;
      return;
    }
    if (name == "NR" || name == "FNR") {
      nr_ = to_num(v);
      return;
    }
    vars_[name] = v;
  }

  std::string key_of(const Expr& subscript) { return to_str(eval(subscript)); }

  void assign(const Expr& target, const Value& v) {
    switch (target.kind) {
      case Expr::Kind::Var:
        set_var(target.text, v);
        return;
      case Expr::Kind::Field:
        set_field(to_ll(to_num(eval(*target.kids[0]))), to_str(v));
        return;
      case Expr::Kind::Index:
        arrays_[target.text][key_of(*target.kids[0])] = v;
        return;
      default:
        return;
    }
  }

  Value read(const Expr& target) {
    switch (target.kind) {
      case Expr::Kind::Var:
        return get_var(target.text);
      case Expr::Kind::Field:
        return get_field(to_ll(to_num(eval(*target.kids[0]))));
      case Expr::Kind::Index: {
        auto& array = arrays_[target.text];
        std::string key = key_of(*target.kids[0]);
        return array[key];  // referencing creates the element, as in awk
      }
      default:
        return eval(target);
    }
  }

  const Regex* regex_for(const std::string& pattern) {
    auto it = regex_cache_.find(pattern);
    if (it != regex_cache_.end()) return it->second.get();
    std::string message;
    auto re = Regex::compile(pattern, Regex::Syntax::Extended, false, message);
    if (!re) {
      fail("bad regular expression: " + message);
      return nullptr;
    }
    if (regex_cache_.size() > 256) regex_cache_.clear();
    auto& slot = regex_cache_[pattern];
    slot = std::make_shared<Regex>(std::move(*re));
    return slot.get();
  }

  const Regex* regex_of(const Expr& e) {
    if (e.kind == Expr::Kind::Regex) return e.regex.get();
    return regex_for(to_str(eval(e)));
  }

  static int compare(const Value& a, const Value& b) {
    auto numeric = [](const Value& v) { return v.type != Value::Type::Str; };
    if (numeric(a) && numeric(b)) {
      double x = to_num(a), y = to_num(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    std::string x = to_str(a), y = to_str(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  Value eval(const Expr& e) {
    if (failed()) return {};
    if (++depth_ > kMaxDepth * 8) {
      --depth_;
      fail("expression nested too deeply");
      return {};
    }
    Value v = eval_inner(e);
    --depth_;
    return v;
  }

  Value eval_inner(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Number:
        return Value::num(e.number);
      case Expr::Kind::String:
        return Value::str(e.text);
      case Expr::Kind::Regex: {
        std::vector<Regex::Span> groups;
        return Value::num(e.regex->search(record_text(), 0, groups) ? 1 : 0);
      }
      case Expr::Kind::Field:
      case Expr::Kind::Var:
      case Expr::Kind::Index:
        return read(e);
      case Expr::Kind::Group:
        return eval(*e.kids[0]);
      case Expr::Kind::Assign: {
        Value right = eval(*e.kids[1]);
        Value result = right;
        if (e.text != "=") {
          double a = to_num(read(*e.kids[0])), b = to_num(right);
          result = Value::num(arith(e.text.substr(0, 1), a, b));
        } else if (right.type == Value::Type::Uninit) {
          result = Value::str("");
          result.type = Value::Type::Uninit;
        }
        assign(*e.kids[0], result);
        return result;
      }
      case Expr::Kind::Cond:
        return truthy(eval(*e.kids[0])) ? eval(*e.kids[1]) : eval(*e.kids[2]);
      case Expr::Kind::And:
        return Value::num(truthy(eval(*e.kids[0])) && truthy(eval(*e.kids[1])) ? 1 : 0);
      case Expr::Kind::Or:
        return Value::num(truthy(eval(*e.kids[0])) || truthy(eval(*e.kids[1])) ? 1 : 0);
      case Expr::Kind::Not:
        return Value::num(truthy(eval(*e.kids[0])) ? 0 : 1);
      case Expr::Kind::Negate:
        return Value::num(-to_num(eval(*e.kids[0])));
      case Expr::Kind::Plus:
        return Value::num(to_num(eval(*e.kids[0])));
      case Expr::Kind::Binary:
        return Value::num(arith(e.text, to_num(eval(*e.kids[0])), to_num(eval(*e.kids[1]))));
      case Expr::Kind::Compare: {
        int c = compare(eval(*e.kids[0]), eval(*e.kids[1]));
        const std::string& op = e.text;
        bool r = op == "==" ? c == 0 : op == "!=" ? c != 0 : op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0;
        return Value::num(r ? 1 : 0);
      }
      case Expr::Kind::Concat: {
        std::string sep = e.text == "SUBSEP" ? to_str(vars_["SUBSEP"]) : "";
        std::string out;
        for (std::size_t i = 0; i < e.kids.size(); ++i) {
          if (i > 0) out += sep;
          out += to_str(eval(*e.kids[i]));
        }
        return Value::str(out);
      }
      case Expr::Kind::Match: {
        std::string text = to_str(eval(*e.kids[0]));
        const Regex* re = regex_of(*e.kids[1]);
        if (!re) return {};
        std::vector<Regex::Span> groups;
        bool m = re->search(text, 0, groups);
        return Value::num((m != (e.text == "!~")) ? 1 : 0);
      }
      case Expr::Kind::In: {
        auto it = arrays_.find(e.text);
        return Value::num(it != arrays_.end() && it->second.count(key_of(*e.kids[0])) ? 1 : 0);
      }
      case Expr::Kind::PreIncrement: {
        double v = to_num(read(*e.kids[0])) + (e.text == "++" ? 1 : -1);
        assign(*e.kids[0], Value::num(v));
        return Value::num(v);
      }
      case Expr::Kind::PostIncrement: {
        double v = to_num(read(*e.kids[0]));
        assign(*e.kids[0], Value::num(v + (e.text == "++" ? 1 : -1)));
        return Value::num(v);
      }
      case Expr::Kind::Call:
        return call(e);
    }
    return {};
  }

  double arith(const std::string& op, double a, double b) {
    if (op == "+") return a + b;
    if (op == "-") return a - b;
    if (op == "*") return a * b;
    if (op == "/" || op == "%") {
      if (b == 0) {
        fail(op == "/" ? "division by zero" : "division by zero in %");
        return 0;
      }
      return op == "/" ? a / b : std::fmod(a, b);
    }
    if (op == "^") return std::pow(a, b);
    return 0;
  }

  std::string sprintf(const std::string& fmt, const std::vector<Value>& args) {
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
      char c = fmt[i];
      if (c != '%') {
        out.push_back(c);
        continue;
      }
      if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
        out.push_back('%');
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      std::string spec = "%";
      while (j < fmt.size() && std::string_view("-+ #0").find(fmt[j]) != std::string_view::npos) spec.push_back(fmt[j++]);
      auto number_part = [&]() {
        if (j < fmt.size() && fmt[j] == '*') {
          long long w = next < args.size() ? to_ll(to_num(args[next++])) : 0;
          w = std::clamp<long long>(w, -100000, 100000);
          spec += std::to_string(w);
          ++j;
          return;
        }
        std::string digits;
        while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) digits.push_back(fmt[j++]);
        if (digits.size() > 5) digits = "100000";
        spec += digits;
      };
      number_part();
      if (j < fmt.size() && fmt[j] == '.') {
        spec.push_back('.');
        ++j;
        number_part();
      }
      if (j >= fmt.size()) {
        out += fmt.substr(i);
        break;
      }
      char conv = fmt[j];
      i = j;
      Value arg = next < args.size() ? args[next++] : Value{};
      std::vector<char> buf(100200 + (conv == 's' ? to_str(arg).size() : 0));
      switch (conv) {
        case 'd': case 'i':
          std::snprintf(buf.data(), buf.size(), (spec + "lld").c_str(), to_ll(to_num(arg)));
          break;
        case 'o': case 'x': case 'X': case 'u':
          std::snprintf(buf.data(), buf.size(), (spec + "ll" + conv).c_str(), static_cast<unsigned long long>(to_ll(to_num(arg))));
          break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
          std::snprintf(buf.data(), buf.size(), (spec + conv).c_str(), to_num(arg));
          break;
        case 'c': {
          std::string s = arg.type == Value::Type::Num ? std::string(1, static_cast<char>(to_ll(arg.n))) : to_str(arg).substr(0, 1);
          std::snprintf(buf.data(), buf.size(), (spec + "s").c_str(), s.c_str());
          break;
        }
        case 's':
          std::snprintf(buf.data(), buf.size(), (spec + "s").c_str(), to_str(arg).c_str());
          break;
        default:
          out.push_back('%');
          out.push_back(conv);
          continue;
      }
      out += buf.data();
    }
    return out;
  }

  Value substitute(const Expr& e, bool global) {
    if (e.kids.size() < 2) {
      fail(e.text + " needs two arguments");
      return {};
    }
    const Regex* re = regex_of(*e.kids[0]);
    if (!re) return {};
    std::string repl = to_str(eval(*e.kids[1]));
    Value target_value = e.kids.size() > 2 ? read(*e.kids[2]) : get_field(0);
    std::string text = to_str(target_value);
    std::string out;
    std::size_t pos = 0;
    int count = 0;
    std::vector<Regex::Span> groups;
    while (pos <= text.size() && re->search(text, pos, groups)) {
      std::size_t b = static_cast<std::size_t>(groups[0].begin), en = static_cast<std::size_t>(groups[0].end);
      out += text.substr(pos, b - pos);
      for (std::size_t k = 0; k < repl.size(); ++k) {
        if (repl[k] == '\\' && k + 1 < repl.size() && (repl[k + 1] == '&' || repl[k + 1] == '\\')) {
          out.push_back(repl[++k]);
        } else if (repl[k] == '&') {
          out += text.substr(b, en - b);
        } else {
          out.push_back(repl[k]);
        }
      }
      ++count;
      if (en == b) {
        if (b < text.size()) out.push_back(text[b]);
        pos = b + 1;
      } else {
        pos = en;
      }
      if (!global) break;
    }
    if (pos < text.size()) out += text.substr(pos);
    if (count > 0) {
      if (e.kids.size() > 2) {
        assign(*e.kids[2], Value::str(out));
      } else {
        set_record(out);
      }
    }
    return Value::num(count);
  }

  Value call(const Expr& e) {
    const std::string& f = e.text;
    auto arg = [&](std::size_t k) { return k < e.kids.size() ? eval(*e.kids[k]) : Value{}; };
    if (f == "length") {
      if (e.kids.empty()) return Value::num(static_cast<double>(record_text().size()));
      if (e.kids[0]->kind == Expr::Kind::Var && arrays_.count(e.kids[0]->text)) {
        return Value::num(static_cast<double>(arrays_[e.kids[0]->text].size()));
      }
      return Value::num(static_cast<double>(to_str(arg(0)).size()));
    }
    if (f == "substr") {
      std::string s = to_str(arg(0));
      double m = std::round(to_num(arg(1)));
      double n = e.kids.size() > 2 ? std::round(to_num(arg(2))) : 1e18;
      double start = std::max(m, 1.0);
      double end = std::min(m + n, static_cast<double>(s.size()) + 1);
      if (end <= start) return Value::str("");
      return Value::str(s.substr(static_cast<std::size_t>(start - 1), static_cast<std::size_t>(end - start)));
    }
    if (f == "index") {
      std::string s = to_str(arg(0)), t = to_str(arg(1));
      std::size_t at = s.find(t);
      return Value::num(at == std::string::npos ? 0 : static_cast<double>(at + 1));
    }
    if (f == "split") {
      if (e.kids.size() < 2 || e.kids[1]->kind != Expr::Kind::Var) {
        fail("split needs an array");
        return {};
      }
      std::string s = to_str(arg(0));
      std::string fs = e.kids.size() > 2 ? (e.kids[2]->kind == Expr::Kind::Regex ? e.kids[2]->text : to_str(arg(2)))
                                         : to_str(vars_["FS"]);
      std::vector<std::string> parts = split(s, fs);
      auto& array = arrays_[e.kids[1]->text];
      array.clear();
      for (std::size_t k = 0; k < parts.size(); ++k) array[std::to_string(k + 1)] = Value::input(parts[k]);
      return Value::num(static_cast<double>(parts.size()));
    }
    if (f == "sub" || f == "gsub") return substitute(e, f == "gsub");
    if (f == "match") {
      std::string s = to_str(arg(0));
      const Regex* re = e.kids.size() > 1 ? regex_of(*e.kids[1]) : nullptr;
      if (!re) return {};
      std::vector<Regex::Span> groups;
      bool m = re->search(s, 0, groups);
      double start = m ? static_cast<double>(groups[0].begin + 1) : 0;
      double length = m ? static_cast<double>(groups[0].end - groups[0].begin) : -1;
      vars_["RSTART"] = Value::num(start);
      vars_["RLENGTH"] = Value::num(length);
      return Value::num(start);
    }
    if (f == "sprintf") {
      std::vector<Value> args;
      for (std::size_t k = 1; k < e.kids.size(); ++k) args.push_back(eval(*e.kids[k]));
      return Value::str(sprintf(to_str(arg(0)), args));
    }
    if (f == "tolower" || f == "toupper") {
      std::string s = to_str(arg(0));
      for (char& c : s) c = static_cast<char>(f == "tolower" ? std::tolower(static_cast<unsigned char>(c)) : std::toupper(static_cast<unsigned char>(c)));
      return Value::str(s);
    }
    if (f == "int") return Value::num(std::trunc(to_num(arg(0))));
    if (f == "sqrt") return Value::num(std::sqrt(to_num(arg(0))));
    if (f == "exp") return Value::num(std::exp(to_num(arg(0))));
    if (f == "log") return Value::num(std::log(to_num(arg(0))));
    if (f == "sin") return Value::num(std::sin(to_num(arg(0))));
    if (f == "cos") return Value::num(std::cos(to_num(arg(0))));
    if (f == "atan2") return Value::num(std::atan2(to_num(arg(0)), to_num(arg(1))));
    if (f == "rand") {
      seed_ = seed_ * 6364136223846793005ULL + 1442695040888963407ULL;
      return Value::num(static_cast<double>(seed_ >> 11) / 9007199254740992.0);
    }
    if (f == "srand") {
      double previous = static_cast<double>(seed_value_);
      seed_value_ = e.kids.empty() ? 0 : to_ll(to_num(arg(0)));
      seed_ = static_cast<unsigned long long>(seed_value_);
      return Value::num(previous);
    }
    if (f == "system") {
      fail("system() is not simulated");
      return {};
    }
    return {};
  }

  Flow exec_list(const std::vector<StmtPtr>& list) {
    for (const StmtPtr& st : list) {
      Flow f = exec(*st);
      if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
  }

  Flow exec(const Stmt& st) {
    if (failed()) return Flow::Stop;
    switch (st.kind) {
      case Stmt::Kind::Empty:
        return Flow::Normal;
      case Stmt::Kind::Expression:
        eval(*st.exprs[0]);
        break;
      case Stmt::Kind::Print:
      case Stmt::Kind::Printf: {
        std::string text;
        if (st.kind == Stmt::Kind::Print) {
          if (st.exprs.empty()) {
            text = record_text();
          } else {
            std::string ofs = to_str(vars_["OFS"]);
            for (std::size_t k = 0; k < st.exprs.size(); ++k) {
              if (k > 0) text += ofs;
              text += to_str(eval(*st.exprs[k]));
            }
          }
          text += to_str(vars_["ORS"]);
        } else {
          if (st.exprs.empty()) {
            fail("printf needs a format");
            return Flow::Stop;
          }
          std::vector<Value> args;
          for (std::size_t k = 1; k < st.exprs.size(); ++k) args.push_back(eval(*st.exprs[k]));
          text = sprintf(to_str(eval(*st.exprs[0])), args);
        }
        if (failed()) return Flow::Stop;
        if (st.redirect) {
          std::string path = to_str(eval(*st.redirect));
          bool truncate = !st.append && !opened_.count(path);
          opened_.insert(path);
          if (io_.write_file) io_.write_file(path, text, truncate);
        } else {
          output(text);
        }
        break;
      }
      case Stmt::Kind::If:
        if (truthy(eval(*st.exprs[0]))) return exec(*st.body[0]);
        if (st.body.size() > 1) return exec(*st.body[1]);
        break;
      case Stmt::Kind::While:
        while (!failed() && truthy(eval(*st.exprs[0]))) {
          if (!io_.tick()) {
            result_.stopped = true;
            return Flow::Stop;
          }
          Flow f = exec(*st.body[0]);
          if (f != Flow::Normal) return f;
        }
        break;
      case Stmt::Kind::Do:
        do {
          if (!io_.tick()) {
            result_.stopped = true;
            return Flow::Stop;
          }
          Flow f = exec(*st.body[0]);
          if (f != Flow::Normal) return f;
        } while (!failed() && truthy(eval(*st.exprs[0])));
        break;
      case Stmt::Kind::For:
        if (st.exprs[0]) eval(*st.exprs[0]);
        while (!failed() && (!st.exprs[1] || truthy(eval(*st.exprs[1])))) {
          if (!io_.tick()) {
            result_.stopped = true;
            return Flow::Stop;
          }
          Flow f = exec(*st.body[0]);
          if (f != Flow::Normal) return f;
          if (st.exprs[2]) eval(*st.exprs[2]);
        }
        break;
      case Stmt::Kind::ForIn: {
        std::vector<std::string> keys;
        for (const auto& [k, v] : arrays_[st.array]) keys.push_back(k);
        for (const std::string& k : keys) {
          if (!io_.tick()) {
            result_.stopped = true;
            return Flow::Stop;
          }
          set_var(st.name, Value::input(k));
          Flow f = exec(*st.body[0]);
          if (f != Flow::Normal) return f;
        }
        break;
      }
      case Stmt::Kind::Next:
        return Flow::Next;
      case Stmt::Kind::Exit:
        if (!st.exprs.empty()) result_.exit_code = static_cast<int>(to_ll(to_num(eval(*st.exprs[0]))) & 255);
        return Flow::Exit;
      case Stmt::Kind::Delete:
        if (st.exprs.empty()) {
          arrays_[st.array].clear();
        } else {
          arrays_[st.array].erase(key_of(*st.exprs[0]));
        }
        break;
      case Stmt::Kind::Block:
        return exec_list(st.body);
    }
    return failed() ? Flow::Stop : Flow::Normal;
  }

  const AwkProgram& program_;
  AwkIo& io_;
  AwkResult result_;
  std::string out_;
  std::map<std::string, Value> vars_;
  std::map<std::string, std::map<std::string, Value>> arrays_;
  std::map<std::string, std::shared_ptr<Regex>> regex_cache_;
  std::set<std::string> opened_;
  std::string record_;
  bool record_valid_ = true;
  std::vector<std::string> fields_;
  bool fields_valid_ = false;
  double nr_ = 0;
  int depth_ = 0;
  unsigned long long seed_ = 0;
  long long seed_value_ = 0;
};

}  // namespace

std::shared_ptr<AwkProgram> parse_awk(const std::string& text, std::string& error) {
  AwkParser parser(text);
  return parser.parse(error);
}

AwkResult run_awk(const AwkProgram& program, const std::string& input,
                  const std::vector<std::pair<std::string, std::string>>& assignments,
                  const std::string& field_separator, AwkIo& io) {
  AwkRun run(program, io);
  return run.run(input, assignments, field_separator);
}

}  // namespace ghaplay::scripts::bash
