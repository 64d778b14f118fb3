// echo and printf, with bash's escapes, printf's format reuse and %q quoting.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <cstdio>

#include "common/text.h"
#include "scripts/bash/interpreter.h"

namespace ghaplay::scripts::bash {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Expands the escapes of `echo -e` and `printf %b`. Returns false if \c cut the output short.
// `octal_needs_zero`: echo wants \0nnn, printf's format takes \nnn.
bool expand_escapes(std::string_view s, std::string& out, bool octal_needs_zero) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char n = s[++i];
    switch (n) {
      case '\\': out.push_back('\\'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'c': return false;
      case 'e': case 'E': out.push_back('\x1b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case '"': out.push_back('"'); break;
      case '\'': out.push_back('\''); break;
      case 'x': {
        int value = 0, count = 0;
        while (count < 2 && i + 1 < s.size() && hex_digit(s[i + 1]) >= 0) {
          value = value * 16 + hex_digit(s[++i]);
          ++count;
        }
        if (count == 0) {
          out += "\\x";
        } else {
          out.push_back(static_cast<char>(value));
        }
        break;
      }
      case 'u': case 'U': {
        int max = n == 'u' ? 4 : 8;
        unsigned long value = 0;
        int count = 0;
        while (count < max && i + 1 < s.size() && hex_digit(s[i + 1]) >= 0) {
          value = value * 16 + static_cast<unsigned long>(hex_digit(s[++i]));
          ++count;
        }
        if (count == 0) {
          out.push_back('\\');
          out.push_back(n);
        } else {
          text::append_utf8(out, static_cast<char32_t>(value > 0x10FFFF ? 0xFFFD : value));
        }
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int value = 0, count = 0;
          std::size_t max = 3;
          if (n == '0' && octal_needs_zero) {
            // \0nnn: up to three digits after the zero
          } else if (octal_needs_zero) {
            out.push_back('\\');
            out.push_back(n);
            break;
          } else {
            --i;
          }
          while (count < static_cast<int>(max) && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') {
            value = value * 8 + (s[++i] - '0');
            ++count;
          }
          out.push_back(static_cast<char>(value & 0xFF));
        } else {
          out.push_back('\\');
          out.push_back(n);
        }
    }
  }
  return true;
}

std::string shell_quote(const std::string& s) {
  if (s.empty()) return "''";
  bool control = false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) control = true;
  }
  if (control) {
    std::string out = "$'";
    for (char c : s) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\v': out += "\\v"; break;
        case '\x1b': out += "\\E"; break;
        case '\'': out += "\\'"; break;
        case '\\': out += "\\\\"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned char>(c));
            out += buf;
          } else {
            out.push_back(c);
          }
      }
    }
    return out + "'";
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::string_view(" \t'\"\\|&;()<>!{}*[]?^$`,").find(c) != std::string_view::npos ||
        ((c == '~' || c == '#') && i == 0)) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

int Interpreter::b_echo(Call& call) {
  bool newline = true, escapes = false;
  std::size_t i = 1;
  for (; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char c : a.substr(1)) {
      if (c == 'n') newline = false;
      if (c == 'e') escapes = true;
      if (c == 'E') escapes = false;
    }
  }
  std::string text;
  bool cut = false;
  for (std::size_t k = i; k < call.args.size(); ++k) {
    if (k > i) text.push_back(' ');
    if (escapes) {
      if (!expand_escapes(call.args[k], text, true)) {
        cut = true;
        break;
      }
    } else {
      text += call.args[k];
    }
  }
  if (newline && !cut) text.push_back('\n');
  out(call, text);
  return 0;
}

