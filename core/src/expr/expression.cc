// Evaluation of parsed expressions (actions/languageservices expressions/src/evaluator.ts), and the
// public Expression API. Evaluation failures are values all the way (CallState), never exceptions.
#include <cmath>
#include <string>

#include "common/text.h"
#include "expr/coercion.h"
#include "expr/evaluate_once.h"
#include "expr/functions.h"
#include "expr/lexer.h"
#include "expr/parser.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {

struct Expression::Impl {
  std::string text;
  NodePool nodes;
  NodePtr root = nullptr;  // null for the empty expression
};

namespace {

// An index as GitHub reads it: as a key (primitives as text) and as a whole, non-negative position.
struct IndexKey {
  bool star = false;
  bool has_key = false;
  std::string key;
  bool has_position = false;
  double position = 0;

  static IndexKey of(const Value& index) {
    IndexKey result;
    if (index.is_primitive()) {
      result.has_key = true;
      result.key = to_display_string(index);
    }
    double number = to_number(index);
    if (std::isfinite(number) && number >= 0) {
      result.has_position = true;
      result.position = std::floor(number);
    }
    return result;
  }
};

const Value* at_position(const ArrayData& array, const IndexKey& index) {
  if (!index.has_position || index.position >= static_cast<double>(array.items.size())) return nullptr;
  return &array.items[static_cast<std::size_t>(index.position)];
}

// A failure sets state_.failed; every step then returns at once with a null value, and the
// message leaves as the ExpressionError (no exceptions: in WebAssembly a throw costs more than a
// short evaluation). Host functions may still throw EvaluationFailure: it is caught around them.
class Evaluator {
 public:
  explicit Evaluator(const EvaluationContext& context)
      : Evaluator(context.contexts, context.functions, context.memory_limit) {}
  Evaluator(const Value& contexts, const std::vector<std::pair<std::string, HostFunction>>& functions,
            std::size_t memory_limit)
      : contexts_(contexts), functions_(functions) {
    state_.memory_limit = memory_limit;
  }

  bool failed() const { return state_.failed; }
  std::string& message() { return state_.message; }

  Value eval(const Node& node) {
    switch (node.kind) {
      case Node::Kind::Literal: return node.value;
      case Node::Kind::NamedValue: {
        if (!contexts_.is_object()) return Value();
        const Value* found = contexts_.as_object().find(node.token.lexeme);
        return found ? *found : Value();
      }
      case Node::Kind::Group: return eval(*node.children[0]);
      case Node::Kind::Not: {
        Value operand = eval(*node.children[0]);
        if (failed()) return Value();
        return Value(!is_truthy(operand));
      }
      case Node::Kind::Binary: return binary(node);
      case Node::Kind::Logical: {
        Value result;
        for (const auto& child : node.children) {
          result = eval(*child);
          if (failed()) return Value();
          bool truthy = is_truthy(result);
          if ((node.token.type == TokenType::And && !truthy) || (node.token.type == TokenType::Or && truthy)) break;
        }
        return result;
      }
      case Node::Kind::Index: return index(node);
      case Node::Kind::Call: return call(node);
    }
    return Value();
  }

 private:
  Value binary(const Node& node) {
    Value left = eval(*node.children[0]);
    if (failed()) return Value();
    Value right = eval(*node.children[1]);
    if (failed()) return Value();
    switch (node.token.type) {
      case TokenType::EqualEqual: return Value(values_equal(left, right));
      case TokenType::BangEqual: return Value(!values_equal(left, right));
      case TokenType::Greater: return Value(value_greater(left, right));
      case TokenType::GreaterEqual: return Value(values_equal(left, right) || value_greater(left, right));
      case TokenType::Less: return Value(value_less(left, right));
      case TokenType::LessEqual: return Value(values_equal(left, right) || value_less(left, right));
      default: return Value();
    }
  }

