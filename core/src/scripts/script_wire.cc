#include "scripts/script_wire.h"

#include <cstdint>
#include <cstring>

namespace ghaplay::scripts {
namespace {

// The first byte of each message, so that one kind is never read as another.
constexpr char kRequestTag = 'R';
constexpr char kEnvironmentTag = 'E';
constexpr char kAnswerTag = 'A';
constexpr char kFailureTag = 'F';

using Map = std::map<std::string, std::string>;

// Sizes first, so that each message is written into one allocation.
std::size_t string_size(std::string_view text) { return 4 + text.size(); }
std::size_t map_size(const Map& map) {
  std::size_t size = 4;
  for (const auto& [name, value] : map) size += string_size(name) + string_size(value);
  return size;
}

// Writes a message whose size the encoder added up first, into one allocation, through a cursor:
// every script's request and answer pass here (and the simulator's key for a script run,
// simulate/script_runs.h), where std::string's append checked and copied field by field.
class Writer {
 public:
  // `size`: the bytes after the tag. Were it short, a write grows the message rather than pass its end.
  explicit Writer(char tag, std::size_t size) : out_(1 + size, '\0') {
    out_[0] = tag;
    at_ = 1;
  }
  void byte(std::uint8_t value) { room(1)[0] = static_cast<char>(value); }
  void u32(std::uint32_t value) {
    char* to = room(4);
    for (int i = 0; i < 4; ++i) to[i] = static_cast<char>(value >> (8 * i));
  }
  void u64(std::uint64_t value) {
    char* to = room(8);
    for (int i = 0; i < 8; ++i) to[i] = static_cast<char>(value >> (8 * i));
  }
  void i32(int value) { u32(static_cast<std::uint32_t>(value)); }
  void string(std::string_view text) {
    u32(static_cast<std::uint32_t>(text.size()));
    if (!text.empty()) std::memcpy(room(text.size()), text.data(), text.size());
  }
  void map(const Map& map) {
    u32(static_cast<std::uint32_t>(map.size()));
    for (const auto& [name, value] : map) {
      string(name);
      string(value);
    }
  }
  std::string take() {
    out_.resize(at_);
    return std::move(out_);
  }

 private:
  // The next `bytes` bytes of the message, which the write fills.
  char* room(std::size_t bytes) {
    if (out_.size() - at_ < bytes) out_.resize(at_ + bytes);
    char* to = out_.data() + at_;
    at_ += bytes;
    return to;
  }

  std::string out_;
  std::size_t at_ = 0;
};

// Reads a message front to back; the first thing that does not fit sets `error` and makes every
// later read fail too, so a decoder can read all its fields and check once.
class Reader {
 public:
  Reader(std::string_view bytes, std::string& error) : bytes_(bytes), error_(error) {}

  // The tag of the message: true when it is `expected`. A failure message is not an error of the
  // format: `failure` is set and the caller reports its text.
  bool tag(char expected, const char* what) {
    if (bytes_.empty()) return fail(std::string("an empty message where ") + what + " was expected");
    if (bytes_[0] != expected) {
      static const char kHex[] = "0123456789abcdef";
      auto first = static_cast<unsigned char>(bytes_[0]);
      return fail(std::string("not ") + what + " (it starts with the byte 0x" + kHex[first >> 4] + kHex[first & 15] + ")");
    }
    pos_ = 1;
    return true;
  }
  bool byte(std::uint8_t& out, const char* what) {
    if (!need(1, what)) return false;
    out = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool u32(std::uint32_t& out, const char* what) {
    if (!need(4, what)) return false;
    out = 0;
    for (int shift = 0; shift < 32; shift += 8) out |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes_[pos_++])) << shift;
    return true;
  }
  bool u64(std::uint64_t& out, const char* what) {
    if (!need(8, what)) return false;
    out = 0;
    for (int shift = 0; shift < 64; shift += 8) out |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes_[pos_++])) << shift;
    return true;
  }
  bool i32(int& out, const char* what) {
    std::uint32_t raw = 0;
    if (!u32(raw, what)) return false;
    out = static_cast<int>(raw);
    return true;
  }
  bool flag(bool& out, const char* what) {
    std::uint8_t raw = 0;
    if (!byte(raw, what)) return false;
    if (raw > 1) return fail(std::string(what) + " is neither 0 nor 1");
    out = raw == 1;
    return true;
  }
  bool string(std::string& out, const char* what) {
    std::uint32_t size = 0;
    if (!u32(size, what) || !need(size, what)) return false;
    out.assign(bytes_.substr(pos_, size));
    pos_ += size;
    return true;
  }
  // The entries in std::map's order, as Writer::map writes them: anything else is not from it.
  bool map(Map& out, const char* what) {
    std::uint32_t count = 0;
    if (!u32(count, what)) return false;
    out.clear();
    std::string name;
    std::string value;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (!string(name, what) || !string(value, what)) return false;
      if (!out.empty() && !(out.rbegin()->first < name)) return fail(std::string("the names in ") + what + " are not in order");
      out.emplace_hint(out.end(), std::move(name), std::move(value));
    }
    return true;
  }
  // True when the whole message was read.
  bool done() {
    if (pos_ != bytes_.size()) return fail(std::to_string(bytes_.size() - pos_) + " bytes after the end of the message");
    return true;
  }
  bool fail(std::string message) {
    if (!failed_) error_ = std::move(message);
    failed_ = true;
    return false;
  }

 private:
  bool need(std::size_t size, const char* what) {
    if (failed_) return false;
    if (bytes_.size() - pos_ < size) {
      return fail(std::string("truncated: ") + what + " needs " + std::to_string(size) + " bytes at byte " +
                  std::to_string(pos_) + ", " + std::to_string(bytes_.size() - pos_) + " left");
    }
    return true;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  std::string& error_;
};

