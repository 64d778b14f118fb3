#pragma once
// Test-side conversion from JSON (read with rapidjson, independently of the engine's own reader)
// to ghaplay values, so expected results do not depend on the code under test.

#include <rapidjson/document.h>

#include <fstream>
#include <string>
#include <vector>

#include "ghaplay/value.h"

namespace ghaplay::testing {

inline Value to_value(const rapidjson::Value& json) {
  if (json.IsNull()) return Value();
  if (json.IsBool()) return Value(json.GetBool());
  if (json.IsNumber()) return Value(json.GetDouble());
  if (json.IsString()) return Value(std::string(json.GetString(), json.GetStringLength()));
  if (json.IsArray()) {
    std::vector<Value> items;
    for (const auto& item : json.GetArray()) items.push_back(to_value(item));
    return Value::array(std::move(items));
  }
  Value object = Value::object();
  for (const auto& member : json.GetObject())
    object.as_object().add(std::string(member.name.GetString(), member.name.GetStringLength()), to_value(member.value));
  return object;
}

// Reads a JSON-lines file; each line parsed into its own document.
inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace ghaplay::testing
