#include "runner/workflow_commands.h"

#include <algorithm>
#include <limits>

#include "common/text.h"

namespace ghaplay::runner {
namespace {

// .NET's Char.IsWhiteSpace, which String.Trim and TrimStart use.
bool is_dotnet_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

std::string_view trim_start(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t next = i;
    if (!is_dotnet_space(text::decode_utf8(s, next))) break;
    i = next;
  }
  return s.substr(i);
}

std::string_view trim(std::string_view s) {
  s = trim_start(s);
  // Walk forward, remembering where the last non-space code point ended.
  std::size_t end = 0, i = 0;
  while (i < s.size()) {
    std::size_t next = i;
    bool space = is_dotnet_space(text::decode_utf8(s, next));
    i = next;
    if (!space) end = i;
  }
  return s.substr(0, end);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto found = s.find(from, pos);
    if (found == std::string::npos) break;
    out.append(s, pos, found - pos);
    out.append(to);
    pos = found + from.size();
  }
  if (pos == 0) return;
  out.append(s, pos, std::string::npos);
  s = std::move(out);
}

struct EscapeMapping {
  std::string_view token;
  std::string_view replacement;
};

constexpr EscapeMapping kLegacyMappings[] = {
    {";", "%3B"}, {"\r", "%0D"}, {"\n", "%0A"}, {"]", "%5D"}, {"%", "%25"}};
constexpr EscapeMapping kDataMappings[] = {{"\r", "%0D"}, {"\n", "%0A"}, {"%", "%25"}};
constexpr EscapeMapping kPropertyMappings[] = {
    {"\r", "%0D"}, {"\n", "%0A"}, {":", "%3A"}, {",", "%2C"}, {"%", "%25"}};

template <std::size_t N>
std::string unescape(std::string_view escaped, const EscapeMapping (&mappings)[N]) {
  std::string s(escaped);
  for (const auto& mapping : mappings) replace_all(s, mapping.replacement, mapping.token);
  return s;
}

bool contains_ignore_case(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return text::equals_ignore_case(n, name); });
}

// `s.Split(new[] {'='}, count: 2, StringSplitOptions.RemoveEmptyEntries)` on .NET (Core): empty
// entries are skipped, also the ones just after the key, so `k==v` gives (k, v) and `=v` gives a
// single entry, which the runner ignores.
std::optional<std::pair<std::string_view, std::string_view>> split_property(std::string_view s) {
  std::size_t current = 0;
  std::string_view key;
  for (;;) {
    auto equals = s.find('=', current);
    if (equals == std::string_view::npos) return std::nullopt;
    if (equals > current) {
      key = s.substr(current, equals - current);
      current = equals + 1;
      break;
    }
    current = equals + 1;
  }
  while (current < s.size() && s[current] == '=') ++current;
  if (current >= s.size()) return std::nullopt;
  return std::make_pair(key, s.substr(current));
}

void set_property(ParsedCommand& command, std::string_view key, std::string value) {
  for (auto& entry : command.properties) {
    if (text::equals_ignore_case(entry.first, key)) {
      entry.second = std::move(value);
      return;
    }
  }
  command.properties.emplace_back(std::string(key), std::move(value));
}

template <typename Unescape>
void parse_properties(ParsedCommand& command, std::string_view properties, char separator, Unescape unescape_value) {
  std::size_t start = 0;
  while (start <= properties.size()) {
    auto end = properties.find(separator, start);
    if (end == std::string_view::npos) end = properties.size();
    auto entry = properties.substr(start, end - start);
    if (!entry.empty()) {
      if (auto pair = split_property(entry)) set_property(command, pair->first, unescape_value(pair->second));
    }
    start = end + 1;
  }
}

