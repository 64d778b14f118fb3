#include "scripts/pwsh/parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

#include "common/text.h"

namespace ghaplay::scripts::pwsh {
namespace {

// Thrown inside the parser only; parse_script turns it into a ParseError.
struct Failure {
  ParseError error;
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_newline(char c) { return c == '\n' || c == '\r'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Operators written as `-name`, lower case, without the c/i prefix.
const char* const kComparison[] = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
                                   "contains", "notcontains", "in", "notin", "replace", "split", "join"};
const char* const kOtherOperators[] = {"and", "or", "xor", "not", "band", "bor", "bxor", "bnot", "shl", "shr",
                                       "is", "isnot", "as", "f"};

bool is_comparison(std::string_view op) {
  std::string_view base = op;
  if (base.size() > 1 && (base[0] == 'c' || base[0] == 'i')) {
    for (const char* c : kComparison)
      if (base.substr(1) == c) return true;
  }
  for (const char* c : kComparison)
    if (base == c) return true;
  return false;
}

bool is_operator_word(std::string_view op) {
  if (is_comparison(op)) return true;
  for (const char* c : kOtherOperators)
    if (op == c) return true;
  return false;
}

class Parser {
 public:
  explicit Parser(std::string_view src) : s_(src) {}

  std::shared_ptr<Block> script() {
    auto block = statements('\0');
    if (pos_ < s_.size()) fail_here("Unexpected token '" + token_text() + "' in expression or statement.");
    return block;
  }

 private:
  // ---- cursor -------------------------------------------------------------------------------
  char peek(std::size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  bool eof() const { return pos_ >= s_.size(); }
  bool starts(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }

  [[noreturn]] void fail(std::string message, std::size_t begin, std::size_t end) {
    throw Failure{{std::move(message), {begin, std::max(end, begin + 1)}, false}};
  }
  [[noreturn]] void fail_here(std::string message) { fail(std::move(message), pos_, pos_ + 1); }

  std::string token_text() const {
    std::size_t end = pos_;
    while (end < s_.size() && !is_space(s_[end]) && !is_newline(s_[end]) && end - pos_ < 40) ++end;
    if (end == pos_) end = std::min(pos_ + 1, s_.size());
    return std::string(s_.substr(pos_, end - pos_));
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting) {
        throw Failure{{"The script nests deeper than " + std::to_string(kMaxNesting) +
                           " levels, more than ghaplay simulates.",
                       {p.pos_, p.pos_ + 1},
                       true}};
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  // Spaces, comments and line continuations (a backtick at the end of a line).
  void skip_space() {
    while (!eof()) {
      char c = peek();
      if (is_space(c)) {
        ++pos_;
      } else if (c == '`' && is_newline(peek(1))) {
        pos_ += (peek(1) == '\r' && peek(2) == '\n') ? 3 : 2;
      } else if (c == '<' && peek(1) == '#') {
        auto end = s_.find("#>", pos_ + 2);
        if (end == std::string_view::npos) fail_here("Missing closing '#>' in block comment.");
        pos_ = end + 2;
      } else if (c == '#') {
        while (!eof() && !is_newline(peek())) ++pos_;
      } else if (static_cast<unsigned char>(c) == 0xC2 && static_cast<unsigned char>(peek(1)) == 0xA0) {
        pos_ += 2;  // no-break space
      } else {
        break;
      }
    }
  }

  void skip_space_newlines() {
    for (;;) {
      skip_space();
      if (!eof() && is_newline(peek())) {
        ++pos_;
        continue;
      }
      break;
    }
  }

  void expect(char c, const std::string& message) {
    if (peek() != c) fail_here(message);
    ++pos_;
  }

  // A keyword at the cursor (case-insensitive), not followed by a word character or `-`.
  bool at_keyword(std::string_view word) const {
    if (s_.size() - pos_ < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(s_[pos_ + i])) != word[i]) return false;
    }
    char after = pos_ + word.size() < s_.size() ? s_[pos_ + word.size()] : '\0';
    return !(is_ident_char(after) || after == '-' || after == '.' || after == ':' || after == '\\' || after == '/');
  }

  bool at_statement_end() const {
    char c = peek();
    return eof() || is_newline(c) || c == ';' || c == '}' || c == ')';
  }

  // ---- statements ---------------------------------------------------------------------------
  std::shared_ptr<Block> statements(char terminator) {
    DepthGuard guard(*this);
    auto block = std::make_shared<Block>();
    for (;;) {
      skip_space_newlines();
      while (peek() == ';') {
        ++pos_;
        skip_space_newlines();
      }
      if (eof()) {
        if (terminator == '}') fail_here("Missing closing '}' in statement block or type definition.");
        if (terminator == ')') fail_here("Missing closing ')' in subexpression.");
        break;
      }
      if (peek() == terminator) break;
      if (peek() == '}' || peek() == ')') fail_here(std::string("Unexpected token '") + peek() + "' in expression or statement.");
      block->statements.push_back(statement());
      skip_space();
      if (!at_statement_end() && peek() != terminator) {
        fail_here("Unexpected token '" + token_text() + "' in expression or statement.");
      }
    }
    return block;
  }

  std::shared_ptr<Block> brace_block(const std::string& missing) {
    skip_space_newlines();
    if (peek() != '{') fail_here(missing);
    ++pos_;
    auto block = statements('}');
    expect('}', "Missing closing '}' in statement block or type definition.");
    return block;
  }

  StmtPtr paren_condition(const std::string& keyword) {
    skip_space();
    if (peek() != '(') fail_here("Missing '(' after '" + keyword + "' in " + keyword + " statement.");
    ++pos_;
    skip_space_newlines();
    if (peek() == ')') fail_here("Missing condition in " + keyword + " statement after '" + keyword + " ('.");
    auto condition = pipeline_statement();
    skip_space_newlines();
    expect(')', "Missing closing ')' after expression in '" + keyword + "' statement.");
    return condition;
  }

