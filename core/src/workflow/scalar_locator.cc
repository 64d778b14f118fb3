#include "workflow/scalar_locator.h"

#include <algorithm>
#include <memory>
#include <string_view>

namespace ghaplay::workflow {
namespace {

using yaml::ScalarStyle;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::size_t utf8_length(unsigned long cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

// A `\` escape at text[p] in a double-quoted scalar: how many source bytes it spans and how many
// bytes of decoded text it yields. An escaped line break yields nothing.
struct Escape {
  std::size_t source_length = 2;
  std::size_t decoded_length = 1;
  bool line_break = false;
};

Escape read_escape(std::string_view text, std::size_t p) {
  Escape escape;
  if (p + 1 >= text.size()) return escape;
  char c = text[p + 1];
  auto hex_escape = [&](std::size_t digits) {
    unsigned long cp = 0;
    for (std::size_t k = 0; k < digits; ++k) {
      int v = p + 2 + k < text.size() ? hex_value(text[p + 2 + k]) : -1;
      if (v < 0) return;  // yaml-cpp rejects it; keep the 2-byte default
      cp = cp * 16 + static_cast<unsigned long>(v);
    }
    escape.source_length = 2 + digits;
    escape.decoded_length = utf8_length(cp);
  };
  switch (c) {
    case '\n':
      escape.line_break = true;
      escape.decoded_length = 0;
      break;
    case '\r':
      escape.line_break = true;
      escape.decoded_length = 0;
      if (p + 2 < text.size() && text[p + 2] == '\n') escape.source_length = 3;
      break;
    case 'x': hex_escape(2); break;
    case 'u': hex_escape(4); break;
    case 'U': hex_escape(8); break;
    case 'N': escape.decoded_length = 2; break;  // U+0085
    case '_': escape.decoded_length = 2; break;  // U+00A0
    case 'L': escape.decoded_length = 3; break;  // U+2028
    case 'P': escape.decoded_length = 3; break;  // U+2029
    default: break;
  }
  return escape;
}

struct BlockStart {
  std::size_t content = 0;  // offset of the first content line
  std::size_t indent = 0;
};

BlockStart block_start(const SourceText& source, const yaml::Node& node) {
  const std::string& text = source.text();
  BlockStart start;
  std::size_t header_end = text.find('\n', node.offset);
  start.content = header_end == std::string::npos ? text.size() : header_end + 1;
  // The first content line with something other than spaces, and the decoded text's first line.
  std::size_t line = start.content;
  std::string_view first_source_line;
  while (line < text.size()) {
    std::size_t end = text.find('\n', line);
    if (end == std::string::npos) end = text.size();
    std::string_view candidate(text.data() + line, end - line);
    if (!candidate.empty() && candidate.back() == '\r') candidate.remove_suffix(1);
    if (candidate.find_first_not_of(' ') != std::string_view::npos) {
      first_source_line = candidate;
      break;
    }
    line = end + 1;
  }
  std::string_view value = node.value;
  std::size_t value_line_start = value.find_first_not_of('\n');
  std::string_view first_value_line;
  if (value_line_start != std::string_view::npos) {
    first_value_line = value.substr(value_line_start);
    first_value_line = first_value_line.substr(0, first_value_line.find('\n'));
  }
  if (!first_value_line.empty() && first_source_line.size() >= first_value_line.size() &&
      first_source_line.substr(first_source_line.size() - first_value_line.size()) == first_value_line) {
    start.indent = first_source_line.size() - first_value_line.size();
  } else {
    std::size_t spaces = first_source_line.find_first_not_of(' ');
    start.indent = spaces == std::string_view::npos ? first_source_line.size() : spaces;
  }
  return start;
}

}  // namespace

std::vector<std::size_t> scalar_source_offsets(const SourceText& source, const yaml::Node& node) {
  std::string_view text = source.text();
  std::string_view value = node.value;
  std::vector<std::size_t> out(value.size() + 1, node.offset);

  bool block = node.style == ScalarStyle::Literal || node.style == ScalarStyle::Folded;
  std::size_t p = node.offset;
  std::size_t indent = 0;
  bool at_line_start = false;
  if (block) {
    BlockStart start = block_start(source, node);
    p = start.content;
    indent = start.indent;
    at_line_start = true;
  } else if (node.style == ScalarStyle::SingleQuoted || node.style == ScalarStyle::DoubleQuoted) {
    p = node.offset + 1;
  }

  std::size_t i = 0;
  while (i < value.size()) {
    if (p >= text.size()) {
      for (; i < value.size(); ++i) out[i] = text.size();
      break;
    }
    if (at_line_start) {
      at_line_start = false;
      if (block) {
        for (std::size_t k = 0; k < indent && p < text.size() && text[p] == ' '; ++k) ++p;
      } else {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
      }
      continue;
    }
    char c = value[i];
    char s = text[p];
    if (node.style == ScalarStyle::DoubleQuoted && s == '\\') {
      Escape escape = read_escape(text, p);
      if (escape.line_break) {
        p += escape.source_length;
        at_line_start = true;
        continue;
      }
      for (std::size_t k = 0; k < escape.decoded_length && i < value.size(); ++k) out[i++] = p;
      p += escape.source_length;
      continue;
    }
    if (node.style == ScalarStyle::SingleQuoted && s == '\'' && c == '\'' && p + 1 < text.size() &&
        text[p + 1] == '\'') {
      out[i++] = p;
      p += 2;
      continue;
    }
    if (s == c) {
      out[i++] = p++;
      if (s == '\n') at_line_start = true;
      continue;
    }
    if (s == '\r') {
      ++p;
      continue;
    }
    if (s == '\n') {
      // A line break YAML folded into a space (or kept as a newline in the decoded text).
      if (c == ' ' || c == '\n') out[i++] = p;
      ++p;
      at_line_start = true;
      continue;
    }
    if ((s == ' ' || s == '\t') && c != ' ' && c != '\t') {
      ++p;  // trailing white space YAML dropped before a fold
      continue;
    }
    out[i++] = p++;  // no better guess: keep going byte for byte
  }
  out[value.size()] = std::min(p, text.size());
  return out;
}

Locator scalar_locator(const SourceText& source, const yaml::Node& node) {
  auto cache = std::make_shared<std::vector<std::size_t>>();
  auto computed = std::make_shared<bool>(false);
  // The node and the source outlive the loading, which is the only place the locator is called.
  return [&source, &node, cache, computed](std::size_t offset) -> SourcePosition {
    if (!*computed) {
      *cache = scalar_source_offsets(source, node);
      *computed = true;
    }
    std::size_t index = std::min(offset, cache->size() - 1);
    return source.position_of((*cache)[index]);
  };
}

}  // namespace ghaplay::workflow
