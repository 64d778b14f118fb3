// The entry point: sets up the simulated runner (environment, working directory, file system),
// then parses and runs the script one complete command at a time, as bash reads a script file.
#include <tuple>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/invocation.h"
#include "scripts/bash/parser.h"
#include "scripts/bash/run_bash.h"
#include "scripts/bash/syntax_message.h"

namespace ghaplay::scripts {
namespace bash {
namespace {

std::string initial_cwd(const ScriptInput& input) {
  const std::string* workspace = find_env(input, "GITHUB_WORKSPACE");
  if (workspace && !workspace->empty()) return FileSystem::absolute(*workspace, "/");
  return std::string(kDefaultWorkspace);
}

// What a script starts from before its own files and file-command paths: the variables of its
// environment with bash's defaults, the working directory and the directories that
// exist. It depends on the environment only, so steps that share a base environment share it
// (ScriptInput::cache) and copy it instead of building it.
struct BaseState {
  ShellState state;
  FileSystem fs;
};

// Names whose value shapes BaseState beyond a variable (the working directory, directories that
// exist): a step whose own env sets one gets a state built for it alone.
constexpr std::string_view kShapingNames[] = {"GITHUB_WORKSPACE", "HOME", "RUNNER_TEMP", "RUNNER_TOOL_CACHE"};

BaseState build_base_state(const ScriptInput& input) {
  BaseState base;
  ShellState& state = base.state;
  state.cwd = initial_cwd(input);
  base.fs = FileSystem({}, state.cwd);
  LayeredVariables<Variable>::Base vars;
  // input.env over input.base_env, both sorted as vars is: merged in order, each name goes at the
  // end without a search.
  auto add_env = [&vars](const std::string& name, const std::string& value) {
    auto added = vars.emplace_hint(vars.end(), std::piecewise_construct, std::forward_as_tuple(name),
                                   std::forward_as_tuple());
    added->second.value = value;
    added->second.exported = true;
  };
  auto own = input.env.begin();
  if (input.base_env) {
    for (auto base_entry = input.base_env->begin(); base_entry != input.base_env->end(); ++base_entry) {
      while (own != input.env.end() && own->first < base_entry->first) {
        add_env(own->first, own->second);
        ++own;
      }
      if (own != input.env.end() && own->first == base_entry->first) continue;  // env's value wins
      add_env(base_entry->first, base_entry->second);
    }
  }
  for (; own != input.env.end(); ++own) add_env(own->first, own->second);
  auto set_default = [&vars](const char* name, std::string_view value, bool exported) {
    auto [it, added] = vars.try_emplace(name);
    if (!added) return;
    it->second.value = value;
    it->second.exported = exported;
  };
  set_default("HOME", kRunnerHome, true);
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
  // The starting variables, shared by every run and subshell that starts from them (variables.h).
  state.vars = LayeredVariables<Variable>(std::make_shared<const LayeredVariables<Variable>::Base>(std::move(vars)));
  // The runner's directories exist.
  for (const char* name : {"RUNNER_TEMP", "RUNNER_TOOL_CACHE", "HOME"}) {
    const std::string* value = find_env(input, name);
    if (value && !value->empty()) base.fs.make_dir(FileSystem::absolute(*value, state.cwd), "/");
  }
  return base;
}

bool shapes_base_state(const std::map<std::string, std::string>& env) {
  for (auto name : kShapingNames)
    if (env.count(std::string(name))) return true;
  return false;
}

// Whether a run's file system is worth keeping as scratch: not when a script made many paths, which
// the scratch would hold on to.
bool small_enough_for_scratch(const FileSystem& fs) { return fs.path_count() <= 1024; }

}  // namespace

Interpreter::Interpreter(const ScriptInput& input, const Source& source) : input_(input), source_(source) {
  if (input.cache && input.base_env && !shapes_base_state(input.env)) {
    if (!input.cache->bash) {
      ScriptInput base_input;
      base_input.base_env = input.base_env;
      input.cache->bash = std::make_shared<const BaseState>(build_base_state(base_input));
    }
    const auto& base = *std::static_pointer_cast<const BaseState>(input.cache->bash);
    // The variables are shared with the base, not copied (variables.h); the file system is
    // assigned over the last run's, whose nodes it reuses.
    state_ = base.state;
    if (input.cache->bash_scratch) fs_ = std::move(*std::static_pointer_cast<FileSystem>(input.cache->bash_scratch));
    fs_ = base.fs;
    scratched_ = true;
    // The step's own variables, over the base environment's and bash's defaults.
    for (const auto& [name, value] : input.env) {
      Variable& variable = state_.vars[name];
      variable = Variable();
      variable.value = value;
      variable.exported = true;
    }
  } else {
    BaseState base = build_base_state(input);
    state_ = std::move(base.state);
    fs_ = std::move(base.fs);
  }
  // The options of the runner's command line, read as `bash -eo pipefail -c ...` is in a script.
  state_.options = parse_invocation(split_command_line(input.command_line)).options;
  fs_.add_files(input.files, state_.cwd);
  Variable pwd;
  pwd.value = state_.cwd;
  pwd.exported = true;
  state_.vars["PWD"] = std::move(pwd);
  // The runner's file-command files live in directories that exist.
  for (const char* name : {"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_STATE"}) {
    const std::string* value = find_env(input, name);
    if (!value || value->empty()) continue;
    std::string abs = FileSystem::absolute(*value, state_.cwd);
    std::size_t slash = abs.rfind('/');
    if (slash != std::string::npos && slash > 0) fs_.make_dir(abs.substr(0, slash), "/");
  }
  const std::string* output = find_env(input, "GITHUB_OUTPUT");
  if (output && !output->empty()) output_path_ = FileSystem::absolute(*output, state_.cwd);
}

Interpreter::~Interpreter() {
  // What this run's file system leaves becomes the next run's scratch (ScriptCache::bash_scratch).
  // The next run assigns the whole base file system over it, so nothing of this run reaches that one.
  if (!scratched_) return;
  if (!small_enough_for_scratch(fs_)) {
    input_.cache->bash_scratch.reset();
    return;
  }
  if (!input_.cache->bash_scratch) input_.cache->bash_scratch = std::make_shared<FileSystem>();
  *std::static_pointer_cast<FileSystem>(input_.cache->bash_scratch) = std::move(fs_);
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

ScriptResult run(const ScriptInput& input) {
#if defined(__cpp_exceptions)
  try {
#endif
    Source source(input.source);
    Interpreter interpreter(input, source);
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

}  // namespace bash
}  // namespace ghaplay::scripts