  StmtPtr statement() {
    DepthGuard guard(*this);
    std::size_t begin = pos_;
    StmtPtr stmt;
    if (at_keyword("if")) {
      stmt = if_statement();
    } else if (at_keyword("foreach")) {
      stmt = foreach_statement();
    } else if (at_keyword("for")) {
      stmt = for_statement();
    } else if (at_keyword("while")) {
      pos_ += 5;
      stmt = std::make_unique<Stmt>();
      stmt->kind = Stmt::Kind::While;
      stmt->condition = paren_condition("while");
      stmt->body = brace_block("Missing open curly brace in while loop.");
    } else if (at_keyword("do")) {
      pos_ += 2;
      stmt = std::make_unique<Stmt>();
      stmt->body = brace_block("Missing statement block in do loop.");
      skip_space_newlines();
      if (at_keyword("while")) {
        pos_ += 5;
        stmt->kind = Stmt::Kind::DoWhile;
        stmt->condition = paren_condition("while");
      } else if (at_keyword("until")) {
        pos_ += 5;
        stmt->kind = Stmt::Kind::DoUntil;
        stmt->condition = paren_condition("until");
      } else {
        fail_here("Missing while or until keyword in do loop.");
      }
    } else if (at_keyword("switch")) {
      stmt = switch_statement();
    } else if (at_keyword("function") || at_keyword("filter")) {
      stmt = function_statement();
    } else if (at_keyword("try")) {
      stmt = try_statement();
    } else if (at_keyword("exit") || at_keyword("throw") || at_keyword("return")) {
      stmt = std::make_unique<Stmt>();
      if (at_keyword("exit")) {
        stmt->kind = Stmt::Kind::Exit;
        pos_ += 4;
      } else if (at_keyword("throw")) {
        stmt->kind = Stmt::Kind::Throw;
        pos_ += 5;
      } else {
        stmt->kind = Stmt::Kind::Return;
        pos_ += 6;
      }
      skip_space();
      if (!at_statement_end() && !(peek() == '|' && peek(1) == '|') && !(peek() == '&' && peek(1) == '&')) {
        stmt->value = pipeline_statement();
      }
    } else if (at_keyword("break") || at_keyword("continue")) {
      stmt = std::make_unique<Stmt>();
      stmt->kind = at_keyword("break") ? Stmt::Kind::Break : Stmt::Kind::Continue;
      pos_ += stmt->kind == Stmt::Kind::Break ? 5 : 8;
      skip_space();
      if (!at_statement_end()) {
        while (!at_statement_end() && !is_space(peek())) ++pos_;  // a loop label: not simulated
      }
    } else if (at_keyword("param")) {
      // A script-level param() block: the step passes no arguments, so defaults apply.
      stmt = std::make_unique<Stmt>();
      stmt->kind = Stmt::Kind::Function;
      pos_ += 5;
      skip_space();
      parameter_list(*stmt);
      stmt->name = "";  // marks a script param block
    } else {
      stmt = pipeline_statement();
    }
    stmt->span = {begin, pos_};
    return stmt;
  }

  StmtPtr if_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::If;
    pos_ += 2;
    stmt->conditions.push_back(paren_condition("if"));
    stmt->blocks.push_back(brace_block("Missing statement block after if ( condition )."));
    for (;;) {
      std::size_t save = pos_;
      skip_space_newlines();
      if (at_keyword("elseif")) {
        pos_ += 6;
        stmt->conditions.push_back(paren_condition("elseif"));
        stmt->blocks.push_back(brace_block("Missing statement block after elseif ( condition )."));
      } else if (at_keyword("else")) {
        pos_ += 4;
        stmt->else_block = brace_block("Missing statement block after 'else' keyword.");
        break;
      } else {
        pos_ = save;
        break;
      }
    }
    return stmt;
  }

  std::string variable_name_after_dollar() {
    if (peek() != '$') fail_here("Missing variable name after foreach.");
    ++pos_;
    std::size_t begin = pos_;
    while (is_ident_char(peek()) || peek() == ':') ++pos_;
    if (pos_ == begin) fail_here("Missing variable name after foreach.");
    return std::string(s_.substr(begin, pos_ - begin));
  }

  StmtPtr foreach_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::Foreach;
    pos_ += 7;
    skip_space();
    expect('(', "Missing opening '(' after keyword 'foreach'.");
    skip_space_newlines();
    stmt->variable = variable_name_after_dollar();
    skip_space_newlines();
    if (!at_keyword("in")) fail_here("Missing 'in' after variable in foreach loop.");
    pos_ += 2;
    skip_space_newlines();
    stmt->value = pipeline_statement();
    skip_space_newlines();
    expect(')', "Missing closing ')' after expression in 'foreach' statement.");
    stmt->body = brace_block("Missing statement body in foreach loop.");
    return stmt;
  }

  StmtPtr for_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::For;
    pos_ += 3;
    skip_space();
    expect('(', "Missing opening '(' after keyword 'for'.");
    auto part = [&](char end) -> StmtPtr {
      skip_space_newlines();
      if (peek() == end) return nullptr;
      auto st = pipeline_statement();
      skip_space_newlines();
      return st;
    };
    stmt->init = part(';');
    expect(';', "Missing ';' in for statement.");
    stmt->condition = part(';');
    expect(';', "Missing ';' in for statement.");
    stmt->step = part(')');
    expect(')', "Missing closing ')' in for statement.");
    stmt->body = brace_block("Missing statement body in for loop.");
    return stmt;
  }

