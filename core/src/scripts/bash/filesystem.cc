#include "scripts/bash/filesystem.h"

#include <vector>

namespace ghaplay::scripts::bash {
namespace {

const Taint kNoTaint;

// The set of directories always holds the parents of each of its directories (every insertion
// adds them, remove_tree() removes whole subtrees), so the walk up stops at the first parent found.
void add_parents(std::set<std::string, std::less<>>& dirs, std::string_view abs) {
  std::size_t slash = abs.rfind('/');
  while (slash != std::string_view::npos && slash > 0) {
    std::string_view parent = abs.substr(0, slash);
    if (dirs.find(parent) != dirs.end()) return;
    dirs.emplace(parent);
    slash = abs.rfind('/', slash - 1);
  }
  if (dirs.find(std::string_view("/")) == dirs.end()) dirs.emplace("/");
}

}  // namespace

FileSystem::FileSystem(std::map<std::string, std::string> files, std::string cwd) {
  for (const char* d : {"/", "/tmp", "/home", "/home/runner", "/home/runner/work", "/usr", "/usr/bin",
                        "/bin", "/etc", "/dev", "/var", "/opt"}) {
    dirs_.insert(d);
  }
  std::string abs_cwd = absolute(cwd, "/");
  add_parents(dirs_, abs_cwd);
  dirs_.insert(std::move(abs_cwd));
  add_files(std::move(files), cwd);
}

void FileSystem::add_files(std::map<std::string, std::string> files, std::string_view cwd) {
  files_ = std::move(files);
  for (const auto& [key, content] : files_) {
    std::string abs = absolute(key, cwd);
    add_parents(dirs_, abs);
    absolute_[std::move(abs)] = key;
  }
}

namespace {

// `path` is absolute and already normalised: no empty, `.` or `..` segment, no trailing slash.
// Most paths are (the runner's file-command paths, which every step resolves a few times), and
// for them the answer is a copy.
bool is_normal_absolute(std::string_view path) {
  if (path.size() < 2 || path[0] != '/' || path.back() == '/') return path == "/";
  std::size_t segment = 1;  // where the current segment starts
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    std::size_t length = i - segment;
    if (length == 0) return false;
    if (path[segment] == '.' && (length == 1 || (length == 2 && path[segment + 1] == '.'))) return false;
    segment = i + 1;
  }
  return true;
}

}  // namespace

std::string FileSystem::absolute(std::string_view path, std::string_view cwd) {
  if (is_normal_absolute(path)) return std::string(path);
  // One pass over cwd (when `path` is relative) then `path`, segment by segment, into `out`:
  // `.` and empty segments dropped, `..` removes the last segment kept.
  std::string out;
  out.reserve((path.empty() || path[0] != '/' ? cwd.size() + 1 : 0) + path.size());
  auto take = [&out](std::string_view text) {
    std::size_t i = 0;
    while (i <= text.size()) {
      std::size_t slash = text.find('/', i);
      if (slash == std::string_view::npos) slash = text.size();
      std::string_view seg = text.substr(i, slash - i);
      if (seg == "..") {
        std::size_t last = out.rfind('/');
        out.resize(last == std::string::npos ? 0 : last);
      } else if (!seg.empty() && seg != ".") {
        out += '/';
        out += seg;
      }
      i = slash + 1;
    }
  };
  if (path.empty() || path[0] != '/') take(cwd);
  take(path);
  if (out.empty()) out.push_back('/');
  return out;
}

const std::string* FileSystem::find(std::string_view path, std::string_view cwd) const {
  auto exact = files_.find(std::string(path));
  if (exact != files_.end() && !path.empty() && path[0] == '/') return &exact->first;
  auto it = absolute_.find(absolute(path, cwd));
  if (it != absolute_.end()) return &it->second;
  return nullptr;
}

bool FileSystem::is_dir(std::string_view path, std::string_view cwd) const {
  return dirs_.count(absolute(path, cwd)) > 0;
}

bool FileSystem::parent_exists(std::string_view path, std::string_view cwd) const {
  std::string abs = absolute(path, cwd);
  std::size_t slash = abs.rfind('/');
  std::string parent = slash == 0 ? "/" : abs.substr(0, slash);
  return dirs_.count(parent) > 0;
}

const std::string* FileSystem::read(std::string_view path, std::string_view cwd) const {
  const std::string* key = find(path, cwd);
  if (!key) return nullptr;
  return &files_.at(*key);
}

std::string FileSystem::open_for_write(std::string_view path, std::string_view cwd, bool truncate) {
  const std::string* existing = find(path, cwd);
  if (existing) {
    std::string key = *existing;
    if (truncate) {
      files_[key].clear();
      taints_.erase(key);
    }
    return key;
  }
  std::string key(path);
  std::string abs = absolute(path, cwd);
  files_[key];
  absolute_[abs] = key;
  add_parents(dirs_, abs);
  return key;
}

void FileSystem::append(const std::string& key, std::string_view text, const Taint& taint) {
  files_[key].append(text);
  if (!taint.empty()) merge_taint(taints_[key], taint);
}

bool FileSystem::remove(std::string_view path, std::string_view cwd) {
  const std::string* key = find(path, cwd);
  if (!key) return false;
  std::string k = *key;
  absolute_.erase(absolute(k, cwd));
  for (auto it = absolute_.begin(); it != absolute_.end();) {
    it = it->second == k ? absolute_.erase(it) : std::next(it);
  }
  taints_.erase(k);
  files_.erase(k);
  return true;
}

void FileSystem::remove_tree(std::string_view path, std::string_view cwd) {
  std::string abs = absolute(path, cwd);
  std::string prefix = abs == "/" ? "/" : abs + "/";
  for (auto it = absolute_.begin(); it != absolute_.end();) {
    if (it->first == abs || it->first.compare(0, prefix.size(), prefix) == 0) {
      files_.erase(it->second);
      taints_.erase(it->second);
      it = absolute_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = dirs_.begin(); it != dirs_.end();) {
    if (it->size() > 1 && (*it == abs || it->compare(0, prefix.size(), prefix) == 0)) {
      it = dirs_.erase(it);
    } else {
      ++it;
    }
  }
}

void FileSystem::make_dir(std::string_view path, std::string_view cwd) {
  std::string abs = absolute(path, cwd);
  if (dirs_.find(abs) != dirs_.end()) return;  // so are its parents
  add_parents(dirs_, abs);
  dirs_.insert(std::move(abs));
}

const Taint& FileSystem::taint_of(const std::string& key) const {
  auto it = taints_.find(key);
  return it == taints_.end() ? kNoTaint : it->second;
}

std::size_t FileSystem::size_of(const std::string& key) const {
  auto it = files_.find(key);
  return it == files_.end() ? 0 : it->second.size();
}

std::set<std::string> FileSystem::list(std::string_view dir, std::string_view cwd) const {
  std::string abs = absolute(dir, cwd);
  std::string prefix = abs == "/" ? "/" : abs + "/";
  std::set<std::string> names;
  auto take = [&](const std::string& p) {
    if (p.size() <= prefix.size() || p.compare(0, prefix.size(), prefix) != 0) return;
    std::string rest = p.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  };
  for (const auto& [a, key] : absolute_) take(a);
  for (const std::string& d : dirs_) take(d);
  return names;
}

}  // namespace ghaplay::scripts::bash
