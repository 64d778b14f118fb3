#include "expr/parser.h"

#include <string>

#include "common/text.h"
#include "expr/functions.h"

namespace ghaplay::expr {
namespace {

// The first error stops the descent: fail() records it and every step returns null as soon as
// failed_ is set (no exceptions: in WebAssembly a throw costs more than a whole short parse).
class Parser {
 public:
  Parser(const std::vector<Token>& tokens, std::string_view source, const ParseOptions& options, NodePool& pool,
         const ObjectData* contexts = nullptr)
      : tokens_(tokens), source_(source), options_(options), pool_(pool), contexts_(contexts) {}

  std::variant<NodePtr, ExpressionError> parse() {
    if (at_end()) return nullptr;
    pool_.reserve(tokens_.size() - 1);  // the end token makes no node
    NodePtr result = expression();
    if (!failed_ && !at_end()) fail("Unexpected symbol", peek());
    if (failed_) return std::move(error_);
    return result;
  }

 private:
  NodePtr expression() {
    if (!enter()) return nullptr;
    NodePtr result = logical_or();
    leave();
    return result;
  }

  // The levels call each other directly (template arguments, not member pointers), so the
  // compiler can inline the descent from expression() down to a primary.
  template <TokenType op, NodePtr (Parser::*operand)()>
  NodePtr logical() {
    NodePtr first = (this->*operand)();
    if (failed_ || !check(op)) return first;
    if (!enter()) return nullptr;
    auto node = pool_.make(Node::Kind::Logical, peek());
    node->children.push_back(std::move(first));
    while (match(op)) {
      node->children.push_back((this->*operand)());
      if (failed_) return nullptr;
    }
    leave();
    return node;
  }

  NodePtr logical_or() { return logical<TokenType::Or, &Parser::logical_and>(); }
  NodePtr logical_and() { return logical<TokenType::And, &Parser::equality>(); }

  // One level of left-associative binary operators: `first` and `last` bound their token types.
  template <TokenType first, TokenType last, NodePtr (Parser::*operand)()>
  NodePtr binary_chain() {
    NodePtr left = (this->*operand)();
    for (;;) {
      if (failed_) return nullptr;
      TokenType type = peek().type;
      if (type < first || type > last) return left;
      ++offset_;
      auto node = pool_.make(Node::Kind::Binary, previous());
      node->children.push_back(std::move(left));
      node->children.push_back((this->*operand)());
      left = std::move(node);
    }
  }

  NodePtr equality() { return binary_chain<TokenType::BangEqual, TokenType::EqualEqual, &Parser::comparison>(); }
  NodePtr comparison() { return binary_chain<TokenType::Greater, TokenType::LessEqual, &Parser::unary>(); }

  NodePtr unary() {
    if (match(TokenType::Bang)) {
      if (!enter()) return nullptr;
      auto node = pool_.make(Node::Kind::Not, previous());
      node->children.push_back(unary());
      if (failed_) return nullptr;
      leave();
      return node;
    }
    return index();
  }

  NodePtr index() {
    NodePtr expr = call();
    if (failed_) return nullptr;
    if (expr->kind != Node::Kind::Group && expr->kind != Node::Kind::Call && expr->kind != Node::Kind::NamedValue)
      return expr;
    int depth_added = 0;
    for (;;) {
      if (match(TokenType::LeftBracket)) {
        const Token& bracket = previous();
        NodePtr index_expr = nullptr;
        if (!match(TokenType::Star)) {
          index_expr = expression();
          if (failed_) return nullptr;
        }
        if (!consume(TokenType::RightBracket) || !enter()) return nullptr;
        ++depth_added;
        auto node = pool_.make(Node::Kind::Index, bracket);
        node->children.push_back(std::move(expr));
        node->children.push_back(std::move(index_expr));
        expr = std::move(node);
      } else if (match(TokenType::Dot)) {
        const Token& dot = previous();
        if (!enter()) return nullptr;
        ++depth_added;
        NodePtr index_expr = nullptr;
        if (match(TokenType::Identifier)) {
          index_expr = pool_.make(Node::Kind::Literal, previous());
          index_expr->value = Value(previous().lexeme);
        } else if (!match(TokenType::Star)) {
          return fail("Unexpected symbol", peek());
        }
        auto node = pool_.make(Node::Kind::Index, dot);
        node->children.push_back(std::move(expr));
        node->children.push_back(std::move(index_expr));
        expr = std::move(node);
      } else {
        break;
      }
    }
    depth_ -= depth_added;
    return expr;
  }

  NodePtr call() {
    if (!check(TokenType::Identifier)) return primary();
    const Token& identifier = next();
    if (!match(TokenType::LeftParen)) {
      if (contexts_ ? !contexts_->find(identifier.lexeme)
                    : !options_.allow_any_named_value && !is_named_value(text::fold_case(identifier.lexeme)))
        return fail("Unrecognized named-value", identifier);
      return pool_.make(Node::Kind::NamedValue, identifier);
    }
    auto node = pool_.make(Node::Kind::Call, identifier);
    while (!match(TokenType::RightParen)) {
      node->children.push_back(expression());
      if (failed_) return nullptr;
      if (!check(TokenType::RightParen) && !consume(TokenType::Comma)) return nullptr;
    }
    if (!validate_call(identifier, static_cast<int>(node->children.size()))) return nullptr;
    return node;
  }

