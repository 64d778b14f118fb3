#pragma once

#include <string>

namespace ghaplay::cli {

// Reads a file ('-' is standard input), at most `limit` bytes plus one, so that the engine can
// report an input that is too large instead of the CLI reading it all. False with `problem` set
// when the file cannot be read.
bool read_input(const std::string& path, std::size_t limit, std::string& text, std::string& problem);

}  // namespace ghaplay::cli
