#pragma once
// Runs the syntax tree against a simulated machine: variables, an in-memory file system, and
// builtins standing in for the shell's and the usual Unix tools. Anything else is "unsimulated":
// it succeeds silently and leaves a notice. Nothing here throws or aborts; every loop and every
// recursion is bounded by the step budget or a depth limit.
//
// The member functions are spread over files by job: execute.cc (control flow), command.cc
// (simple commands, functions), expand.cc (words), parameters.cc (variables, ${...}),
// redirect.cc (file descriptors and output), cond.cc (test, [ ], [[ ]]), builtins_*.cc.
//
// Known departures from a real runner, each chosen so that a script which works on GitHub does
// not fail here:
// - Programs other than the simulated tools succeed with no output (a notice says so), and
//   `command -v`/`type` report them as installed.
// - Files of the checkout are unknown: reading one gives empty content with a notice; `cd` into
//   any directory succeeds; `rm` of an unknown file succeeds. Under /tmp and $RUNNER_TEMP, which
//   start empty on a runner, a missing file is an error as usual.
// - `&` runs the command in the foreground; `wait` returns at once. $$ is 4242, dates are not
//   simulated, and /dev/urandom, $RANDOM, mktemp, openssl rand and uuidgen are replayable.
// - A `read` that finds no input only because an unsimulated command printed nothing succeeds
//   once, with an empty line.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scripts/bash/arith.h"
#include "scripts/bash/ast.h"
#include "scripts/bash/filesystem.h"
#include "scripts/bash/source.h"
#include "scripts/bash/state.h"
#include "scripts/script.h"

namespace ghaplay::scripts::bash {

// The file GitHub's runner writes the step's script to; bash names it in its messages.
inline constexpr std::string_view kScriptPath = "/home/runner/work/_temp/step.sh";
inline constexpr std::string_view kDefaultWorkspace = "/home/runner/work/repo/repo";
// The runner user's home directory (HOME's default, `~runner`).
inline constexpr std::string_view kRunnerHome = "/home/runner";
inline constexpr int kMaxFunctionDepth = 100;
// No variable, file or log may grow past this: a doubling loop must not eat the browser's memory.
inline constexpr std::size_t kMaxTextSize = 16u << 20;
inline constexpr std::size_t kMaxBraceWords = 20000;

enum class Flow { Normal, Break, Continue, Return, Unwind };

// Parses a decimal integer with optional sign and surrounding blanks; false if it is not one.
bool parse_integer(std::string_view text, long long& out);

// One command being run: its words after expansion, where it reads and writes, and where its
// arguments came from (for notices).
struct Call {
  std::vector<std::string> args;
  Io* io = nullptr;
  std::size_t offset = 0;
  Taint taint;
  // For export/local/declare/readonly: the word each argument came from (array assignments).
  std::vector<const Word*> sources;
};

class Interpreter : public ArithContext {
 public:
  Interpreter(const ScriptInput& input, const Source& source);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  ScriptResult run();

  std::string arith_get(const std::string& name, const long long* index) override;
  void arith_set(const std::string& name, const long long* index, long long value) override;

 private:
  // Why the interpreter is leaving every construct up to some boundary.
  enum class Unwind {
    None,
    Exit,      // exit, errexit, ${x:?}, set -u: up to the subshell or the script
    Abort,     // an expansion error: up to the top-level command (bash goes on with the next)
    Stop,      // budget or size exhausted: everything, subshells included
  };
  using Builtin = int (Interpreter::*)(Call&);

  // ---- execute.cc
  Flow exec(const Node& node, Io& io);
  Flow exec_node(const Node& node, Io& io);
  Flow exec_list(const List& list, Io& io);
  Flow exec_and_or(const AndOr& node, Io& io);
  Flow exec_pipeline(const Pipeline& node, Io& io);
  Flow exec_if(const If& node, Io& io);
  Flow exec_while(const While& node, Io& io);
  Flow exec_for(const For& node, Io& io);
  Flow exec_arith_for(const ArithFor& node, Io& io);
  Flow exec_case(const Case& node, Io& io);
  Flow exec_arith_command(const ArithCommand& node, Io& io);
  Flow exec_condition(const Node& node, Io& io);
  Flow loop_flow(Flow flow, bool& stop);
  // Runs `body` as a subshell: state changes are undone, exit ends only the subshell.
  Flow in_subshell(const std::function<Flow()>& body);
  Flow check_errexit(std::size_t offset);
  bool tick(std::size_t offset);
  void stop(ScriptNotice::Kind kind, std::string message, std::size_t offset);
  void run_exit_trap(Io& io);

