// core/strings: the ASCII helpers every parser shares.
#include "core/strings.h"

#include <gtest/gtest.h>

namespace todo::core {
namespace {

TEST(AsciiLower, OnlyAsciiLettersChange) {
  EXPECT_EQ(ascii_lower("HeLLo-World_09"), "hello-world_09");
  EXPECT_EQ(ascii_lower("Content-TYPE"), "content-type");
  EXPECT_EQ(ascii_lower("\u00C4BC"), "\u00C4bc");  // Ä is left as it is
  EXPECT_EQ(ascii_lower("\u212Airk"), "\u212Airk");  // KELVIN SIGN is not ASCII
  EXPECT_EQ(ascii_lower("@[`{"), "@[`{");            // neighbours of A-Z and a-z
  EXPECT_EQ(ascii_lower(""), "");
}

TEST(Iequals, IgnoresAsciiCaseOnly) {
  EXPECT_TRUE(iequals("Content-Type", "content-type"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("content-type", "content-typ"));
  EXPECT_FALSE(iequals("\u00C4", "\u00E4"));  // non-ASCII letters are compared as bytes
  EXPECT_FALSE(iequals("@", "`"));            // 0x40 and 0x60 differ by the case bit but are not letters
}

TEST(TrimAscii, TrimsTheGivenCharacters) {
  EXPECT_EQ(trim_ascii("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim_ascii(" \t "), "");
  EXPECT_EQ(trim_ascii(""), "");
  EXPECT_EQ(trim_ascii("\n a \n", " "), "\n a \n");
  EXPECT_EQ(trim_ascii("\u00A0x\u00A0"), "\u00A0x\u00A0");  // Unicode spaces are not ASCII white space
}

TEST(SplitList, TrimsSpacesAndTabsAndKeepsEmptyItems) {
  EXPECT_EQ(split_list("a, b ,\tc"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split_list("a,,b,"), (std::vector<std::string_view>{"a", "", "b", ""}));
  EXPECT_EQ(split_list(""), (std::vector<std::string_view>{""}));
  EXPECT_EQ(split_list("x;y", ';'), (std::vector<std::string_view>{"x", "y"}));
  // Only spaces and tabs are optional white space between items.
  EXPECT_EQ(split_list("a\n,b"), (std::vector<std::string_view>{"a\n", "b"}));
}

}  // namespace
}  // namespace todo::core
