#include "workflow/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <new>
#include <set>
#include <sstream>

#include "common/text.h"

namespace ghaplay::workflow::yaml {
namespace {

// Thrown from the event handler to stop yaml-cpp's parser; caught in parse().
struct LimitStop {
  std::string message;
  std::size_t offset;
};

// The second `---` document: stops the parse without building it.
struct SecondDocument {
  std::size_t offset;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// yaml-cpp's mark of a node with an anchor or a tag points at `&name` / `!tag`: skip them.
std::size_t content_offset(const std::string& text, std::size_t offset) {
  for (int k = 0; k < 4 && offset < text.size() && (text[offset] == '&' || text[offset] == '!'); ++k) {
    while (offset < text.size() && !is_space(text[offset])) ++offset;
    while (offset < text.size() && is_space(text[offset])) ++offset;
  }
  return std::min(offset, text.size());
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceText& source, const Limits& limits, std::size_t base)
      : source_(source), limits_(limits), base_(base) {}

  NodePtr root() const { return root_; }
  bool anchors_used() const { return anchors_used_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) throw SecondDocument{mark_offset(mark)};
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto node = make(Node::Kind::Null, mark);
    std::string_view rest = std::string_view(source_.text()).substr(node->offset);
    bool written = rest.substr(0, 1) == "~" || rest.substr(0, 4) == "null" || rest.substr(0, 4) == "Null" ||
                   rest.substr(0, 4) == "NULL";
    node->implicit_null = !written;
    remember(anchor, node);
    add(node);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    anchors_used_ = true;
    auto found = anchors_.find(anchor);
    if (found == anchors_.end()) return;  // yaml-cpp reports unknown anchors itself
    const auto& target = found->second;
    std::string name = anchor_names_.count(anchor) ? anchor_names_[anchor] : std::string("?");
    if (open_.count(target.get())) {
      throw LimitStop{"The alias *" + name +
                          " refers to a node that contains it: the value would be infinite. Use the anchor "
                          "outside the node it names.",
                      mark_offset(mark)};
    }
    alias_nodes_ += target->expanded_size;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      throw LimitStop{"Aliases expand to more than " + std::to_string(limits_.max_alias_nodes) +
                          " nodes (the alias *" + name +
                          " pushed it over). ghaplay refuses such files, which are usually an alias bomb; "
                          "reuse smaller anchors or write the values out.",
                      mark_offset(mark)};
    }
    add(target);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto node = make(Node::Kind::Scalar, mark);
    node->value = value;
    node->string_tag = tag == "tag:yaml.org,2002:str";
    if (tag != "?") {
      char c = node->offset < source_.size() ? source_.text()[node->offset] : '\0';
      switch (c) {
        case '\'': node->style = ScalarStyle::SingleQuoted; break;
        case '"': node->style = ScalarStyle::DoubleQuoted; break;
        case '|': node->style = ScalarStyle::Literal; break;
        case '>': node->style = ScalarStyle::Folded; break;
        default: node->style = ScalarStyle::Plain; break;
      }
    }
    remember(anchor, node);
    add(node);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::Mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

 private:
  struct Open {
    std::shared_ptr<Node> node;
    NodePtr pending_key;
  };

  std::size_t mark_offset(const YAML::Mark& mark) const {
    return std::min(base_ + (mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos)), source_.size());
  }

