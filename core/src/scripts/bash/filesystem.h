#pragma once
// The in-memory file system a script sees: the files the caller handed in, plus what the script
// writes. Keys stay as the script spelled the path (the caller looks up `$GITHUB_OUTPUT` by the
// very string it passed); lookups compare absolute, normalised paths so `./out` finds `out`.

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "scripts/bash/state.h"

namespace ghaplay::scripts::bash {

class FileSystem {
 public:
  FileSystem(std::map<std::string, std::string> files, std::string cwd);
  // No files and no directories, not even `/`: something to assign a file system to.
  FileSystem() = default;

  // Adds the caller's files (relative keys against `cwd`) to a file system that has none yet.
  void add_files(std::map<std::string, std::string> files, std::string_view cwd);

  // `path` made absolute against `cwd` and normalised (`.`, `..`, repeated slashes).
  static std::string absolute(std::string_view path, std::string_view cwd);

  // The key of an existing file, or null.
  const std::string* find(std::string_view path, std::string_view cwd) const;
  bool is_file(std::string_view path, std::string_view cwd) const { return find(path, cwd) != nullptr; }
  bool is_dir(std::string_view path, std::string_view cwd) const;
  const std::string* read(std::string_view path, std::string_view cwd) const;
  // Creates the file if needed; returns its key.
  std::string open_for_write(std::string_view path, std::string_view cwd, bool truncate);
  void append(const std::string& key, std::string_view text, const Taint& taint);
  bool remove(std::string_view path, std::string_view cwd);
  // Removes a directory and everything below it.
  void remove_tree(std::string_view path, std::string_view cwd);
  void make_dir(std::string_view path, std::string_view cwd);
  bool parent_exists(std::string_view path, std::string_view cwd) const;
  const Taint& taint_of(const std::string& key) const;
  std::size_t size_of(const std::string& key) const;
  // Names directly inside a directory (files and directories), sorted.
  std::set<std::string> list(std::string_view dir, std::string_view cwd) const;

  const std::map<std::string, std::string>& files() const { return files_; }
  // How many paths it holds (files, directories, taints): a measure of the memory it keeps.
  std::size_t path_count() const { return files_.size() + absolute_.size() + taints_.size() + dirs_.size(); }
  // The files, moved out: the file system is empty afterwards (the end of a run).
  std::map<std::string, std::string> take_files() { return std::move(files_); }

 private:
  std::map<std::string, std::string> files_;      // key -> content
  std::map<std::string, std::string> absolute_;   // absolute path -> key
  std::map<std::string, Taint> taints_;           // key -> taint
  std::set<std::string, std::less<>> dirs_;       // absolute paths
};

}  // namespace ghaplay::scripts::bash
