// sed: the commands workflow scripts use — s///[gpNI], y///, d, p, q, =, a/i/c text — with line,
// $ and /regex/ addresses, ranges, !, { } blocks, -n -e -E -i. A script using anything else
// (hold space, labels, N...) passes its input through unchanged with a notice.
#include <cctype>
#include <memory>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/regex.h"

namespace ghaplay::scripts::bash {
namespace {

struct Address {
  enum class Kind { None, Line, Last, Match } kind = Kind::None;
  long long line = 0;
  std::shared_ptr<Regex> regex;
};

struct SedCommand {
  Address a1, a2;
  bool negate = false;
  char name = 0;
  // s
  std::shared_ptr<Regex> regex;
  std::string replacement;
  bool global = false;
  bool print = false;
  long long occurrence = 1;
  // y
  std::string from, to;
  // a i c
  std::string text;
  // q
  int exit_code = 0;
  // { } : index of the matching `}` (for `{`)
  std::size_t block_end = 0;
  bool range_active = false;
};

// n * 10 + digit, saturating: line numbers and counts past a billion mean "never".
long long clamp_digit(long long n, char digit) {
  long long next = n * 10 + (digit - '0');
  return next > 1000000000LL ? 1000000000LL : next;
}

class SedParser {
 public:
  SedParser(std::string_view script, bool extended) : s_(script), extended_(extended) {}

