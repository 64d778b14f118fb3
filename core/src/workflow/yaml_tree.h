#pragma once
// The first stage of loading: YAML text to a small tree of nodes with positions, built from
// yaml-cpp's parser events. It never throws and enforces ghaplay's safety limits:
// - nesting deeper than Limits::max_depth stops the parse (limit-exceeded);
// - an alias is the anchored node itself (shared, never copied); the nodes reachable through all
//   aliases together are counted while parsing, and more than Limits::max_alias_nodes stops the
//   parse (limit-exceeded): a "billion laughs" file is refused before anything walks it;
// - an alias to a node that contains it (a cycle) is refused the same way;
// - bytes that are not UTF-8, and control characters YAML forbids, are yaml-syntax errors (GitHub
//   reads workflows as UTF-8; yaml-cpp would otherwise guess UTF-16/32 from NUL bytes).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/source_position.h"
#include "workflow/source_text.h"

namespace ghaplay::workflow::yaml {

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
  enum class Kind { Null, Scalar, Sequence, Mapping };

  Kind kind = Kind::Null;
  std::string value;  // a scalar's decoded text; empty for null
  ScalarStyle style = ScalarStyle::Plain;
  bool string_tag = false;     // `!!str`: a string whatever it looks like
  bool implicit_null = false;  // nothing written (`key:`), as opposed to `null` or `~`
  std::size_t offset = 0;      // byte offset of the content, after any anchor or tag
  SourcePosition position;     // of `offset`
  std::vector<NodePtr> items;                        // a sequence's items
  std::vector<std::pair<NodePtr, NodePtr>> entries;  // a mapping's key/value pairs, in file order
  std::size_t expanded_size = 1;                     // nodes in this subtree with aliases expanded

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_null() const { return kind == Kind::Null; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }
};

struct Limits {
  int max_depth = 100;
  std::size_t max_alias_nodes = 10000;
};

struct ParseResult {
  NodePtr root;  // null for an empty document or when parsing failed
  Diagnostics diagnostics;
  bool anchors_used = false;  // an anchor or an alias: a part of the text may depend on another
};

ParseResult parse(const SourceText& source, const Limits& limits = {});
// The bytes [begin, end) of `source` alone, as if they were the whole file, then `after`, with
// offsets and positions in `source` (those of `after`'s nodes mean nothing): an edit inside one job
// re-reads that job's lines only, and `after` shows where they end.
ParseResult parse_range(const SourceText& source, std::size_t begin, std::size_t end, std::string_view after,
                        const Limits& limits = {});

// yaml-cpp's terse message ("illegal map value") as a sentence that says what to fix.
std::string readable_yaml_error(const std::string& message);

}  // namespace ghaplay::workflow::yaml
