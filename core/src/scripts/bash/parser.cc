#include "scripts/bash/parser.h"

#include <array>
#include <cctype>

namespace ghaplay::scripts::bash {
namespace {

constexpr std::array<std::string_view, 8> kListEnds = {"then", "else", "elif", "fi",
                                                        "do",   "done", "esac", "}"};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_redirect_op(const Token& t) {
  if (t.kind != Token::Kind::Op) return false;
  const std::string& o = t.op;
  return o == "<" || o == ">" || o == ">>" || o == ">|" || o == "<>" || o == "<<" || o == "<<-" ||
         o == "<<<" || o == ">&" || o == "<&" || o == "&>" || o == "&>>";
}

// The here-document delimiter as bash compares it: quotes and backslashes removed.
std::string remove_quotes(std::string_view raw, bool& quoted) {
  std::string out;
  quoted = false;
  char quote = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        out.push_back(c);
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      quoted = true;
    } else if (c == '\\' && i + 1 < raw.size()) {
      quoted = true;
      out.push_back(raw[++i]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Moves the parts of `word` from `part_index`/`char_index` on into a new word.
Word tail_of(const Word& word, std::size_t part_index, std::size_t char_index) {
  Word out;
  out.offset = word.offset;
  const WordPart& first = word.parts[part_index];
  std::string rest = first.text.substr(char_index);
  if (!rest.empty()) {
    WordPart p = first;
    p.text = rest;
    out.parts.push_back(std::move(p));
  }
  for (std::size_t i = part_index + 1; i < word.parts.size(); ++i) out.parts.push_back(word.parts[i]);
  if (out.parts.empty()) {
    // `x=` assigns the empty string: keep one empty quoted part so it stays one field.
    WordPart p;
    p.kind = WordPart::Kind::Literal;
    p.quoted = true;
    out.parts.push_back(std::move(p));
  }
  return out;
}

}  // namespace

bool split_assignment(const Word& word, Assignment& out) {
  if (word.parts.empty()) return false;
  const WordPart& first = word.parts[0];
  if (first.kind != WordPart::Kind::Literal || first.quoted) return false;
  const std::string& t = first.text;
  if (t.empty() || !is_name_start(t[0])) return false;
  std::size_t i = 1;
  while (i < t.size() && is_name_char(t[i])) ++i;
  out.name = t.substr(0, i);
  out.offset = word.offset;
  out.append = false;
  out.has_index = false;
  auto finish = [&](std::size_t part, std::size_t at) {
    if (at < word.parts[part].text.size() && word.parts[part].text[at] == '+') {
      out.append = true;
      ++at;
    }
    if (at >= word.parts[part].text.size() || word.parts[part].text[at] != '=') return false;
    out.value = tail_of(word, part, at + 1);
    out.is_array = out.value.parts.size() == 1 &&
                   out.value.parts[0].kind == WordPart::Kind::ArrayLiteral;
    return true;
  };
  if (i < t.size() && t[i] == '[') {
    // NAME[index]=value: the index runs to the `]` that is followed by `=` or `+=`.
    out.has_index = true;
    out.index = Word{};
    out.index.offset = word.offset;
    std::size_t part = 0;
    std::size_t at = i + 1;
    while (part < word.parts.size()) {
      const WordPart& p = word.parts[part];
      if (p.kind == WordPart::Kind::Literal && !p.quoted) {
        std::size_t close = p.text.find(']', at);
        while (close != std::string::npos) {
          std::size_t after = close + 1;
          bool eq = after < p.text.size() && (p.text[after] == '=' ||
                                              (p.text[after] == '+' && after + 1 < p.text.size() &&
                                               p.text[after + 1] == '='));
          if (eq) {
            if (close > at) {
              WordPart piece = p;
              piece.text = p.text.substr(at, close - at);
              out.index.parts.push_back(std::move(piece));
            }
            return finish(part, after);
          }
          close = p.text.find(']', close + 1);
        }
        WordPart piece = p;
        piece.text = p.text.substr(at);
        if (!piece.text.empty()) out.index.parts.push_back(std::move(piece));
      } else {
        out.index.parts.push_back(p);
      }
      ++part;
      at = 0;
    }
    return false;
  }
  if (i >= t.size()) return false;
  return finish(0, i);
}

Parser::Parser(std::string_view text, std::size_t base, SyntaxError& error, int depth)
    : lexer_(text, base, error, depth), error_(error) {
  lexer_.set_parser(this);
}

const Token& Parser::peek() {
  if (!peeked_) {
    Token t = lexer_.next();
    peeked_ = std::move(t);
  }
  return *peeked_;
}

Token Parser::take() {
  peek();
  Token t = std::move(*peeked_);
  peeked_.reset();
  return t;
}

bool Parser::peek_plain(std::string_view word) { return peek().is_plain(word); }

void Parser::fail_at(const Token& token) {
  if (error_.failed()) return;
  switch (token.kind) {
    case Token::Kind::End:
      error_.set(SyntaxError::Kind::UnexpectedEnd, "", token.offset);
      return;
    case Token::Kind::Newline:
      error_.set(SyntaxError::Kind::UnexpectedToken, "newline", token.offset);
      return;
    case Token::Kind::Op:
      error_.set(SyntaxError::Kind::UnexpectedToken, token.op, token.offset);
      return;
    case Token::Kind::IoNumber:
      error_.set(SyntaxError::Kind::UnexpectedToken, std::to_string(token.io_number), token.offset);
      return;
    case Token::Kind::Word:
      error_.set(SyntaxError::Kind::UnexpectedToken, token.word.raw, token.offset);
      return;
  }
}

bool Parser::expect_plain(std::string_view word) {
  if (error_.failed()) return false;
  if (!peek_plain(word)) {
    fail_at(peek());
    return false;
  }
  take();
  return true;
}

bool Parser::expect_op(std::string_view op) {
  if (error_.failed()) return false;
  if (!peek().is_op(op)) {
    fail_at(peek());
    return false;
  }
  take();
  return true;
}

void Parser::skip_newlines() {
  while (!error_.failed() && peek().kind == Token::Kind::Newline) take();
}

bool Parser::at_list_end() {
  const Token& t = peek();
  if (error_.failed() || t.kind == Token::Kind::End) return true;
  if (t.kind == Token::Kind::Op) {
    return t.op == ")" || t.op == ";;" || t.op == ";&" || t.op == ";;&";
  }
  for (std::string_view w : kListEnds) {
    if (t.is_plain(w)) return true;
  }
  return false;
}

NodePtr Parser::parse_next() {
  skip_newlines();
  if (error_.failed() || peek().kind == Token::Kind::End) return nullptr;
  auto list = std::make_shared<List>(peek().offset);
  while (!error_.failed()) {
    NodePtr item = parse_and_or();
    if (!item) return nullptr;
    list->items.push_back(item);
    const Token& t = peek();
    if (t.is_op(";") || t.is_op("&")) {
      take();
      const Token& n = peek();
      if (n.kind == Token::Kind::Newline || n.kind == Token::Kind::End) break;
      continue;
    }
    break;
  }
  if (error_.failed()) return nullptr;
  const Token& t = peek();
  if (t.kind == Token::Kind::Newline) {
    take();
  } else if (t.kind != Token::Kind::End) {
    fail_at(t);
    return nullptr;
  }
  return list;
}

NodePtr Parser::parse_all() {
  auto list = std::make_shared<List>(peek().offset);
  while (!error_.failed()) {
    NodePtr next = parse_next();
    if (!next) break;
    list->items.push_back(next);
  }
  return error_.failed() ? nullptr : list;
}

NodePtr Parser::parse_command_substitution(std::size_t offset) {
  std::optional<Token> saved;
  saved.swap(peeked_);
  auto node = std::make_shared<Subshell>(offset);
  skip_newlines();
  if (!peek().is_op(")")) node->body = parse_compound_list(true);
  if (!error_.failed()) {
    if (peek().kind == Token::Kind::End) {
      // bash names the line where the text ended, not where `$(` was.
      error_.set(SyntaxError::Kind::UnterminatedQuote, ")", peek().offset);
    } else {
      expect_op(")");
    }
  }
  peeked_.swap(saved);
  if (error_.failed()) return nullptr;
  return node;
}

NodePtr Parser::parse_backticks(const std::string& text, std::size_t offset) {
  Parser inner(text, offset, error_, lexer_.depth());
  auto node = std::make_shared<Subshell>(offset);
  node->body = inner.parse_all();
  if (error_.failed()) return nullptr;
  return node;
}

NodePtr Parser::parse_compound_list(bool allow_empty) {
  skip_newlines();
  auto list = std::make_shared<List>(peek().offset);
  while (!error_.failed() && !at_list_end()) {
    NodePtr item = parse_and_or();
    if (!item) return nullptr;
    list->items.push_back(item);
    const Token& t = peek();
    if (t.is_op(";") || t.is_op("&")) {
      take();
      skip_newlines();
      continue;
    }
    if (t.kind == Token::Kind::Newline) {
      skip_newlines();
      continue;
    }
    break;
  }
  if (error_.failed()) return nullptr;
  if (list->items.empty() && !allow_empty) {
    fail_at(peek());
    return nullptr;
  }
  return list;
}

NodePtr Parser::parse_and_or() {
  std::size_t offset = peek().offset;
  NodePtr first = parse_pipeline();
  if (!first) return nullptr;
  if (!peek().is_op("&&") && !peek().is_op("||")) return first;
  auto node = std::make_shared<AndOr>(offset);
  node->pipelines.push_back(first);
  while (!error_.failed() && (peek().is_op("&&") || peek().is_op("||"))) {
    node->is_and.push_back(take().op == "&&");
    skip_newlines();
    NodePtr next = parse_pipeline();
    if (!next) return nullptr;
    node->pipelines.push_back(next);
  }
  return error_.failed() ? nullptr : node;
}

NodePtr Parser::parse_pipeline() {
  std::size_t offset = peek().offset;
  bool negate = false;
  while (!error_.failed()) {
    if (peek_plain("!")) {
      take();
      negate = !negate;
    } else if (peek_plain("time")) {
      take();
      if (peek_plain("-p")) take();
    } else {
      break;
    }
  }
  NodePtr first = parse_command();
  if (!first) return nullptr;
  auto node = std::make_shared<Pipeline>(offset);
  node->negate = negate;
  node->commands.push_back(first);
  while (!error_.failed() && (peek().is_op("|") || peek().is_op("|&"))) {
    node->pipe_stderr.push_back(take().op == "|&");
    skip_newlines();
    NodePtr next = parse_command();
    if (!next) return nullptr;
    node->commands.push_back(next);
  }
  if (error_.failed()) return nullptr;
  if (node->commands.size() == 1 && !negate) return first;
  return node;
}

NodePtr Parser::parse_command() {
  const Token& t = peek();
  if (error_.failed()) return nullptr;
  NodePtr node;
  if (t.kind == Token::Kind::Word) {
    for (std::string_view w : kListEnds) {
      if (t.is_plain(w)) {
        fail_at(t);
        return nullptr;
      }
    }
    if (!lexer_.nest_checked()) return nullptr;
    if (t.is_plain("{")) {
      node = parse_group();
    } else if (t.is_plain("if")) {
      node = parse_if();
    } else if (t.is_plain("while") || t.is_plain("until")) {
      node = parse_while();
    } else if (t.is_plain("for")) {
      node = parse_for();
    } else if (t.is_plain("case")) {
      node = parse_case();
    } else if (t.is_plain("[[")) {
      node = parse_cond();
    } else if (t.is_plain("function")) {
      std::size_t offset = take().offset;
      const Token& name = peek();
      if (name.kind != Token::Kind::Word) {
        fail_at(name);
        lexer_.unnest_checked();
        return nullptr;
      }
      std::string fname = take().word.raw;
      if (peek().is_op("(")) {
        take();
        if (!expect_op(")")) {
          lexer_.unnest_checked();
          return nullptr;
        }
      }
      node = parse_function(fname, offset);
      lexer_.unnest_checked();
      return node;
    } else {
      lexer_.unnest_checked();
      return parse_simple_command();
    }
    lexer_.unnest_checked();
  } else if (t.is_op("(")) {
    if (!lexer_.nest_checked()) return nullptr;
    node = parse_subshell();
    lexer_.unnest_checked();
  } else if (t.is_op("((")) {
    node = parse_arith_command();
  } else if (t.kind == Token::Kind::IoNumber || is_redirect_op(t)) {
    return parse_simple_command();
  } else {
    fail_at(t);
    return nullptr;
  }
  if (!node || error_.failed()) return nullptr;
  parse_trailing_redirects(*node);
  return error_.failed() ? nullptr : node;
}

bool Parser::at_redirect() {
  const Token& t = peek();
  return t.kind == Token::Kind::IoNumber || is_redirect_op(t);
}

void Parser::parse_trailing_redirects(Node& node) {
  while (!error_.failed() && at_redirect()) {
    if (!parse_redirect(node.redirects)) return;
  }
}

bool Parser::parse_redirect(std::vector<Redirect>& out) {
  Redirect r;
  r.offset = peek().offset;
  int fd = -1;
  if (peek().kind == Token::Kind::IoNumber) fd = take().io_number;
  Token op = take();
  const Token& target_token = peek();
  if (target_token.kind != Token::Kind::Word) {
    fail_at(target_token);
    return false;
  }
  Token target = take();
  using Op = Redirect::Op;
  const std::string& o = op.op;
  int default_fd = 1;
  if (o == "<") {
    r.op = Op::In;
    default_fd = 0;
  } else if (o == ">" || o == ">|") {
    r.op = Op::Out;
  } else if (o == ">>") {
    r.op = Op::Append;
  } else if (o == "<>") {
    r.op = Op::ReadWrite;
    default_fd = 0;
  } else if (o == "<<" || o == "<<-") {
    r.op = Op::HereDoc;
    default_fd = 0;
  } else if (o == "<<<") {
    r.op = Op::HereString;
    default_fd = 0;
  } else if (o == ">&") {
    r.op = Op::DupOut;
  } else if (o == "<&") {
    r.op = Op::DupIn;
    default_fd = 0;
  } else if (o == "&>") {
    r.op = Op::OutErr;
  } else {
    r.op = Op::AppendErr;
  }
  r.fd = fd >= 0 ? fd : default_fd;
  if (r.op == Op::HereDoc) {
    PendingHereDoc doc;
    doc.delimiter = remove_quotes(target.word.raw, doc.quoted);
    doc.strip_tabs = o == "<<-";
    doc.offset = r.offset;
    doc.body = std::make_shared<Word>();
    r.heredoc_quoted = doc.quoted;
    r.body = doc.body;
    lexer_.add_heredoc(std::move(doc));
  }
  r.target = std::move(target.word);
  out.push_back(std::move(r));
  return true;
}

NodePtr Parser::parse_simple_command() {
  auto cmd = std::make_shared<SimpleCommand>(peek().offset);
  while (!error_.failed()) {
    const Token& t = peek();
    if (t.kind == Token::Kind::Word) {
      Assignment a;
      if (cmd->words.empty() && split_assignment(t.word, a)) {
        take();
        cmd->assignments.push_back(std::move(a));
        continue;
      }
      cmd->words.push_back(take().word);
      continue;
    }
    if (t.kind == Token::Kind::IoNumber || is_redirect_op(t)) {
      if (!parse_redirect(cmd->redirects)) return nullptr;
      continue;
    }
    if (t.is_op("(") && cmd->words.size() == 1 && cmd->assignments.empty() &&
        cmd->redirects.empty()) {
      take();
      if (!expect_op(")")) return nullptr;
      if (!lexer_.nest_checked()) return nullptr;
      NodePtr f = parse_function(cmd->words[0].raw, cmd->offset);
      lexer_.unnest_checked();
      return f;
    }
    break;
  }
  if (error_.failed()) return nullptr;
  if (cmd->words.empty() && cmd->assignments.empty() && cmd->redirects.empty()) {
    fail_at(peek());
    return nullptr;
  }
  return cmd;
}

NodePtr Parser::parse_function(std::string name, std::size_t offset) {
  skip_newlines();
  auto fn = std::make_shared<Function>(offset);
  fn->name = std::move(name);
  const Token& t = peek();
  bool compound = t.is_plain("{") || t.is_op("(") || t.is_op("((") || t.is_plain("if") ||
                  t.is_plain("while") || t.is_plain("until") || t.is_plain("for") ||
                  t.is_plain("case") || t.is_plain("[[");
  if (!compound) {
    fail_at(t);
    return nullptr;
  }
  fn->body = parse_command();
  if (!fn->body) return nullptr;
  return fn;
}

NodePtr Parser::parse_group() {
  auto node = std::make_shared<Group>(take().offset);
  node->body = parse_compound_list(false);
  if (!node->body || !expect_plain("}")) return nullptr;
  return node;
}

NodePtr Parser::parse_subshell() {
  auto node = std::make_shared<Subshell>(take().offset);
  node->body = parse_compound_list(false);
  if (!node->body || !expect_op(")")) return nullptr;
  return node;
}

NodePtr Parser::parse_if() {
  auto node = std::make_shared<If>(take().offset);
  NodePtr cond = parse_compound_list(false);
  if (!cond || !expect_plain("then")) return nullptr;
  NodePtr body = parse_compound_list(false);
  if (!body) return nullptr;
  node->conditions.push_back(cond);
  node->bodies.push_back(body);
  while (!error_.failed()) {
    if (peek_plain("elif")) {
      take();
      cond = parse_compound_list(false);
      if (!cond || !expect_plain("then")) return nullptr;
      body = parse_compound_list(false);
      if (!body) return nullptr;
      node->conditions.push_back(cond);
      node->bodies.push_back(body);
    } else if (peek_plain("else")) {
      take();
      node->else_body = parse_compound_list(false);
      if (!node->else_body) return nullptr;
      break;
    } else {
      break;
    }
  }
  if (!expect_plain("fi")) return nullptr;
  return node;
}

NodePtr Parser::parse_while() {
  Token keyword = take();
  auto node = std::make_shared<While>(keyword.offset);
  node->until = keyword.is_plain("until");
  node->condition = parse_compound_list(false);
  if (!node->condition || !expect_plain("do")) return nullptr;
  node->body = parse_compound_list(false);
  if (!node->body || !expect_plain("done")) return nullptr;
  return node;
}

NodePtr Parser::parse_for() {
  std::size_t offset = take().offset;
  if (peek().is_op("((")) {
    take();
    auto node = std::make_shared<ArithFor>(offset);
    Word all = lexer_.read_arith_command();
    if (error_.failed()) return nullptr;
    // Split the parts at the two top-level `;`.
    std::array<Word*, 3> slots = {&node->init, &node->condition, &node->step};
    std::size_t slot = 0;
    for (const WordPart& p : all.parts) {
      if (p.kind != WordPart::Kind::Literal) {
        slots[slot]->parts.push_back(p);
        continue;
      }
      std::size_t start = 0;
      while (true) {
        std::size_t semi = p.text.find(';', start);
        WordPart piece = p;
        piece.text = p.text.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
        if (!piece.text.empty()) slots[slot]->parts.push_back(std::move(piece));
        if (semi == std::string::npos) break;
        if (slot < 2) ++slot;
        start = semi + 1;
      }
    }
    for (Word* w : slots) w->offset = all.offset;
    if (peek().is_op(";")) take();
    skip_newlines();
    if (peek_plain("{")) {
      node->body = parse_group();
      return node->body ? node : nullptr;
    }
    if (!expect_plain("do")) return nullptr;
    node->body = parse_compound_list(false);
    if (!node->body || !expect_plain("done")) return nullptr;
    return node;
  }
  auto node = std::make_shared<For>(offset);
  const Token& name = peek();
  if (name.kind != Token::Kind::Word) {
    fail_at(name);
    return nullptr;
  }
  node->variable = take().word.raw;
  skip_newlines();
  if (peek_plain("in")) {
    take();
    node->has_in = true;
    while (!error_.failed() && peek().kind == Token::Kind::Word) node->words.push_back(take().word);
    if (peek().is_op(";") || peek().kind == Token::Kind::Newline) {
      take();
    } else {
      fail_at(peek());
      return nullptr;
    }
  } else if (peek().is_op(";")) {
    take();
  }
  skip_newlines();
  if (peek_plain("{")) {
    node->body = parse_group();
    return node->body ? node : nullptr;
  }
  if (!expect_plain("do")) return nullptr;
  node->body = parse_compound_list(false);
  if (!node->body || !expect_plain("done")) return nullptr;
  return node;
}

NodePtr Parser::parse_case() {
  auto node = std::make_shared<Case>(take().offset);
  const Token& subject = peek();
  if (subject.kind != Token::Kind::Word) {
    fail_at(subject);
    return nullptr;
  }
  node->subject = take().word;
  skip_newlines();
  if (!expect_plain("in")) return nullptr;
  skip_newlines();
  while (!error_.failed()) {
    if (peek_plain("esac")) {
      take();
      return node;
    }
    CaseItem item;
    if (peek().is_op("(")) take();
    while (!error_.failed()) {
      const Token& p = peek();
      if (p.kind != Token::Kind::Word) {
        fail_at(p);
        return nullptr;
      }
      item.patterns.push_back(take().word);
      if (!peek().is_op("|")) break;
      take();
    }
    if (!expect_op(")")) return nullptr;
    skip_newlines();
    const Token& t = peek();
    if (!(t.is_op(";;") || t.is_op(";&") || t.is_op(";;&") || t.is_plain("esac"))) {
      item.body = parse_compound_list(true);
      if (error_.failed()) return nullptr;
    }
    const Token& end = peek();
    if (end.is_op(";;") || end.is_op(";&") || end.is_op(";;&")) {
      item.end = end.op == ";;" ? CaseItem::End::Break
                 : end.op == ";&" ? CaseItem::End::FallThrough
                                  : CaseItem::End::Continue;
      take();
      skip_newlines();
    } else if (!end.is_plain("esac")) {
      fail_at(end);
      return nullptr;
    }
    node->items.push_back(std::move(item));
  }
  return nullptr;
}

NodePtr Parser::parse_cond() {
  auto node = std::make_shared<Cond>(take().offset);
  using Kind = CondToken::Kind;
  while (!error_.failed()) {
    Token t = take();
    if (t.is_plain("]]")) break;
    CondToken ct;
    if (t.kind == Token::Kind::Newline) continue;
    if (t.kind == Token::Kind::Word) {
      if (t.is_plain("!")) {
        ct.kind = Kind::Not;
      } else {
        ct.kind = Kind::Word;
        ct.word = std::move(t.word);
      }
      bool regex_next = ct.kind == Kind::Word && ct.word.raw == "=~";
      node->tokens.push_back(std::move(ct));
      if (regex_next) {
        Token r = lexer_.next_regex_word();
        if (r.kind != Token::Kind::Word) {
          fail_at(r);
          return nullptr;
        }
        CondToken rt;
        rt.kind = Kind::Word;
        rt.word = std::move(r.word);
        rt.is_regex = true;
        node->tokens.push_back(std::move(rt));
      }
      continue;
    }
    if (t.is_op("&&")) {
      ct.kind = Kind::And;
    } else if (t.is_op("||")) {
      ct.kind = Kind::Or;
    } else if (t.is_op("(")) {
      ct.kind = Kind::Open;
    } else if (t.is_op(")")) {
      ct.kind = Kind::Close;
    } else if (t.is_op("<")) {
      ct.kind = Kind::Less;
    } else if (t.is_op(">")) {
      ct.kind = Kind::Greater;
    } else {
      fail_at(t);
      return nullptr;
    }
    node->tokens.push_back(std::move(ct));
  }
  if (error_.failed()) return nullptr;
  return node;
}

NodePtr Parser::parse_arith_command() {
  auto node = std::make_shared<ArithCommand>(take().offset);
  node->expression = lexer_.read_arith_command();
  if (error_.failed()) return nullptr;
  return node;
}

}  // namespace ghaplay::scripts::bash