std::optional<ParsedCommand> parse_v2(std::string_view line, const std::vector<std::string>& registered) {
  std::string_view message = trim_start(line);
  if (message.substr(0, 2) != "::") return std::nullopt;
  auto end = message.find("::", 2);
  if (end == std::string_view::npos) return std::nullopt;
  auto info = message.substr(2, end - 2);
  auto space = info.find(' ');
  auto name = space == std::string_view::npos ? info : info.substr(0, space);
  if (name.empty() || !contains_ignore_case(registered, name)) return std::nullopt;
  ParsedCommand command;
  command.name = std::string(name);
  if (space != std::string_view::npos && space > 0) {
    parse_properties(command, trim(info.substr(space + 1)), ',', unescape_property);
  }
  command.data = unescape_data(message.substr(end + 2));
  return command;
}

std::optional<ParsedCommand> parse_legacy(std::string_view line, const std::vector<std::string>& registered) {
  auto prefix = line.find("##[");
  if (prefix == std::string_view::npos) return std::nullopt;
  auto bracket = line.find(']', prefix);
  if (bracket == std::string_view::npos) return std::nullopt;
  auto info = line.substr(prefix + 3, bracket - prefix - 3);
  auto space = info.find(' ');
  auto name = space == std::string_view::npos ? info : info.substr(0, space);
  if (name.empty() || !contains_ignore_case(registered, name)) return std::nullopt;
  ParsedCommand command;
  command.name = std::string(name);
  command.legacy = true;
  if (space != std::string_view::npos && space > 0) {
    parse_properties(command, info.substr(space + 1), ';', unescape_legacy);
  }
  command.data = unescape_legacy(line.substr(bracket + 1));
  return command;
}

// .NET int.TryParse with the default NumberStyles.Integer: white space around, one sign, digits.
std::optional<long long> parse_int(const std::string* s) {
  if (!s) return std::nullopt;
  std::string_view v = trim(*s);
  if (v.empty()) return std::nullopt;
  bool negative = false;
  if (v[0] == '+' || v[0] == '-') {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty()) return std::nullopt;
  long long value = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > static_cast<long long>(std::numeric_limits<int>::max()) + 1) return std::nullopt;
  }
  if (negative) value = -value;
  if (value > std::numeric_limits<int>::max() || value < std::numeric_limits<int>::min()) return std::nullopt;
  return value;
}

void remove_property(ParsedCommand& command, std::string_view key) {
  command.properties.erase(std::remove_if(command.properties.begin(), command.properties.end(),
                                          [&](const auto& entry) { return text::equals_ignore_case(entry.first, key); }),
                           command.properties.end());
}

// IssueCommandExtension.ValidateLinesAndColumns: inconsistent positions are dropped (the runner
// says why at debug level only).
void validate_lines_and_columns(ParsedCommand& command) {
  const std::string* line = command.property("line");
  const std::string* end_line = command.property("endLine");
  const std::string* column = command.property("col");
  const std::string* end_column = command.property("endColumn");
  std::string line_text = line ? *line : std::string();
  std::string end_line_text = end_line ? *end_line : std::string();
  std::string column_text = column ? *column : std::string();
  std::string end_column_text = end_column ? *end_column : std::string();
  auto line_number = parse_int(line);
  auto end_line_number = parse_int(end_line);
  auto column_number = parse_int(column);
  auto end_column_number = parse_int(end_column);
  bool has_start_line = line_number.has_value();
  bool has_end_line = end_line_number.has_value();
  bool has_start_column = column_number.has_value();
  bool has_end_column = end_column_number.has_value();
  bool has_column = has_start_column || has_end_column;

  if (has_end_line && !has_start_line) {
    set_property(command, "line", end_line_text);
    has_start_line = true;
    line_text = end_line_text;
  }
  if (has_end_column && !has_start_column) {
    set_property(command, "col", end_column_text);
    has_start_column = true;
    column_text = end_column_text;
  }
  if (!has_start_line && has_column) {
    remove_property(command, "col");
    remove_property(command, "endColumn");
  }
  if (has_end_line && line_text != end_line_text && has_column) {
    remove_property(command, "col");
    remove_property(command, "endColumn");
  }
  // The runner compares the numbers it parsed first (0 for a line it copied from endLine).
  if (has_start_line && has_end_line && *end_line_number < line_number.value_or(0)) {
    remove_property(command, "line");
    remove_property(command, "endLine");
  }
  if (has_start_column && has_end_column && *end_column_number < column_number.value_or(0)) {
    remove_property(command, "col");
    remove_property(command, "endColumn");
  }
}

