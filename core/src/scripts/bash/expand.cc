// Word expansion: quotes, parameters, command substitution, arithmetic, tilde, then field
// splitting on $IFS. Pathname expansion (globbing) is not done: an unmatched glob stays as
// written in bash too, and the simulated file system rarely holds what a glob looks for.
#include <algorithm>
#include <charconv>

#include "scripts/bash/brace.h"
#include "scripts/bash/interpreter.h"
#include "scripts/bash/pattern.h"

namespace ghaplay::scripts::bash {

bool parse_integer(std::string_view text, long long& out) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

void merge_taint(Taint& into, const Taint& from) {
  for (int t : from) {
    bool found = false;
    for (int u : into) {
      if (u == t) {
        found = true;
        break;
      }
    }
    if (!found) into.push_back(t);
  }
}

// Collects the fields of one word. Quoted text is never split; the results of unquoted
// expansions are split on $IFS, as bash does.
class Interpreter::Expander {
 public:
  enum class Mode { Fields, String, Pattern };
  Expander(Mode mode, std::string ifs) : mode_(mode), ifs_(std::move(ifs)) {}

  // One finished field; `pattern` has its quoted characters escaped, for pathname expansion.
  struct Field {
    std::string text;
    std::string pattern;
    bool glob = false;  // an unquoted * ? [ is in it
  };

  void literal(std::string_view text, bool quoted) {
    if (mode_ == Mode::Pattern && quoted) {
      append(escape_pattern(text), quoted);
    } else {
      append(text, quoted);
    }
  }

  void value(std::string_view text, bool quoted) {
    if (quoted || mode_ != Mode::Fields) {
      literal(text, quoted);
      return;
    }
    for (char c : text) {
      if (ifs_.find(c) == std::string::npos) {
        add_char(c);
      } else if (c == ' ' || c == '\t' || c == '\n') {
        if (exists_) pending_ = true;
      } else {
        push();
        pending_ = false;
      }
    }
  }

  // Between the elements of "$@" (a new field) or $@ (a split point).
  void boundary(bool quoted) {
    if (mode_ != Mode::Fields) {
      append(" ", true);
      return;
    }
    if (quoted) {
      if (pending_) pending_ = false;
      push();
    } else if (exists_) {
      pending_ = true;
    }
  }

  std::vector<Field> finish() {
    if (exists_) push();
    return std::move(fields_);
  }

  std::string joined() {
    std::string out;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (i > 0) out.push_back(' ');
      out += fields_[i].text;
    }
    if (!fields_.empty() && exists_) out.push_back(' ');
    out += cur_.text;
    return out;
  }

  Taint taint;

 private:
  static bool is_glob_char(char c) { return c == '*' || c == '?' || c == '['; }
  void push() {
    fields_.push_back(std::move(cur_));
    cur_ = Field{};
    exists_ = false;
  }
  void add_char(char c) {
    if (pending_) {
      push();
      pending_ = false;
    }
    cur_.text.push_back(c);
    if (mode_ == Mode::Fields) {
      if (c == '\\') cur_.pattern.push_back('\\');
      cur_.pattern.push_back(c);
      if (is_glob_char(c)) cur_.glob = true;
    }
    exists_ = true;
  }
  void append(std::string_view text, bool quoted) {
    if (pending_ && (!text.empty() || quoted)) {
      push();
      pending_ = false;
    }
    if (text.empty()) {
      if (quoted) exists_ = true;
      return;
    }
    cur_.text.append(text);
    if (mode_ == Mode::Fields) {
      if (quoted) {
        cur_.pattern += escape_pattern(text);
      } else {
        for (char c : text) {
          if (c == '\\') cur_.pattern.push_back('\\');
          cur_.pattern.push_back(c);
          if (is_glob_char(c)) cur_.glob = true;
        }
      }
    }
    exists_ = true;
  }

  Mode mode_;
  std::string ifs_;
  std::vector<Field> fields_;
  Field cur_;
  bool exists_ = false;
  bool pending_ = false;
};