  // ---- command.cc
  Flow exec_simple(const SimpleCommand& cmd, Io& io);
  Flow run_command(Call& call);
  Flow call_function(const Function& fn, Call& call);
  int unsimulated(Call& call, std::string_view name);
  // Adds a notice once per place and key; returns its index (for taints).
  int add_notice(ScriptNotice::Kind kind, std::string message, std::size_t offset,
                 std::string command, const std::string& key);
  bool assign(const Assignment& a, Taint& taint, bool local, bool export_it, Io& io);
  bool expand_declaration_args(const std::vector<Word>& words, Call& call);
  void trace(Io& io, const std::vector<std::string>& words);
  void trace_assignment(Io& io, const std::string& target, const std::string& value);

  // ---- expand.cc
  bool expand_words(const std::vector<Word>& words, std::vector<std::string>& out, Taint& taint);
  bool expand_string(const Word& word, std::string& out, Taint& taint);
  bool expand_pattern(const Word& word, std::string& out, Taint& taint);
  bool expand_arith(const Word& word, long long& value, Taint& taint, std::size_t offset,
                    std::string_view context);
  std::string command_substitution(const Node& body, Taint& taint);
  // Runs `body` as a subshell and returns everything it wrote to stdout.
  std::string capture_output(const Node& body, Taint& taint);
  std::string process_substitution(const WordPart& part, Taint& taint);
  // Pathname expansion of one field over the simulated file system; empty if nothing matches.
  std::vector<std::string> glob_files(const std::string& pattern);
  class Expander;
  // `split_literals`: unquoted text is split like an expansion's result (the word of an
  // unquoted ${x:-word}).
  bool expand_parts(const std::vector<WordPart>& parts, Expander& x, bool quoted,
                    bool split_literals = false);

  // ---- parameters.cc
  const Variable* find_var(const std::string& name) const;
  std::optional<std::string> get_scalar(const std::string& name) const;
  std::string get_or_empty(const std::string& name) const { return get_scalar(name).value_or(""); }
  bool set_var(const std::string& name, std::string value, const Taint& taint, Io* io);
  bool set_element(const std::string& name, const std::string& key, std::string value,
                   const Taint& taint, Io* io);
  bool check_writable(const std::string& name, Io* io);
  void unset_var(const std::string& name);
  void declare_local(const std::string& name);
  void export_var(const std::string& name);
  std::string ifs() const;
  // Sets `in_place` instead of `values` when the result is a word to expand where the
  // parameter stood (unquoted ${x:-word}, ${x:+word}), so that its quoting is kept.
  bool expand_param(const ParamExpansion& p, std::size_t offset, std::vector<std::string>& values,
                    bool& multi, bool quoted, Taint& taint, const Word** in_place = nullptr);
  bool param_values(const ParamExpansion& p, std::size_t offset, std::vector<std::string>& values,
                    bool& is_set, bool& multi, Taint& taint);
  std::string special_param(const std::string& name) const;
  std::string array_key(const ParamExpansion& p, const std::string& index_text, std::size_t offset);

  // ---- redirect.cc
  bool apply_redirects(const std::vector<Redirect>& redirects, Io& io);
  Sink open_output(const std::string& path, bool truncate, Io& io);
  void write(Io& io, int fd, std::string_view text, const Taint& taint);
  void write_sink(const Sink& sink, std::string_view text, const Taint& taint);
  void shell_error(Io& io, std::string_view message);
  bool read_file(const std::string& path, std::string& out, Taint& taint, std::string_view tool,
                 std::size_t offset);
  bool is_output_file(const Sink& sink) const;

  // ---- cond.cc
  int eval_test(const std::vector<std::string>& args, Io& io, std::string_view name);
  Flow exec_cond(const Cond& node, Io& io);
  bool unary_test(const std::string& op, const std::string& arg, bool& ok);
  bool binary_test(const std::string& left, const std::string& op, const std::string& right,
                   bool& ok, Io& io);
  bool has_unary(const std::string& op) const;

  // ---- builtins.cc: the table, and helpers shared by builtins
  Builtin find_builtin(const std::string& name) const;
  void out(Call& call, std::string_view text);
  void err(Call& call, std::string_view text);
  void builtin_error(Call& call, std::string_view message);  // "<script>: line N: name: message"
  std::string read_stdin(Call& call);
  // The concatenated contents of `files` (stdin for none or "-"); false if one is missing.
  bool read_inputs(Call& call, const std::vector<std::string>& files, std::string& out,
                   std::string_view tool);