std::optional<CommandKind> kind_of(std::string_view name) {
  static constexpr std::pair<std::string_view, CommandKind> kKinds[] = {
      {"set-output", CommandKind::SetOutput}, {"save-state", CommandKind::SaveState},
      {"set-env", CommandKind::SetEnv},       {"add-path", CommandKind::AddPath},
      {"add-mask", CommandKind::AddMask},     {"debug", CommandKind::Debug},
      {"warning", CommandKind::Warning},      {"error", CommandKind::Error},
      {"notice", CommandKind::Notice},        {"group", CommandKind::Group},
      {"endgroup", CommandKind::EndGroup},    {"echo", CommandKind::Echo},
      {"add-matcher", CommandKind::AddMatcher}, {"remove-matcher", CommandKind::RemoveMatcher},
      {"stop-commands", CommandKind::StopCommands}};
  for (const auto& [n, kind] : kKinds) {
    if (text::equals_ignore_case(n, name)) return kind;
  }
  return std::nullopt;
}

// Extensions whose command line the runner never echoes (OmitEcho).
bool omits_echo(CommandKind kind) {
  return kind == CommandKind::AddMask || kind == CommandKind::Debug || kind == CommandKind::Warning ||
         kind == CommandKind::Error || kind == CommandKind::Notice;
}

class Processor {
 public:
  explicit Processor(const WorkflowCommandOptions& options) : options_(options), echo_(options.echo) {
    registered_ = registered_commands();
  }

  WorkflowCommandsResult run(std::string_view output) {
    int number = 0;
    std::size_t i = 0;
    while (i < output.size()) {
      std::size_t end = i;
      while (end < output.size() && output[end] != '\n' && output[end] != '\r') ++end;
      ++number;
      process_line(output.substr(i, end - i), number);
      if (end < output.size() && output[end] == '\r' && end + 1 < output.size() && output[end + 1] == '\n') ++end;
      i = end + 1;
    }
    return std::move(result_);
  }

 private:
  void print(std::string line) {
    // The runner's secret masker: every added value, longest first, shows as ***.
    for (const auto& mask : masks_sorted_) replace_all(line, mask, "***");
    result_.log.push_back(std::move(line));
  }

