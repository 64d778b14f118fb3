#pragma once
// A small awk for the one-liners of workflow scripts: `awk '{print $2}'`, `awk -F: '/re/ {print
// $1}'`, `awk 'NR==1'`, `awk '{s+=$1} END {print s}'`, `awk '!seen[$0]++'`, printf, sub/gsub,
// split, substr, length, tolower... Patterns, BEGIN/END, if/while/for/for-in, arrays, fields.
// Programs beyond that (getline, user functions, pipes) are refused by `parse` so that the
// caller can report them as not simulated.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ghaplay::scripts::bash {

struct AwkProgram;

struct AwkIo {
  // Appends text to a file (print > "f", print >> "f"); `append` is false on the first write.
  std::function<void(const std::string& path, const std::string& text, bool truncate)> write_file;
  // Called once per record and loop iteration; false stops the program (budget exhausted).
  std::function<bool()> tick;
  std::map<std::string, std::string> environ;
};

struct AwkResult {
  std::string output;
  int exit_code = 0;
  bool stopped = false;  // the tick callback refused
  std::string error;     // a run-time error ("division by zero")
};

// Parses `text`; on failure returns null and sets `error`.
std::shared_ptr<AwkProgram> parse_awk(const std::string& text, std::string& error);

// Runs the program over `input` (all records) with `-v` assignments and field separator.
AwkResult run_awk(const AwkProgram& program, const std::string& input,
                  const std::vector<std::pair<std::string, std::string>>& assignments,
                  const std::string& field_separator, AwkIo& io);

}  // namespace ghaplay::scripts::bash
