#include "runner/file_commands.h"

#include <unordered_map>

#include "common/text.h"

namespace ghaplay::runner {
namespace {

// One line of the file, as the runner's ReadLine returns it: only `\n` ends a line, so on Linux a
// `\r` before it stays part of the line; on Windows a `\r` right before the `\n` belongs to the
// newline instead. `has_newline` is false for a last line without `\n`.
struct Line {
  std::string_view text;
  bool has_newline = false;
  std::size_t end = 0;  // offset just past the line's text (where its `\n` or `\r\n` starts, if any)
};

class LineReader {
 public:
  LineReader(std::string_view text, bool crlf) : text_(text), crlf_(crlf) {}

  std::optional<Line> next() {
    if (index_ >= text_.size()) return std::nullopt;
    ++line_number_;
    auto start = index_;
    auto lf = text_.find('\n', start);
    if (lf == std::string_view::npos) {
      index_ = text_.size();
      return Line{text_.substr(start), false, text_.size()};
    }
    index_ = lf + 1;
    // ReadLine's `#if OS_WINDOWS` branch: the first "\r\n" found before the first "\n" can only be
    // the one ending at that "\n"; the heredoc value then ends before the whole "\r\n".
    auto end = crlf_ && lf > start && text_[lf - 1] == '\r' ? lf - 1 : lf;
    return Line{text_.substr(start, end - start), true, end};
  }

  std::size_t index() const { return index_; }
  int line_number() const { return line_number_; }

 private:
  std::string_view text_;
  bool crlf_ = false;
  std::size_t index_ = 0;
  int line_number_ = 0;
};

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

const char* context_name(FileCommandKind kind) {
  return kind == FileCommandKind::Output ? "output" : "env";
}

std::string failure_message(FileCommandKind kind) {
  return std::string("Unable to process file command '") + context_name(kind) + "' successfully.";
}

RunnerOs runner_os_from_name(std::string_view name) {
  if (text::equals_ignore_case(name, "Windows")) return RunnerOs::Windows;
  if (text::equals_ignore_case(name, "macOS")) return RunnerOs::macOS;
  return RunnerOs::Linux;
}

FileCommandResult parse_file_command(FileCommandKind kind, std::optional<std::string_view> content, RunnerOs os) {
  FileCommandResult result;
  if (!content) return result;  // the runner: "File does not exist '<path>'" at debug level only
  std::string_view text = *content;
  // File.ReadAllText drops a UTF-8 byte order mark.
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());

  auto fail = [&](std::string message, int line) {
    result.error = FileCommandError{std::move(message), line};
  };

  LineReader reader(text, os == RunnerOs::Windows);
  while (auto line = reader.next()) {
    if (line->text.empty()) continue;
    const int header_line = reader.line_number();
    const auto equals = line->text.find('=');
    const auto heredoc = line->text.find("<<");
    std::string key;
    std::string value;

    if (equals != std::string_view::npos && (heredoc == std::string_view::npos || equals < heredoc)) {
      // NAME=VALUE. The runner means to refuse an empty name here but tests the whole line instead
      // (never empty at this point), so `=value` really sets an output named ''. Kept as it is.
      key = std::string(line->text.substr(0, equals));
      value = std::string(line->text.substr(equals + 1));
    } else if (heredoc != std::string_view::npos) {
      // NAME<<DELIMITER: the value runs up to the first line exactly equal to the delimiter.
      key = std::string(line->text.substr(0, heredoc));
      std::string_view delimiter = line->text.substr(heredoc + 2);
      if (key.empty() || delimiter.empty()) {
        fail("Invalid format '" + std::string(line->text) +
                 "'. Name must not be empty and delimiter must not be empty",
             header_line);
        return result;
      }
      const auto start = reader.index();
      auto end = start;
      for (;;) {
        auto inner = reader.next();
        if (!inner) {
          fail("Invalid value. Matching delimiter not found '" + std::string(delimiter) + "'", header_line);
          return result;
        }
        if (inner->text == delimiter) break;
        if (!inner->has_newline) {
          fail("Invalid value. EOF marker missing new line.", reader.line_number());
          return result;
        }
        end = inner->end;  // the newline before the next line is not part of the value (yet)
      }
      value = end > start ? std::string(text.substr(start, end - start)) : std::string();
    } else {
      fail("Invalid format '" + std::string(line->text) + "'", header_line);
      return result;
    }

    if (kind == FileCommandKind::Env && text::equals_ignore_case(key, "NODE_OPTIONS")) {
      // SetEnvFileCommand's block list: an error annotation, the step itself goes on.
      result.issues.push_back(
          {"Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.", header_line});
      continue;
    }
    result.pairs.emplace_back(std::move(key), std::move(value));
  }
  return result;
}

void merge_outputs(ObjectData& outputs, const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (const auto& [name, value] : pairs) outputs.set(name, Value(value));
}

void merge_env(std::vector<std::pair<std::string, std::string>>& env,
               const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < env.size(); ++i) index.emplace(env[i].first, i);
  for (const auto& [name, value] : pairs) {
    auto found = index.find(name);
    if (found != index.end()) {
      env[found->second].second = value;
    } else {
      index.emplace(name, env.size());
      env.emplace_back(name, value);
    }
  }
}

}  // namespace ghaplay::runner