  Value index(const Node& node) {
    IndexKey key;
    if (!node.children[1]) {
      key.star = true;
    } else {
      Value index_value = eval(*node.children[1]);
      if (failed()) {
        state_.message.insert(0, "could not evaluate index for index access: ");
        return Value();
      }
      key = IndexKey::of(index_value);
    }
    Value object = eval(*node.children[0]);
    if (failed()) return Value();
    if (object.is_array()) return object.as_array().filtered ? filtered_access(object, key) : array_access(object, key);
    if (object.is_object()) return object_access(object, key);
    return key.star ? Value::array({}, true) : Value();
  }

  static Value array_access(const Value& array, const IndexKey& key) {
    if (key.star) return Value::array(array.as_array().items, true);
    const Value* item = at_position(array.as_array(), key);
    return item ? *item : Value();
  }

  static Value object_access(const Value& object, const IndexKey& key) {
    if (key.star) {
      std::vector<Value> values;
      for (const auto& entry : object.as_object()) values.push_back(entry.second);
      return Value::array(std::move(values), true);
    }
    if (key.has_key) {
      if (const Value* found = object.as_object().find(key.key)) return *found;
    }
    return Value();
  }

  // Indexing the result of a `.*` applies the index to each of its items and keeps what exists.
  static Value filtered_access(const Value& filtered, const IndexKey& key) {
    std::vector<Value> result;
    for (const auto& item : filtered.as_array().items) {
      if (item.is_object()) {
        if (key.star) {
          for (const auto& entry : item.as_object()) result.push_back(entry.second);
        } else if (key.has_key) {
          if (const Value* found = item.as_object().find(key.key)) result.push_back(*found);
        }
      } else if (item.is_array()) {
        if (key.star) {
          for (const auto& element : item.as_array().items) result.push_back(element);
        } else if (const Value* element = at_position(item.as_array(), key)) {
          result.push_back(*element);
        }
      }
    }
    return Value::array(std::move(result), true);
  }

  Value call(const Node& node) {
    std::vector<Value> args;
    args.reserve(node.children.size());
    for (const auto& child : node.children) {
      args.push_back(eval(*child));
      if (failed()) return Value();
    }
    std::string name = text::fold_case(node.token.lexeme);
    Value result;
    bool called = false;
    for (const auto& [host_name, function] : functions_) {
      if (host_name == name) {
        try {
          result = function(args);
        } catch (EvaluationFailure& failure) {
          return state_.fail(std::move(failure.message));
        }
        called = true;
        break;
      }
    }
    if (!called) {
      const BuiltinFunction* builtin = find_builtin(name);
      if (!builtin) return state_.fail("Unrecognized function: '" + std::string(node.token.lexeme) + "'");
      result = builtin->call(args, state_);
      if (failed()) return Value();
    }
    if (state_.memory_used > state_.memory_limit) return state_.fail("The maximum allowed memory size was exceeded");
    return result;
  }