bool Interpreter::expand_parts(const std::vector<WordPart>& parts, Expander& x, bool quoted,
                               bool split_literals) {
  for (const WordPart& part : parts) {
    if (unwind_ != Unwind::None) return false;
    switch (part.kind) {
      case WordPart::Kind::Literal:
        if (split_literals && !quoted && !part.quoted) {
          x.value(part.text, false);
        } else {
          x.literal(part.text, quoted || part.quoted);
        }
        break;
      case WordPart::Kind::DoubleQuoted:
        if (part.children.empty()) {
          x.literal("", true);
        } else if (!expand_parts(part.children, x, true)) {
          return false;
        }
        break;
      case WordPart::Kind::Param: {
        std::vector<std::string> values;
        bool multi = false;
        const Word* in_place = nullptr;
        if (!expand_param(*part.param, part.offset, values, multi, quoted, x.taint, &in_place)) return false;
        if (in_place) {
          if (!expand_parts(in_place->parts, x, quoted, true)) return false;
          break;
        }
        if (multi) {
          for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) x.boundary(quoted);
            x.value(values[i], quoted);
          }
        } else {
          x.value(values.empty() ? std::string() : values[0], quoted);
        }
        break;
      }
      case WordPart::Kind::CommandSub: {
        std::string text = part.command ? command_substitution(*part.command, x.taint) : std::string();
        if (unwind_ == Unwind::Stop) return false;
        x.value(text, quoted);
        break;
      }
      case WordPart::Kind::Arith: {
        long long value = 0;
        if (!expand_arith(*part.arith, value, x.taint, part.offset, "")) return false;
        x.value(std::to_string(value), quoted);
        break;
      }
      case WordPart::Kind::Tilde: {
        // As bash on the runner: HOME, else the runner user's home; the two users whose homes the
        // runner has (root, runner); a prefix that names nothing stays as written.
        std::string home = "~" + part.text;
        const Variable* variable = nullptr;
        if (part.text.empty()) {
          variable = find_var("HOME");
          home = variable && variable->set ? variable->value : std::string(kRunnerHome);
        } else if (part.text == "+") {
          home = state_.cwd;
        } else if (part.text == "-") {
          variable = find_var("OLDPWD");
          if (variable && variable->set) home = variable->value;
        } else if (part.text == "root") {
          home = "/root";
        } else if (part.text == "runner") {
          home = std::string(kRunnerHome);
        }
        x.literal(home, true);
        break;
      }
      case WordPart::Kind::ProcessSub: {
        std::string path = process_substitution(part, x.taint);
        if (unwind_ == Unwind::Stop) return false;
        x.literal(path, true);
        break;
      }
      case WordPart::Kind::ArrayLiteral: {
        // Outside an assignment, (a b) is just text.
        std::string text = "(";
        for (std::size_t i = 0; i < part.elements.size(); ++i) {
          if (i > 0) text += " ";
          text += part.elements[i].raw;
        }
        x.literal(text + ")", quoted);
        break;
      }
    }
  }
  return unwind_ == Unwind::None;
}

bool Interpreter::expand_words(const std::vector<Word>& words, std::vector<std::string>& out,
                               Taint& taint) {
  std::string separators = ifs();
  auto one = [&](const Word& word) {
    Expander x(Expander::Mode::Fields, separators);
    if (!expand_parts(word.parts, x, false)) return false;
    for (Expander::Field& field : x.finish()) {
      std::vector<std::string> matches;
      if (field.glob && !state_.options.noglob) matches = glob_files(field.pattern);
      if (matches.empty()) {
        out.push_back(std::move(field.text));
      } else {
        for (std::string& m : matches) out.push_back(std::move(m));
      }
    }
    merge_taint(taint, x.taint);
    // A word may change IFS (${IFS:=,}); later words split with the new value.
    separators = ifs();
    return true;
  };
  for (const Word& word : words) {
    if (!may_brace_expand(word)) {
      if (!one(word)) return false;
      continue;
    }
    bool truncated = false;
    std::vector<Word> expanded = brace_expand(word, kMaxBraceWords, truncated);
    if (truncated) {
      stop(ScriptNotice::Kind::BudgetExhausted,
           "a brace expansion makes more than " + std::to_string(kMaxBraceWords) + " words: the run was stopped",
           word.offset);
      return false;
    }
    for (const Word& w : expanded) {
      if (!one(w)) return false;
    }
  }
  return true;
}

std::vector<std::string> Interpreter::glob_files(const std::string& pattern) {
  // Walks the pattern one path segment at a time over the simulated file system. Files of the
  // checkout are unknown to it, so a pattern may match less than on the runner; with no match
  // at all the word stays as written, which is also what bash does.
  std::vector<std::string> segments;
  std::size_t start = 0;
  bool absolute = !pattern.empty() && pattern[0] == '/';
  while (start <= pattern.size()) {
    std::size_t slash = pattern.find('/', start);
    std::string seg = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!seg.empty()) segments.push_back(seg);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  bool trailing_slash = !pattern.empty() && pattern.back() == '/';
  auto join = [](const std::string& prefix, const std::string& name) {
    if (prefix.empty()) return name;
    if (prefix == "/") return "/" + name;
    return prefix + "/" + name;
  };
  std::vector<std::string> prefixes{absolute ? "/" : ""};
  for (std::size_t k = 0; k < segments.size(); ++k) {
    bool last = k + 1 == segments.size();
    const std::string& seg = segments[k];
    std::vector<std::string> next;
    for (const std::string& prefix : prefixes) {
      if (!has_glob_chars(seg)) {
        std::string path = join(prefix, unescape_pattern(seg));
        bool dir = fs_.is_dir(path, state_.cwd);
        if (dir || (last && !trailing_slash && fs_.is_file(path, state_.cwd))) next.push_back(path);
        continue;
      }
      for (const std::string& name : fs_.list(prefix.empty() ? "." : prefix, state_.cwd)) {
        if (name[0] == '.' && seg[0] != '.') continue;
        if (!glob_match(seg, name)) continue;
        std::string path = join(prefix, name);
        if ((!last || trailing_slash) && !fs_.is_dir(path, state_.cwd)) continue;
        next.push_back(path);
      }
    }
    prefixes = std::move(next);
    if (prefixes.empty()) return {};
    if (prefixes.size() > kMaxBraceWords) return {};
  }
  std::sort(prefixes.begin(), prefixes.end());
  if (trailing_slash) {
    for (std::string& p : prefixes) p += "/";
  }
  return prefixes;
}