  StmtPtr switch_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::Switch;
    pos_ += 6;
    skip_space();
    while (peek() == '-') {  // -Exact, -CaseSensitive...: only exact matching is simulated
      ++pos_;
      while (is_ident_char(peek())) ++pos_;
      skip_space();
    }
    stmt->value = paren_condition("switch");
    skip_space_newlines();
    expect('{', "Missing condition in switch statement clause.");
    for (;;) {
      skip_space_newlines();
      while (peek() == ';') {
        ++pos_;
        skip_space_newlines();
      }
      if (peek() == '}') {
        ++pos_;
        break;
      }
      if (eof()) fail_here("Missing closing '}' in statement block or type definition.");
      if (at_keyword("default")) {
        pos_ += 7;
        stmt->else_block = brace_block("Missing statement block in switch statement clause.");
        continue;
      }
      stmt->patterns.push_back(argument());
      stmt->blocks.push_back(brace_block("Missing statement block in switch statement clause."));
    }
    return stmt;
  }

  void parameter_list(Stmt& stmt) {
    expect('(', "Missing '(' in parameter list.");
    for (;;) {
      skip_space_newlines();
      if (peek() == ')') {
        ++pos_;
        break;
      }
      if (eof()) fail_here("Missing ')' in function parameter list.");
      if (peek() == '[') {  // attributes and types: [Parameter(Mandatory)] [string]
        int nesting = 0;
        do {
          if (peek() == '[') ++nesting;
          if (peek() == ']') --nesting;
          ++pos_;
        } while (!eof() && nesting > 0);
        continue;
      }
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '$') fail_here("Missing ')' in function parameter list.");
      ++pos_;
      std::size_t begin = pos_;
      while (is_ident_char(peek())) ++pos_;
      stmt.parameters.emplace_back(s_.substr(begin, pos_ - begin));
      skip_space_newlines();
      if (peek() == '=') {
        ++pos_;
        skip_space_newlines();
        stmt.defaults.push_back(expression(true));
      } else {
        stmt.defaults.push_back(nullptr);
      }
    }
  }

  StmtPtr function_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::Function;
    pos_ += at_keyword("function") ? 8 : 6;
    skip_space();
    std::size_t begin = pos_;
    while (!eof() && !is_space(peek()) && !is_newline(peek()) && peek() != '{' && peek() != '(') ++pos_;
    if (pos_ == begin) fail_here("Missing function name after function keyword.");
    stmt->name = std::string(s_.substr(begin, pos_ - begin));
    skip_space();
    if (peek() == '(') parameter_list(*stmt);
    skip_space_newlines();
    if (peek() != '{') fail_here("Missing function body in function declaration.");
    ++pos_;
    skip_space_newlines();
    if (at_keyword("param")) {
      pos_ += 5;
      skip_space();
      parameter_list(*stmt);
    }
    stmt->body = statements('}');
    expect('}', "Missing closing '}' in statement block or type definition.");
    return stmt;
  }

  StmtPtr try_statement() {
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::Try;
    pos_ += 3;
    stmt->body = brace_block("Missing closing '}' in statement block or type definition.");
    bool any = false;
    for (;;) {
      std::size_t save = pos_;
      skip_space_newlines();
      if (at_keyword("catch")) {
        pos_ += 5;
        skip_space();
        while (peek() == '[' || peek() == ',') {  // exception types: every one is caught
          while (!eof() && peek() != ']') ++pos_;
          if (!eof()) ++pos_;
          skip_space();
        }
        auto block = brace_block("Missing statement block in catch clause.");
        if (!stmt->catch_block) stmt->catch_block = block;
        any = true;
      } else if (at_keyword("finally")) {
        pos_ += 7;
        stmt->finally_block = brace_block("Missing statement block in finally clause.");
        any = true;
        break;
      } else {
        pos_ = save;
        break;
      }
    }
    if (!any) fail_here("The Try statement is missing its Catch or Finally block.");
    return stmt;
  }

  static bool assignable(const Expr& e) {
    return e.kind == Expr::Kind::Variable || e.kind == Expr::Kind::EnvVariable || e.kind == Expr::Kind::Member ||
           e.kind == Expr::Kind::Index || (e.kind == Expr::Kind::Cast && e.children[0]->kind == Expr::Kind::Variable);
  }

  StmtPtr pipeline_statement() {
    std::size_t begin = pos_;
    auto stmt = std::make_unique<Stmt>();
    stmt->kind = Stmt::Kind::Pipeline;
    PipelineElement first = element();
    // Assignment: `$x = ...`, `$env:X += ...`, `$i++`.
    if (first.expr && first.redirections.empty() && assignable(*first.expr)) {
      skip_space();
      std::string op;
      if (peek() == '=' ) op = "=";
      else if ((peek() == '+' || peek() == '-' || peek() == '*' || peek() == '/' || peek() == '%') && peek(1) == '=') op = std::string(1, peek()) + "=";
      else if ((peek() == '+' && peek(1) == '+') || (peek() == '-' && peek(1) == '-')) op = std::string(2, peek());
      if (!op.empty()) {
        pos_ += op.size();
        stmt->kind = Stmt::Kind::Assignment;
        stmt->op = op;
        stmt->target = std::move(first.expr);
        if (op != "++" && op != "--") {
          skip_space_newlines();
          if (at_statement_end()) fail_here("You must provide a value expression following the '" + op + "' operator.");
          stmt->value = statement();
        }
        stmt->span = {begin, pos_};
        return stmt;
      }
    }
    stmt->pipeline.push_back(std::move(first));
    for (;;) {
      skip_space();
      if (peek() == '|' && peek(1) != '|') {
        ++pos_;
        skip_space_newlines();
        if (at_statement_end()) fail_here("An empty pipe element is not allowed.");
        stmt->pipeline.push_back(element());
        continue;
      }
      break;
    }
    stmt->span = {begin, pos_};
    skip_space();
    if ((peek() == '&' && peek(1) == '&') || (peek() == '|' && peek(1) == '|')) {
      auto chain = std::make_unique<Stmt>();
      chain->kind = Stmt::Kind::Chain;
      chain->op = std::string(s_.substr(pos_, 2));
      pos_ += 2;
      skip_space_newlines();
      chain->left = std::move(stmt);
      chain->right = pipeline_statement();
      chain->span = {begin, pos_};
      return chain;
    }
    return stmt;
  }

  bool expression_start() const {
    char c = peek();
    char n = peek(1);
    if (c == '$' || c == '\'' || c == '"' || c == '(' || c == '[' || c == '{' || c == ',' || c == '!') return true;
    if (c == '@' && (n == '(' || n == '{' || n == '"' || n == '\'')) return true;
    if (std::isdigit(static_cast<unsigned char>(c))) return true;
    if (c == '.' && std::isdigit(static_cast<unsigned char>(n))) return true;
    if ((c == '-' || c == '+') && (std::isdigit(static_cast<unsigned char>(n)) || n == '$' || n == '(' || n == '.')) return true;
    if (c == '-' && is_ident_start(n)) {
      std::size_t e = pos_ + 1;
      while (e < s_.size() && is_ident_char(s_[e])) ++e;
      std::string word = lower(s_.substr(pos_ + 1, e - pos_ - 1));
      return word == "not" || word == "join" || word == "split" || word == "bnot";
    }
    // Smart quotes are quotes to PowerShell too.
    if (starts("\xE2\x80\x9C") || starts("\xE2\x80\x98")) return true;
    return false;
  }

  PipelineElement element() {
    PipelineElement el;
    std::size_t begin = pos_;
    skip_space();
    if (peek() == '&' && peek(1) != '&') {
      ++pos_;
      skip_space();
      el.command_expr = argument();
      el.command = "&";
      command_arguments(el);
    } else if (peek() == '.' && (is_space(peek(1)) )) {
      ++pos_;
      skip_space();
      el.dot_source = true;
      el.command_expr = argument();
      el.command = ".";
      command_arguments(el);
    } else if (expression_start()) {
      el.expr = expression(false);
      for (;;) {
        skip_space();
        if (!at_redirection()) break;
        el.redirections.push_back(redirection());
      }
    } else {
      std::size_t name_begin = pos_;
      while (!eof()) {
        char c = peek();
        if (is_space(c) || is_newline(c) || c == ';' || c == '|' || c == '&' || c == ')' || c == '}' ||
            c == '(' || c == '{' || c == '>' || c == '<' || c == ',' || c == '"' || c == '\'')
          break;
        ++pos_;
      }
      if (pos_ == name_begin) fail_here("Unexpected token '" + token_text() + "' in expression or statement.");
      el.command = std::string(s_.substr(name_begin, pos_ - name_begin));
      command_arguments(el);
    }
    el.span = {begin, pos_};
    return el;
  }

  bool at_command_end() const {
    char c = peek();
    return eof() || is_newline(c) || c == ';' || c == ')' || c == '}' || (c == '|') || (c == '&' && peek(1) == '&');
  }

  bool at_redirection() const {
    char c = peek();
    if (c == '>') return true;
    if ((std::isdigit(static_cast<unsigned char>(c)) || c == '*') && peek(1) == '>') return true;
    return false;
  }

  Redirection redirection() {
    Redirection r;
    std::size_t begin = pos_;
    if (peek() == '*') {
      r.stream = 0;
      ++pos_;
    } else if (std::isdigit(static_cast<unsigned char>(peek()))) {
      r.stream = peek() - '0';
      ++pos_;
    }
    ++pos_;  // '>'
    if (peek() == '>') {
      r.append = true;
      ++pos_;
    }
    if (peek() == '&' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
      r.merge = true;
      pos_ += 2;
    } else {
      skip_space();
      if (at_command_end()) fail_here("Missing file specification after redirection operator.");
      r.target = argument();
    }
    r.span = {begin, pos_};
    return r;
  }

  void command_arguments(PipelineElement& el) {
    for (;;) {
      skip_space();
      if (at_command_end()) break;
      if (peek() == '<') fail_here("The '<' operator is reserved for future use.");
      if (at_redirection()) {
        el.redirections.push_back(redirection());
        continue;
      }
      CommandArg arg;
      std::size_t begin = pos_;
      if (peek() == '-' && (is_ident_start(peek(1)))) {
        ++pos_;
        std::size_t name_begin = pos_;
        while (is_ident_char(peek()) || peek() == '-') ++pos_;
        arg.parameter = std::string(s_.substr(name_begin, pos_ - name_begin));
        if (peek() == ':') {
          ++pos_;
          arg.value = argument_list();
        } else if (!at_command_end() && !is_space(peek())) {
          // `-foo.txt` or `-a=b`: a bareword after all
          pos_ = begin;
          arg.parameter.clear();
          arg.value = argument_list();
        }
      } else {
        arg.value = argument_list();
      }
      arg.span = {begin, pos_};
      el.args.push_back(std::move(arg));
    }
  }

  // `a,b,c` in command mode: one argument holding an array.
  ExprPtr argument_list() {
    std::size_t begin = pos_;
    auto first = argument();
    skip_space();
    if (peek() != ',') return first;
    auto list = std::make_unique<Expr>();
    list->kind = Expr::Kind::ArrayLiteral;
    list->children.push_back(std::move(first));
    while (peek() == ',') {
      ++pos_;
      skip_space_newlines();
      list->children.push_back(argument());
      skip_space();
    }
    list->span = {begin, pos_};
    return list;
  }

  bool at_argument_end() const {
    char c = peek();
    return eof() || is_space(c) || is_newline(c) || c == ';' || c == '|' || c == ')' || c == '}' || c == ',' ||
           c == '>' || (c == '&') || c == '<';
  }

  // One command argument: a value with member access (`$x.Name`), or a bareword with expansions.
  ExprPtr argument() {
    DepthGuard guard(*this);
    std::size_t begin = pos_;
    char c = peek();
    ExprPtr head;
    if (c == '$' || c == '(' || (c == '@' && (peek(1) == '(' || peek(1) == '{')) || c == '{') {
      head = postfix(primary());
    } else if (c == '"' || c == '\'' || (c == '@' && (peek(1) == '"' || peek(1) == '\'')) ||
               starts("\xE2\x80\x9C") || starts("\xE2\x80\x98")) {
      head = primary();
    }
    if (head && at_argument_end()) return head;
    // A bareword, possibly continuing after a value: `$dir/bin`, `"a"b`.
    auto word = std::make_unique<Expr>();
    word->kind = Expr::Kind::Expandable;
    bool plain = !head;
    if (head) word->parts.push_back({"", std::move(head)});
    std::string text;
    auto flush = [&]() {
      if (!text.empty()) word->parts.push_back({std::move(text), nullptr});
      text.clear();
    };
    while (!at_argument_end()) {
      char ch = peek();
      if (ch == '`') {
        ++pos_;
        if (eof()) break;
        text += backtick_escape();
        plain = false;
      } else if (ch == '$' && (is_ident_start(peek(1)) || peek(1) == '{' || peek(1) == '(' || peek(1) == '_' || peek(1) == '?')) {
        flush();
        plain = false;
        word->parts.push_back({"", dollar_in_string()});
      } else if (ch == '"' || ch == '\'') {
        flush();
        plain = false;
        word->parts.push_back({"", primary()});
      } else {
        text += ch;
        ++pos_;
      }
    }
    flush();
    if (pos_ == begin) fail_here("Unexpected token '" + token_text() + "' in expression or statement.");
    word->span = {begin, pos_};
    if (plain && word->parts.size() == 1 && !word->parts[0].expr) {
      // A bare number is a number (`Write-Output 42`); anything else is a string.
      PsValue number;
      const std::string& t = word->parts[0].text;
      if (parse_number_text(t, number)) {
        auto lit = std::make_unique<Expr>();
        lit->kind = Expr::Kind::Literal;
        lit->value = number;
        lit->span = word->span;
        return lit;
      }
      auto lit = std::make_unique<Expr>();
      lit->kind = Expr::Kind::Literal;
      lit->value = PsValue(t);
      lit->span = word->span;
      return lit;
    }
    if (word->parts.empty()) {
      word->kind = Expr::Kind::Literal;
      word->value = PsValue(std::string());
    }
    return word;
  }

  // ---- expressions --------------------------------------------------------------------------
  // The `-word` operator at the cursor, or "" (lower case, without the dash).
  std::string peek_operator_word() const {
    if (peek() != '-' || !is_ident_start(peek(1))) return "";
    std::size_t e = pos_ + 1;
    while (e < s_.size() && is_ident_char(s_[e])) ++e;
    std::string word = lower(s_.substr(pos_ + 1, e - pos_ - 1));
    return is_operator_word(word) ? word : "";
  }

  ExprPtr binary(ExprPtr first, std::size_t begin) {
    auto node = std::make_unique<Expr>();
    node->kind = Expr::Kind::Binary;
    node->children.push_back(std::move(first));
    node->span = {begin, pos_};
    return node;
  }

  // `no_comma`: inside method arguments and parameter defaults, where `,` separates.
  ExprPtr expression(bool no_comma) {
    DepthGuard guard(*this);
    std::size_t begin = pos_;
    auto left = comparison(no_comma);
    ExprPtr node;
    for (;;) {
      skip_space();
      std::string op = peek_operator_word();
      if (op != "and" && op != "or" && op != "xor") break;
      pos_ += op.size() + 1;
      skip_space_newlines();
      if (!node) node = binary(std::move(left), begin);
      node->ops.push_back("-" + op);
      node->children.push_back(comparison(no_comma));
      node->span.end = pos_;
    }
    return node ? std::move(node) : std::move(left);
  }

  ExprPtr comparison(bool no_comma) {
    std::size_t begin = pos_;
    auto left = additive(no_comma);
    ExprPtr node;
    for (;;) {
      skip_space();
      std::string op = peek_operator_word();
      if (op.empty() || !(is_comparison(op) || op == "is" || op == "isnot" || op == "as" || op == "band" ||
                          op == "bor" || op == "bxor" || op == "shl" || op == "shr"))
        break;
      pos_ += op.size() + 1;
      skip_space_newlines();
      if (!node) node = binary(std::move(left), begin);
      node->ops.push_back("-" + op);
      node->children.push_back(additive(no_comma));
      node->span.end = pos_;
    }
    return node ? std::move(node) : std::move(left);
  }

  ExprPtr additive(bool no_comma) {
    std::size_t begin = pos_;
    auto left = multiplicative(no_comma);
    ExprPtr node;
    for (;;) {
      skip_space();
      char c = peek();
      if (!((c == '+' || c == '-') && peek(1) != '=' && peek(1) != c)) break;
      if (c == '-' && is_ident_start(peek(1))) break;  // an operator word
      ++pos_;
      skip_space_newlines();
      if (!node) node = binary(std::move(left), begin);
      node->ops.push_back(std::string(1, c));
      node->children.push_back(multiplicative(no_comma));
      node->span.end = pos_;
    }
    return node ? std::move(node) : std::move(left);
  }

  ExprPtr multiplicative(bool no_comma) {
    std::size_t begin = pos_;
    auto left = format(no_comma);
    ExprPtr node;
    for (;;) {
      skip_space();
      char c = peek();
      if (!((c == '*' || c == '/' || c == '%') && peek(1) != '=')) break;
      ++pos_;
      skip_space_newlines();
      if (!node) node = binary(std::move(left), begin);
      node->ops.push_back(std::string(1, c));
      node->children.push_back(format(no_comma));
      node->span.end = pos_;
    }
    return node ? std::move(node) : std::move(left);
  }

  ExprPtr format(bool no_comma) {
    std::size_t begin = pos_;
    auto left = range(no_comma);
    ExprPtr node;
    for (;;) {
      skip_space();
      if (peek_operator_word() != "f") break;
      pos_ += 2;
      skip_space_newlines();
      if (!node) node = binary(std::move(left), begin);
      node->ops.push_back("-f");
      node->children.push_back(range(no_comma));
      node->span.end = pos_;
    }
    return node ? std::move(node) : std::move(left);
  }

  ExprPtr range(bool no_comma) {
    std::size_t begin = pos_;
    auto left = unary(no_comma);
    skip_space();
    if (peek() == '.' && peek(1) == '.') {
      pos_ += 2;
      skip_space_newlines();
      auto node = binary(std::move(left), begin);
      node->ops.push_back("..");
      node->children.push_back(unary(no_comma));
      node->span.end = pos_;
      return node;
    }
    return left;
  }

  ExprPtr unary(bool no_comma) {
    DepthGuard guard(*this);
    std::size_t begin = pos_;
    skip_space();
    std::string op;
    std::string word = peek_operator_word();
    if (word == "not" || word == "bnot" || word == "join" || word == "split") {
      op = "-" + word;
      pos_ += word.size() + 1;
    } else if (peek() == '!') {
      op = "!";
      ++pos_;
    } else if ((peek() == '-' || peek() == '+') && !std::isdigit(static_cast<unsigned char>(peek(1))) && peek(1) != '.') {
      op = std::string(1, peek());
      ++pos_;
    } else if (peek() == ',' && !no_comma) {
      op = ",";
      ++pos_;
    }
    if (!op.empty()) {
      skip_space();
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::Unary;
      node->name = op;
      node->children.push_back(unary(no_comma));
      node->span = {begin, pos_};
      return node;
    }
    return comma(no_comma);
  }

  ExprPtr comma(bool no_comma) {
    std::size_t begin = pos_;
    auto first = postfix(primary());
    if (no_comma) return first;
    std::size_t save = pos_;
    skip_space();
    if (peek() != ',') {
      pos_ = save;
      return first;
    }
    auto list = std::make_unique<Expr>();
    list->kind = Expr::Kind::ArrayLiteral;
    list->children.push_back(std::move(first));
    while (peek() == ',') {
      ++pos_;
      skip_space_newlines();
      list->children.push_back(postfix(primary()));
      save = pos_;
      skip_space();
    }
    pos_ = save;
    list->span = {begin, pos_};
    return list;
  }

  ExprPtr postfix(ExprPtr e) {
    for (;;) {
      std::size_t begin = e->span.begin;
      if (peek() == '.' && peek(1) != '.' && (is_ident_start(peek(1)) || peek(1) == '"' || peek(1) == '\'')) {
        ++pos_;
        std::string name;
        if (peek() == '"' || peek() == '\'') {
          auto lit = primary();
          name = lit->kind == Expr::Kind::Literal && lit->value.is_string() ? lit->value.as_string() : "";
        } else {
          std::size_t nb = pos_;
          while (is_ident_char(peek())) ++pos_;
          name = std::string(s_.substr(nb, pos_ - nb));
        }
        auto node = std::make_unique<Expr>();
        node->name = name;
        node->children.push_back(std::move(e));
        if (peek() == '(') {
          node->kind = Expr::Kind::Method;
          method_arguments(*node);
        } else {
          node->kind = Expr::Kind::Member;
        }
        node->span = {begin, pos_};
        e = std::move(node);
      } else if (peek() == '[') {
        ++pos_;
        skip_space_newlines();
        auto node = std::make_unique<Expr>();
        node->kind = Expr::Kind::Index;
        node->children.push_back(std::move(e));
        node->children.push_back(expression(false));
        skip_space_newlines();
        expect(']', "Array index expression is missing or not valid.");
        node->span = {begin, pos_};
        e = std::move(node);
      } else if (peek() == ':' && peek(1) == ':' && (e->kind == Expr::Kind::TypeLiteral)) {
        pos_ += 2;
        std::size_t nb = pos_;
        while (is_ident_char(peek())) ++pos_;
        auto node = std::make_unique<Expr>();
        node->name = std::string(s_.substr(nb, pos_ - nb));
        node->value = e->value;  // the type name
        if (peek() == '(') {
          node->kind = Expr::Kind::StaticMethod;
          method_arguments(*node);
        } else {
          node->kind = Expr::Kind::StaticMember;
        }
        node->span = {begin, pos_};
        e = std::move(node);
      } else {
        return e;
      }
    }
  }

  void method_arguments(Expr& node) {
    ++pos_;  // '('
    skip_space_newlines();
    if (peek() == ')') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_space_newlines();
      node.children.push_back(expression(true));
      skip_space_newlines();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      expect(')', "Missing closing ')' in method call.");
      return;
    }
  }

  static bool parse_number_text(std::string_view t, PsValue& out) {
    if (t.empty()) return false;
    std::string s = lower(t);
    bool negative = false;
    std::size_t i = 0;
    if (s[0] == '-' || s[0] == '+') {
      negative = s[0] == '-';
      i = 1;
    }
    if (i >= s.size()) return false;
    std::int64_t multiplier = 1;
    static const std::pair<const char*, std::int64_t> kSuffixes[] = {
        {"kb", 1LL << 10}, {"mb", 1LL << 20}, {"gb", 1LL << 30}, {"tb", 1LL << 40}, {"pb", 1LL << 50}};
    for (const auto& [suffix, value] : kSuffixes) {
      if (s.size() > 2 && s.compare(s.size() - 2, 2, suffix) == 0) {
        multiplier = value;
        s.resize(s.size() - 2);
        break;
      }
    }
    bool force_double = false;
    if (!s.empty() && (s.back() == 'l' || s.back() == 'd') && s.compare(0, 2, "0x") != 0) {
      force_double = s.back() == 'd';
      s.pop_back();
    }
    std::string_view body(s);
    body.remove_prefix(i);
    if (body.empty()) return false;
    if (body.size() > 2 && body[0] == '0' && body[1] == 'x') {
      std::uint64_t v = 0;
      for (std::size_t k = 2; k < body.size(); ++k) {
        char c = body[k];
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0 || v > (UINT64_MAX >> 4)) return false;
        v = v * 16 + static_cast<std::uint64_t>(d);
      }
      auto iv = static_cast<std::int64_t>(v) * multiplier;
      out = PsValue(negative ? -iv : iv);
      return true;
    }
    bool is_double = force_double;
    std::size_t k = 0;
    bool digits = false;
    while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k, digits = true;
    if (k < body.size() && body[k] == '.') {
      is_double = true;
      ++k;
      while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k, digits = true;
    }
    if (!digits) return false;
    if (k < body.size() && body[k] == 'e') {
      is_double = true;
      ++k;
      if (k < body.size() && (body[k] == '+' || body[k] == '-')) ++k;
      std::size_t exp_begin = k;
      while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k;
      if (k == exp_begin) return false;
    }
    if (k != body.size()) return false;
    std::string text(body);
    if (!is_double && text.size() <= 18) {
      std::int64_t v = std::stoll(text) * multiplier;
      out = PsValue(negative ? -v : v);
      return true;
    }
    double d = std::strtod(text.c_str(), nullptr) * static_cast<double>(multiplier);
    out = PsValue(negative ? -d : d);
    return true;
  }

  ExprPtr literal(PsValue v, std::size_t begin) {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Literal;
    e->value = std::move(v);
    e->span = {begin, pos_};
    return e;
  }

  std::string backtick_escape() {
    // After the backtick.
    char c = peek();
    ++pos_;
    switch (c) {
      case '0': return std::string(1, '\0');
      case 'a': return "\a";
      case 'b': return "\b";
      case 'e': return "\x1B";
      case 'f': return "\f";
      case 'n': return "\n";
      case 'r': return "\r";
      case 't': return "\t";
      case 'v': return "\v";
      case 'u':
        if (peek() == '{') {
          auto end = s_.find('}', pos_);
          if (end != std::string_view::npos && end - pos_ <= 7) {
            std::uint32_t cp = 0;
            bool ok = end > pos_ + 1;
            for (std::size_t k = pos_ + 1; k < end; ++k) {
              char h = static_cast<char>(std::tolower(static_cast<unsigned char>(s_[k])));
              int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : -1;
              if (d < 0) ok = false;
              cp = cp * 16 + static_cast<std::uint32_t>(std::max(d, 0));
            }
            if (ok && cp <= 0x10FFFF) {
              pos_ = end + 1;
              std::string out;
              text::append_utf8(out, cp);
              return out;
            }
          }
        }
        return "u";
      case '\r':
        if (peek() == '\n') ++pos_;
        return "";
      case '\n':
        return "";
      default: {
        // Any other character stands for itself (a whole UTF-8 sequence).
        std::string out(1, c);
        while (!eof() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) out += s_[pos_++];
        return out;
      }
    }
  }

  // After a `$` inside a double-quoted string or a bareword: $name, $env:NAME, ${name}, $(...).
  ExprPtr dollar_in_string() {
    std::size_t begin = pos_;
    ++pos_;  // '$'
    if (peek() == '(') {
      ++pos_;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::SubExpr;
      e->block = statements(')');
      expect(')', "Missing closing ')' in subexpression.");
      e->span = {begin, pos_};
      return e;
    }
    return variable(begin);
  }

  // The variable after `$` (the cursor is past the `$`).
  ExprPtr variable(std::size_t begin) {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Variable;
    std::string name;
    if (peek() == '{') {
      auto end = s_.find('}', pos_);
      if (end == std::string_view::npos) fail_here("Missing '}' in variable reference.");
      name = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
    } else if (peek() == '_' && !is_ident_char(peek(1))) {
      name = "_";
      ++pos_;
    } else if (peek() == '?' || peek() == '$' || peek() == '^') {
      name = std::string(1, peek());
      ++pos_;
    } else {
      std::size_t nb = pos_;
      while (is_ident_char(peek())) ++pos_;
      name = std::string(s_.substr(nb, pos_ - nb));
      // A scope or drive: $env:NAME, $script:x.
      if (peek() == ':' && peek(1) != ':' && (is_ident_start(peek(1)) || peek(1) == '{')) {
        std::string scope = lower(name);
        ++pos_;
        std::string rest;
        if (peek() == '{') {
          auto end = s_.find('}', pos_);
          if (end == std::string_view::npos) fail_here("Missing '}' in variable reference.");
          rest = std::string(s_.substr(pos_ + 1, end - pos_ - 1));
          pos_ = end + 1;
        } else {
          std::size_t rb = pos_;
          while (is_ident_char(peek())) ++pos_;
          rest = std::string(s_.substr(rb, pos_ - rb));
        }
        if (scope == "env") {
          e->kind = Expr::Kind::EnvVariable;
        } else {
          e->scope = scope;
        }
        name = rest;
      }
    }
    if (name.empty()) fail("Variable reference is not valid. '$' was not followed by a valid variable name character.", begin, pos_);
    e->name = name;
    e->span = {begin, pos_};
    return e;
  }

  // "..." (or a smart-quoted one): parts; a plain literal when nothing expands.
  ExprPtr expandable_string(std::size_t begin) {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Expandable;
    std::string text;
    auto flush = [&]() {
      if (!text.empty()) e->parts.push_back({std::move(text), nullptr});
      text.clear();
    };
    for (;;) {
      if (eof()) fail("The string is missing the terminator: \".", begin, pos_);
      char c = peek();
      bool smart = starts("\xE2\x80\x9C") || starts("\xE2\x80\x9D") || starts("\xE2\x80\x9E");
      if (c == '"' || smart) {
        std::size_t width = smart ? 3 : 1;
        // A doubled quote is one quote.
        bool doubled = s_.substr(pos_ + width, 1) == "\"" || s_.substr(pos_ + width, 3) == "\xE2\x80\x9C" ||
                       s_.substr(pos_ + width, 3) == "\xE2\x80\x9D";
        if (doubled) {
          text += '"';
          pos_ += width + (s_[pos_ + width] == '"' ? 1 : 3);
          continue;
        }
        pos_ += width;
        break;
      }
      if (c == '`') {
        ++pos_;
        if (eof()) fail("The string is missing the terminator: \".", begin, pos_);
        text += backtick_escape();
        continue;
      }
      if (c == '$' && (is_ident_start(peek(1)) || peek(1) == '{' || peek(1) == '(' || peek(1) == '?' ||
                       peek(1) == '$' || peek(1) == '^')) {
        flush();
        e->parts.push_back({"", dollar_in_string()});
        continue;
      }
      text += c;
      ++pos_;
    }
    flush();
    e->span = {begin, pos_};
    if (e->parts.empty()) return literal(PsValue(std::string()), begin);
    if (e->parts.size() == 1 && !e->parts[0].expr) return literal(PsValue(std::move(e->parts[0].text)), begin);
    return e;
  }

  ExprPtr here_string(std::size_t begin, bool expandable) {
    pos_ += 2;  // @" or @'
    while (is_space(peek())) ++pos_;
    if (!is_newline(peek())) fail("No characters are allowed after a here-string header but before the end of the line.", begin, pos_);
    if (peek() == '\r') ++pos_;
    if (peek() == '\n') ++pos_;
    std::size_t content = pos_;
    const char close = expandable ? '"' : '\'';
    // The end: a line starting with "@ (or '@).
    std::size_t end = std::string_view::npos;
    std::size_t scan = content;
    for (;;) {
      if (scan + 1 < s_.size() + 1 && s_.substr(scan, 2) == std::string{close, '@'}) {
        end = scan;
        break;
      }
      auto nl = s_.find('\n', scan);
      if (nl == std::string_view::npos) break;
      scan = nl + 1;
    }
    if (end == std::string_view::npos) fail("The string is missing the terminator: " + std::string(1, close) + "@.", begin, s_.size());
    std::size_t body_end = end;
    if (body_end > content && s_[body_end - 1] == '\n') --body_end;
    if (body_end > content && s_[body_end - 1] == '\r') --body_end;
    if (body_end < content) body_end = content;
    if (!expandable) {
      std::string body(s_.substr(content, body_end - content));
      pos_ = end + 2;
      return literal(PsValue(std::move(body)), begin);
    }
    // Expand the body with the normal string rules, minus quote handling.
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Expandable;
    std::string text;
    pos_ = content;
    auto flush = [&]() {
      if (!text.empty()) e->parts.push_back({std::move(text), nullptr});
      text.clear();
    };
    while (pos_ < body_end) {
      char c = peek();
      if (c == '`' && pos_ + 1 < body_end) {
        ++pos_;
        text += backtick_escape();
        continue;
      }
      if (c == '$' && (is_ident_start(peek(1)) || peek(1) == '{' || peek(1) == '(')) {
        flush();
        e->parts.push_back({"", dollar_in_string()});
        continue;
      }
      text += c;
      ++pos_;
    }
    flush();
    pos_ = end + 2;
    e->span = {begin, pos_};
    return e;
  }

  ExprPtr single_quoted(std::size_t begin, std::size_t width) {
    pos_ += width;
    std::string text;
    for (;;) {
      if (eof()) fail("The string is missing the terminator: '.", begin, pos_);
      bool smart = starts("\xE2\x80\x98") || starts("\xE2\x80\x99");
      if (peek() == '\'' || smart) {
        std::size_t w = smart ? 3 : 1;
        bool doubled = s_.substr(pos_ + w, 1) == "'" || s_.substr(pos_ + w, 3) == "\xE2\x80\x98" ||
                       s_.substr(pos_ + w, 3) == "\xE2\x80\x99";
        if (doubled) {
          text += '\'';
          pos_ += w + (s_[pos_ + w] == '\'' ? 1 : 3);
          continue;
        }
        pos_ += w;
        break;
      }
      text += s_[pos_++];
    }
    return literal(PsValue(std::move(text)), begin);
  }

  ExprPtr primary() {
    DepthGuard guard(*this);
    skip_space();
    std::size_t begin = pos_;
    char c = peek();
    if (c == '$') {
      if (peek(1) == '(') return dollar_in_string();
      ++pos_;
      return variable(begin);
    }
    if (c == '\'') return single_quoted(begin, 1);
    if (starts("\xE2\x80\x98")) return single_quoted(begin, 3);
    if (c == '"') {
      ++pos_;
      return expandable_string(begin);
    }
    if (starts("\xE2\x80\x9C")) {
      pos_ += 3;
      return expandable_string(begin);
    }
    if (c == '@' && peek(1) == '"') return here_string(begin, true);
    if (c == '@' && peek(1) == '\'') return here_string(begin, false);
    if (c == '@' && peek(1) == '(') {
      pos_ += 2;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::ArrayExpr;
      e->block = statements(')');
      expect(')', "Missing closing ')' in subexpression.");
      e->span = {begin, pos_};
      return e;
    }
    if (c == '@' && peek(1) == '{') return hashtable(begin);
    if (c == '(') {
      ++pos_;
      skip_space_newlines();
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::Paren;
      if (peek() == ')') fail_here("An expression was expected after '('.");
      e->statement = statement();
      skip_space_newlines();
      expect(')', "Missing closing ')' in expression.");
      e->span = {begin, pos_};
      return e;
    }
    if (c == '{') {
      ++pos_;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::ScriptBlock;
      std::size_t body_begin = pos_;
      e->block = statements('}');
      e->block_text = std::string(s_.substr(body_begin, pos_ - body_begin));
      expect('}', "Missing closing '}' in statement block or type definition.");
      e->span = {begin, pos_};
      return e;
    }
    if (c == '[') {
      ++pos_;
      std::size_t nb = pos_;
      int nesting = 1;
      while (!eof() && nesting > 0) {
        if (peek() == '[') ++nesting;
        if (peek() == ']') --nesting;
        if (is_newline(peek())) break;
        if (nesting > 0) ++pos_;
      }
      if (peek() != ']') fail("Missing ] at end of type token.", begin, pos_);
      std::string type(s_.substr(nb, pos_ - nb));
      ++pos_;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::TypeLiteral;
      e->value = PsValue(type);
      e->span = {begin, pos_};
      // A cast: the type directly followed by a value.
      std::size_t save = pos_;
      skip_space();
      char n = peek();
      bool operand = n == '$' || n == '(' || n == '"' || n == '\'' || n == '@' || n == '[' ||
                     std::isdigit(static_cast<unsigned char>(n)) || (n == '-' && std::isdigit(static_cast<unsigned char>(peek(1))));
      if (operand && !(peek() == ':' && peek(1) == ':')) {
        auto cast = std::make_unique<Expr>();
        cast->kind = Expr::Kind::Cast;
        cast->name = lower(type);
        cast->children.push_back(postfix(primary()));
        cast->span = {begin, pos_};
        return cast;
      }
      pos_ = save;
      return e;
    }
    // Numbers, also negative ones written as one token.
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+') {
      std::size_t e = pos_;
      if (s_[e] == '-' || s_[e] == '+') ++e;
      while (e < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[e])) || s_[e] == '.' ||
                               ((s_[e] == '-' || s_[e] == '+') && (s_[e - 1] == 'e' || s_[e - 1] == 'E')))) {
        if (s_[e] == '.' && e + 1 < s_.size() && s_[e + 1] == '.') break;  // a range 1..3
        ++e;
      }
      PsValue v;
      if (parse_number_text(s_.substr(pos_, e - pos_), v)) {
        pos_ = e;
        return literal(v, begin);
      }
    }
    if (eof()) fail_here("An expression was expected after this point.");
    fail_here("Unexpected token '" + token_text() + "' in expression or statement.");
  }

  ExprPtr hashtable(std::size_t begin) {
    pos_ += 2;
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Hashtable;
    for (;;) {
      skip_space_newlines();
      while (peek() == ';') {
        ++pos_;
        skip_space_newlines();
      }
      if (peek() == '}') {
        ++pos_;
        break;
      }
      if (eof()) fail_here("Missing closing '}' in hash literal.");
      ExprPtr key;
      if (is_ident_start(peek())) {
        std::size_t kb = pos_;
        while (is_ident_char(peek()) || peek() == '-') ++pos_;
        key = literal(PsValue(std::string(s_.substr(kb, pos_ - kb))), kb);
      } else {
        key = postfix(primary());
      }
      skip_space();
      expect('=', "Missing '=' operator after key in hash literal.");
      skip_space_newlines();
      e->keys.push_back(std::move(key));
      auto value = std::make_unique<Expr>();
      value->kind = Expr::Kind::Paren;
      value->statement = statement();
      e->children.push_back(std::move(value));
      skip_space();
      if (!(peek() == ';' || peek() == '}' || is_newline(peek()))) fail_here("Missing statement after '=' in hash literal.");
    }
    e->span = {begin, pos_};
    return e;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

std::shared_ptr<Block> parse_script(std::string_view source, ParseError& error) {
  Parser parser(source);
  try {
    return parser.script();
  } catch (Failure& failure) {
    error = std::move(failure.error);
    return nullptr;
  }
}

}  // namespace ghaplay::scripts::pwsh