  std::shared_ptr<Node> make(Node::Kind kind, const YAML::Mark& mark) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->offset = content_offset(source_.text(), mark_offset(mark));
    node->position = source_.position_of(node->offset);
    return node;
  }

  void remember(YAML::anchor_t anchor, const NodePtr& node) {
    if (anchor == 0) return;
    anchors_used_ = true;
    anchors_[anchor] = node;
    anchor_names_[anchor] = pending_anchor_name_;
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    auto node = make(kind, mark);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      throw LimitStop{"The YAML nests deeper than " + std::to_string(limits_.max_depth) +
                          " levels; ghaplay stops reading here. Flatten the structure.",
                      node->offset};
    }
    remember(anchor, node);
    open_.insert(node.get());
    stack_.push_back({node, nullptr});
  }

  void close() {
    auto node = stack_.back().node;
    stack_.pop_back();
    open_.erase(node.get());
    std::size_t size = 1;
    auto grow = [&](const NodePtr& child) {
      if (child) size = std::min(size + child->expanded_size, kSizeCap);
    };
    for (const auto& item : node->items) grow(item);
    for (const auto& [key, value] : node->entries) {
      grow(key);
      grow(value);
    }
    node->expanded_size = size;
    add(node);
  }

  void add(const NodePtr& node) {
    if (stack_.empty()) {
      root_ = node;
      return;
    }
    auto& top = stack_.back();
    if (top.node->kind == Node::Kind::Sequence) {
      top.node->items.push_back(node);
    } else if (!top.pending_key) {
      top.pending_key = node;
    } else {
      top.node->entries.emplace_back(std::move(top.pending_key), node);
      top.pending_key = nullptr;
    }
  }

  // Half the address space: never reached, and it fits a 32-bit size_t (WebAssembly).
  static constexpr std::size_t kSizeCap = static_cast<std::size_t>(-1) / 2;

  const SourceText& source_;
  const Limits& limits_;
  std::size_t base_;  // where the parsed range starts in source_: yaml-cpp counts from there
  NodePtr root_;
  std::vector<Open> stack_;
  std::set<const Node*> open_;  // containers still being read
  std::map<YAML::anchor_t, NodePtr> anchors_;
  std::map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_anchor_name_;
  std::size_t alias_nodes_ = 0;
  int documents_ = 0;
  bool anchors_used_ = false;
};

Diagnostic make_diagnostic(DiagnosticCode code, std::string message, SourcePosition position) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = code;
  d.message = std::move(message);
  d.position = position;
  return d;
}

// GitHub reads workflow files as UTF-8; YAML forbids C0 control characters other than tab, line
// feed and carriage return, and DEL. Reports the first offending byte.
bool check_characters(const SourceText& source, std::size_t begin, std::size_t end, Diagnostics& out) {
  std::string_view text = std::string_view(source.text()).substr(0, end);
  std::size_t i = begin;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", byte);
        out.push_back(make_diagnostic(DiagnosticCode::YamlSyntax,
                                      std::string("Invalid YAML: the control character ") + code +
                                          " is not allowed in a YAML file. Remove it (is this a binary file?).",
                                      source.position_of(i)));
        return false;
      }
      ++i;
      continue;
    }
    std::size_t start = i;
    char32_t cp = text::decode_utf8(text, i);
    if (cp == 0xFFFD && text.compare(start, 3, "\xEF\xBF\xBD") != 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", byte);
      out.push_back(make_diagnostic(DiagnosticCode::YamlSyntax,
                                    std::string("Invalid YAML: the byte ") + hex +
                                        " is not UTF-8. Save the file as UTF-8 (is this a binary file?).",
                                    source.position_of(start)));
      return false;
    }
  }
  return true;
}

}  // namespace

