#pragma once
// The values of GitHub's expression language: null, boolean, number, string, array and object.
// Objects have case-insensitive keys that keep insertion order and their first spelling.
// Arrays and objects are shared by reference: `==` on them compares identity, as GitHub does.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace ghaplay {

class Value;

struct ArrayData {
  std::vector<Value> items;
  // The result of a `.*` filter: indexing it maps over its items instead of picking one.
  bool filtered = false;
};

class ObjectData {
 public:
  using Entry = std::pair<std::string, Value>;

  // Adds a key unless one with the same case-folded name exists (the first one wins, as in
  // GitHub's engine). Returns whether it was added.
  bool add(std::string key, Value value);
  // Adds or replaces; a replaced key keeps its first spelling (how step outputs behave).
  void set(std::string key, Value value);
  // A member read from JSON: JSON.parse lets a repeated key's last value win, then the first
  // spelling among keys that differ only in case is kept. So a key spelled as the kept one
  // replaces its value, and any other spelling of it is dropped.
  void add_json_member(std::string key, Value value);
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  bool erase(std::string_view key);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void reserve(std::size_t entries) { entries_.reserve(entries); }
  const std::vector<Entry>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  static constexpr std::size_t kIndexFrom = 16;

  std::size_t position(std::string_view key) const;  // size() when absent
  void index_entry(std::size_t position);

  std::vector<Entry> entries_;
  bool ascii_keys_ = true;  // every key is ASCII: keys of different lengths never match
  // Folded key -> position in entries_, kept from kIndexFrom entries on: a smaller object is
  // searched in place, comparing keys without folding them (no allocation).
  std::unordered_map<std::string, std::size_t> index_;
};

class Value {
 public:
  enum class Kind { Null, Boolean, Number, String, Array, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(double d) : data_(d) {}
  Value(int i) : data_(static_cast<double>(i)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(std::shared_ptr<ArrayData> a) : data_(std::move(a)) {}
  Value(std::shared_ptr<ObjectData> o) : data_(std::move(o)) {}

  static Value array(std::vector<Value> items = {}, bool filtered = false);
  static Value object();

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Boolean; }
  bool is_number() const { return kind() == Kind::Number; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_array() const { return kind() == Kind::Array; }
  bool is_object() const { return kind() == Kind::Object; }
  bool is_primitive() const { return kind() <= Kind::String; }

  bool as_bool() const { return std::get<bool>(data_); }
  double as_number() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const ArrayData& as_array() const { return *std::get<std::shared_ptr<ArrayData>>(data_); }
  ArrayData& as_array() { return *std::get<std::shared_ptr<ArrayData>>(data_); }
  const ObjectData& as_object() const { return *std::get<std::shared_ptr<ObjectData>>(data_); }
  ObjectData& as_object() { return *std::get<std::shared_ptr<ObjectData>>(data_); }

  // Identity of an array or object (for `==`); null for primitives.
  const void* identity() const;

  // A deep copy: arrays and objects get new identities.
  Value clone() const;

 private:
  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<ArrayData>,
               std::shared_ptr<ObjectData>>
      data_;
};

const char* kind_name(Value::Kind kind);  // "Null" | "Boolean" | "Number" | "String" | "Array" | "Object"

// Structural equality (arrays and objects compared by content, keys case-insensitively, in order).
// For tests and goldens; the expression language's `==` is in expr/.
bool same_content(const Value& a, const Value& b);

}  // namespace ghaplay
