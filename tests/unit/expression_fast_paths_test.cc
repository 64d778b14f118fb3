// The expression engine's fast paths against the slow ones they stand in for: each must give the
// same bytes (evaluate()'s JSON, number text, comparisons, object keys, error messages). The
// expected texts were printed by the engine before the fast paths (parse errors as exceptions).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/shortest_digits.h"
#include "common/text.h"
#include "expr/coercion.h"
#include "expr/lexer.h"
#include "ghaplay/api.h"
#include "ghaplay/expression.h"
#include "json/value_json.h"

namespace ghaplay {
namespace {

// The result JSON as rapidjson's writer builds it, value by value (what json::write_value did
// before it placed append_value's text): rapidjson's own escapes and Int64, JavaScript's digits.
void write_with_rapidjson(json::Writer& writer, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: writer.Null(); return;
    case Value::Kind::Boolean: writer.Bool(value.as_bool()); return;
    case Value::Kind::Number: {
      double n = value.as_number();
      if (!std::isfinite(n)) {
        std::string text = expr::js_number_to_string(n);
        writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
      } else if (n == 0 && std::signbit(n)) {
        writer.RawValue("-0", 2, rapidjson::kNumberType);
      } else if (n == std::floor(n) && std::fabs(n) < 9007199254740992.0) {
        writer.Int64(static_cast<int64_t>(n));
      } else {
        std::string digits = expr::js_number_to_string(n);
        writer.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
      }
      return;
    }
    case Value::Kind::String:
      writer.String(value.as_string().data(), static_cast<rapidjson::SizeType>(value.as_string().size()));
      return;
    case Value::Kind::Array:
      writer.StartArray();
      for (const auto& item : value.as_array().items) write_with_rapidjson(writer, item);
      writer.EndArray();
      return;
    case Value::Kind::Object:
      writer.StartObject();
      for (const auto& [key, item] : value.as_object()) {
        writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_with_rapidjson(writer, item);
      }
      writer.EndObject();
      return;
  }
}

std::string with_rapidjson(const Value& value) {
  rapidjson::StringBuffer buffer;
  json::Writer writer(buffer);
  write_with_rapidjson(writer, value);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string appended(const Value& value) {
  std::string out;
  json::append_value(out, value);
  return out;
}

TEST(ExpressionFastPaths, AppendValueWritesWhatRapidjsonWrites) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  std::vector<Value> values = {
      Value(), Value(true), Value(false), Value(0.0), Value(-0.0), Value(1.0), Value(-1.0), Value(0.1),
      Value(1e21), Value(-1e21), Value(9007199254740991.0), Value(9007199254740992.0), Value(-9007199254740993.0),
      Value(1e-7), Value(123.456), Value(NAN), Value(INFINITY), Value(-INFINITY), Value(5e-324),
      Value(std::string("")), Value(std::string("plain")), Value(std::string("q\"b\\s/\b\f\n\r\t\v\x7f")),
      Value(std::string("\0nul", 4)), Value(std::string("caf\xc3\xa9 \xf0\x9f\x98\x80 \xff\xfe")), Value(every_byte),
  };
  Value object = Value::object();
  object.as_object().add("k\"ey\n", Value(std::string("v")));
  object.as_object().add("n", Value(2.5));
  object.as_object().add("a", Value::array({Value(1.0), Value(), Value::object(), Value::array()}));
  values.push_back(object);
  values.push_back(Value::array(values));
  for (const auto& value : values) EXPECT_EQ(appended(value), with_rapidjson(value));
}

TEST(ExpressionFastPaths, DecimalToDoubleReadsAsStrtod) {
  std::vector<std::string> literals = {"0", "-0", "+0", "0.0", ".5", "5.", "-.5", "1e0", "1E+2", "1e-2", "12.5e-3",
                                      "0.1", "0.3", "123456789012345", "1234567890123456", "12345678901234567890",
                                      "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "1.7976931348623157e308",
                                      "2e308", "5e-324", "1e-400", "0.000000000000000000000000001", "1e0005",
                                      "000123.4500", "4.35", "8.41", "0.0000001", "99999999999999.99"};
  std::mt19937_64 random(6);
  for (int i = 0; i < 20000; ++i) {
    std::string literal = std::to_string(random() % 1000000000000000ULL);
    int point = static_cast<int>(random() % (literal.size() + 1));
    literal.insert(static_cast<std::size_t>(point), ".");
    if (random() % 3 == 0) literal += "e" + std::to_string(static_cast<int>(random() % 61) - 30);
    if (random() % 2) literal.insert(0, "-");
    literals.push_back(literal);
  }
  for (const auto& literal : literals) {
    double expected = std::strtod(literal.c_str(), nullptr);
    double got = expr::decimal_to_double(literal);
    EXPECT_EQ(std::signbit(got), std::signbit(expected)) << literal;
    EXPECT_EQ(got, expected) << literal;
  }
}

TEST(ExpressionFastPaths, WholeNumbersPrintAsTheirDigits) {
  for (double n : {1.0, -1.0, 42.0, 1e15, -1e15, 9007199254740991.0, -9007199254740991.0, 123456789.0}) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.0f", n);
    EXPECT_EQ(expr::js_number_to_string(n), buffer);
    EXPECT_EQ(expr::format_number(n), buffer);
  }
  EXPECT_EQ(expr::js_number_to_string(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(expr::js_number_to_string(1e21), "1e+21");
  EXPECT_EQ(expr::format_number(0.1 + 0.2), "0.3");
}

// js_number_to_string and format_number as they were: text::shortest_digits (snprintf until the
// text reads back) for every number, laid out as JavaScript does (js_layout, which the fast paths
// share), and format_number through "%.15f".
std::string reference_js(double number) {
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
  if (number == 0) return "0";
  return expr::js_layout(text::shortest_digits(number));
}

std::string reference_format(double number) {
  if (number == 0) return "0";
  if (std::isfinite(number) && std::fabs(number) < 1e21) {
    char buffer[400];
    std::snprintf(buffer, sizeof buffer, "%.15f", number);
    return reference_js(std::strtod(buffer, nullptr));
  }
  return reference_js(number);
}

TEST(ExpressionFastPaths, NumbersPrintAsWithSnprintf) {
  std::vector<double> numbers = {0.1, 0.2, 0.1 + 0.2, 1.9, 1.2, 123456.789, 0.84551240822557006, 1e-7, 1.5e-7,
                                 4.35, 8.41, 7.999999999999999, 8.000000000000002, 15.999999999999998, 1e21, 1e-300,
                                 5e-324, 1.7976931348623157e308, 9.999999999999999e22, 1e23, 0.000001, 123e-20,
                                 1.0 / 3, 2.0 / 3, 1.0 / 65536, 3.0 / 65536, 0.30000000000000004, 99.99, 1e15 + 0.5,
                                 4503599627370495.5, 2.5, 0.5, 1e-15, 5e-16, 4e-16, 1.25e-15, 7.000000000000001};
  std::mt19937_64 random(21);
  for (int i = 0; i < 10000; ++i) {
    std::uint64_t bits = random();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) numbers.push_back(any);
    // Short decimals, the common case: up to 15 digits at an exponent from -25 to 25.
    double mantissa = static_cast<double>(random() % 1000000000000000ULL) / std::pow(10.0, static_cast<double>(random() % 16));
    numbers.push_back(mantissa * std::pow(10.0, static_cast<double>(static_cast<int>(random() % 51) - 25)));
    numbers.push_back(static_cast<double>(random() % 100000) / 1000.0);
    numbers.push_back(static_cast<double>(random() % 1600000) / 100000.0);
  }
  for (double number : numbers) {
    for (double n : {number, -number}) {
      ASSERT_EQ(expr::js_number_to_string(n), reference_js(n)) << n;
      ASSERT_EQ(expr::format_number(n), reference_format(n)) << n;
    }
  }
}

// The comparison GitHub makes: upper-cased, then by UTF-16 code units.
int reference_compare(const std::string& left, const std::string& right) {
  auto units = [](const std::string& s) {
    std::u16string out;
    std::string upper = text::to_upper_special(s);
    std::size_t i = 0;
    while (i < upper.size()) {
      char32_t cp = text::decode_utf8(upper, i);
      if (cp >= 0x10000) {
        out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
        out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      } else {
        out.push_back(static_cast<char16_t>(cp));
      }
    }
    return out;
  };
  int c = units(left).compare(units(right));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

TEST(ExpressionFastPaths, CompareIgnoreCaseKeepsGitHubsOrder) {
  std::vector<std::string> words = {"", "a", "A", "b", "B", "ab", "AB", "aB", "abc", "_", "[", "`", "{", "~", "@",
                                    "z", "Z", "0", "9", "\x7f", "\xc3\xa9", "\xc3\x89", "a\xc3\xa9", "A\xc3\x89",
                                    "\xc4\xb1", "i", "I", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xff", "ab\xff"};
  for (const auto& left : words)
    for (const auto& right : words) {
      int got = expr::compare_ignore_case(left, right);
      EXPECT_EQ(got < 0 ? -1 : got > 0 ? 1 : 0, reference_compare(left, right)) << left << " vs " << right;
    }
}

TEST(ExpressionFastPaths, ObjectKeysMatchCaseInsensitivelySmallOrIndexed) {
  for (int size : {3, 40, 100}) {
    ObjectData object;
    for (int i = 0; i < size; ++i) EXPECT_TRUE(object.add("Key" + std::to_string(i), Value(static_cast<double>(i))));
    EXPECT_FALSE(object.add("KEY1", Value(-1.0)));
    ASSERT_NE(object.find("kEy1"), nullptr);
    EXPECT_EQ(object.find("kEy1")->as_number(), 1.0);
    EXPECT_EQ(object.entries()[2].first, "Key2");
    object.add_json_member("KEY2", Value(-2.0));  // another spelling: dropped
    EXPECT_EQ(object.find("key2")->as_number(), 2.0);
    object.add_json_member("Key2", Value(-2.0));  // the same spelling: the last value wins
    EXPECT_EQ(object.find("key2")->as_number(), -2.0);
    EXPECT_EQ(object.find("Key"), nullptr);
    EXPECT_EQ(object.find("Key1 "), nullptr);
    object.set("KEY0", Value(std::string("zero")));
    EXPECT_EQ(object.entries()[0].first, "Key0");
    EXPECT_EQ(object.entries()[0].second.as_string(), "zero");
    // The Kelvin sign folds to k; the dotted capital I and the sharp s do not fold to ASCII.
    EXPECT_TRUE(object.add("\xe2\x84\xaa" "elvin", Value(1.0)));
    EXPECT_FALSE(object.add("kelvin", Value(2.0)));
    EXPECT_NE(object.find("KELVIN"), nullptr);
    EXPECT_TRUE(object.add("\xc3\x89t\xc3\xa9", Value(3.0)));
    EXPECT_NE(object.find("\xc3\xa9T\xc3\x89"), nullptr);
    EXPECT_EQ(object.find("ete"), nullptr);
    EXPECT_TRUE(object.add("[", Value(4.0)));
    EXPECT_EQ(object.find("{"), nullptr);
    EXPECT_TRUE(object.erase("key1"));
    EXPECT_EQ(object.find("Key1"), nullptr);
    EXPECT_NE(object.find("key2"), nullptr);
    EXPECT_EQ(object.size(), static_cast<std::size_t>(size + 2));
  }
}

TEST(ExpressionFastPaths, JsonObjectsKeepTheLastValueAndTheFirstSpelling) {
  auto read = [](const char* text) { return std::get<Value>(expr::from_json(text)); };
  Value a = read(R"({"a":1,"A":2,"a":3})");
  ASSERT_EQ(a.as_object().size(), 1u);
  EXPECT_EQ(a.as_object().entries()[0].first, "a");
  EXPECT_EQ(a.as_object().entries()[0].second.as_number(), 3.0);
  Value b = read(R"({"A":1,"a":2,"a":3,"b":4,"A":5})");
  ASSERT_EQ(b.as_object().size(), 2u);
  EXPECT_EQ(b.as_object().entries()[0].first, "A");
  EXPECT_EQ(b.as_object().entries()[0].second.as_number(), 5.0);
  EXPECT_EQ(b.as_object().entries()[1].first, "b");
  EXPECT_EQ(read(R"({"s":"a\"b\\c\/d\u00e9\ud83d\ude00\n"})").as_object().find("s")->as_string(),
            "a\"b\\c/d\xc3\xa9\xf0\x9f\x98\x80\n");
}

std::string evaluate(const std::string& expression, const char* context = "{}") {
  return api::evaluate_json(expression, context);
}

TEST(ExpressionFastPaths, FailuresAreTheSameWithoutExceptions) {
  struct Row {
    std::string expression;
    std::string expected;
  };
  const Row rows[] = {
      {"1 +", R"j({"error":{"kind":"lexing","message":"Unexpected symbol: '+'. Located at position 3 within expression: 1 +"}})j"},
      {"'\xc3\xa9\xf0\x9f\x98\x80' == )", R"j({"error":{"kind":"parsing","message":"Unexpected symbol: ')'. Located at position 10 within expression: 'é😀' == )"}})j"},
      {"'it''s' x", R"j({"error":{"kind":"parsing","message":"Unexpected symbol: 'x'. Located at position 9 within expression: 'it''s' x"}})j"},
      {"('a' 'b')", R"j({"error":{"kind":"parsing","message":"Unexpected symbol: 'b'. Located at position 6 within expression: ('a' 'b')"}})j"},
      {"format('{0}', 'a''b', )", R"j({"kind":"String","value":"a'b"})j"},  // GitHub allows the comma
      {"a.b", R"j({"error":{"kind":"parsing","message":"Unrecognized named-value: 'a'. Located at position 1 within expression: a.b"}})j"},
      {"nope(1)", R"j({"error":{"kind":"parsing","message":"Unrecognized function: 'nope'. Located at position 1 within expression: nope(1)"}})j"},
      {"case(true, 1)", R"j({"error":{"kind":"parsing","message":"Too few parameters supplied: 'case'. Located at position 1 within expression: case(true, 1)"}})j"},
      {"1 == ", R"j({"error":{"kind":"parsing","message":"Unexpected end of expression: '=='. Located at position 3 within expression: 1 == "}})j"},
      {"(1", R"j({"error":{"kind":"parsing","message":"Unexpected end of expression: '1'. Located at position 2 within expression: (1"}})j"},
      {"'it''s' == 'it''s'", R"j({"kind":"Boolean","value":true})j"},
      {"format('{0}{1}', 'it''s')", R"j({"error":{"kind":"evaluation","message":"The following format string references more arguments than were supplied: {0}{1}"}})j"},
      {"format('{0')", R"j({"error":{"kind":"evaluation","message":"The following format string is invalid: {0"}})j"},
      {"fromJSON('{')", R"j({"error":{"kind":"evaluation","message":"Error parsing JSON when evaluating fromJson"}})j"},
      {"fromJSON('[1]')[case(1, 2, 3)]", R"j({"error":{"kind":"evaluation","message":"could not evaluate index for index access: case predicate must evaluate to a boolean value"}})j"},
      {"fromJSON('[1]')[fromJSON('[2]')[format('{')]]", R"j({"error":{"kind":"evaluation","message":"could not evaluate index for index access: could not evaluate index for index access: The following format string is invalid: {"}})j"},
      {"true || format('{')", R"j({"kind":"Boolean","value":true})j"},
      {"format('{')  == 1 || true", R"j({"error":{"kind":"evaluation","message":"The following format string is invalid: {"}})j"},
  };
  for (const auto& row : rows) EXPECT_EQ(evaluate(row.expression), row.expected) << row.expression;
  std::string deep = std::string(60, '!') + "true";
  EXPECT_EQ(evaluate(deep), R"j({"error":{"kind":"parsing","message":"Exceeded max expression depth 50: '!'. Located at position 51 within expression: )j" + deep + R"j("}})j");
}

TEST(ExpressionFastPaths, FormatPastTheMemoryLimitFailsAsBefore) {
  expr::EvaluationContext context;
  context.memory_limit = 100;  // bytes: 50 characters
  context.contexts.as_object().add("s", Value(std::string(10, 'x')));
  auto message = [&](const std::string& expression) {
    auto result = expr::evaluate(expression, context);
    if (auto* error = std::get_if<expr::ExpressionError>(&result)) return error->message;
    return "value " + expr::to_display_string(std::get<Value>(result));
  };
  EXPECT_EQ(message("format('{0}{0}{0}{0}{0}', s)"), "value " + std::string(50, 'x'));
  EXPECT_EQ(message("format('{0}{0}{0}{0}{0}!', s)"), "The maximum allowed memory size was exceeded");
  EXPECT_EQ(message("format('{0}{0}{0}{0}{0}{0}{', s)"), "The following format string is invalid: {0}{0}{0}{0}{0}{0}{");
  EXPECT_EQ(message("format('{0}{0}{0}{0}{0}{0}{1}', s)"),
            "The following format string references more arguments than were supplied: {0}{0}{0}{0}{0}{0}{1}");
  EXPECT_EQ(message("format(format('{0}{0}', s), s) == format('{0}{0}{0}', s)"), "The maximum allowed memory size was exceeded");
  EXPECT_EQ(message("format('{0}{0}', s) == format('{0}{0}', s)"), "value true");
}

}  // namespace
}  // namespace ghaplay
