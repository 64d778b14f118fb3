#include "scripts/bash/brace.h"

#include <cctype>
#include <charconv>
#include <string>

namespace ghaplay::scripts::bash {
namespace {

using Parts = std::vector<WordPart>;

bool is_char(const WordPart& p, char c) {
  return p.kind == WordPart::Kind::Literal && !p.quoted && p.text.size() == 1 && p.text[0] == c;
}

// Unquoted literal text one character per part, so that braces can be found among them.
Parts explode(const Parts& parts) {
  Parts out;
  for (const WordPart& p : parts) {
    if (p.kind == WordPart::Kind::Literal && !p.quoted && p.text.size() > 1) {
      for (char c : p.text) {
        WordPart one = p;
        one.text = std::string(1, c);
        out.push_back(std::move(one));
      }
    } else {
      out.push_back(p);
    }
  }
  return out;
}

bool parse_int(const std::string& s, long long& v) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// {x..y[..step]} over numbers or single letters; false if the text is no sequence.
bool sequence(const std::string& body, std::vector<std::string>& out, std::size_t limit) {
  std::size_t dots = body.find("..");
  if (dots == std::string::npos) return false;
  std::string first = body.substr(0, dots);
  std::string rest = body.substr(dots + 2);
  std::string last = rest, step_text;
  std::size_t dots2 = rest.find("..");
  if (dots2 != std::string::npos) {
    last = rest.substr(0, dots2);
    step_text = rest.substr(dots2 + 2);
  }
  long long step = 1;
  if (!step_text.empty() && !parse_int(step_text, step)) return false;
  if (step < 0) step = -step;
  if (step == 0) step = 1;
  long long a = 0, b = 0;
  if (parse_int(first, a) && parse_int(last, b)) {
    std::size_t width = 0;
    auto padded = [](const std::string& s) {
      std::string digits = (!s.empty() && s[0] == '-') ? s.substr(1) : s;
      return digits.size() > 1 && digits[0] == '0';
    };
    if (padded(first) || padded(last)) width = std::max(first.size(), last.size());
    for (long long v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
      if (out.size() >= limit) break;
      std::string s = std::to_string(v < 0 ? -v : v);
      std::size_t w = width > 0 && v < 0 ? width - 1 : width;
      if (s.size() < w) s = std::string(w - s.size(), '0') + s;
      out.push_back(v < 0 ? "-" + s : s);
    }
    return true;
  }
  if (first.size() == 1 && last.size() == 1 && std::isalpha(static_cast<unsigned char>(first[0])) &&
      std::isalpha(static_cast<unsigned char>(last[0]))) {
    int x = static_cast<unsigned char>(first[0]), y = static_cast<unsigned char>(last[0]);
    for (int v = x; x <= y ? v <= y : v >= y; v += x <= y ? static_cast<int>(step) : -static_cast<int>(step)) {
      if (out.size() >= limit) break;
      out.push_back(std::string(1, static_cast<char>(v)));
    }
    return true;
  }
  return false;
}

void expand(const Parts& parts, std::size_t from, std::vector<Parts>& out, std::size_t limit,
            bool& truncated, int depth) {
  if (out.size() >= limit) {
    truncated = true;
    return;
  }
  if (depth > 64) {
    out.push_back(parts);
    return;
  }
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (!is_char(parts[i], '{')) continue;
    int level = 0;
    std::vector<std::size_t> commas;
    std::size_t close = 0;
    for (std::size_t j = i; j < parts.size(); ++j) {
      if (is_char(parts[j], '{')) ++level;
      if (is_char(parts[j], '}')) {
        if (--level == 0) {
          close = j;
          break;
        }
      }
      if (level == 1 && is_char(parts[j], ',')) commas.push_back(j);
    }
    if (close == 0) return expand(parts, i + 1, out, limit, truncated, depth), void();
    Parts prefix(parts.begin(), parts.begin() + static_cast<long>(i));
    Parts suffix(parts.begin() + static_cast<long>(close) + 1, parts.end());
    if (!commas.empty()) {
      std::vector<std::size_t> bounds;
      bounds.push_back(i);
      bounds.insert(bounds.end(), commas.begin(), commas.end());
      bounds.push_back(close);
      for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
        Parts alt = prefix;
        alt.insert(alt.end(), parts.begin() + static_cast<long>(bounds[k]) + 1,
                   parts.begin() + static_cast<long>(bounds[k + 1]));
        std::size_t resume = i;  // braces inside the alternative come next
        alt.insert(alt.end(), suffix.begin(), suffix.end());
        expand(alt, resume, out, limit, truncated, depth + 1);
        if (truncated) return;
      }
      return;
    }
    // A sequence needs plain characters between the braces.
    std::string body;
    bool plain = true;
    for (std::size_t j = i + 1; j < close; ++j) {
      if (parts[j].kind != WordPart::Kind::Literal || parts[j].quoted) {
        plain = false;
        break;
      }
      body += parts[j].text;
    }
    std::vector<std::string> items;
    if (plain && sequence(body, items, limit)) {
      for (const std::string& item : items) {
        Parts alt = prefix;
        WordPart p;
        p.kind = WordPart::Kind::Literal;
        p.quoted = true;  // the generated text is not a brace again
        p.text = item;
        alt.push_back(std::move(p));
        std::size_t resume = alt.size();
        alt.insert(alt.end(), suffix.begin(), suffix.end());
        expand(alt, resume, out, limit, truncated, depth + 1);
        if (truncated) return;
      }
      return;
    }
  }
  out.push_back(parts);
}

}  // namespace

bool may_brace_expand(const Word& word) {
  for (const WordPart& p : word.parts) {
    if (p.kind == WordPart::Kind::Literal && !p.quoted && p.text.find('{') != std::string::npos) return true;
  }
  return false;
}

std::vector<Word> brace_expand(const Word& word, std::size_t limit, bool& truncated) {
  truncated = false;
  std::vector<Parts> results;
  expand(explode(word.parts), 0, results, limit, truncated, 0);
  std::vector<Word> words;
  for (Parts& parts : results) {
    Word w;
    w.offset = word.offset;
    w.raw = word.raw;
    // Merge the single characters back.
    for (WordPart& p : parts) {
      if (!w.parts.empty() && p.kind == WordPart::Kind::Literal && w.parts.back().kind == WordPart::Kind::Literal &&
          w.parts.back().quoted == p.quoted) {
        w.parts.back().text += p.text;
      } else {
        w.parts.push_back(std::move(p));
      }
    }
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace ghaplay::scripts::bash
