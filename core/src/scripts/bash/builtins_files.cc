// File tools over the in-memory file system: cat, tee, mkdir, touch, rm, cp, mv, dd, mktemp,
// basename, dirname, realpath. Files the script never wrote and the caller never handed in are
// read as empty with a notice (they live in the real checkout); see Interpreter::read_file.
#include <algorithm>

#include "scripts/bash/interpreter.h"

namespace ghaplay::scripts::bash {
namespace {

// Splits leading `-x` options (bundled or not) from operands; `--` ends options.
struct Parsed {
  std::string flags;
  std::vector<std::string> operands;
};

Parsed split_options(const std::vector<std::string>& args, std::string_view with_value = "",
                     std::vector<std::pair<char, std::string>>* values = nullptr) {
  Parsed p;
  bool options = true;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options && a == "--") {
      options = false;
      continue;
    }
    if (options && a.size() > 1 && a[0] == '-' && a[1] != '-') {
      for (std::size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        p.flags.push_back(c);
        if (with_value.find(c) != std::string_view::npos) {
          std::string v = k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < args.size() ? args[++i] : "");
          if (values) values->emplace_back(c, v);
          break;
        }
      }
      continue;
    }
    if (options && a.size() > 2 && a[0] == '-' && a[1] == '-') {
      p.flags += "L";  // long options are accepted and ignored
      continue;
    }
    p.operands.push_back(a);
  }
  return p;
}

bool has(const Parsed& p, char c) { return p.flags.find(c) != std::string::npos; }

std::string base_name(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") return "/";
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  path = path.substr(0, slash);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

int Interpreter::b_cat(Call& call) {
  Parsed p = split_options(call.args);
  std::string text;
  bool ok = read_inputs(call, p.operands, text, "cat");
  if (has(p, 'n')) {
    std::string numbered;
    int n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
      std::string num = std::to_string(++n);
      numbered += std::string(num.size() < 6 ? 6 - num.size() : 0, ' ') + num + "\t" + text.substr(pos, end - pos);
      pos = end;
    }
    text = numbered;
  }
  out(call, text);
  return ok ? 0 : 1;
}

int Interpreter::b_tee(Call& call) {
  Parsed p = split_options(call.args);
  std::string text = read_stdin(call);
  for (const std::string& f : p.operands) {
    Sink sink = open_output(f, !has(p, 'a'), *call.io);
    write_sink(sink, text, call.taint);
  }
  out(call, text);
  return 0;
}

int Interpreter::b_mkdir(Call& call) {
  std::vector<std::pair<char, std::string>> values;
  Parsed p = split_options(call.args, "m", &values);
  int status = 0;
  for (const std::string& d : p.operands) {
    if (fs_.is_file(d, state_.cwd) || (!has(p, 'p') && fs_.is_dir(d, state_.cwd))) {
      err(call, "mkdir: cannot create directory \xE2\x80\x98" + d + "\xE2\x80\x99: File exists\n");
      status = 1;
      continue;
    }
    fs_.make_dir(d, state_.cwd);
  }
  return status;
}

int Interpreter::b_touch(Call& call) {
  Parsed p = split_options(call.args, "dtr");
  for (const std::string& f : p.operands) {
    if (!fs_.is_dir(f, state_.cwd)) fs_.open_for_write(f, state_.cwd, false);
  }
  return 0;
}

int Interpreter::b_rm(Call& call) {
  Parsed p = split_options(call.args);
  bool recursive = has(p, 'r') || has(p, 'R') || call.args[0] == "rmdir";
  for (const std::string& f : p.operands) {
    if (fs_.remove(f, state_.cwd)) continue;
    if (recursive && fs_.is_dir(f, state_.cwd)) fs_.remove_tree(f, state_.cwd);
    // Anything else may exist in the real checkout: assume it was removed.
  }
  return 0;
}