// A notice's kind travels as its index here.
constexpr ScriptNotice::Kind kKinds[] = {ScriptNotice::Kind::UnsimulatedCommand, ScriptNotice::Kind::BudgetExhausted,
                                         ScriptNotice::Kind::Unsupported};
constexpr std::uint8_t kKindCount = sizeof(kKinds) / sizeof(kKinds[0]);

std::uint8_t kind_code(ScriptNotice::Kind kind) {
  std::uint8_t code = 0;
  while (code + 1 < kKindCount && kKinds[code] != kind) ++code;
  return code;
}

}  // namespace

std::string encode_script_input(const ScriptInput& input) {
  Writer writer(kRequestTag, string_size(input.source) + map_size(input.env) + map_size(input.files) + 8 +
                                 string_size(input.command_line) + 1);
  writer.string(input.source);
  writer.map(input.env);
  writer.map(input.files);
  writer.u64(input.step_budget);
  writer.string(input.command_line);
  writer.byte(static_cast<std::uint8_t>((input.base_env ? 1 : 0) | (input.cache ? 2 : 0)));
  return writer.take();
}

bool decode_script_input(std::string_view bytes, ScriptRequest& request, std::string& error) {
  Reader reader(bytes, error);
  ScriptInput& input = request.input;
  std::uint64_t budget = 0;
  std::uint8_t flags = 0;
  if (!reader.tag(kRequestTag, "a script request") || !reader.string(input.source, "the source") ||
      !reader.map(input.env, "the environment") || !reader.map(input.files, "the files") ||
      !reader.u64(budget, "the step budget") || !reader.string(input.command_line, "the command line") ||
      !reader.byte(flags, "the flags") || !reader.done())
    return false;
  if (flags > 3) return reader.fail("unknown flags");
  input.step_budget = static_cast<std::size_t>(budget);
  request.has_base_env = (flags & 1) != 0;
  request.cacheable = (flags & 2) != 0;
  input.base_env = nullptr;
  input.cache = nullptr;
  return true;
}

std::string encode_environment(const Map& env) {
  Writer writer(kEnvironmentTag, map_size(env));
  writer.map(env);
  return writer.take();
}

bool decode_environment(std::string_view bytes, Map& env, std::string& error) {
  Reader reader(bytes, error);
  return reader.tag(kEnvironmentTag, "an environment") && reader.map(env, "the environment") && reader.done();
}

std::string encode_script_result(const ScriptResult& result) {
  std::size_t size = string_size(result.log) + 4 + map_size(result.files) + 4 + 8;
  for (const ScriptNotice& notice : result.notices)
    size += 1 + string_size(notice.message) + 8 + string_size(notice.command) + 1;
  Writer writer(kAnswerTag, size);
  writer.string(result.log);
  writer.i32(result.exit_code);
  writer.map(result.files);
  writer.u32(static_cast<std::uint32_t>(result.notices.size()));
  for (const ScriptNotice& notice : result.notices) {
    writer.byte(kind_code(notice.kind));
    writer.string(notice.message);
    writer.i32(notice.line);
    writer.i32(notice.column);
    writer.string(notice.command);
    writer.byte(notice.feeds_output ? 1 : 0);
  }
  writer.u64(result.work);
  return writer.take();
}

std::string encode_script_failure(std::string_view message) {
  Writer writer(kFailureTag, string_size(message));
  writer.string(message);
  return writer.take();
}

bool decode_script_result(std::string_view bytes, ScriptResult& result, std::string& error) {
  Reader reader(bytes, error);
  if (!bytes.empty() && bytes[0] == kFailureTag) {
    std::string message;
    if (reader.tag(kFailureTag, "a failure") && reader.string(message, "the failure's message") && reader.done())
      error = message.empty() ? "the interpreter failed" : std::move(message);
    return false;
  }
  std::uint32_t notices = 0;
  std::uint64_t work = 0;
  if (!reader.tag(kAnswerTag, "a script's answer") || !reader.string(result.log, "the log") ||
      !reader.i32(result.exit_code, "the exit code") || !reader.map(result.files, "the files") ||
      !reader.u32(notices, "the notices"))
    return false;
  // Each notice takes at least 18 bytes: a count past what is left is refused before reserving.
  if (notices > bytes.size() / 18) return reader.fail("more notices than the message can hold");
  result.notices.clear();
  result.notices.reserve(notices);
  for (std::uint32_t i = 0; i < notices; ++i) {
    ScriptNotice notice;
    std::uint8_t kind = 0;
    if (!reader.byte(kind, "a notice's kind") || !reader.string(notice.message, "a notice's message") ||
        !reader.i32(notice.line, "a notice's line") || !reader.i32(notice.column, "a notice's column") ||
        !reader.string(notice.command, "a notice's command") || !reader.flag(notice.feeds_output, "a notice's feeds_output"))
      return false;
    if (kind >= kKindCount) return reader.fail("a notice of unknown kind " + std::to_string(kind));
    notice.kind = kKinds[kind];
    result.notices.push_back(std::move(notice));
  }
  if (!reader.u64(work, "the work done") || !reader.done()) return false;
  result.work = static_cast<std::size_t>(work);
  return true;
}

}  // namespace ghaplay::scripts
