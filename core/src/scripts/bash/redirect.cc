// Redirections, and where output goes: the log, a file of the in-memory file system, a capture
// ($( ), a pipe) or nowhere. Writing to $GITHUB_OUTPUT is where unsimulated output is noticed.
#include <cctype>

#include "scripts/bash/interpreter.h"

namespace ghaplay::scripts::bash {
namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

// Deterministic bytes for /dev/urandom, openssl rand, mktemp: a replayable run beats a random one.
std::string Interpreter::random_bytes(std::size_t n) {
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    random_state_ = random_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    out.push_back(static_cast<char>((random_state_ >> 56) & 0xFF));
  }
  return out;
}

void Interpreter::shell_error(Io& io, std::string_view message) {
  std::string line = std::string(kScriptPath) + ": line " +
                     std::to_string(source_.line_of(current_offset_)) + ": " + std::string(message) + "\n";
  write(io, 2, line, {});
}

bool Interpreter::is_output_file(const Sink& sink) const {
  return sink.kind == Sink::Kind::File && sink.file && !output_path_.empty() &&
         sink.file->absolute == output_path_;
}

void Interpreter::write(Io& io, int fd, std::string_view text, const Taint& taint) {
  if (fd < 1 || fd > 9) return;
  write_sink(io.fds[static_cast<std::size_t>(fd)], text, taint);
}

void Interpreter::write_sink(const Sink& sink, std::string_view text, const Taint& taint) {
  switch (sink.kind) {
    case Sink::Kind::Log:
      if (log_.size() + text.size() > kMaxTextSize) {
        stop(ScriptNotice::Kind::Unsupported, "the log grew past 16 MB: the run was stopped", current_offset_);
        return;
      }
      log_.append(text);
      return;
    case Sink::Kind::File:
      if (!sink.file) return;
      if (fs_.size_of(sink.file->key) + text.size() > kMaxTextSize) {
        stop(ScriptNotice::Kind::Unsupported,
             "file '" + sink.file->key + "' grew past 16 MB: the run was stopped", current_offset_);
        return;
      }
      fs_.append(sink.file->key, text, taint);
      if (is_output_file(sink)) {
        for (int index : taint) {
          if (index >= 0 && static_cast<std::size_t>(index) < notices_.size()) {
            notices_[static_cast<std::size_t>(index)].feeds_output = true;
          }
        }
      }
      return;
    case Sink::Kind::Capture:
      if (!sink.capture) return;
      if (sink.capture->text.size() + text.size() > kMaxTextSize) {
        stop(ScriptNotice::Kind::Unsupported, "a command's output grew past 16 MB: the run was stopped",
             current_offset_);
        return;
      }
      sink.capture->text.append(text);
      merge_taint(sink.capture->taint, taint);
      return;
    case Sink::Kind::Null:
    case Sink::Kind::Closed:
      return;
  }
}

Sink Interpreter::open_output(const std::string& path, bool truncate, Io& io) {
  Sink sink;
  if (path == "/dev/null") {
    sink.kind = Sink::Kind::Null;
    return sink;
  }
  if (process_files_.count(path)) {
    sink.kind = Sink::Kind::Null;  // the >(...) command is not run
    return sink;
  }
  if (path == "/dev/stdout" || path == "/dev/fd/1") return io.fds[1];
  if (path == "/dev/stderr" || path == "/dev/fd/2") return io.fds[2];
  if (path.rfind("/dev/fd/", 0) == 0 && path.size() == 9 && std::isdigit(static_cast<unsigned char>(path[8]))) {
    return io.fds[static_cast<std::size_t>(path[8] - '0')];
  }
  auto ref = std::make_shared<FileRef>();
  ref->key = fs_.open_for_write(path, state_.cwd, truncate);
  ref->absolute = FileSystem::absolute(path, state_.cwd);
  sink.kind = Sink::Kind::File;
  sink.file = std::move(ref);
  return sink;
}

bool Interpreter::read_file(const std::string& path, std::string& out, Taint& taint,
                            std::string_view tool, std::size_t offset) {
  out.clear();
  if (path == "/dev/null") return true;
  auto process = process_files_.find(path);
  if (process != process_files_.end()) {
    out = process->second.first;
    merge_taint(taint, process->second.second);
    return true;
  }
  if (path == "/dev/urandom" || path == "/dev/random") {
    out = random_bytes(4096);
    return true;
  }
  if (path == "/dev/zero") {
    out.assign(4096, '\0');
    return true;
  }
  if (const std::string* content = fs_.read(path, state_.cwd)) {
    out = *content;
    if (const std::string* key = fs_.find(path, state_.cwd)) merge_taint(taint, fs_.taint_of(*key));
    return true;
  }
  if (fs_.is_dir(path, state_.cwd)) {
    Io fallback;
    Io& io = current_io_ ? *current_io_ : fallback;
    if (tool.empty()) {
      shell_error(io, path + ": Is a directory");
    } else {
      write(io, 2, std::string(tool) + ": " + path + ": Is a directory\n", {});
    }
    return false;
  }
  // A file the script did not create and the caller did not hand in. Under the temporary
  // directories a fresh runner has nothing, so it is missing; elsewhere (the checkout) it most
  // likely exists with content we cannot know: read it as empty and say so.
  std::string abs = FileSystem::absolute(path, state_.cwd);
  std::string temp = get_or_empty("RUNNER_TEMP");
  bool fresh = abs.rfind("/tmp/", 0) == 0 || abs.rfind("/dev/", 0) == 0 ||
               (!temp.empty() && abs.rfind(FileSystem::absolute(temp, "/") + "/", 0) == 0);
  if (fresh) {
    Io fallback;
    Io& io = current_io_ ? *current_io_ : fallback;
    if (tool.empty()) {
      shell_error(io, path + ": No such file or directory");
    } else {
      write(io, 2, std::string(tool) + ": " + path + ": No such file or directory\n", {});
    }
    return false;
  }
  std::string command = tool.empty() ? std::string("<") : std::string(tool);
  int index = add_notice(ScriptNotice::Kind::Unsupported,
                         "'" + path + "' is not in the simulated file system: read as empty", offset,
                         command, "file:" + path);
  merge_taint(taint, Taint{index});
  return true;
}