int Interpreter::b_cp(Call& call) {
  Parsed p = split_options(call.args, "t");
  if (p.operands.size() < 2) {
    err(call, call.args[0] + ": missing destination file operand\n");
    return 1;
  }
  std::string dest = p.operands.back();
  bool into_dir = p.operands.size() > 2 || fs_.is_dir(dest, state_.cwd) || (!dest.empty() && dest.back() == '/');
  int status = 0;
  for (std::size_t i = 0; i + 1 < p.operands.size(); ++i) {
    const std::string& src = p.operands[i];
    if (fs_.is_dir(src, state_.cwd) && !fs_.is_file(src, state_.cwd)) {
      fs_.make_dir(into_dir ? dest + "/" + base_name(src) : dest, state_.cwd);
      continue;
    }
    std::string content;
    Taint taint;
    if (!read_file(src, content, taint, call.args[0], call.offset)) {
      status = 1;
      continue;
    }
    std::string target = into_dir ? dest + "/" + base_name(src) : dest;
    std::string key = fs_.open_for_write(target, state_.cwd, true);
    fs_.append(key, content, taint);
    if (call.args[0] == "mv") fs_.remove(src, state_.cwd);
  }
  return status;
}

int Interpreter::b_mv(Call& call) { return b_cp(call); }

int Interpreter::b_ls(Call& call) {
  // The checkout's files are unknown, so a listing would mislead.
  return unsimulated(call, "ls");
}

int Interpreter::b_dd(Call& call) {
  std::string in_path, out_path;
  long long bs = 512, count = -1;
  bool quiet = false;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    std::size_t eq = a.find('=');
    if (eq == std::string::npos) continue;
    std::string key = a.substr(0, eq), value = a.substr(eq + 1);
    if (key == "if") in_path = value;
    if (key == "of") out_path = value;
    if (key == "bs" || key == "ibs") {
      long long mult = 1;
      if (!value.empty() && (value.back() == 'K' || value.back() == 'k')) mult = 1024;
      if (!value.empty() && value.back() == 'M') mult = 1 << 20;
      if (mult != 1) value.pop_back();
      parse_integer(value, bs);
      bs *= mult;
    }
    if (key == "count") parse_integer(value, count);
    if (key == "status" && value == "none") quiet = true;
  }
  bs = std::clamp<long long>(bs, 1, 1 << 20);
  std::string data;
  if (in_path == "/dev/urandom" || in_path == "/dev/random" || in_path == "/dev/zero") {
    long long n = count < 0 ? 4096 : std::min<long long>(bs * count, 1 << 20);
    std::string chunk;
    while (static_cast<long long>(data.size()) < n) {
      if (!read_file(in_path, chunk, call.taint, "dd", call.offset)) return 1;
      data += chunk;
    }
    data.resize(static_cast<std::size_t>(n));
  } else {
    if (!read_inputs(call, in_path.empty() ? std::vector<std::string>{} : std::vector<std::string>{in_path}, data, "dd")) {
      return 1;
    }
    if (count >= 0 && static_cast<long long>(data.size()) > bs * count) data.resize(static_cast<std::size_t>(bs * count));
  }
  if (out_path.empty()) {
    out(call, data);
  } else {
    Sink sink = open_output(out_path, true, *call.io);
    write_sink(sink, data, call.taint);
  }
  if (!quiet) {
    long long blocks = (static_cast<long long>(data.size()) + bs - 1) / bs;
    err(call, std::to_string(blocks) + "+0 records in\n" + std::to_string(blocks) + "+0 records out\n" +
                  std::to_string(data.size()) + " bytes copied\n");
  }
  return 0;
}

