// awk: the command line, and the bridge between the awk engine (awk.cc) and the simulated
// machine (stdin, files, the step budget). Programs the engine refuses are not simulated.
#include "scripts/bash/awk.h"
#include "scripts/bash/interpreter.h"

namespace ghaplay::scripts::bash {

int Interpreter::b_awk(Call& call) {
  std::string fs;
  std::vector<std::pair<std::string, std::string>> assignments;
  std::string program_text;
  bool have_program = false;
  std::vector<std::string> files;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (!have_program && a == "--") {
      continue;
    }
    if (!have_program && a.rfind("-F", 0) == 0) {
      fs = a.size() > 2 ? a.substr(2) : (i + 1 < call.args.size() ? call.args[++i] : "");
    } else if (!have_program && a.rfind("-v", 0) == 0) {
      std::string assignment = a.size() > 2 ? a.substr(2) : (i + 1 < call.args.size() ? call.args[++i] : "");
      std::size_t eq = assignment.find('=');
      if (eq != std::string::npos) assignments.emplace_back(assignment.substr(0, eq), assignment.substr(eq + 1));
    } else if (!have_program && a.rfind("-f", 0) == 0) {
      std::string file = a.size() > 2 ? a.substr(2) : (i + 1 < call.args.size() ? call.args[++i] : "");
      read_file(file, program_text, call.taint, "awk", call.offset);
      have_program = true;
    } else if (!have_program && a.size() > 1 && a[0] == '-') {
      // other options (--posix, -e...) are ignored
    } else if (!have_program) {
      program_text = a;
      have_program = true;
    } else if (a.find('=') != std::string::npos && a[0] != '/' && a.find('=') > 0) {
      std::size_t eq = a.find('=');
      assignments.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    } else {
      files.push_back(a);
    }
  }
  if (!have_program) {
    err(call, "usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n");
    return 2;
  }
  std::string error;
  std::shared_ptr<AwkProgram> program = parse_awk(program_text, error);
  if (!program) {
    int index = add_notice(ScriptNotice::Kind::Unsupported, "awk program not simulated (" + error + "): no output",
                           call.offset, "awk", "awk");
    Taint taint{index};
    merge_taint(taint, call.taint);
    write_sink(call.io->fds[1], "", taint);
    return 0;
  }
  std::string input;
  bool ok = read_inputs(call, files, input, "awk");
  AwkIo io;
  io.tick = [&] { return tick(call.offset); };
  io.write_file = [&](const std::string& path, const std::string& text, bool truncate) {
    Sink sink = open_output(path, truncate, *call.io);
    write_sink(sink, text, call.taint);
  };
  for (const auto& [name, v] : state_.vars) {
    if (v.exported && v.set && v.type == Variable::Type::Scalar) io.environ[name] = v.value;
  }
  AwkResult result = run_awk(*program, input, assignments, fs, io);
  if (result.stopped || unwind_ != Unwind::None) return 1;
  out(call, result.output);
  if (!result.error.empty()) {
    err(call, "awk: " + result.error + "\n");
    return 2;
  }
  if (!ok) return 2;
  return result.exit_code;
}

}  // namespace ghaplay::scripts::bash
