#pragma once
// What the interpreter keeps between commands: variables, functions, options, the working
// directory, and the streams a command reads and writes.

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scripts/bash/ast.h"
#include "scripts/bash/variables.h"

namespace ghaplay::scripts::bash {

// Indices of notices (unsimulated commands) whose output, had it existed, flowed into a value.
// Followed through variables, pipes, captures and files so that `feeds_output` can be set when
// the value finally reaches $GITHUB_OUTPUT.
using Taint = std::vector<int>;
void merge_taint(Taint& into, const Taint& from);

struct Variable {
  enum class Type { Scalar, Indexed, Assoc };
  Type type = Type::Scalar;
  std::string value;                         // Scalar
  std::map<long long, std::string> indexed;  // Indexed
  std::map<std::string, std::string> assoc;  // Assoc
  bool set = true;  // false after `local x` / `declare x` without a value
  bool exported = false;
  bool readonly = false;
  bool integer = false;  // declare -i
  Taint taint;
};

struct Options {
  bool errexit = false;
  bool xtrace = false;
  bool pipefail = false;
  bool nounset = false;
  bool noglob = false;
  bool allexport = false;
};

struct ShellState {
  LayeredVariables<Variable> vars;
  std::map<std::string, const Function*> functions;  // nodes owned by the parsed trees
  // One frame per running function: the variables it made local, with the values to restore.
  std::vector<std::map<std::string, std::optional<Variable>>> locals;
  std::vector<std::string> positional;       // $1 ...
  Options options;
  std::string cwd;
  std::vector<std::string> dir_stack;
  std::map<std::string, std::string> traps;  // EXIT, ERR
  int subshell = 0;                          // $BASH_SUBSHELL
};

// A text collected from a command's output: $( ), a pipe.
struct Capture {
  std::string text;
  Taint taint;
};

struct FileRef {
  std::string key;       // the file system key
  std::string absolute;  // the normalised absolute path
};

// Where a file descriptor writes. Small, because every command copies its descriptor table.
struct Sink {
  enum class Kind { Log, File, Capture, Null, Closed };
  Kind kind = Kind::Log;
  std::shared_ptr<const FileRef> file;  // File
  std::shared_ptr<Capture> capture;     // Capture
};

// What fd 0 reads: a here-document, a file, a pipe. Consumed as it is read (`while read`).
struct Input {
  std::string data;
  std::size_t pos = 0;
  Taint taint;
  // `read` found this input empty although unsimulated output flowed into it, and pretended to
  // read one (empty) line; the next read at its end fails as usual.
  bool assumed_line = false;
};

struct Io {
  std::shared_ptr<Input> in;  // null: nothing to read
  std::array<Sink, 10> fds;   // fds[1] stdout, fds[2] stderr; 0 unused
};

}  // namespace ghaplay::scripts::bash