  const Value& contexts_;
  const std::vector<std::pair<std::string, HostFunction>>& functions_;
  CallState state_;
};

// The tree's value, or the failure the evaluation stopped at.
std::variant<Value, ExpressionError> run(Evaluator& evaluator, const Node& root) {
  Value result = evaluator.eval(root);
  if (evaluator.failed()) return ExpressionError{ErrorKind::Evaluation, std::move(evaluator.message()), -1};
  return result;
}

bool is_status_function(const std::string& lower_name) {
  return lower_name == "success" || lower_name == "failure" || lower_name == "cancelled" || lower_name == "always";
}

void collect_calls(const Node* node, std::vector<std::string>& out) {
  if (!node) return;
  if (node->kind == Node::Kind::Call) out.push_back(text::fold_case(node->token.lexeme));
  for (const auto& child : node->children) collect_calls(child, out);
}

// Records the literal path a chain of indexes reads from a named value (github.event.name),
// cut at the first index that is not a literal string, e.g. needs[x].outputs gives [needs].
void collect_references(const Node* node, bool extended_by_parent, std::vector<PropertyReference>& out) {
  if (!node) return;
  if ((node->kind == Node::Kind::NamedValue || node->kind == Node::Kind::Index) && !extended_by_parent) {
    std::vector<const Node*> chain;
    const Node* root = node;
    while (root->kind == Node::Kind::Index) {
      chain.push_back(root);
      root = root->children[0];
    }
    if (root->kind == Node::Kind::NamedValue) {
      PropertyReference reference;
      reference.offset = root->token.offset;
      reference.path.emplace_back(root->token.lexeme);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Node* index = (*it)->children[1];
        if (!index || index->kind != Node::Kind::Literal || !index->value.is_string()) break;
        reference.path.push_back(index->value.as_string());
      }
      out.push_back(std::move(reference));
    }
  }
  if (node->kind == Node::Kind::Index) {
    collect_references(node->children[0], true, out);
    collect_references(node->children[1], false, out);
    return;
  }
  for (const auto& child : node->children) collect_references(child, false, out);
}

}  // namespace

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Lexing: return "lexing";
    case ErrorKind::Parsing: return "parsing";
    case ErrorKind::Evaluation: return "evaluation";
  }
  return "parsing";
}

std::variant<Expression, ExpressionError> Expression::parse(std::string_view text, const ParseOptions& options) {
  // The tokens and the tree point into the copy of the text the expression keeps.
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(text);
  auto tokens = lex(impl->text);
  if (auto* error = std::get_if<ExpressionError>(&tokens)) return std::move(*error);
  auto tree = parse_tokens(std::get<std::vector<Token>>(tokens), impl->text, options, impl->nodes);
  if (auto* error = std::get_if<ExpressionError>(&tree)) return std::move(*error);
  impl->root = std::get<NodePtr>(tree);
  Expression expression;
  expression.impl_ = std::move(impl);
  return expression;
}

std::variant<Value, ExpressionError> Expression::evaluate(const EvaluationContext& context) const {
  if (!impl_ || !impl_->root) return Value();
  Evaluator evaluator(context);
  return run(evaluator, *impl_->root);
}

const std::string& Expression::text() const {
  static const std::string kEmpty;
  return impl_ ? impl_->text : kEmpty;
}

bool Expression::is_empty() const { return !impl_ || !impl_->root; }

bool Expression::uses_status_function() const {
  for (const auto& name : called_functions())
    if (is_status_function(name)) return true;
  return false;
}

std::vector<std::string> Expression::called_functions() const {
  std::vector<std::string> out;
  if (impl_) collect_calls(impl_->root, out);
  return out;
}

std::vector<PropertyReference> Expression::property_references() const {
  std::vector<PropertyReference> out;
  if (impl_) collect_references(impl_->root, false, out);
  return out;
}

std::variant<Value, ExpressionError> evaluate_once(std::string_view text, const Value& contexts) {
  static const EvaluationContext kDefaults;  // the memory limit, no host functions
  auto tokens = lex(text);
  if (auto* error = std::get_if<ExpressionError>(&tokens)) return std::move(*error);
  NodePool nodes;
  auto tree = parse_tokens(std::get<std::vector<Token>>(tokens), text, contexts.as_object(), nodes);
  if (auto* error = std::get_if<ExpressionError>(&tree)) return std::move(*error);
  NodePtr root = std::get<NodePtr>(tree);
  if (!root) return Value();
  Evaluator evaluator(contexts, kDefaults.functions, kDefaults.memory_limit);
  return run(evaluator, *root);
}

std::variant<Value, ExpressionError> evaluate(std::string_view text, const EvaluationContext& context) {
  ParseOptions options;
  options.allow_any_named_value = true;
  for (const auto& [name, function] : context.functions) options.functions.push_back({name, 0, 255});
  auto parsed = Expression::parse(text, options);
  if (auto* error = std::get_if<ExpressionError>(&parsed)) return *error;
  return std::get<Expression>(parsed).evaluate(context);
}

}  // namespace ghaplay::expr
