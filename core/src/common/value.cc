#include "ghaplay/value.h"

#include "common/text.h"

namespace ghaplay {

std::size_t ObjectData::position(std::string_view key) const {
  if (!index_.empty()) {
    auto found = index_.find(text::fold_case(key));
    return found == index_.end() ? entries_.size() : found->second;
  }
  if (ascii_keys_ && text::is_ascii(key)) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].first.size() == key.size() && text::equals_ignore_case(entries_[i].first, key)) return i;
    return entries_.size();
  }
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (text::equals_ignore_case(entries_[i].first, key)) return i;
  return entries_.size();
}

void ObjectData::index_entry(std::size_t position) {
  if (ascii_keys_ && !text::is_ascii(entries_[position].first)) ascii_keys_ = false;
  if (entries_.size() < kIndexFrom) return;
  if (index_.empty()) {
    for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(text::fold_case(entries_[i].first), i);
  } else {
    index_.emplace(text::fold_case(entries_[position].first), position);
  }
}

bool ObjectData::add(std::string key, Value value) {
  if (position(key) != entries_.size()) return false;
  entries_.emplace_back(std::move(key), std::move(value));
  index_entry(entries_.size() - 1);
  return true;
}

void ObjectData::set(std::string key, Value value) {
  std::size_t found = position(key);
  if (found != entries_.size()) {
    entries_[found].second = std::move(value);
    return;
  }
  entries_.emplace_back(std::move(key), std::move(value));
  index_entry(entries_.size() - 1);
}

void ObjectData::add_json_member(std::string key, Value value) {
  std::size_t found = position(key);
  if (found == entries_.size()) {
    entries_.emplace_back(std::move(key), std::move(value));
    index_entry(entries_.size() - 1);
  } else if (entries_[found].first == key) {
    entries_[found].second = std::move(value);
  }
}

const Value* ObjectData::find(std::string_view key) const {
  std::size_t found = position(key);
  return found == entries_.size() ? nullptr : &entries_[found].second;
}

Value* ObjectData::find(std::string_view key) {
  std::size_t found = position(key);
  return found == entries_.size() ? nullptr : &entries_[found].second;
}

bool ObjectData::erase(std::string_view key) {
  std::size_t found = position(key);
  if (found == entries_.size()) return false;
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(found));
  index_.clear();
  if (entries_.size() >= kIndexFrom) index_entry(0);  // ascii_keys_ may stay false: it only slows
  return true;
}

Value Value::array(std::vector<Value> items, bool filtered) {
  auto data = std::make_shared<ArrayData>();
  data->items = std::move(items);
  data->filtered = filtered;
  return Value(std::move(data));
}

Value Value::object() { return Value(std::make_shared<ObjectData>()); }

const void* Value::identity() const {
  if (is_array()) return std::get<std::shared_ptr<ArrayData>>(data_).get();
  if (is_object()) return std::get<std::shared_ptr<ObjectData>>(data_).get();
  return nullptr;
}

Value Value::clone() const {
  if (is_array()) {
    std::vector<Value> items;
    items.reserve(as_array().items.size());
    for (const auto& item : as_array().items) items.push_back(item.clone());
    return array(std::move(items), as_array().filtered);
  }
  if (is_object()) {
    Value copy = object();
    for (const auto& [key, value] : as_object()) copy.as_object().add(key, value.clone());
    return copy;
  }
  return *this;
}

const char* kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Null: return "Null";
    case Value::Kind::Boolean: return "Boolean";
    case Value::Kind::Number: return "Number";
    case Value::Kind::String: return "String";
    case Value::Kind::Array: return "Array";
    case Value::Kind::Object: return "Object";
  }
  return "Null";
}

bool same_content(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Null: return true;
    case Value::Kind::Boolean: return a.as_bool() == b.as_bool();
    case Value::Kind::Number: return a.as_number() == b.as_number() || (a.as_number() != a.as_number() && b.as_number() != b.as_number());
    case Value::Kind::String: return a.as_string() == b.as_string();
    case Value::Kind::Array: {
      const auto& x = a.as_array().items;
      const auto& y = b.as_array().items;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same_content(x[i], y[i])) return false;
      return true;
    }
    case Value::Kind::Object: {
      const auto& x = a.as_object().entries();
      const auto& y = b.as_object().entries();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].first != y[i].first || !same_content(x[i].second, y[i].second)) return false;
      return true;
    }
  }
  return false;
}

}  // namespace ghaplay
