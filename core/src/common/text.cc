#include "common/text.h"

namespace ghaplay::text {
namespace {

struct CaseRun {
  char32_t first, last;
  int delta;
  int stride;
};

// Unicode's one-to-one case mappings (scripts/gen_case_tables.py); mappings that expand, such as
// 'ß' to 'SS', are left out and such characters compare as written.
#include "common/case_tables.inc"

template <std::size_t N>
char32_t map_with(const CaseRun (&runs)[N], char32_t c) {
  std::size_t low = 0, high = N;
  while (low < high) {  // the last run that starts at or before c
    std::size_t mid = (low + high) / 2;
    if (runs[mid].first <= c) low = mid + 1;
    else high = mid;
  }
  if (low == 0) return c;
  const CaseRun& run = runs[low - 1];
  if (c > run.last || (c - run.first) % static_cast<char32_t>(run.stride) != 0) return c;
  return static_cast<char32_t>(static_cast<int>(c) + run.delta);
}

char32_t lower_of(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return map_with(kLowerRuns, c);
}

// The small dotless i is absent from the table: GitHub keeps it when upper-casing.
char32_t upper_of(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  return map_with(kUpperRuns, c);
}

template <typename Map>
std::string map_code_points(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      out.push_back(static_cast<char>(map(byte)));
      ++i;
      continue;
    }
    std::size_t start = i;
    char32_t cp = decode_utf8(s, i);
    if (cp == 0xFFFD) {
      out.append(s.substr(start, i - start));  // keep invalid bytes untouched
    } else {
      append_utf8(out, map(cp));
    }
  }
  return out;
}

}  // namespace

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string fold_case(std::string_view s) {
  if (!is_ascii(s)) return map_code_points(s, lower_of);
  // Most keys and names: one copy, lower-cased in place.
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
std::string to_upper_special(std::string_view s) { return map_code_points(s, upper_of); }

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) { ++i; return b0; }
  int extra = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; }
  else { ++i; return 0xFFFD; }
  for (int k = 1; k <= extra; ++k) {
    if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFD; }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t utf16_length(std::string_view s) {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < s.size()) units += decode_utf8(s, i) >= 0x10000 ? 2 : 1;
  return units;
}

void append_json_string(std::string& out, std::string_view s, HexCase hex_case) {
  const char* hex = hex_case == HexCase::Upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the bytes not yet appended, which need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
    std::size_t length = 2;
    switch (c) {
      case '"': escape[1] = '"'; break;
      case '\\': escape[1] = '\\'; break;
      case '\b': escape[1] = 'b'; break;
      case '\t': escape[1] = 't'; break;
      case '\n': escape[1] = 'n'; break;
      case '\f': escape[1] = 'f'; break;
      case '\r': escape[1] = 'r'; break;
      default: length = 6;
    }
    out.append(escape, length);
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    if (decode_utf8(s, i) == 0xFFFD && !(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD"))
      return false;
  }
  return true;
}

namespace {
bool is_js_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}
}  // namespace

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!is_js_space(decode_utf8(s, next))) break;
    begin = next;
  }
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t probe = start;
    if (!is_js_space(decode_utf8(s, probe))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) {
    std::size_t i = 0;
    for (; i < a.size(); ++i) {
      auto x = static_cast<unsigned char>(a[i]);
      auto y = static_cast<unsigned char>(b[i]);
      if ((x | y) >= 0x80) break;  // from here on, fold
      if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
    }
    if (i == a.size()) return true;
  } else if (is_ascii(a) && is_ascii(b)) {
    return false;  // ASCII folds byte for byte: different lengths never match
  }
  return fold_case(a) == fold_case(b);
}

bool starts_with_ignore_case(std::string_view s, std::string_view prefix) {
  return fold_case(s).starts_with(fold_case(prefix));
}

}  // namespace ghaplay::text
