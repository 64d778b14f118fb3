// Every example of examples/index.json, simulated and compared with its reviewed expected.json,
// and every result validated against the published schema (schema/result.schema.json).
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "ghaplay/simulation.h"
#include "support/examples.h"

namespace ghaplay {
namespace {

using testing::example_ids;
using testing::read_file;

// Deep equality that also requires object members in the same order (GitHub's insertion order
// is part of the result: toJSON(needs) prints it).
bool same_json(const rapidjson::Value& a, const rapidjson::Value& b, std::string& where) {
  if (a.GetType() != b.GetType()) return false;
  if (a.IsObject()) {
    if (a.MemberCount() != b.MemberCount()) return false;
    auto x = a.MemberBegin();
    auto y = b.MemberBegin();
    for (; x != a.MemberEnd(); ++x, ++y) {
      if (std::string(x->name.GetString()) != y->name.GetString()) {
        where += "/" + std::string(x->name.GetString()) + "~" + y->name.GetString();
        return false;
      }
      if (!same_json(x->value, y->value, where)) {
        where = "/" + std::string(x->name.GetString()) + where;
        return false;
      }
    }
    return true;
  }
  if (a.IsArray()) {
    if (a.Size() != b.Size()) return false;
    for (rapidjson::SizeType i = 0; i < a.Size(); ++i)
      if (!same_json(a[i], b[i], where)) {
        where = "/" + std::to_string(i) + where;
        return false;
      }
    return true;
  }
  return a == b;
}

class ExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleTest, MatchesReviewedResult) {
  const std::string dir = std::string(GHAPLAY_SOURCE_DIR) + "/examples/" + GetParam();
  std::string actual = to_json(simulate(read_file(dir + "/workflow.yml"), read_file(dir + "/scenario.json")));
  rapidjson::Document got, want;
  got.Parse(actual.c_str());
  ASSERT_FALSE(got.HasParseError()) << actual;
  std::string expected_text = read_file(dir + "/expected.json");
  ASSERT_FALSE(expected_text.empty()) << "missing " << dir << "/expected.json (scripts/update-goldens.sh makes it; review it)";
  want.Parse(expected_text.c_str());
  ASSERT_FALSE(want.HasParseError()) << rapidjson::GetParseError_En(want.GetParseError());
  std::string where;
  EXPECT_TRUE(same_json(got, want, where)) << "differs at " << where << "\nactual: " << actual;

  // No example may teach with a broken workflow: no error diagnostics unless the lesson is one.
  EXPECT_TRUE(got["valid"].GetBool());
}

TEST_P(ExampleTest, ResultFollowsTheSchema) {
  static rapidjson::Document schema_json = [] {
    rapidjson::Document doc;
    doc.Parse(read_file(GHAPLAY_SOURCE_DIR "/schema/result.schema.json").c_str());
    return doc;
  }();
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  const std::string dir = std::string(GHAPLAY_SOURCE_DIR) + "/examples/" + GetParam();
  std::string actual = to_json(simulate(read_file(dir + "/workflow.yml"), read_file(dir + "/scenario.json")));
  rapidjson::Document got;
  got.Parse(actual.c_str());
  rapidjson::SchemaValidator validator(schema);
  if (!got.Accept(validator)) {
    rapidjson::StringBuffer pointer, document;
    validator.GetInvalidSchemaPointer().StringifyUriFragment(pointer);
    validator.GetInvalidDocumentPointer().StringifyUriFragment(document);
    ADD_FAILURE() << "schema violation: keyword '" << validator.GetInvalidSchemaKeyword() << "' at schema "
                  << pointer.GetString() << ", document " << document.GetString();
  }
}

TEST(ExampleCatalogue, HasTheFourDocsExamplesFirstAndTwelveMore) {
  auto ids = example_ids();
  ASSERT_GE(ids.size(), 16u);
  EXPECT_EQ(ids[0], "docs-bash");
  EXPECT_EQ(ids[3], "docs-matrix");
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest, ::testing::ValuesIn(example_ids()),
                         [](const auto& info) {
                           std::string name;
                           for (char c : info.param) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
                           return name;
                         });

}  // namespace
}  // namespace ghaplay