  // ---- builtins_shell.cc
  int b_colon(Call& call);
  int b_false(Call& call);
  int b_exit(Call& call);
  int b_return(Call& call);
  int b_break(Call& call);
  int b_continue(Call& call);
  int b_set(Call& call);
  int b_shift(Call& call);
  int b_export(Call& call);
  int b_declare(Call& call);
  int b_unset(Call& call);
  int b_eval(Call& call);
  int b_source(Call& call);
  int b_trap(Call& call);
  int b_cd(Call& call);
  int b_pwd(Call& call);
  int b_pushd(Call& call);
  int b_popd(Call& call);
  int b_command(Call& call);
  int b_type(Call& call);
  int b_let(Call& call);
  int b_read(Call& call);
  int b_test(Call& call);
  int b_bracket(Call& call);
  int b_shopt(Call& call);
  int b_exec(Call& call);
  int b_getopts(Call& call);
  int b_mapfile(Call& call);
  int b_bash(Call& call);
  int run_parsed(const std::string& text, Call& call, std::size_t offset);
  // For command, env, xargs, exec: runs a builtin or reports the program as unsimulated.
  // Bounded, so that `command command command ...` cannot recurse without end.
  int run_nested(Call& inner);

  // ---- builtins_output.cc
  int b_echo(Call& call);
  int b_printf(Call& call);

  // ---- builtins_files.cc
  int b_cat(Call& call);
  int b_tee(Call& call);
  int b_mkdir(Call& call);
  int b_touch(Call& call);
  int b_rm(Call& call);
  int b_cp(Call& call);
  int b_mv(Call& call);
  int b_ls(Call& call);
  int b_dd(Call& call);
  int b_mktemp(Call& call);
  int b_basename(Call& call);
  int b_dirname(Call& call);
  int b_realpath(Call& call);

  // ---- builtins_text.cc
  int b_tr(Call& call);
  int b_head(Call& call);
  int b_tail(Call& call);
  int b_wc(Call& call);
  int b_grep(Call& call);
  int b_sed(Call& call);
  int b_cut(Call& call);
  int b_sort(Call& call);
  int b_uniq(Call& call);
  int b_base64(Call& call);
  int b_seq(Call& call);
  int b_rev(Call& call);
  int b_xargs(Call& call);
  int b_sleep(Call& call);
  int b_env(Call& call);
  int b_printenv(Call& call);
  int b_expr(Call& call);
  int b_awk(Call& call);
  int b_openssl(Call& call);
  int b_uuidgen(Call& call);
  std::string random_bytes(std::size_t n);
  // Every text tool in a build without them (GHAPLAY_BASH_CORE, text_tools.h): stops the run.
  int b_needs_text_tools(Call& call);

  // ---- state
  const ScriptInput& input_;
  const Source& source_;
  ShellState state_;
  FileSystem fs_;
  bool scratched_ = false;  // state_ and fs_ were copied from the cache's base: give them back as scratch
  std::string log_;
  std::vector<ScriptNotice> notices_;
  std::map<std::pair<std::size_t, std::string>, int> notice_index_;
  std::string output_path_;  // absolute $GITHUB_OUTPUT, "" if unset
  int status_ = 0;           // $?
  int exit_status_ = 0;
  int return_status_ = 0;
  int flow_levels_ = 0;      // break N / continue N
  Unwind unwind_ = Unwind::None;
  std::size_t steps_ = 0;
  int loop_depth_ = 0;
  int function_depth_ = 0;
  int errexit_ignored_ = 0;  // inside if/while conditions, left of && ||, after !
  int trace_level_ = 1;      // number of `+` in set -x output
  int last_subst_status_ = -1;
  std::size_t current_offset_ = 0;  // of the command being run, for $LINENO and messages
  Io* current_io_ = nullptr;        // for messages while expanding
  std::optional<Flow> pending_flow_;  // set by exit/return/break/continue
  unsigned long long random_state_ = 42;
  std::vector<std::shared_ptr<Node>> kept_;  // trees parsed at run time (eval, source, traps)
  std::vector<std::string> function_names_;  // FUNCNAME
  // The contents behind /dev/fd/N paths made by <(...), with their taints.
  std::map<std::string, std::pair<std::string, Taint>> process_files_;
  int process_counter_ = 0;
  int nested_builtins_ = 0;
  bool in_err_trap_ = false;
  bool parse_failed_ = false;  // the last run_parsed met a syntax error
  long long getopts_index_ = 0;     // getopts: the OPTIND of the bundle being read
  long long getopts_position_ = 1;  // and the position inside it
};

}  // namespace ghaplay::scripts::bash
