#include "scripts/python/value.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "common/shortest_digits.h"
#include "common/text.h"

namespace ghaplay::scripts::python {

thread_local ContainerLog* container_log = nullptr;

namespace {
thread_local std::vector<PyValue>* graveyard = nullptr;
}  // namespace

void bury(std::vector<PyValue>& values) noexcept {
  auto nested = [](const PyValue& v) { return v.is_seq() || v.is_dict() || v.is_object(); };
  if (graveyard) {
    // Inside the loop below: only hand the values over.
    for (auto& v : values)
      if (nested(v)) graveyard->push_back(std::move(v));
    values.clear();
    return;
  }
  std::vector<PyValue> pending;
  graveyard = &pending;
  for (auto& v : values)
    if (nested(v)) pending.push_back(std::move(v));
  values.clear();
  while (!pending.empty()) {
    PyValue last = std::move(pending.back());
    pending.pop_back();
    // `last` dies here; if it was the last owner, its own values come back into `pending`.
  }
  graveyard = nullptr;
}

PySeq::~PySeq() { bury(items); }

PyDict::~PyDict() {
  std::vector<PyValue> values;
  values.reserve(entries_.size() * 2);
  for (auto& [k, v] : entries_) {
    values.push_back(std::move(k));
    values.push_back(std::move(v));
  }
  entries_.clear();
  bury(values);
}

PyObject::~PyObject() {
  std::vector<PyValue> values = std::move(args);
  values.push_back(std::move(self));
  for (auto& d : defaults) values.push_back(std::move(d));
  bury(values);
}

namespace {
PyValue new_seq(PySeq::Kind kind, std::vector<PyValue> items) {
  auto s = std::make_shared<PySeq>();
  s->kind = kind;
  s->items = std::move(items);
  if (container_log) container_log->add(s);
  return PyValue(s);
}
}  // namespace

PyValue PyValue::list(std::vector<PyValue> items) { return new_seq(PySeq::Kind::List, std::move(items)); }
PyValue PyValue::tuple(std::vector<PyValue> items) { return new_seq(PySeq::Kind::Tuple, std::move(items)); }
PyValue PyValue::set(std::vector<PyValue> items) { return new_seq(PySeq::Kind::Set, std::move(items)); }

PyValue PyValue::dict() {
  auto d = std::make_shared<PyDict>();
  if (container_log) container_log->add(d);
  return PyValue(d);
}

void ContainerLog::add(const std::shared_ptr<PySeq>& s) {
  seqs_.push_back(s);
  compact();
}

void ContainerLog::add(const std::shared_ptr<PyDict>& d) {
  dicts_.push_back(d);
  compact();
}

// A weak_ptr keeps the memory of a make_shared allocation: drop the expired ones now and then.
void ContainerLog::compact() {
  if (seqs_.size() + dicts_.size() < next_compact_) return;
  std::erase_if(seqs_, [](const auto& w) { return w.expired(); });
  std::erase_if(dicts_, [](const auto& w) { return w.expired(); });
  next_compact_ = std::max<std::size_t>(4096, 2 * (seqs_.size() + dicts_.size()));
}

void ContainerLog::clear_all() {
  for (auto& w : seqs_)
    if (auto s = w.lock()) bury(s->items);
  for (auto& w : dicts_)
    if (auto d = w.lock()) d->clear();
  seqs_.clear();
  dicts_.clear();
}

std::shared_ptr<PyObject> make_object(PyObject::Kind kind, std::string name) {
  auto o = std::make_shared<PyObject>();
  o->kind = kind;
  o->name = std::move(name);
  return o;
}

const void* PyValue::identity() const {
  switch (kind()) {
    case Kind::Seq: return std::get<std::shared_ptr<PySeq>>(data_).get();
    case Kind::Dict: return std::get<std::shared_ptr<PyDict>>(data_).get();
    case Kind::Object: return std::get<std::shared_ptr<PyObject>>(data_).get();
    default: return nullptr;
  }
}

std::string PyDict::hash_key(const PyValue& key) {
  switch (key.kind()) {
    case PyValue::Kind::None: return "N";
    case PyValue::Kind::Bool: return key.as_bool() ? "n1" : "n0";
    case PyValue::Kind::Int: return "n" + std::to_string(key.as_int());
    case PyValue::Kind::Float: {
      double d = key.as_float();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) return "n" + std::to_string(static_cast<std::int64_t>(d));
      return "f" + float_repr(d);
    }
    case PyValue::Kind::Str: return "s" + key.as_str();
    case PyValue::Kind::Seq: {
      std::string out = "t(";
      for (const auto& item : key.seq().items) out += hash_key(item) + "\x1f";
      return out + ")";
    }
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "o%p", key.identity());
      return buf;
    }
  }
}

const PyValue* PyDict::find(const PyValue& key) const {
  auto found = index_.find(hash_key(key));
  return found == index_.end() ? nullptr : &entries_[found->second].second;
}

PyValue* PyDict::find(const PyValue& key) {
  auto found = index_.find(hash_key(key));
  return found == index_.end() ? nullptr : &entries_[found->second].second;
}

void PyDict::set(const PyValue& key, PyValue value) {
  auto h = hash_key(key);
  auto found = index_.find(h);
  if (found != index_.end()) {
    entries_[found->second].second = std::move(value);
    return;
  }
  index_.emplace(std::move(h), entries_.size());
  entries_.emplace_back(key, std::move(value));
}

void PyDict::clear() {
  std::vector<PyValue> values;
  values.reserve(entries_.size() * 2);
  for (auto& [k, v] : entries_) {
    values.push_back(std::move(k));
    values.push_back(std::move(v));
  }
  entries_.clear();
  index_.clear();
  bury(values);
}

bool PyDict::erase(const PyValue& key) {
  auto found = index_.find(hash_key(key));
  if (found == index_.end()) return false;
  std::size_t pos = found->second;
  index_.erase(found);
  std::vector<PyValue> dead{std::move(entries_[pos].first), std::move(entries_[pos].second)};
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(pos));
  if (pos < entries_.size()) {
    for (auto& [h, i] : index_)
      if (i > pos) --i;
  }
  bury(dead);
  return true;
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  // Shortest round-trip digits (std::to_chars for doubles is missing from Emscripten's libc++).
  auto shortest = text::shortest_digits(d);
  bool negative = shortest.negative;
  const std::string& digits = shortest.digits;
  int exponent = shortest.exponent;
  std::string out;
  if (exponent >= 16 || exponent < -4) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    std::string ex = std::to_string(std::abs(exponent));
    if (ex.size() < 2) ex = "0" + ex;
    out += (exponent < 0 ? "e-" : "e+") + ex;
  } else if (exponent < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  } else {
    auto int_digits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_digits) {
      out = digits + std::string(int_digits - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, int_digits) + "." + digits.substr(int_digits);
    }
  }
  return negative ? "-" + out : out;
}

std::string str_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t c = text::decode_utf8(s, i);
    switch (c) {
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c == static_cast<char32_t>(quote)) {
      out += '\\';
      out += quote;
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else if (c >= 0x80 && c < 0xA0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out += quote;
  return out;
}

}  // namespace ghaplay::scripts::python