int Interpreter::b_mktemp(Call& call) {
  std::vector<std::pair<char, std::string>> values;
  Parsed p = split_options(call.args, "p", &values);
  std::string dir = "/tmp";
  for (auto& [flag, value] : values) {
    if (flag == 'p') dir = value;
  }
  if (has(p, 't')) dir = get_scalar("TMPDIR").value_or("/tmp");
  std::string name = p.operands.empty() ? "tmp.XXXXXXXXXX" : p.operands[0];
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (std::size_t i = name.size(); i-- > 0 && name[i] == 'X';) {
    name[i] = kChars[static_cast<unsigned char>(random_bytes(1)[0]) % 62];
  }
  std::string path = (!p.operands.empty() && p.operands[0].find('/') != std::string::npos && !has(p, 'p') && !has(p, 't'))
                         ? name
                         : dir + "/" + name;
  if (has(p, 'd')) {
    fs_.make_dir(path, state_.cwd);
  } else if (!has(p, 'u')) {
    fs_.open_for_write(path, state_.cwd, true);
  }
  out(call, path + "\n");
  return 0;
}

int Interpreter::b_basename(Call& call) {
  std::vector<std::pair<char, std::string>> values;
  Parsed p = split_options(call.args, "s", &values);
  std::string suffix;
  for (auto& [flag, value] : values) {
    if (flag == 's') suffix = value;
  }
  bool multiple = has(p, 'a') || !suffix.empty();
  if (p.operands.empty()) {
    err(call, "basename: missing operand\n");
    return 1;
  }
  if (!multiple && p.operands.size() == 2) suffix = p.operands[1];
  std::size_t count = multiple ? p.operands.size() : 1;
  for (std::size_t i = 0; i < count; ++i) {
    std::string b = base_name(p.operands[i]);
    if (!suffix.empty() && b.size() > suffix.size() && b.compare(b.size() - suffix.size(), suffix.size(), suffix) == 0) {
      b.erase(b.size() - suffix.size());
    }
    out(call, b + "\n");
  }
  return 0;
}

int Interpreter::b_dirname(Call& call) {
  Parsed p = split_options(call.args);
  if (p.operands.empty()) {
    err(call, "dirname: missing operand\n");
    return 1;
  }
  for (const std::string& path : p.operands) out(call, dir_name(path) + "\n");
  return 0;
}

int Interpreter::b_realpath(Call& call) {
  Parsed p = split_options(call.args);
  if (p.operands.empty()) {
    err(call, call.args[0] + ": missing operand\n");
    return 1;
  }
  for (const std::string& path : p.operands) out(call, FileSystem::absolute(path, state_.cwd) + "\n");
  return 0;
}

}  // namespace ghaplay::scripts::bash

namespace ghaplay::scripts::bash {

// `openssl rand -hex N` / `-base64 N`: random delimiters for multi-line outputs. Replayable
// bytes; every other openssl command is not simulated.
int Interpreter::b_openssl(Call& call) {
  if (call.args.size() < 4 || call.args[1] != "rand") return unsimulated(call, "openssl");
  std::string format = call.args[2];
  long long n = 0;
  if (!parse_integer(call.args.back(), n) || n < 0 || n > (1 << 20)) return unsimulated(call, "openssl");
  std::string bytes = random_bytes(static_cast<std::size_t>(n));
  if (format == "-hex") {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (char c : bytes) {
      hex.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 15]);
      hex.push_back(kHex[static_cast<unsigned char>(c) & 15]);
    }
    out(call, hex + "\n");
    return 0;
  }
  if (format == "-base64") {
    Call encode = call;
    encode.args = {"base64"};
    auto input = std::make_shared<Input>();
    input->data = bytes;
    Io io = *call.io;
    io.in = input;
    encode.io = &io;
    return b_base64(encode);
  }
  return unsimulated(call, "openssl");
}

int Interpreter::b_uuidgen(Call& call) {
  std::string b = random_bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid.push_back('-');
    uuid.push_back(kHex[(static_cast<unsigned char>(b[i]) >> 4) & 15]);
    uuid.push_back(kHex[static_cast<unsigned char>(b[i]) & 15]);
  }
  out(call, uuid + "\n");
  return 0;
}

}  // namespace ghaplay::scripts::bash