  bool parse(std::vector<SedCommand>& out, std::string& error) {
    std::vector<std::size_t> open;
    while (true) {
      skip_separators();
      if (pos_ >= s_.size()) break;
      if (s_[pos_] == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      SedCommand cmd;
      if (!address(cmd.a1, error)) return false;
      if (cmd.a1.kind != Address::Kind::None && peek() == ',') {
        ++pos_;
        if (!address(cmd.a2, error)) return false;
        if (cmd.a2.kind == Address::Kind::None) {
          error = "unexpected `,'";
          return false;
        }
      }
      skip_blanks();
      while (peek() == '!') {
        cmd.negate = !cmd.negate;
        ++pos_;
        skip_blanks();
      }
      if (pos_ >= s_.size()) {
        error = "missing command";
        return false;
      }
      cmd.name = s_[pos_++];
      switch (cmd.name) {
        case '{':
          open.push_back(out.size());
          break;
        case '}':
          if (open.empty()) {
            error = "unexpected `}'";
            return false;
          }
          out[open.back()].block_end = out.size();
          open.pop_back();
          break;
        case 'd': case 'p': case '=':
          break;
        case 'q': case 'Q': {
          skip_blanks();
          long long code = 0;
          while (std::isdigit(static_cast<unsigned char>(peek()))) code = clamp_digit(code, s_[pos_++]);
          cmd.exit_code = static_cast<int>(code & 255);
          break;
        }
        case 'a': case 'i': case 'c': {
          skip_blanks();
          if (peek() == '\\') {
            ++pos_;
            if (peek() == '\n') ++pos_;
          }
          skip_blanks();
          std::string text;
          while (pos_ < s_.size() && s_[pos_] != '\n') {
            if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
              ++pos_;
              text.push_back(s_[pos_] == 'n' ? '\n' : s_[pos_] == 't' ? '\t' : s_[pos_]);
              ++pos_;
              continue;
            }
            text.push_back(s_[pos_++]);
          }
          cmd.text = text;
          break;
        }
        case 's': {
          if (pos_ >= s_.size()) {
            error = "unterminated `s' command";
            return false;
          }
          char d = s_[pos_++];
          std::string re, repl;
          if (!delimited(d, re, true) || !delimited(d, repl, false)) {
            error = "unterminated `s' command";
            return false;
          }
          bool icase = false;
          while (pos_ < s_.size() && s_[pos_] != ';' && s_[pos_] != '\n' && s_[pos_] != '}') {
            char f = s_[pos_++];
            if (f == 'g') {
              cmd.global = true;
            } else if (f == 'p') {
              cmd.print = true;
            } else if (f == 'i' || f == 'I') {
              icase = true;
            } else if (std::isdigit(static_cast<unsigned char>(f))) {
              cmd.occurrence = f - '0';
              while (std::isdigit(static_cast<unsigned char>(peek()))) cmd.occurrence = clamp_digit(cmd.occurrence, s_[pos_++]);
            } else if (f == ' ' || f == '\t') {
            } else {
              error = std::string("unknown option to `s'");
              return false;
            }
          }
          std::string message;
          auto compiled = Regex::compile(re, extended_ ? Regex::Syntax::Extended : Regex::Syntax::Basic, icase, message);
          if (!compiled) {
            error = message;
            return false;
          }
          cmd.regex = std::make_shared<Regex>(std::move(*compiled));
          cmd.replacement = repl;
          break;
        }
        case 'y': {
          char d = s_[pos_++];
          std::string from, to;
          if (!delimited(d, from, false) || !delimited(d, to, false)) {
            error = "unterminated `y' command";
            return false;
          }
          from = unescape(from);
          to = unescape(to);
          if (from.size() != to.size()) {
            error = "strings for `y' command are different lengths";
            return false;
          }
          cmd.from = from;
          cmd.to = to;
          break;
        }
        default:
          error = std::string("unsupported command `") + cmd.name + "'";
          return false;
      }
      out.push_back(std::move(cmd));
    }
    if (!open.empty()) {
      error = "unmatched `{'";
      return false;
    }
    return true;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_blanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  void skip_separators() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == ';')) ++pos_;
  }
  static std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        char n = s[++i];
        out.push_back(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }
  // Reads up to the next unescaped delimiter; `\d` becomes `d`, `\n` a newline in regexes.
  bool delimited(char d, std::string& out, bool regex) {
    bool in_bracket = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (regex && !in_bracket && c == '[') {
        in_bracket = true;
        out.push_back(c);
        ++pos_;
        if (peek() == '^') out.push_back(s_[pos_++]);
        if (peek() == ']') out.push_back(s_[pos_++]);
        continue;
      }
      if (in_bracket) {
        if (c == ']') in_bracket = false;
        out.push_back(c);
        ++pos_;
        continue;
      }
      if (c == '\\' && pos_ + 1 < s_.size()) {
        char n = s_[pos_ + 1];
        pos_ += 2;
        if (n == d) {
          out.push_back(d);
        } else if (regex && n == 'n') {
          out.push_back('\n');
        } else {
          out.push_back('\\');
          out.push_back(n);
        }
        continue;
      }
      if (c == d) {
        ++pos_;
        return true;
      }
      if (c == '\n' && !regex) {
        out.push_back(c);
        ++pos_;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    return false;
  }
  bool address(Address& a, std::string& error) {
    skip_blanks();
    char c = peek();
    if (std::isdigit(static_cast<unsigned char>(c))) {
      a.kind = Address::Kind::Line;
      while (std::isdigit(static_cast<unsigned char>(peek()))) a.line = clamp_digit(a.line, s_[pos_++]);
      return true;
    }
    if (c == '$') {
      ++pos_;
      a.kind = Address::Kind::Last;
      return true;
    }
    if (c == '/' || c == '\\') {
      ++pos_;
      char d = '/';
      if (c == '\\') d = s_[pos_++];
      std::string re;
      if (!delimited(d, re, true)) {
        error = "unterminated address regex";
        return false;
      }
      bool icase = false;
      if (peek() == 'I') {
        icase = true;
        ++pos_;
      }
      std::string message;
      auto compiled = Regex::compile(re, extended_ ? Regex::Syntax::Extended : Regex::Syntax::Basic, icase, message);
      if (!compiled) {
        error = message;
        return false;
      }
      a.kind = Address::Kind::Match;
      a.regex = std::make_shared<Regex>(std::move(*compiled));
    }
    return true;
  }

  std::string_view s_;
  bool extended_;
  std::size_t pos_ = 0;
};

bool address_matches(const Address& a, const std::string& line, long long number, bool last) {
  switch (a.kind) {
    case Address::Kind::None: return true;
    case Address::Kind::Line: return number == a.line;
    case Address::Kind::Last: return last;
    case Address::Kind::Match: {
      std::vector<Regex::Span> groups;
      return a.regex->search(line, 0, groups);
    }
  }
  return false;
}

std::string substitute(const SedCommand& cmd, const std::string& line, bool& replaced) {
  std::string out;
  std::size_t pos = 0;
  long long count = 0;
  replaced = false;
  std::vector<Regex::Span> groups;
  while (pos <= line.size() && cmd.regex->search(line, pos, groups)) {
    std::size_t b = static_cast<std::size_t>(groups[0].begin), e = static_cast<std::size_t>(groups[0].end);
    ++count;
    out += line.substr(pos, b - pos);
    if (count >= cmd.occurrence) {
      replaced = true;
      // & and \1..\9, \n, \U \L \E \u \l case conversion (GNU)
      std::string piece;
      char case_mode = 0, next_mode = 0;
      auto emit = [&](const std::string& s) {
        for (char ch : s) {
          char c2 = ch;
          if (next_mode == 'u') c2 = static_cast<char>(std::toupper(static_cast<unsigned char>(c2)));
          else if (next_mode == 'l') c2 = static_cast<char>(std::tolower(static_cast<unsigned char>(c2)));
          else if (case_mode == 'U') c2 = static_cast<char>(std::toupper(static_cast<unsigned char>(c2)));
          else if (case_mode == 'L') c2 = static_cast<char>(std::tolower(static_cast<unsigned char>(c2)));
          next_mode = 0;
          piece.push_back(c2);
        }
      };
      const std::string& r = cmd.replacement;
      for (std::size_t i = 0; i < r.size(); ++i) {
        char c = r[i];
        if (c == '&') {
          emit(line.substr(b, e - b));
        } else if (c == '\\' && i + 1 < r.size()) {
          char n = r[++i];
          if (n >= '0' && n <= '9') {
            std::size_t g = static_cast<std::size_t>(n - '0');
            if (g < groups.size() && groups[g].begin >= 0) {
              emit(line.substr(static_cast<std::size_t>(groups[g].begin),
                               static_cast<std::size_t>(groups[g].end - groups[g].begin)));
            }
          } else if (n == 'n') {
            emit("\n");
          } else if (n == 't') {
            emit("\t");
          } else if (n == 'U' || n == 'L') {
            case_mode = n;
          } else if (n == 'E') {
            case_mode = 0;
          } else if (n == 'u' || n == 'l') {
            next_mode = n;
          } else {
            emit(std::string(1, n));
          }
        } else {
          emit(std::string(1, c));
        }
      }
      out += piece;
    } else {
      out += line.substr(b, e - b);
    }
    if (replaced && !cmd.global) {
      pos = e;
      out += line.substr(pos);
      return out;
    }
    if (e == b) {
      if (e < line.size()) out.push_back(line[e]);
      pos = e + 1;
    } else {
      pos = e;
    }
  }
  if (pos < line.size()) out += line.substr(pos);
  return out;
}

}  // namespace