  bool validate_call(const Token& identifier, int arg_count) {
    std::string name = text::fold_case(identifier.lexeme);
    int min_args = 0, max_args = 0;
    if (const auto* builtin = find_builtin(name)) {
      min_args = builtin->min_args;
      max_args = builtin->max_args;
    } else if (const auto* found = host_function(name)) {
      min_args = found->min_args;
      max_args = found->max_args;
    } else {
      fail("Unrecognized function", identifier);
      return false;
    }
    if (arg_count < min_args) fail("Too few parameters supplied", identifier);
    else if (arg_count > max_args) fail("Too many parameters supplied", identifier);
    else if (name == "case" && arg_count % 2 == 0)
      fail("Even number of parameters supplied, requires an odd number of parameters", identifier);
    return !failed_;
  }

  NodePtr primary() {
    if (match(TokenType::False) || match(TokenType::True)) {
      auto node = pool_.make(Node::Kind::Literal, previous());
      node->value = Value(previous().type == TokenType::True);
      return node;
    }
    if (match(TokenType::Null)) return pool_.make(Node::Kind::Literal, previous());
    if (match(TokenType::Number)) {
      auto node = pool_.make(Node::Kind::Literal, previous());
      node->value = Value(previous().number);
      return node;
    }
    if (match(TokenType::String)) {
      auto node = pool_.make(Node::Kind::Literal, previous());
      node->value = Value(previous().text());
      return node;
    }
    if (match(TokenType::LeftParen)) {
      const Token& paren = previous();
      NodePtr inner = expression();
      if (failed_) return nullptr;
      if (at_end()) return fail("Unexpected end of expression", previous());
      if (!consume(TokenType::RightParen)) return nullptr;
      auto node = pool_.make(Node::Kind::Group, paren);
      node->children.push_back(std::move(inner));
      return node;
    }
    if (at_end()) return fail("Unexpected end of expression", previous());
    return fail("Unexpected symbol", peek());
  }

  const Token& peek() const { return tokens_[offset_]; }
  const Token& previous() const { return tokens_[offset_ - 1]; }
  bool at_end() const { return peek().type == TokenType::End; }
  bool check(TokenType type) const { return !at_end() && peek().type == type; }
  // tokens_ does not change while parsing: references into it stay valid.
  const Token& next() {
    if (!at_end()) ++offset_;
    return previous();
  }
  bool match(TokenType type) {
    if (!check(type)) return false;
    ++offset_;
    return true;
  }
  bool consume(TokenType type) {
    if (check(type)) {
      ++offset_;
      return true;
    }
    fail("Unexpected symbol", peek());
    return false;
  }

  bool enter() {
    if (++depth_ > kMaxExpressionDepth) {
      fail("Exceeded max expression depth " + std::to_string(kMaxExpressionDepth), peek());
      return false;
    }
    return true;
  }
  void leave() { --depth_; }

  // Records the first error; returns null for the caller to return.
  NodePtr fail(const std::string& what, const Token& token) {
    if (!failed_) {
      failed_ = true;
      error_ = ExpressionError{ErrorKind::Parsing,
                               what + ": '" + token.display() + "'. Located at position " +
                                   std::to_string(position_at(source_, token.offset)) + " within expression: " + std::string(source_),
                               token.offset};
    }
    return nullptr;
  }

  // Whether `name` case-folds to `folded`, without allocating for ASCII names (a handful of them
  // per place: a scan costs less than the maps a parse used to build).
  static bool folds_to(std::string_view name, std::string_view folded) {
    if (!text::is_ascii(name)) return text::fold_case(name) == folded;
    if (name.size() != folded.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != folded[i]) return false;
    }
    return true;
  }

  bool is_named_value(std::string_view folded) const {
    for (const auto& name : options_.named_values)
      if (folds_to(name, folded)) return true;
    return false;
  }

  // The first of the host's functions with this name (folded), or null.
  const FunctionSignature* host_function(std::string_view folded) const {
    for (const auto& f : options_.functions)
      if (folds_to(f.name, folded)) return &f;
    return nullptr;
  }

  const std::vector<Token>& tokens_;
  std::string_view source_;
  const ParseOptions& options_;
  NodePool& pool_;
  const ObjectData* contexts_;  // when set, the named values allowed instead of options_'s
  std::size_t offset_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  ExpressionError error_;
};

}  // namespace

std::variant<NodePtr, ExpressionError> parse_tokens(const std::vector<Token>& tokens, std::string_view source,
                                                    const ParseOptions& options, NodePool& pool) {
  return Parser(tokens, source, options, pool).parse();
}

std::variant<NodePtr, ExpressionError> parse_tokens(const std::vector<Token>& tokens, std::string_view source,
                                                    const ObjectData& contexts, NodePool& pool) {
  static const ParseOptions kNoFunctions;
  return Parser(tokens, source, kNoFunctions, pool, &contexts).parse();
}

}  // namespace ghaplay::expr
