#include "scripts/bash/arith.h"

#include <cctype>
#include <cstdint>
#include <vector>

namespace ghaplay::scripts::bash {
namespace {

constexpr int kMaxDepth = 64;

long long wrap_add(long long a, long long b) {
  return static_cast<long long>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
long long wrap_sub(long long a, long long b) {
  return static_cast<long long>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
long long wrap_mul(long long a, long long b) {
  return static_cast<long long>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A value on the evaluation stack: a number, remembering the variable it came from so that
// assignment operators can write back.
struct Operand {
  long long value = 0;
  std::string name;  // empty: not an lvalue
  bool has_index = false;
  long long index = 0;
};

class Evaluator {
 public:
  Evaluator(std::string_view text, ArithContext& ctx, int depth)
      : text_(text), ctx_(ctx), depth_(depth) {}

  ArithResult run() {
    ArithResult result;
    skip();
    if (pos_ >= text_.size()) {
      result.value = 0;
      return result;
    }
    Operand v = comma(true);
    skip();
    if (error_.empty() && pos_ < text_.size()) fail("syntax error in expression");
    if (!error_.empty()) {
      result.ok = false;
      result.error = error_;
      return result;
    }
    result.value = v.value;
    return result;
  }

 private:
  void skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(std::string_view op) {
    skip();
    if (text_.substr(pos_, op.size()) == op) {
      pos_ += op.size();
      return true;
    }
    return false;
  }
  bool peek_op(std::string_view op) {
    skip();
    return text_.substr(pos_, op.size()) == op;
  }
  void fail(std::string_view what) {
    if (!error_.empty()) return;
    std::string token(text_.substr(pos_ < text_.size() ? pos_ : text_.size()));
    error_ = std::string(what) + " (error token is \"" + token + "\")";
  }
  bool failed() const { return !error_.empty(); }

  long long read_var(const Operand& o) {
    if (o.name.empty()) return o.value;
    std::string text = ctx_.arith_get(o.name, o.has_index ? &o.index : nullptr);
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    if (start == text.size()) return 0;
    // Fast path for plain numbers; otherwise the value is an expression of its own.
    if (depth_ + 1 > kMaxDepth) {
      fail("expression recursion level exceeded");
      return 0;
    }
    Evaluator inner(text, ctx_, depth_ + 1);
    ArithResult r = inner.run();
    if (!r.ok) {
      if (error_.empty()) error_ = r.error;
      return 0;
    }
    return r.value;
  }

  void write_var(const Operand& o, long long value, bool eval) {
    if (o.name.empty()) {
      fail("attempted assignment to non-variable");
      return;
    }
    if (eval) ctx_.arith_set(o.name, o.has_index ? &o.index : nullptr, value);
  }

  Operand number(long long v) {
    Operand o;
    o.value = v;
    return o;
  }

  Operand comma(bool eval) {
    Operand v = assignment(eval);
    while (!failed() && accept(",")) v = assignment(eval);
    return v;
  }

  Operand assignment(bool eval) {
    if (++nesting_ > kMaxDepth) {
      fail("expression nested too deeply");
      return {};
    }
    Operand left = ternary(eval);
    if (failed()) return left;
    static constexpr std::string_view kOps[] = {"<<=", ">>=", "+=", "-=", "*=", "/=", "%=",
                                                "&=",  "^=",  "|=", "="};
    skip();
    for (std::string_view op : kOps) {
      if (text_.substr(pos_, op.size()) != op) continue;
      if (op == "=" && text_.substr(pos_, 2) == "==") break;
      pos_ += op.size();
      if (left.name.empty()) {
        fail("attempted assignment to non-variable");
        return left;
      }
      Operand right = assignment(eval);
      if (failed()) return right;
      long long value = right.value;
      if (op != "=") {
        long long current = eval ? read_var(left) : 0;
        value = binary(op.substr(0, op.size() - 1), current, right.value, eval);
      }
      write_var(left, value, eval);
      --nesting_;
      return number(value);
    }
    --nesting_;
    if (!left.name.empty()) return number(eval ? read_var(left) : 0);
    return left;
  }

  long long binary(std::string_view op, long long a, long long b, bool eval) {
    if (op == "+") return wrap_add(a, b);
    if (op == "-") return wrap_sub(a, b);
    if (op == "*") return wrap_mul(a, b);
    if (op == "/" || op == "%") {
      if (b == 0) {
        if (eval) fail("division by 0");
        return 0;
      }
      if (a == INT64_MIN && b == -1) return op == "/" ? a : 0;
      return op == "/" ? a / b : a % b;
    }
    if (op == "<<") return static_cast<long long>(static_cast<std::uint64_t>(a) << (b & 63));
    if (op == ">>") return a >> (b & 63);
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    return 0;
  }

  Operand value_of(Operand o, bool eval) {
    if (o.name.empty()) return o;
    return number(eval ? read_var(o) : 0);
  }

  Operand ternary(bool eval) {
    Operand cond = logical_or(eval);
    if (failed() || !accept("?")) return cond;
    cond = value_of(cond, eval);
    bool take_first = cond.value != 0;
    Operand a = value_of(assignment(eval && take_first), eval && take_first);
    if (failed()) return a;
    if (!accept(":")) {
      fail("`:' expected for conditional expression");
      return a;
    }
    Operand b = value_of(assignment(eval && !take_first), eval && !take_first);
    return take_first ? a : b;
  }

  Operand logical_or(bool eval) {
    Operand left = logical_and(eval);
    while (!failed() && peek_op("||")) {
      pos_ += 2;
      long long l = value_of(left, eval).value;
      Operand right = value_of(logical_and(eval && l == 0), eval && l == 0);
      left = number((l != 0 || right.value != 0) ? 1 : 0);
    }
    return left;
  }

  Operand logical_and(bool eval) {
    Operand left = bit_or(eval);
    while (!failed() && peek_op("&&")) {
      pos_ += 2;
      long long l = value_of(left, eval).value;
      Operand right = value_of(bit_or(eval && l != 0), eval && l != 0);
      left = number((l != 0 && right.value != 0) ? 1 : 0);
    }
    return left;
  }

  // The binary levels below || and &&: each a list of operators, lowest precedence first.
  Operand bit_or(bool eval) { return level(0, eval); }

  Operand level(int n, bool eval) {
    static const std::vector<std::vector<std::string_view>> kLevels = {
        {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "%"}};
    if (n >= static_cast<int>(kLevels.size())) return power(eval);
    Operand left = level(n + 1, eval);
    while (!failed()) {
      skip();
      std::string_view found;
      for (std::string_view op : kLevels[static_cast<std::size_t>(n)]) {
        if (text_.substr(pos_, op.size()) != op) continue;
        std::string_view after = text_.substr(pos_ + op.size(), 1);
        // Do not take `|` from `||`, `&` from `&&`, `<` from `<<=`, `*` from `**`, `=` forms.
        if ((op == "|" && (after == "|" || after == "=")) || (op == "&" && (after == "&" || after == "=")) ||
            (op == "^" && after == "=") || ((op == "<" || op == ">") && (after == op || after == "=")) ||
            ((op == "<<" || op == ">>") && after == "=") ||
            ((op == "+" || op == "-" || op == "/" || op == "%") && after == "=") ||
            (op == "*" && (after == "*" || after == "=")) || (op == "+" && after == "+") ||
            (op == "-" && after == "-")) {
          continue;
        }
        found = op;
        break;
      }
      if (found.empty()) break;
      pos_ += found.size();
      long long a = value_of(left, eval).value;
      skip();
      std::size_t right_start = pos_;
      long long b = value_of(level(n + 1, eval), eval).value;
      if (failed()) break;
      if ((found == "/" || found == "%") && b == 0 && eval) {
        // bash names the divisor as the error token.
        std::string token(text_.substr(right_start));
        while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
        error_ = "division by 0 (error token is \"" + token + "\")";
        break;
      }
      long long r = 0;
      if (found == "==") r = a == b;
      else if (found == "!=") r = a != b;
      else if (found == "<=") r = a <= b;
      else if (found == ">=") r = a >= b;
      else if (found == "<") r = a < b;
      else if (found == ">") r = a > b;
      else r = binary(found, a, b, eval);
      left = number(r);
    }
    return left;
  }

  Operand power(bool eval) {
    Operand base = unary(eval);
    if (failed() || !peek_op("**")) return base;
    pos_ += 2;
    if (++nesting_ > kMaxDepth) {
      fail("expression nested too deeply");
      return {};
    }
    long long b = value_of(base, eval).value;
    long long e = value_of(power(eval), eval).value;  // right associative
    --nesting_;
    if (e < 0) {
      if (eval) fail("exponent less than 0");
      return number(0);
    }
    long long r = 1;
    for (long long k = 0; k < e && k < 64; ++k) r = wrap_mul(r, b);
    if (e >= 64 && b != 1 && b != 0 && b != -1) r = 0;
    if (e >= 64 && b == -1) r = (e % 2) ? -1 : 1;
    return number(r);
  }

  Operand unary(bool eval) {
    if (++nesting_ > kMaxDepth) {
      fail("expression nested too deeply");
      return {};
    }
    Operand result;
    skip();
    if (accept("++") || accept("--")) {
      bool inc = text_[pos_ - 1] == '+';
      Operand target = unary(eval);
      if (!failed()) {
        long long v = eval ? read_var(target) : 0;
        v = inc ? wrap_add(v, 1) : wrap_sub(v, 1);
        write_var(target, v, eval);
        result = number(v);
      }
    } else if (accept("!")) {
      result = number(value_of(unary(eval), eval).value == 0 ? 1 : 0);
    } else if (accept("~")) {
      result = number(~value_of(unary(eval), eval).value);
    } else if (accept("-")) {
      result = number(wrap_sub(0, value_of(unary(eval), eval).value));
    } else if (accept("+")) {
      result = number(value_of(unary(eval), eval).value);
    } else {
      result = postfix(eval);
    }
    --nesting_;
    return result;
  }

  Operand postfix(bool eval) {
    Operand o = primary(eval);
    if (failed() || o.name.empty()) return o;
    skip();
    if (text_.substr(pos_, 2) == "++" || text_.substr(pos_, 2) == "--") {
      bool inc = text_[pos_] == '+';
      pos_ += 2;
      long long v = eval ? read_var(o) : 0;
      write_var(o, inc ? wrap_add(v, 1) : wrap_sub(v, 1), eval);
      return number(v);
    }
    return o;
  }

  Operand primary(bool eval) {
    skip();
    if (pos_ >= text_.size()) {
      fail("syntax error: operand expected");
      return {};
    }
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      Operand v = value_of(comma(eval), eval);
      if (failed()) return v;
      if (!accept(")")) fail("missing `)'");
      return v;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return parse_number();
    if (is_name_start(c)) {
      std::size_t start = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      Operand o;
      o.name = std::string(text_.substr(start, pos_ - start));
      skip();
      if (pos_ < text_.size() && text_[pos_] == '[') {
        ++pos_;
        Operand index = value_of(comma(eval), eval);
        if (failed()) return index;
        if (!accept("]")) {
          fail("missing `]'");
          return o;
        }
        o.has_index = true;
        o.index = index.value;
      }
      return o;
    }
    fail("syntax error: operand expected");
    return {};
  }

  Operand parse_number() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && (is_name_char(text_[pos_]) || text_[pos_] == '#' || text_[pos_] == '@')) ++pos_;
    std::string_view n = text_.substr(start, pos_ - start);
    long long base = 10;
    std::string_view digits = n;
    std::size_t hash = n.find('#');
    if (hash != std::string_view::npos) {
      base = 0;
      for (char d : n.substr(0, hash)) {
        if (!std::isdigit(static_cast<unsigned char>(d))) {
          pos_ = start;
          fail("invalid number");
          return {};
        }
        base = base * 10 + (d - '0');
        if (base > 64) break;
      }
      if (base < 2 || base > 64) {
        pos_ = start;
        fail("invalid arithmetic base");
        return {};
      }
      digits = n.substr(hash + 1);
    } else if (n.size() > 1 && n[0] == '0' && (n[1] == 'x' || n[1] == 'X')) {
      base = 16;
      digits = n.substr(2);
    } else if (n.size() > 1 && n[0] == '0') {
      base = 8;
      digits = n.substr(1);
    }
    std::uint64_t value = 0;
    for (char d : digits) {
      int v;
      if (d >= '0' && d <= '9') v = d - '0';
      else if (d >= 'a' && d <= 'z') v = d - 'a' + 10;
      else if (d >= 'A' && d <= 'Z') v = base <= 36 ? d - 'A' + 10 : d - 'A' + 36;
      else if (d == '@') v = 62;
      else v = 63;  // '_'
      if (v >= base) {
        pos_ = start;
        fail("value too great for base");
        return {};
      }
      value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(v);
    }
    if (digits.empty() && base != 10) {
      pos_ = start;
      fail("invalid number");
      return {};
    }
    return number(static_cast<long long>(value));
  }

  std::string_view text_;
  ArithContext& ctx_;
  int depth_;
  int nesting_ = 0;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

ArithResult eval_arith(std::string_view expression, ArithContext& context) {
  Evaluator evaluator(expression, context, 0);
  return evaluator.run();
}

}  // namespace ghaplay::scripts::bash