int Interpreter::b_sed(Call& call) {
  bool quiet = false, extended = false, in_place = false;
  std::vector<std::string> scripts;
  std::vector<std::string> files;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "-n" || a == "--quiet" || a == "--silent") {
      quiet = true;
    } else if (a == "-E" || a == "-r" || a == "--regexp-extended") {
      extended = true;
    } else if (a.rfind("-i", 0) == 0 || a.rfind("--in-place", 0) == 0) {
      in_place = true;
    } else if (a == "-e" && i + 1 < call.args.size()) {
      scripts.push_back(call.args[++i]);
    } else if (a.rfind("--expression=", 0) == 0) {
      scripts.push_back(a.substr(13));
    } else if (a == "-f" && i + 1 < call.args.size()) {
      std::string content;
      read_file(call.args[++i], content, call.taint, "sed", call.offset);
      scripts.push_back(content);
    } else if (a == "-s" || a == "-u" || a == "-z" || a == "--posix" || a == "--debug") {
    } else if (a.size() > 1 && a[0] == '-' && a.find_first_not_of("nErs", 1) == std::string::npos) {
      if (a.find('n') != std::string::npos) quiet = true;
      if (a.find('E') != std::string::npos || a.find('r') != std::string::npos) extended = true;
    } else {
      files.push_back(a);
    }
  }
  if (scripts.empty()) {
    if (files.empty()) {
      err(call, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n");
      return 1;
    }
    scripts.push_back(files.front());
    files.erase(files.begin());
  }
  std::string script;
  for (const std::string& s : scripts) script += s + "\n";
  std::vector<SedCommand> commands;
  std::string error;
  SedParser parser(script, extended);
  bool supported = parser.parse(commands, error);

  auto run = [&](const std::string& input, std::string& output, int& exit_code) -> bool {
    std::vector<std::string> lines;
    bool final_newline = true;
    std::size_t pos = 0;
    while (pos < input.size()) {
      std::size_t nl = input.find('\n', pos);
      if (nl == std::string::npos) {
        lines.push_back(input.substr(pos));
        final_newline = false;
        break;
      }
      lines.push_back(input.substr(pos, nl - pos));
      pos = nl + 1;
    }
    for (SedCommand& c : commands) c.range_active = false;
    bool quit = false;
    for (std::size_t n = 0; n < lines.size() && !quit; ++n) {
      if (!tick(call.offset)) return false;
      std::string space = lines[n];
      bool last = n + 1 == lines.size();
      bool deleted = false, print_space = !quiet;
      std::string before, after;
      for (std::size_t k = 0; k < commands.size() && !deleted && !quit; ++k) {
        SedCommand& c = commands[k];
        bool selected;
        long long number = static_cast<long long>(n) + 1;
        if (c.a2.kind == Address::Kind::None) {
          selected = address_matches(c.a1, space, number, last);
        } else if (c.range_active) {
          selected = true;
          bool ends = c.a2.kind == Address::Kind::Line ? number >= c.a2.line : address_matches(c.a2, space, number, last);
          if (ends) c.range_active = false;
        } else {
          selected = address_matches(c.a1, space, number, last);
          if (selected) {
            bool ends_now = c.a2.kind == Address::Kind::Line && c.a2.line <= number;
            c.range_active = !ends_now;
          }
        }
        if (c.negate) selected = !selected;
        if (c.name == '}') continue;
        if (!selected) {
          if (c.name == '{') k = c.block_end;
          continue;
        }
        switch (c.name) {
          case '{': break;
          case 'd': deleted = true; break;
          case 'p': output += space + "\n"; break;
          case '=': output += std::to_string(number) + "\n"; break;
          case 'q': quit = true; exit_code = c.exit_code; break;
          case 'Q': quit = true; exit_code = c.exit_code; deleted = true; break;
          case 'a': after += c.text + "\n"; break;
          case 'i': output += c.text + "\n"; break;
          case 'c': deleted = true; output += c.text + "\n"; break;
          case 's': {
            bool replaced = false;
            std::string result = substitute(c, space, replaced);
            if (replaced) {
              space = result;
              if (c.print) output += space + "\n";
            }
            break;
          }
          case 'y':
            for (char& ch : space) {
              std::size_t at = c.from.find(ch);
              if (at != std::string::npos) ch = c.to[at];
            }
            break;
          default: break;
        }
      }
      if (!deleted && print_space) {
        output += space;
        if (!last || final_newline) output += "\n";
      }
      output += after;
    }
    return true;
  };

  int status = 0;
  if (in_place) {
    for (const std::string& f : files) {
      std::string content;
      Taint taint;
      if (!read_file(f, content, taint, "sed", call.offset)) {
        status = 4;
        continue;
      }
      if (!supported) {
        add_notice(ScriptNotice::Kind::Unsupported, "sed script not simulated (" + error + "): the file is left as is",
                   call.offset, "sed", "sed");
        continue;
      }
      std::string output;
      int code = 0;
      if (!run(content, output, code)) return 1;
      std::string key = fs_.open_for_write(f, state_.cwd, true);
      fs_.append(key, output, taint);
    }
    return status;
  }
  std::string input;
  bool ok = read_inputs(call, files, input, "sed");
  if (!supported) {
    int index = add_notice(ScriptNotice::Kind::Unsupported,
                           "sed script not simulated (" + error + "): its input is passed through unchanged",
                           call.offset, "sed", "sed");
    merge_taint(call.taint, Taint{index});
    out(call, input);
    return ok ? 0 : 2;
  }
  std::string output;
  int code = 0;
  if (!run(input, output, code)) return 1;
  out(call, output);
  if (!ok) return 2;
  return code;
}

}  // namespace ghaplay::scripts::bash