bool Interpreter::expand_string(const Word& word, std::string& out, Taint& taint) {
  Expander x(Expander::Mode::String, "");
  if (!expand_parts(word.parts, x, false)) return false;
  out = x.joined();
  merge_taint(taint, x.taint);
  return true;
}

bool Interpreter::expand_pattern(const Word& word, std::string& out, Taint& taint) {
  Expander x(Expander::Mode::Pattern, "");
  if (!expand_parts(word.parts, x, false)) return false;
  out = x.joined();
  merge_taint(taint, x.taint);
  return true;
}

bool Interpreter::expand_arith(const Word& word, long long& value, Taint& taint,
                               std::size_t offset, std::string_view context) {
  std::string text;
  if (!expand_string(word, text, taint)) return false;
  ArithResult r = eval_arith(text, *this);
  if (unwind_ != Unwind::None) return false;
  if (!r.ok) {
    std::size_t saved = current_offset_;
    current_offset_ = offset;
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    Io fallback;
    shell_error(current_io_ ? *current_io_ : fallback,
                (context.empty() ? std::string() : std::string(context) + ": ") + trimmed + ": " + r.error);
    current_offset_ = saved;
    unwind_ = Unwind::Abort;
    exit_status_ = 1;
    return false;
  }
  value = r.value;
  return true;
}

namespace {

// `$(< file)`: a substitution that is one redirection and nothing else.
const Redirect* read_only_redirect(const Node& body) {
  if (body.kind != NodeKind::Subshell) return nullptr;
  const auto& sub = static_cast<const Subshell&>(body);
  if (!sub.body || sub.body->kind != NodeKind::List) return nullptr;
  const auto& list = static_cast<const List&>(*sub.body);
  if (list.items.size() != 1 || list.items[0]->kind != NodeKind::Simple) return nullptr;
  const auto& cmd = static_cast<const SimpleCommand&>(*list.items[0]);
  if (!cmd.words.empty() || !cmd.assignments.empty() || cmd.redirects.size() != 1) return nullptr;
  if (cmd.redirects[0].op != Redirect::Op::In || cmd.redirects[0].fd != 0) return nullptr;
  return &cmd.redirects[0];
}

}  // namespace

std::string Interpreter::command_substitution(const Node& body, Taint& taint) {
  if (const Redirect* r = read_only_redirect(body)) {
    if (!tick(body.offset)) return {};
    std::string path, content;
    Taint t;
    if (!expand_string(r->target, path, t)) return {};
    if (!read_file(path, content, t, "", r->offset)) {
      last_subst_status_ = 1;
      return {};
    }
    last_subst_status_ = 0;
    while (!content.empty() && content.back() == '\n') content.pop_back();
    merge_taint(taint, t);
    return content;
  }
  std::string text = capture_output(body, taint);
  last_subst_status_ = status_;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string Interpreter::process_substitution(const WordPart& part, Taint& taint) {
  std::string path = "/dev/fd/" + std::to_string(63 - (process_counter_++ % 50));
  if (part.text == "<") {
    Taint t;
    std::string text = part.command ? capture_output(*part.command, t) : std::string();
    process_files_[path] = {std::move(text), t};
    merge_taint(taint, t);
  } else {
    add_notice(ScriptNotice::Kind::Unsupported, "output process substitution >(...) is not simulated: it receives nothing",
               part.offset, ">(", ">(");
    process_files_[path] = {};
  }
  return path;
}

std::string Interpreter::capture_output(const Node& body, Taint& taint) {
  if (!tick(body.offset)) return {};
  auto capture = std::make_shared<Capture>();
  Io io;
  if (current_io_) io = *current_io_;
  io.in = nullptr;
  io.fds[1].kind = Sink::Kind::Capture;
  io.fds[1].file = nullptr;
  io.fds[1].capture = capture;
  std::size_t saved_offset = current_offset_;
  Io* saved_io = current_io_;
  ++trace_level_;
  in_subshell([&] {
    // bash clears -e in command substitutions unless `shopt -s inherit_errexit`.
    state_.options.errexit = false;
    return exec(body, io);
  });
  --trace_level_;
  current_offset_ = saved_offset;
  current_io_ = saved_io;
  merge_taint(taint, capture->taint);
  return std::move(capture->text);
}

}  // namespace ghaplay::scripts::bash
