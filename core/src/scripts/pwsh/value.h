#pragma once
// The values of the PowerShell subset: $null, booleans, 64-bit integers, doubles, strings, arrays,
// property bags (hashtables, [pscustomobject], error records) and script blocks.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ghaplay::scripts::pwsh {

struct Block;
class PsValue;

using PsArray = std::vector<PsValue>;

// Ordered, case-insensitive keys. `display` is what the object turns into as a string (an error
// record shows its message); empty means the type name.
struct PsObject {
  std::vector<std::pair<std::string, PsValue>> properties;
  std::string type_name = "System.Collections.Hashtable";
  std::string display;
  bool is_hashtable = true;

  const PsValue* find(std::string_view key) const;
  PsValue* find(std::string_view key);
  void set(std::string key, PsValue value);
};

struct PsScriptBlock {
  std::shared_ptr<const Block> body;
  std::string text;  // the source between the braces, for "$block"
};

class PsValue {
 public:
  enum class Kind { Null, Bool, Int, Double, String, Array, Object, ScriptBlock };

  PsValue() = default;
  PsValue(std::nullptr_t) {}
  PsValue(bool b) : data_(b) {}
  PsValue(int i) : data_(static_cast<std::int64_t>(i)) {}
  PsValue(std::int64_t i) : data_(i) {}
  PsValue(double d) : data_(d) {}
  PsValue(std::string s) : data_(std::move(s)) {}
  PsValue(const char* s) : data_(std::string(s)) {}
  PsValue(std::shared_ptr<PsArray> a) : data_(std::move(a)) {}
  PsValue(std::shared_ptr<PsObject> o) : data_(std::move(o)) {}
  PsValue(std::shared_ptr<PsScriptBlock> b) : data_(std::move(b)) {}

  static PsValue array(PsArray items = {}) { return PsValue(std::make_shared<PsArray>(std::move(items))); }

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_double() const { return kind() == Kind::Double; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return kind() == Kind::String; }
  bool is_array() const { return kind() == Kind::Array; }
  bool is_object() const { return kind() == Kind::Object; }
  bool is_block() const { return kind() == Kind::ScriptBlock; }

  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  double as_double() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const PsArray& as_array() const { return *std::get<std::shared_ptr<PsArray>>(data_); }
  PsArray& as_array() { return *std::get<std::shared_ptr<PsArray>>(data_); }
  const PsObject& as_object() const { return *std::get<std::shared_ptr<PsObject>>(data_); }
  PsObject& as_object() { return *std::get<std::shared_ptr<PsObject>>(data_); }
  const PsScriptBlock& as_block() const { return *std::get<std::shared_ptr<PsScriptBlock>>(data_); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<PsArray>,
               std::shared_ptr<PsObject>, std::shared_ptr<PsScriptBlock>>
      data_;
};

// .NET's Double.ToString(): shortest round-trip digits, exponent form from 1E+15 and below 1E-05.
std::string format_double(double d);

}  // namespace ghaplay::scripts::pwsh
