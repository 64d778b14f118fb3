#pragma once

#include <deque>
#include <string>
#include <vector>

#include "expr/token.h"
#include "ghaplay/value.h"

namespace ghaplay::expr {

struct Node;
using NodePtr = Node*;  // owned by the tree's NodePool

// One node kind per construct of the language; `token` locates the node.
struct Node {
  enum class Kind {
    Literal,        // value
    NamedValue,     // a context such as github or needs: token.lexeme
    Index,          // children[0][children[1]]; children[1] null for `*`
    Not,            // !children[0]
    Binary,         // children[0] op children[1], op = token.type
    Logical,        // children joined by && or || (token.type), short-circuiting
    Group,          // ( children[0] )
    Call,           // token.lexeme(children...)
  };

  Kind kind;
  Token token;
  Value value;  // for literals
  std::vector<NodePtr> children;

  Node(Kind k, Token t) : kind(k), token(std::move(t)) {}
};

// The nodes of one tree, allocated together (one allocation per node was a tenth of a short
// evaluate() in WebAssembly) and freed with the tree. Every node stands for a token of its own, so
// reserving a node per token makes one allocation; the deque is only a safety net.
class NodePool {
 public:
  void reserve(std::size_t tokens) { nodes_.reserve(tokens); }
  NodePtr make(Node::Kind kind, const Token& token) {
    if (nodes_.size() < nodes_.capacity()) return &nodes_.emplace_back(kind, token);  // no move: pointers stay
    return &more_.emplace_back(kind, token);
  }

 private:
  std::vector<Node> nodes_;
  std::deque<Node> more_;
};

}  // namespace ghaplay::expr