int Interpreter::b_printf(Call& call) {
  std::size_t i = 1;
  std::string target;
  if (i + 1 < call.args.size() && call.args[i] == "-v") {
    target = call.args[i + 1];
    i += 2;
  }
  if (i < call.args.size() && call.args[i] == "--") ++i;
  if (i >= call.args.size()) {
    builtin_error(call, "usage: printf [-v var] format [arguments]");
    return 2;
  }
  const std::string format = call.args[i++];
  std::vector<std::string> args(call.args.begin() + static_cast<long>(i), call.args.end());
  std::size_t next = 0;
  int status = 0;
  std::string result;
  bool stop = false;

  auto take = [&]() -> std::optional<std::string> {
    if (next < args.size()) return args[next++];
    return std::nullopt;
  };
  auto number = [&](const std::optional<std::string>& arg, long long& value) {
    value = 0;
    if (!arg || arg->empty()) return;
    const std::string& a = *arg;
    if (a[0] == '\'' || a[0] == '"') {
      std::size_t k = 1;
      value = a.size() > 1 ? static_cast<long long>(text::decode_utf8(a, k)) : 0;
      return;
    }
    std::string t = a;
    bool negative = false;
    std::size_t k = 0;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
    if (k < t.size() && (t[k] == '-' || t[k] == '+')) negative = t[k++] == '-';
    int base = 10;
    if (k + 1 < t.size() && t[k] == '0' && (t[k + 1] == 'x' || t[k + 1] == 'X')) {
      base = 16;
      k += 2;
    } else if (k + 1 < t.size() && t[k] == '0') {
      base = 8;
      ++k;
    }
    unsigned long long v = 0;
    bool ok = k < t.size() || base == 8;
    for (; k < t.size(); ++k) {
      int d = hex_digit(t[k]);
      if (d < 0 || d >= base) {
        ok = false;
        break;
      }
      v = v * static_cast<unsigned long long>(base) + static_cast<unsigned long long>(d);
    }
    if (!ok) {
      builtin_error(call, a + ": invalid number");
      status = 1;
    }
    value = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
  };

  do {
    std::size_t consumed_before = next;
    bool had_conversion = false;
    for (std::size_t p = 0; p < format.size() && !stop; ++p) {
      char c = format[p];
      if (c == '\\') {
        std::size_t end = p + 1;
        if (end < format.size()) {
          char n = format[end];
          if (n >= '0' && n <= '7') {
            while (end < format.size() && end < p + 4 && format[end] >= '0' && format[end] <= '7') ++end;
          } else if (n == 'x') {
            ++end;
            while (end < format.size() && end < p + 4 && hex_digit(format[end]) >= 0) ++end;
          } else if (n == 'u' || n == 'U') {
            std::size_t max = n == 'u' ? 4 : 8;
            ++end;
            while (end < format.size() && end < p + 2 + max && hex_digit(format[end]) >= 0) ++end;
          } else {
            ++end;
          }
        }
        if (!expand_escapes(format.substr(p, end - p), result, false)) {
          stop = true;
          break;
        }
        p = end - 1;
        continue;
      }
      if (c != '%') {
        result.push_back(c);
        continue;
      }
      if (p + 1 < format.size() && format[p + 1] == '%') {
        result.push_back('%');
        ++p;
        continue;
      }
      // %[flags][width][.precision]conversion
      std::size_t q = p + 1;
      std::string flags;
      while (q < format.size() && std::string_view("-+ #0'").find(format[q]) != std::string_view::npos) {
        if (format[q] != '\'') flags.push_back(format[q]);
        ++q;
      }
      std::string width, precision;
      bool has_precision = false;
      if (q < format.size() && format[q] == '*') {
        long long w = 0;
        number(take(), w);
        width = std::to_string(w);
        ++q;
      } else {
        while (q < format.size() && std::isdigit(static_cast<unsigned char>(format[q]))) width.push_back(format[q++]);
      }
      if (q < format.size() && format[q] == '.') {
        has_precision = true;
        ++q;
        if (q < format.size() && format[q] == '*') {
          long long pr = 0;
          number(take(), pr);
          precision = std::to_string(pr);
          ++q;
        } else {
          while (q < format.size() && std::isdigit(static_cast<unsigned char>(format[q]))) precision.push_back(format[q++]);
        }
      }
      while (q < format.size() && std::string_view("hlLjzt").find(format[q]) != std::string_view::npos) ++q;
      if (q >= format.size()) {
        builtin_error(call, "`" + format.substr(p) + "': missing format character");
        status = 1;
        result += format.substr(p);
        break;
      }
      char conv = format[q];
      p = q;
      had_conversion = true;
      // Width and precision clamped, so that `%*d` with a huge number cannot exhaust memory.
      long long width_value = 0, precision_value = 0;
      parse_integer(width.empty() ? "0" : width, width_value);
      parse_integer(precision.empty() ? "0" : precision, precision_value);
      width_value = std::clamp<long long>(width_value, -(1 << 20), 1 << 20);
      precision_value = std::clamp<long long>(precision_value, 0, 1 << 10);
      auto numeric_spec = [&] {
        std::string f = "%" + flags;
        if (width_value < 0) f += "-";
        if (width_value != 0) f += std::to_string(width_value < 0 ? -width_value : width_value);
        if (has_precision) f += "." + std::to_string(precision_value);
        return f;
      };
      auto numeric_room = [&] {
        return static_cast<std::size_t>((width_value < 0 ? -width_value : width_value) + precision_value);
      };
      // The width and precision are applied by hand for strings (bytes, like bash).
      auto pad = [&](std::string s) {
        if (has_precision) {
          long long pr = 0;
          parse_integer(precision.empty() ? "0" : precision, pr);
          if (pr >= 0 && static_cast<std::size_t>(pr) < s.size()) s.resize(static_cast<std::size_t>(pr));
        }
        long long w = 0;
        parse_integer(width.empty() ? "0" : width, w);
        bool left = flags.find('-') != std::string::npos || w < 0;
        if (w < 0) w = -w;
        if (w > 1 << 20) w = 1 << 20;
        if (static_cast<std::size_t>(w) > s.size()) {
          std::string fill(static_cast<std::size_t>(w) - s.size(), ' ');
          s = left ? s + fill : fill + s;
        }
        return s;
      };
      switch (conv) {
        case 's': {
          auto a = take();
          result += pad(a.value_or(""));
          break;
        }
        case 'b': {
          auto a = take();
          std::string expanded;
          if (!expand_escapes(a.value_or(""), expanded, true)) stop = true;
          result += pad(expanded);
          break;
        }
        case 'q': {
          auto a = take();
          result += pad(shell_quote(a.value_or("")));
          break;
        }
        case 'c': {
          auto a = take();
          std::string s = a.value_or("");
          if (!s.empty()) {
            std::size_t k = 0;
            text::decode_utf8(s, k);
            s = s.substr(0, k);
          }
          result += pad(s);
          break;
        }
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
          long long v = 0;
          number(take(), v);
          std::string f = numeric_spec() + "ll" + (conv == 'i' ? 'd' : conv);
          std::vector<char> buf(64 + numeric_room());
          std::snprintf(buf.data(), buf.size(), f.c_str(), v);
          result += buf.data();
          break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
          auto a = take();
          double v = 0;
          if (a && !a->empty()) {
            char* end = nullptr;
            v = std::strtod(a->c_str(), &end);
            if (end == a->c_str() || *end != '\0') {
              builtin_error(call, *a + ": invalid number");
              status = 1;
            }
          }
          std::string f = numeric_spec() + conv;
          std::vector<char> buf(400 + numeric_room());
          std::snprintf(buf.data(), buf.size(), f.c_str(), v);
          result += buf.data();
          break;
        }
        default:
          builtin_error(call, std::string("`") + conv + "': invalid format character");
          status = 1;
          stop = true;
      }
      if (result.size() > kMaxTextSize) {
        stop = true;
        break;
      }
    }
    if (!had_conversion || next == consumed_before) break;
  } while (next < args.size() && !stop);

  if (!target.empty()) {
    std::size_t bracket = target.find('[');
    if (bracket != std::string::npos && target.back() == ']') {
      if (!set_element(target.substr(0, bracket), target.substr(bracket + 1, target.size() - bracket - 2),
                       result, call.taint, call.io)) {
        return 1;
      }
    } else if (!set_var(target, result, call.taint, call.io)) {
      return 1;
    }
    return status;
  }
  out(call, result);
  return status;
}

}  // namespace ghaplay::scripts::bash
