// The entry point: sets up the simulated runner (environment, working directory, file system),
// then parses and runs the script one complete command at a time, as bash reads a script file.
#include <tuple>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/parser.h"
#include "scripts/bash/syntax_message.h"

namespace ghaplay::scripts {
namespace bash {
namespace {

std::string initial_cwd(const ScriptInput& input) {
  const std::string* workspace = find_env(input, "GITHUB_WORKSPACE");
  if (workspace && !workspace->empty()) return FileSystem::absolute(*workspace, "/");
  return std::string(kDefaultWorkspace);
}

}  // namespace

Interpreter::Interpreter(const ScriptInput& input, const Source& source)
    : input_(input), source_(source), fs_(input.files, initial_cwd(input)) {
  state_.cwd = initial_cwd(input);
  // GitHub runs `bash -e {0}`: errexit is on from the start.
  state_.options.errexit = true;
  // input.env over input.base_env, both sorted as vars is: merged in order, each name goes at the
  // end without a search.
  auto add_env = [this](const std::string& name, const std::string& value) {
    auto added = state_.vars.emplace_hint(state_.vars.end(), std::piecewise_construct, std::forward_as_tuple(name),
                                          std::forward_as_tuple());
    added->second.value = value;
    added->second.exported = true;
  };
  auto own = input.env.begin();
  if (input.base_env) {
    for (auto base = input.base_env->begin(); base != input.base_env->end(); ++base) {
      while (own != input.env.end() && own->first < base->first) {
        add_env(own->first, own->second);
        ++own;
      }
      if (own != input.env.end() && own->first == base->first) continue;  // env's value wins
      add_env(base->first, base->second);
    }
  }
  for (; own != input.env.end(); ++own) add_env(own->first, own->second);
  auto set_default = [&](const char* name, const char* value, bool exported) {
    auto [it, added] = state_.vars.try_emplace(name);
    if (!added) return;
    it->second.value = value;
    it->second.exported = exported;
  };
  set_default("HOME", "/home/runner", true);
  set_default("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", true);
  set_default("IFS", " \t\n", false);
  set_default("BASH", "/usr/bin/bash", false);
  set_default("BASH_VERSION", "5.2.21(1)-release", false);
  set_default("OPTIND", "1", false);
  set_default("PS4", "+ ", false);
  set_default("UID", "1001", false);
  set_default("EUID", "1001", false);
  set_default("PPID", "4241", false);
  set_default("OSTYPE", "linux-gnu", false);
  set_default("HOSTTYPE", "x86_64", false);
  Variable pwd;
  pwd.value = state_.cwd;
  pwd.exported = true;
  state_.vars["PWD"] = std::move(pwd);
  // The runner's file-command files live in directories that exist.
  for (const char* name : {"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_PATH",
                           "GITHUB_STATE", "RUNNER_TEMP", "RUNNER_TOOL_CACHE", "HOME"}) {
    const std::string* value = find_env(input, name);
    if (!value || value->empty()) continue;
    std::string abs = FileSystem::absolute(*value, state_.cwd);
    std::string name_view(name);
    if (name_view == "RUNNER_TEMP" || name_view == "RUNNER_TOOL_CACHE" || name_view == "HOME") {
      fs_.make_dir(abs, "/");
    } else {
      std::size_t slash = abs.rfind('/');
      if (slash != std::string::npos && slash > 0) fs_.make_dir(abs.substr(0, slash), "/");
    }
  }
  const std::string* output = find_env(input, "GITHUB_OUTPUT");
  if (output && !output->empty()) output_path_ = FileSystem::absolute(*output, state_.cwd);
}

ScriptResult Interpreter::run() {
  Io io;
  for (std::size_t fd = 3; fd < io.fds.size(); ++fd) io.fds[fd].kind = Sink::Kind::Closed;
  current_io_ = &io;
  SyntaxError error;
  Parser parser(source_.text(), 0, error, 0);
  bool syntax_failed = false;
  while (true) {
    NodePtr node = parser.parse_next();
    for (const HereDocWarning& w : error.warnings) {
      write(io, 2, describe_heredoc_warning(w, source_, 0, kScriptPath), {});
    }
    error.warnings.clear();
    if (error.failed()) {
      write(io, 2, describe_syntax_error(error, source_, 0, kScriptPath), {});
      syntax_failed = true;
      break;
    }
    if (!node) break;
    kept_.push_back(node);
    current_offset_ = node->offset;
    current_io_ = &io;
    exec(*node, io);
    if (unwind_ == Unwind::Abort) {
      // An expansion error ends the command it was in; bash goes on with the next one.
      unwind_ = Unwind::None;
      status_ = 1;
      continue;
    }
    if (unwind_ != Unwind::None) break;
    pending_flow_.reset();
    flow_levels_ = 0;
  }
  int exit_code = status_;
  if (syntax_failed) {
    exit_code = 2;
  } else if (unwind_ == Unwind::Exit || unwind_ == Unwind::Stop) {
    exit_code = exit_status_;
  }
  if (unwind_ != Unwind::Stop) {
    status_ = exit_code;
    Unwind before = unwind_;
    unwind_ = Unwind::None;
    run_exit_trap(io);
    exit_code = status_;  // the script's status, or 2 if the trap did not parse
    if (unwind_ == Unwind::Exit) exit_code = exit_status_;
    if (unwind_ == Unwind::Stop) exit_code = 1;
    if (unwind_ == Unwind::None) unwind_ = before;
  }
  ScriptResult result;
  result.log = std::move(log_);
  result.exit_code = exit_code;
  result.files = fs_.take_files();
  result.notices = std::move(notices_);
  result.work = steps_;
  return result;
}

}  // namespace bash

ScriptResult run_bash(const ScriptInput& input) {
#if defined(__cpp_exceptions)
  try {
#endif
    bash::Source source(input.source);
    bash::Interpreter interpreter(input, source);
    return interpreter.run();
#if defined(__cpp_exceptions)
  } catch (...) {
    // Nothing in the interpreter throws on purpose; running out of memory is the one way here.
    ScriptResult result;
    result.exit_code = 1;
    result.files = input.files;
    result.work = input.step_budget;
    ScriptNotice notice;
    notice.kind = ScriptNotice::Kind::Unsupported;
    notice.message = "the bash simulation ran out of resources";
    result.notices.push_back(std::move(notice));
    return result;
  }
#endif
}

}  // namespace ghaplay::scripts
