#include "cli/diagnostic_printer.h"

#include <algorithm>
#include <string>

#include "common/text.h"
#include "workflow/source_text.h"

namespace ghaplay::cli {
namespace {

// The line as it can be shown in a terminal (control characters and bytes that are not UTF-8 as
// `?`), and the indentation that puts a caret under byte column `column` (1-based): one space per
// character before it, tabs kept so the caret lines up.
struct DisplayLine {
  std::string text;
  std::string caret_indent;
};

DisplayLine display_line(std::string_view line, int column) {
  DisplayLine out;
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t start = i;
    char32_t cp = text::decode_utf8(line, i);
    bool invalid = cp == 0xFFFD && line.compare(start, 3, "\xEF\xBF\xBD") != 0;
    if (cp == '\t') {
      out.text += '\t';
    } else if (invalid || cp < 0x20 || cp == 0x7F) {
      out.text += '?';
    } else {
      out.text.append(line.substr(start, i - start));
    }
    if (static_cast<int>(start) + 1 < column) out.caret_indent += cp == '\t' ? '\t' : ' ';
  }
  return out;
}

void print_diagnostic(std::ostream& out, std::string_view file_name, const workflow::SourceText& text,
                      const Diagnostic& diagnostic) {
  std::string_view message = diagnostic.message;
  std::size_t first_break = message.find('\n');
  std::string_view first_line = message.substr(0, first_break);

  out << file_name << ':';
  if (diagnostic.position.known()) out << diagnostic.position.line << ':' << diagnostic.position.column << ':';
  out << ' ' << severity_name(diagnostic.severity) << ": " << first_line << " [" << code_name(diagnostic.code)
      << "]\n";

  if (diagnostic.position.known() && diagnostic.position.line <= text.line_count()) {
    // A long line (minified YAML, a pasted blob) is shown as a window of it around the caret.
    constexpr std::size_t kWindow = 160;
    std::string_view full = text.line(diagnostic.position.line);
    std::size_t column = static_cast<std::size_t>(std::max(diagnostic.position.column, 1));
    std::size_t start = 0, end = full.size();
    if (full.size() > kWindow) {
      start = column > kWindow / 2 ? std::min(column - 1 - kWindow / 2, full.size() - kWindow) : 0;
      while (start > 0 && (static_cast<unsigned char>(full[start]) & 0xC0) == 0x80) --start;  // a whole character
      end = std::min(full.size(), start + kWindow);
      while (end < full.size() && (static_cast<unsigned char>(full[end]) & 0xC0) == 0x80) ++end;
    }
    DisplayLine line = display_line(full.substr(start, end - start), static_cast<int>(column - start));
    if (start > 0) line.text = "..." + line.text, line.caret_indent = "   " + line.caret_indent;
    if (end < full.size()) line.text += "...";
    out << "  " << line.text << "\n  " << line.caret_indent << "^\n";
  }

  while (first_break != std::string_view::npos) {
    std::size_t next = message.find('\n', first_break + 1);
    out << "    " << message.substr(first_break + 1, next == std::string_view::npos ? next : next - first_break - 1)
        << '\n';
    first_break = next;
  }
}

}  // namespace

void print_diagnostics(std::ostream& out, std::string_view file_name, std::string_view source,
                       const Diagnostics& diagnostics) {
  if (diagnostics.empty()) return;
  workflow::SourceText text(workflow::strip_bom(source));
  for (const auto& diagnostic : diagnostics) print_diagnostic(out, file_name, text, diagnostic);
}

}  // namespace ghaplay::cli
