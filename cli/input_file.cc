#include "cli/input_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace ghaplay::cli {

bool read_input(const std::string& path, std::size_t limit, std::string& text, std::string& problem) {
  std::istream* in = &std::cin;
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      problem = "cannot read '" + path + "': " + std::strerror(errno);
      return false;
    }
    in = &file;
  }
  text.clear();
  char buffer[65536];
  while (text.size() <= limit && in->read(buffer, sizeof buffer)) text.append(buffer, sizeof buffer);
  if (in->bad()) {
    problem = "cannot read '" + path + "'";
    return false;
  }
  text.append(buffer, static_cast<std::size_t>(in->gcount()));
  if (text.size() > limit + 1) text.resize(limit + 1);
  return true;
}

}  // namespace ghaplay::cli
