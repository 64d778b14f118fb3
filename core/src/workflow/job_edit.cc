#include <algorithm>
#include <cstdint>
#include <cstring>

#include "workflow/job_layout.h"

namespace ghaplay::workflow {
namespace {

// Eight bytes at a time, then single ones: a byte at a time, finding the edit in a 120 KB text was
// a measurable part of each key's call, and so was a memcmp of blocks in WebAssembly, whose C
// library compares a byte at a time.
constexpr std::size_t kWord = sizeof(std::uint64_t);

std::uint64_t word_at(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, kWord);
  return word;
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t limit = std::min(a.size(), b.size());
  std::size_t n = 0;
  while (n + kWord <= limit && word_at(a.data() + n) == word_at(b.data() + n)) n += kWord;
  while (n < limit && a[n] == b[n]) ++n;
  return n;
}

std::size_t common_suffix(std::string_view a, std::string_view b, std::size_t limit) {
  std::size_t n = 0;
  while (n + kWord <= limit && word_at(a.data() + a.size() - n - kWord) == word_at(b.data() + b.size() - n - kWord))
    n += kWord;
  while (n < limit && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  return n;
}

// Every line after the first of `lines` is blank, a comment, or indented by more than `indent`
// spaces: it then belongs to the job's value wherever the job's lines are read. A line indented
// less, or by a tab, might end the job or be read differently within the file.
bool lines_stay_inside(std::string_view lines, std::size_t indent) {
  std::size_t at = lines.find('\n');
  while (at != std::string_view::npos && at + 1 < lines.size()) {
    std::size_t start = at + 1;
    std::size_t end = lines.find('\n', start);
    std::string_view line = lines.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::size_t spaces = line.find_first_not_of(' ');
    if (spaces != std::string_view::npos && spaces <= indent) {
      std::size_t content = line.find_first_not_of(" \t\r");
      if (content != std::string_view::npos && line[content] != '#') return false;
    }
    at = end;
  }
  return true;
}

}  // namespace

std::optional<JobEdit> find_job_edit(const JobLayout& layout, std::string_view old_text, std::string_view new_text) {
  if (layout.jobs.empty() || old_text == new_text) return std::nullopt;
  std::size_t prefix = common_prefix(old_text, new_text);
  std::size_t suffix = common_suffix(old_text, new_text, std::min(old_text.size(), new_text.size()) - prefix);
  std::size_t old_changed_end = old_text.size() - suffix;
  std::size_t new_changed_end = new_text.size() - suffix;

  // The job whose lines the first changed byte is in; a change at the very end of a file whose
  // jobs come last belongs to the last job.
  auto after = std::upper_bound(layout.jobs.begin(), layout.jobs.end(), prefix,
                                [](std::size_t offset, const JobSpan& span) { return offset < span.begin; });
  if (after == layout.jobs.begin()) return std::nullopt;
  auto index = static_cast<std::size_t>(after - layout.jobs.begin()) - 1;
  bool last = index + 1 == layout.jobs.size();
  std::size_t old_end = last ? layout.jobs_end : layout.jobs[index + 1].begin;
  if (old_changed_end > old_end || (prefix == old_end && old_end != old_text.size())) return std::nullopt;
  // The job's key and what comes before it on its line stay as they were.
  if (prefix <= layout.jobs[index].key_offset) return std::nullopt;

  JobEdit edit;
  edit.job = index;
  edit.begin = layout.jobs[index].begin;
  edit.shift = static_cast<std::ptrdiff_t>(new_text.size()) - static_cast<std::ptrdiff_t>(old_text.size());
  edit.end = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(old_end) + edit.shift);
  if (edit.end <= edit.begin) return std::nullopt;
  // What follows the job must still start a line, on the line it started on.
  if (edit.end < new_text.size()) {
    if (new_text[edit.end - 1] != '\n') return std::nullopt;
    auto lines_in = [](std::string_view text, std::size_t from, std::size_t to) {
      return std::count(text.begin() + static_cast<std::ptrdiff_t>(from), text.begin() + static_cast<std::ptrdiff_t>(to), '\n');
    };
    if (lines_in(old_text, prefix, old_changed_end) != lines_in(new_text, prefix, new_changed_end)) return std::nullopt;
  }
  const JobSpan& span = layout.jobs[index];
  if (!lines_stay_inside(new_text.substr(edit.begin, edit.end - edit.begin), span.key_offset - span.begin)) {
    return std::nullopt;
  }
  return edit;
}

}  // namespace ghaplay::workflow
