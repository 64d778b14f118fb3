// Matrix expansion, table-driven: each row a matrix (as JSON) and the legs GitHub documents.
#include <gtest/gtest.h>

#include "ghaplay/expression.h"
#include "simulate/matrix.h"

namespace ghaplay::sim {
namespace {

Value json(const std::string& text) { return std::get<Value>(expr::from_json(text)); }

std::string legs_json(const MatrixExpansion& expansion) {
  std::string out;
  for (const auto& leg : expansion.legs) {
    std::string compact = expr::to_json(leg);
    std::erase(compact, '\n');
    std::erase(compact, ' ');
    out += compact + ";";
  }
  return out;
}

struct Row {
  const char* name;
  const char* matrix;
  const char* legs;   // compact JSON of each leg, ';'-terminated; empty when an error is expected
  const char* error;  // part of the error message
};

const Row kRows[] = {
    {"product_in_declared_order", R"({"os":["a","b"],"v":[1,2]})",
     R"({"os":"a","v":1};{"os":"a","v":2};{"os":"b","v":1};{"os":"b","v":2};)", ""},
    {"exclude_partial", R"({"os":["a","b"],"v":[1,2],"exclude":[{"os":"b","v":2}]})",
     R"({"os":"a","v":1};{"os":"a","v":2};{"os":"b","v":1};)", ""},
    {"exclude_by_one_key", R"({"os":["a","b"],"v":[1,2],"exclude":[{"os":"a"}]})",
     R"({"os":"b","v":1};{"os":"b","v":2};)", ""},
    // GitHub's documentation example for include ("Expanding or adding matrix configurations").
    {"include_docs_example",
     R"({"fruit":["apple","pear"],"animal":["cat","dog"],"include":[{"color":"green"},{"color":"pink","animal":"cat"},{"fruit":"apple","shape":"circle"},{"fruit":"banana"},{"fruit":"banana","animal":"cat"}]})",
     R"({"fruit":"apple","animal":"cat","color":"pink","shape":"circle"};{"fruit":"apple","animal":"dog","color":"green","shape":"circle"};{"fruit":"pear","animal":"cat","color":"pink"};{"fruit":"pear","animal":"dog","color":"green"};{"fruit":"banana"};{"fruit":"banana","animal":"cat"};)",
     ""},
    {"include_only", R"({"include":[{"a":1},{"a":2}]})", R"({"a":1};{"a":2};)", ""},
    {"include_keeps_original_values", R"({"v":[1],"include":[{"v":2,"x":"y"}]})", R"({"v":1};{"v":2,"x":"y"};)", ""},
    {"empty_vector", R"({"v":[]})", "", "does not contain any values"},
    {"not_a_list", R"({"v":"abc"})", "", "must be a list"},
    {"all_excluded", R"({"v":[1],"exclude":[{"v":1}]})", "", "expands to no jobs"},
    {"too_large", R"({"a":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17],"b":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]})", "",
     "at most 256"},
    {"way_too_large_stops_early",
     R"({"a":[1,2,3,4,5,6,7,8,9,10],"b":[1,2,3,4,5,6,7,8,9,10],"c":[1,2,3,4,5,6,7,8,9,10],"d":[1,2,3,4,5,6,7,8,9,10],"e":[1,2,3,4,5,6,7,8,9,10]})",
     "", "more than 256"},
    {"exactly_256", R"({"a":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16],"b":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]})", nullptr, ""},
};

class MatrixTest : public ::testing::TestWithParam<Row> {};

TEST_P(MatrixTest, Expands) {
  const Row& row = GetParam();
  auto expansion = expand_matrix(json(row.matrix));
  if (*row.error) {
    ASSERT_TRUE(expansion.error.has_value()) << legs_json(expansion);
    EXPECT_NE(expansion.error->find(row.error), std::string::npos) << *expansion.error;
    EXPECT_TRUE(expansion.legs.empty());
    return;
  }
  ASSERT_FALSE(expansion.error.has_value()) << *expansion.error;
  if (row.legs) EXPECT_EQ(legs_json(expansion), row.legs);
  else EXPECT_EQ(expansion.legs.size(), 256u);
}

INSTANTIATE_TEST_SUITE_P(Rows, MatrixTest, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MatrixTest, NoMatrixIsOneEmptyLeg) {
  auto expansion = expand_matrix(Value());
  ASSERT_EQ(expansion.legs.size(), 1u);
  EXPECT_TRUE(expansion.legs[0].as_object().empty());
}

TEST(MatrixTest, LegNames) {
  EXPECT_EQ(leg_name("build", json(R"({"os":"linux","node":18})")), "build (linux, 18)");
  EXPECT_EQ(leg_name("build", Value::object()), "build");
  EXPECT_EQ(leg_name("test", json(R"({"cfg":{"a":1},"flag":true})")), "test (Object, true)");
}

}  // namespace
}  // namespace ghaplay::sim
