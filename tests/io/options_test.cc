#include "spate/io/options.h"

#include <gtest/gtest.h>

namespace spate {
namespace {

TEST(IoOptions, KeysAreCaseInsensitive) {
  Options o;
  o.set("inferSchema", "true");
  EXPECT_TRUE(o.has("inferschema"));
  EXPECT_TRUE(o.has("INFERSCHEMA"));
  EXPECT_EQ(o.get("InferSchema"), "true");
  o.set("INFERSCHEMA", "false");
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o.get("inferSchema"), "false");
  EXPECT_EQ(o.get("missing", "dflt"), "dflt");
  o.erase("inferschema");
  EXPECT_FALSE(o.has("inferSchema"));
}

TEST(IoOptions, GetBool) {
  Options o{{"header", "TRUE"}, {"multiLine", "False"}, {"bad", "yes"}};
  EXPECT_TRUE(o.getBool("header", false).value());
  EXPECT_FALSE(o.getBool("multiline", true).value());
  EXPECT_TRUE(o.getBool("absent", true).value());
  auto r = o.getBool("bad", false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Option 'bad' must be 'true' or 'false', got 'yes'");
}

TEST(IoOptions, GetIntAndDouble) {
  Options o{{"maxColumns", "42"}, {"neg", "-7"}, {"bad", "4x"}, {"ratio", "0.5"}};
  EXPECT_EQ(o.getInt("maxcolumns", 0).value(), 42);
  EXPECT_EQ(o.getInt("neg", 0).value(), -7);
  EXPECT_EQ(o.getInt("absent", 9).value(), 9);
  EXPECT_EQ(o.getInt("bad", 0).status().message(), "Option 'bad' must be an integer, got '4x'");
  EXPECT_DOUBLE_EQ(o.getDouble("ratio", 1).value(), 0.5);
  EXPECT_FALSE(o.getDouble("bad", 1).ok());
}

TEST(IoOptions, GetChar) {
  Options o{{"sep", "\\t"}, {"quote", "'"}, {"comment", ""}, {"esc", "\\u0001"}, {"bad", "ab"}, {"tab", "\t"}};
  EXPECT_EQ(o.getChar("sep", ',').value(), '\t');
  EXPECT_EQ(o.getChar("tab", ',').value(), '\t');
  EXPECT_EQ(o.getChar("quote", '"').value(), '\'');
  EXPECT_EQ(o.getChar("comment", '#').value(), '\0');
  EXPECT_EQ(o.getChar("esc", '\\').value(), '\x01');
  EXPECT_EQ(o.getChar("absent", ',').value(), ',');
  EXPECT_EQ(o.getChar("bad", ',').status().message(), "Option 'bad' must be a single character, got 'ab'");
}

TEST(IoOptions, UnusedKeysAndEntries) {
  Options o{{"header", "true"}, {"Typo", "1"}};
  (void)o.getBool("header", false);
  EXPECT_EQ(o.unusedKeys(), std::vector<std::string>{"Typo"});
  auto e = o.entries();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].first, "header");
  EXPECT_EQ(e[1].first, "Typo");
}

}  // namespace
}  // namespace spate