std::string readable_yaml_error(const std::string& message) {
  struct Known {
    const char* yaml_cpp;
    const char* readable;
  };
  static const Known kKnown[] = {
      {YAML::ErrorMsg::MAP_VALUE,
       "a `:` is not allowed here. Check the indentation, quote values that contain `: `, and never "
       "indent with tabs"},
      {YAML::ErrorMsg::END_OF_MAP,
       "this line does not fit the mapping above it. Keys of one mapping must line up at the same "
       "indentation"},
      {YAML::ErrorMsg::END_OF_SEQ,
       "this line does not fit the list above it. Items of one list must start with `-` at the same "
       "indentation"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "a `{` mapping is not closed: add the missing `}`"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "a `[` list is not closed: add the missing `]`"},
      {YAML::ErrorMsg::FLOW_END, "a `]` or `}` closes nothing here"},
      {YAML::ErrorMsg::BLOCK_ENTRY,
       "a `-` list item is not allowed here. Put the list under its key on the following lines, indented"},
      {YAML::ErrorMsg::MAP_KEY, "a `?` mapping key is not allowed here"},
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "a tab is used for indentation. YAML indents with spaces only"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR, "this alias names an anchor (`&name`) that is not defined before it"},
      {YAML::ErrorMsg::ALIAS_CONTENT, "an alias (`*name`) cannot have content or a tag of its own"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "a quoted string is not closed before the end of the file"},
      {YAML::ErrorMsg::DOC_IN_SCALAR, "a `---` or `...` line interrupts a quoted string"},
      {YAML::ErrorMsg::CHAR_IN_SCALAR, "a character that is not allowed in a plain (unquoted) value: quote it"},
      {YAML::ErrorMsg::CHAR_IN_BLOCK,
       "unexpected text after a `|` or `>` block indicator. Only `+`, `-`, a digit or a comment may follow it"},
      {YAML::ErrorMsg::UNKNOWN_TOKEN, "this text cannot start a YAML value (quote it)"},
      {YAML::ErrorMsg::SINGLE_QUOTED_CHAR, "a character that is not allowed in a single-quoted string"},
      {YAML::ErrorMsg::MULTIPLE_ANCHORS, "a value has two anchors"},
      {YAML::ErrorMsg::MULTIPLE_TAGS, "a value has two tags"},
  };
  for (const auto& known : kKnown) {
    if (message == known.yaml_cpp) return std::string("Invalid YAML: ") + known.readable + " (" + message + ").";
  }
  if (message.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0) {
    return "Invalid YAML: a double-quoted string uses an unknown escape (" + message +
           "). Write `\\\\` for a backslash, or use single quotes.";
  }
  return "Invalid YAML: " + message + ".";
}

ParseResult parse(const SourceText& source, const Limits& limits) { return parse_range(source, 0, source.size(), {}, limits); }

ParseResult parse_range(const SourceText& source, std::size_t begin, std::size_t end, std::string_view after,
                        const Limits& limits) {
  ParseResult result;
  end = std::min(end, source.size());
  begin = std::min(begin, end);
  if (!check_characters(source, begin, end, result.diagnostics)) return result;
  TreeBuilder builder(source, limits, begin);
  try {
    std::string text = source.text().substr(begin, end - begin);
    text += after;
#ifdef GHAPLAY_YAML_CPP_READS_BYTES
    // Without a std::istream, the engine links none of libc++'s iostreams and locales
    // (cmake/Dependencies.cmake).
    YAML::Parser parser(text.data(), text.size());
#else
    std::istringstream stream(std::move(text));
    YAML::Parser parser(stream);
#endif
    while (parser.HandleNextDocument(builder)) {
    }
    result.root = builder.root();
    result.anchors_used = builder.anchors_used();
  } catch (const SecondDocument& second) {
    result.diagnostics.push_back(make_diagnostic(
        DiagnosticCode::YamlSyntax,
        "Invalid workflow: the file holds more than one YAML document (a second one starts here). A workflow "
        "file is a single document: remove the `---` line and what follows, or move it to its own file.",
        source.position_of(second.offset)));
  } catch (const LimitStop& stop) {
    result.diagnostics.push_back(
        make_diagnostic(DiagnosticCode::LimitExceeded, stop.message, source.position_of(stop.offset)));
  } catch (const YAML::Exception& error) {
    SourcePosition position;
    if (!error.mark.is_null() && error.mark.pos >= 0) {
      position = source.position_of(static_cast<std::size_t>(error.mark.pos));
    }
    result.diagnostics.push_back(
        make_diagnostic(DiagnosticCode::YamlSyntax, readable_yaml_error(error.msg), position));
  } catch (const std::bad_alloc&) {
    result.diagnostics.push_back(make_diagnostic(
        DiagnosticCode::LimitExceeded, "ghaplay ran out of memory while reading the YAML.", SourcePosition{}));
  }
  return result;
}

}  // namespace ghaplay::workflow::yaml
