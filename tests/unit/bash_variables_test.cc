// The shell's variables in two layers (scripts/bash/variables.h): a shared base that is never
// changed under the run's own set, changed and unset variables.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "scripts/bash/variables.h"

namespace ghaplay::scripts::bash {
namespace {

using Variables = LayeredVariables<std::string>;

std::shared_ptr<const Variables::Base> a_base() {
  return std::make_shared<const Variables::Base>(Variables::Base{{"B", "base b"}, {"D", "base d"}, {"F", "base f"}});
}

std::string listed(const Variables& variables) {
  std::string out;
  for (const auto& [name, value] : variables) out += name + "=" + value + ";";
  return out;
}

TEST(LayeredVariables, ListsBothLayersInNameOrderTheRunsOwnWinning) {
  Variables variables(a_base());
  EXPECT_EQ(listed(variables), "B=base b;D=base d;F=base f;");
  variables["A"] = "own a";
  variables["D"] = "own d";
  variables["G"] = "own g";
  variables["C"] = "own c";
  EXPECT_EQ(listed(variables), "A=own a;B=base b;C=own c;D=own d;F=base f;G=own g;");
}

TEST(LayeredVariables, ChangingABaseVariableNeverChangesTheBase) {
  auto base = a_base();
  Variables variables(base);
  *variables.find_mutable("B") += " changed";
  EXPECT_EQ(*variables.find("B"), "base b changed");
  EXPECT_EQ(base->at("B"), "base b");
  Variables other(base);
  EXPECT_EQ(*other.find("B"), "base b");
}

TEST(LayeredVariables, UnsetHidesTheBasesVariableAndSetBringsItBack) {
  auto base = a_base();
  Variables variables(base);
  variables.erase("D");
  variables.erase("F");
  variables["A"] = "own a";
  variables.erase("A");
  EXPECT_EQ(variables.find("D"), nullptr);
  EXPECT_EQ(variables.find_mutable("D"), nullptr);
  EXPECT_FALSE(variables.contains("A"));
  EXPECT_EQ(listed(variables), "B=base b;");
  EXPECT_EQ(base->count("D"), 1u);
  EXPECT_EQ(variables["D"], "") << "a variable set again after unset starts empty, not with the base's value";
  variables["D"] = "again";
  EXPECT_EQ(listed(variables), "B=base b;D=again;");
}

TEST(LayeredVariables, ACopyIsIndependent) {
  Variables parent(a_base());
  parent["A"] = "parent";
  Variables child = parent;  // a subshell
  child["A"] = "child";
  child.erase("B");
  child["Z"] = "child z";
  EXPECT_EQ(listed(parent), "A=parent;B=base b;D=base d;F=base f;");
  EXPECT_EQ(listed(child), "A=child;D=base d;F=base f;Z=child z;");
}

TEST(LayeredVariables, EraseIfRemovesFromBothLayers) {
  Variables variables(a_base());
  variables["E"] = "own e";
  variables["Q"] = "keep";
  variables.erase_if([](const std::string& name, const std::string&) { return name != "Q" && name != "B"; });
  EXPECT_EQ(listed(variables), "B=base b;Q=keep;");
}

TEST(LayeredVariables, WorksWithoutABase) {
  Variables variables;
  EXPECT_EQ(listed(variables), "");
  EXPECT_EQ(variables.find("X"), nullptr);
  variables["X"] = "x";
  variables.erase("Y");
  EXPECT_EQ(listed(variables), "X=x;");
  variables.erase("X");
  EXPECT_EQ(listed(variables), "");
  EXPECT_TRUE(variables.own().empty()) << "unsetting a variable the base does not have leaves nothing behind";
}

}  // namespace
}  // namespace ghaplay::scripts::bash