bool Interpreter::apply_redirects(const std::vector<Redirect>& redirects, Io& io) {
  using Op = Redirect::Op;
  for (const Redirect& r : redirects) {
    if (unwind_ != Unwind::None) return false;
    std::size_t saved_offset = current_offset_;
    current_offset_ = r.offset;
    Taint taint;
    switch (r.op) {
      case Op::Out:
      case Op::Append:
      case Op::OutErr:
      case Op::AppendErr: {
        std::string path;
        if (!expand_string(r.target, path, taint)) return false;
        if (path.empty()) {
          bool quoted = !r.target.raw.empty() && (r.target.raw[0] == '"' || r.target.raw[0] == '\'');
          shell_error(io, quoted ? ": No such file or directory" : r.target.raw + ": ambiguous redirect");
          current_offset_ = saved_offset;
          return false;
        }
        if (fs_.is_dir(path, state_.cwd) && !fs_.is_file(path, state_.cwd)) {
          shell_error(io, path + ": Is a directory");
          current_offset_ = saved_offset;
          return false;
        }
        bool truncate = r.op == Op::Out || r.op == Op::OutErr;
        Sink sink = open_output(path, truncate, io);
        if (r.op == Op::OutErr || r.op == Op::AppendErr) {
          io.fds[1] = sink;
          io.fds[2] = sink;
        } else if (r.fd >= 1 && r.fd <= 9) {
          io.fds[static_cast<std::size_t>(r.fd)] = sink;
        }
        break;
      }
      case Op::In:
      case Op::ReadWrite: {
        std::string path;
        if (!expand_string(r.target, path, taint)) return false;
        if (r.fd != 0) break;
        if (path == "/dev/stdin" || path == "/dev/fd/0") break;
        std::string content;
        Taint file_taint;
        if (!read_file(path, content, file_taint, "", r.offset)) {
          current_offset_ = saved_offset;
          return false;
        }
        auto input = std::make_shared<Input>();
        input->data = std::move(content);
        input->taint = std::move(file_taint);
        io.in = std::move(input);
        break;
      }
      case Op::HereDoc: {
        auto input = std::make_shared<Input>();
        if (r.body) {
          if (r.heredoc_quoted) {
            for (const WordPart& p : r.body->parts) input->data += p.text;
          } else if (!expand_string(*r.body, input->data, input->taint)) {
            return false;
          }
        }
        if (r.fd == 0) io.in = std::move(input);
        break;
      }
      case Op::HereString: {
        auto input = std::make_shared<Input>();
        if (!expand_string(r.target, input->data, input->taint)) return false;
        input->data.push_back('\n');
        if (r.fd == 0) io.in = std::move(input);
        break;
      }
      case Op::DupOut:
      case Op::DupIn: {
        std::string target;
        if (!expand_string(r.target, target, taint)) return false;
        if (r.op == Op::DupIn) {
          if (target == "-" && r.fd == 0) io.in = nullptr;
          break;
        }
        if (target == "-") {
          if (r.fd >= 1 && r.fd <= 9) io.fds[static_cast<std::size_t>(r.fd)].kind = Sink::Kind::Closed;
          break;
        }
        if (all_digits(target)) {
          std::size_t from = target.size() > 1 ? 10 : static_cast<std::size_t>(target[0] - '0');
          if (from == 0 || from > 9 || io.fds[from].kind == Sink::Kind::Closed) {
            shell_error(io, target + ": Bad file descriptor");
            current_offset_ = saved_offset;
            return false;
          }
          if (r.fd >= 1 && r.fd <= 9) io.fds[static_cast<std::size_t>(r.fd)] = io.fds[from];
          break;
        }
        // `>& file` with no number: both stdout and stderr to the file.
        Sink sink = open_output(target, true, io);
        if (r.fd == 1) {
          io.fds[1] = sink;
          io.fds[2] = sink;
        } else if (r.fd >= 2 && r.fd <= 9) {
          io.fds[static_cast<std::size_t>(r.fd)] = sink;
        }
        break;
      }
    }
    current_offset_ = saved_offset;
  }
  return unwind_ == Unwind::None;
}

}  // namespace ghaplay::scripts::bash
