#pragma once
// Where each byte of a scalar's decoded text sits in the file. yaml-cpp gives only the node's
// mark; this walks the source from there, undoing what YAML did to the text:
// - plain and quoted scalars: content starts at the mark (after the opening quote); `''` in
//   single quotes and `\` escapes in double quotes are one decoded character at their first byte;
//   a folded line break maps to the break, and the next line's indentation is skipped;
// - `|` and `>` blocks: content starts on the line after the header, each line's block
//   indentation skipped (taken from the first non-empty line, or the explicit indicator).
// Exact for plain, single-quoted, double-quoted and literal-block scalars; a best effort (still
// within the scalar's lines) for folded blocks and unusual line folding.

#include <cstddef>
#include <vector>

#include "ghaplay/template.h"
#include "workflow/source_text.h"
#include "workflow/yaml_tree.h"

namespace ghaplay::workflow {

// offsets[i] is the source offset of node.value[i]; offsets[value.size()] is where it ends.
std::vector<std::size_t> scalar_source_offsets(const SourceText& source, const yaml::Node& node);

// A Locator for node.value; computes the offsets on first use.
Locator scalar_locator(const SourceText& source, const yaml::Node& node);

}  // namespace ghaplay::workflow