  void add_mask(const std::string& value) {
    if (value.empty()) return;
    if (std::find(masks_sorted_.begin(), masks_sorted_.end(), value) != masks_sorted_.end()) return;
    masks_sorted_.push_back(value);
    std::stable_sort(masks_sorted_.begin(), masks_sorted_.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  void message(WorkflowCommand& command, Severity severity, std::string text) {
    const char* tag = severity == Severity::Error ? "##[error]" : severity == Severity::Warning ? "##[warning]" : "##[notice]";
    print(tag + text);
    command.messages.push_back({severity, std::move(text)});
  }

  // ActionCommandManager's catch: two errors, and the step fails.
  void fail(WorkflowCommand& command, std::string_view input, std::string text) {
    std::string information = omits_echo(command.kind) ? command_kind_name(command.kind) : std::string(input);
    message(command, Severity::Error, "Unable to process command '" + information + "' successfully.");
    message(command, Severity::Error, std::move(text));
    command.fails_step = true;
    result_.failed = true;
  }

  void process_line(std::string_view input, int number) {
    std::optional<ParsedCommand> parsed;
    if (!input.empty()) parsed = parse_command_line(input, registered_);
    if (!parsed) {
      print(std::string(input));
      return;
    }

    if (stopped_) {
      if (!stop_token_.empty() && text::equals_ignore_case(parsed->name, stop_token_)) {
        print(std::string(input));
        registered_.erase(std::remove(registered_.begin(), registered_.end(), stop_token_), registered_.end());
        stopped_ = false;
        stop_token_.clear();
        WorkflowCommand command;
        command.kind = CommandKind::ResumeCommands;
        command.parsed = std::move(*parsed);
        command.line = number;
        result_.commands.push_back(std::move(command));
      } else {
        print(std::string(input));  // not processed: plain output until the token comes
      }
      return;
    }

    auto kind = kind_of(parsed->name);
    if (!kind) {
      // Registered but without an extension: cannot happen with the runner's own list.
      print(std::string(input));
      return;
    }
    WorkflowCommand command;
    command.kind = *kind;
    command.parsed = std::move(*parsed);
    command.line = number;
    apply(command, input);
    result_.commands.push_back(std::move(command));
  }

  void apply(WorkflowCommand& command, std::string_view input) {
    ParsedCommand& parsed = command.parsed;
    if (command.kind == CommandKind::StopCommands) {
      const std::string& token = parsed.data;
      bool invalid = token.empty() || contains_ignore_case(registered_, token) ||
                     text::equals_ignore_case(token, "pause-logging");
      if (invalid && !options_.allow_unsecure_stop_tokens) {
        // The runner throws outside its usual catch; we report it as a step failure (inferred).
        message(command, Severity::Error, kInvalidStopTokenMessage);
        command.fails_step = true;
        result_.failed = true;
        return;
      }
      stop_token_ = token;
      stopped_ = true;
      registered_.push_back(token);
      if (token.size() > 6) add_mask(token);
      print(std::string(input));
      return;
    }

    if (echo_ && !omits_echo(command.kind)) print(std::string(input));

    switch (command.kind) {
      case CommandKind::SetOutput:
      case CommandKind::SaveState: {
        const char* what = command_kind_name(command.kind);
        message(command, Severity::Warning, deprecated_command_message(what));
        const std::string* name = parsed.property("name");
        if (!name || name->empty()) {
          fail(command, input, std::string("Required field 'name' is missing in ##[") + what + "] command.");
          return;
        }
        (command.kind == CommandKind::SetOutput ? result_.outputs : result_.state).emplace_back(*name, parsed.data);
        return;
      }
      case CommandKind::SetEnv: {
        if (!options_.allow_unsecure_commands) {
          fail(command, input, disabled_command_message("set-env"));
          return;
        }
        const std::string* name = parsed.property("name");
        if (!name || name->empty()) {
          fail(command, input, "Required field 'name' is missing in ##[set-env] command.");
          return;
        }
        if (text::equals_ignore_case(*name, "NODE_OPTIONS")) {
          message(command, Severity::Error, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
          return;
        }
        result_.env.emplace_back(*name, parsed.data);
        return;
      }
      case CommandKind::AddPath:
        if (!options_.allow_unsecure_commands) {
          fail(command, input, disabled_command_message("add-path"));
          return;
        }
        if (parsed.data.empty()) {
          fail(command, input, "Value cannot be null. (Parameter 'path')");
          return;
        }
        result_.paths.push_back(parsed.data);
        return;
      case CommandKind::AddMask: {
        if (trim(parsed.data).empty()) {
          message(command, Severity::Warning, "Can't add secret mask for empty string in ##[add-mask] command.");
          return;
        }
        if (echo_) print("::add-mask::***");
        result_.masks.push_back(parsed.data);
        add_mask(parsed.data);
        // Each line of a multi-line value is a secret too (trimmed, empty ones skipped).
        std::size_t start = 0;
        while (start <= parsed.data.size()) {
          auto end = parsed.data.find_first_of("\r\n", start);
          if (end == std::string::npos) end = parsed.data.size();
          auto item = trim(std::string_view(parsed.data).substr(start, end - start));
          if (!item.empty()) add_mask(std::string(item));
          start = end + 1;
        }
        return;
      }
      case CommandKind::Debug:
        return;  // shown only with ACTIONS_STEP_DEBUG, as `##[debug]message`
      case CommandKind::Warning:
      case CommandKind::Error:
      case CommandKind::Notice: {
        validate_lines_and_columns(parsed);
        const char* tag = command.kind == CommandKind::Warning ? "##[warning]"
                          : command.kind == CommandKind::Error ? "##[error]"
                                                               : "##[notice]";
        print(tag + parsed.data);
        return;
      }
      case CommandKind::Group:
        print("##[group]" + parsed.data);
        return;
      case CommandKind::EndGroup:
        print("##[endgroup]");
        return;
      case CommandKind::Echo: {
        if (parsed.data.empty()) {
          fail(command, input, "Value cannot be null. (Parameter 'value')");
          return;
        }
        std::string value = text::to_upper_special(trim(parsed.data));
        if (value == "ON") {
          echo_ = true;
        } else if (value == "OFF") {
          echo_ = false;
        } else {
          fail(command, input,
               "Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '" + parsed.data + "'.");
        }
        return;
      }
      case CommandKind::AddMatcher:
      case CommandKind::RemoveMatcher:
      case CommandKind::StopCommands:
      case CommandKind::ResumeCommands:
        return;  // problem matchers are not simulated
    }
  }

  const WorkflowCommandOptions& options_;
  bool echo_ = false;
  bool stopped_ = false;
  std::string stop_token_;
  std::vector<std::string> registered_;
  std::vector<std::string> masks_sorted_;
  WorkflowCommandsResult result_;
};

}  // namespace

const char* const kInvalidStopTokenMessage =
    "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow "
    "command. For more information see: "
    "https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions"
    "#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the "
    "`ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.";

const std::vector<std::string>& registered_commands() {
  static const std::vector<std::string> kRegistered = {
      "stop-commands", "set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher",
      "remove-matcher", "debug", "warning", "error", "notice", "group", "endgroup", "echo"};
  return kRegistered;
}

const std::string* ParsedCommand::property(std::string_view key) const {
  for (const auto& entry : properties) {
    if (text::equals_ignore_case(entry.first, key)) return &entry.second;
  }
  return nullptr;
}

std::optional<ParsedCommand> parse_command_line(std::string_view line, const std::vector<std::string>& registered) {
  if (line.empty()) return std::nullopt;
  if (auto command = parse_v2(line, registered)) return command;
  return parse_legacy(line, registered);
}

std::string unescape_data(std::string_view s) { return unescape(s, kDataMappings); }
std::string unescape_property(std::string_view s) { return unescape(s, kPropertyMappings); }
std::string unescape_legacy(std::string_view s) { return unescape(s, kLegacyMappings); }

const char* command_kind_name(CommandKind kind) {
  switch (kind) {
    case CommandKind::SetOutput: return "set-output";
    case CommandKind::SaveState: return "save-state";
    case CommandKind::SetEnv: return "set-env";
    case CommandKind::AddPath: return "add-path";
    case CommandKind::AddMask: return "add-mask";
    case CommandKind::Debug: return "debug";
    case CommandKind::Warning: return "warning";
    case CommandKind::Error: return "error";
    case CommandKind::Notice: return "notice";
    case CommandKind::Group: return "group";
    case CommandKind::EndGroup: return "endgroup";
    case CommandKind::Echo: return "echo";
    case CommandKind::AddMatcher: return "add-matcher";
    case CommandKind::RemoveMatcher: return "remove-matcher";
    case CommandKind::StopCommands: return "stop-commands";
    case CommandKind::ResumeCommands: return "resume-commands";
  }
  return "";
}

std::string deprecated_command_message(std::string_view command) {
  return "The `" + std::string(command) +
         "` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. "
         "For more information see: "
         "https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/";
}

std::string disabled_command_message(std::string_view command) {
  return "The `" + std::string(command) +
         "` command is disabled. Please upgrade to using Environment Files or opt into unsecure command "
         "execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more "
         "information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/";
}

WorkflowCommandsResult process_workflow_commands(std::string_view output, const WorkflowCommandOptions& options) {
  return Processor(options).run(output);
}

}  // namespace ghaplay::runner
