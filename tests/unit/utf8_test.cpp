#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace todo::core::utf8 {
namespace {

using namespace std::string_literals;

const std::string kNbsp = "\u00A0";
const std::string kIdeographicSpace = "\u3000";
const std::string kEmoji = "\U0001F600";  // 4 bytes

TEST(Utf8Prefix, NeverCutsACharacter) {
  EXPECT_EQ(prefix("abc", 10), "abc");
  EXPECT_EQ(prefix("abcdef", 3), "abc");
  const std::string e_acute = "\xC3\xA9";
  EXPECT_EQ(prefix("a" + e_acute, 2), "a");  // would cut é in two
  EXPECT_EQ(prefix("a" + e_acute, 3), "a" + e_acute);
  EXPECT_EQ(prefix(kEmoji + kEmoji, 7), kEmoji);  // 4 + 3 bytes: the second emoji goes
  EXPECT_EQ(prefix(kEmoji, 3), "");
  for (size_t n = 0; n <= 12; ++n) EXPECT_TRUE(is_valid(prefix(kEmoji + e_acute + kIdeographicSpace, n))) << n;
}

TEST(Utf8Valid, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid(""));
  EXPECT_TRUE(is_valid("plain ascii"));
  EXPECT_TRUE(is_valid("\u00e9"));                 // 2 bytes
  EXPECT_TRUE(is_valid("\u65e5\u672c\u8a9e"));     // 3 bytes each
  EXPECT_TRUE(is_valid(kEmoji));                   // 4 bytes
  EXPECT_TRUE(is_valid("\U0010FFFF"));             // the last code point
  EXPECT_TRUE(is_valid("\xEF\xBF\xBF"));           // U+FFFF
  EXPECT_TRUE(is_valid("a\0b"s));                  // NUL is a valid code point
}

TEST(Utf8Valid, RejectsOverlongEncodings) {
  EXPECT_FALSE(is_valid("\xC0\xAF"));          // '/' in 2 bytes
  EXPECT_FALSE(is_valid("\xC1\xBF"));
  EXPECT_FALSE(is_valid("\xE0\x80\xAF"));      // '/' in 3 bytes
  EXPECT_FALSE(is_valid("\xF0\x80\x80\xAF"));  // '/' in 4 bytes
  EXPECT_FALSE(is_valid("\xC0\x80"));          // overlong NUL
}

TEST(Utf8Valid, RejectsSurrogatesAndBeyondMax) {
  EXPECT_FALSE(is_valid("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(is_valid("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid("\xF7\xBF\xBF\xBF"));
}

TEST(Utf8Valid, RejectsTruncatedAndStrayBytes) {
  EXPECT_FALSE(is_valid("\xE6\x97"));           // 2 of 3 bytes
  EXPECT_FALSE(is_valid("abc\xF0\x9F\x98"));    // 3 of 4 bytes at the end
  EXPECT_FALSE(is_valid("\xC3"));               // lead byte alone
  EXPECT_FALSE(is_valid("\x80"));               // continuation without lead
  EXPECT_FALSE(is_valid("a\xBFz"));
  EXPECT_FALSE(is_valid("\xC3" "a"));           // lead byte followed by ASCII
  EXPECT_FALSE(is_valid("\xF8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(is_valid("\xFF"));
  EXPECT_FALSE(is_valid("\xFE"));
}

TEST(Utf8Length, CountsCodePointsNotBytes) {
  EXPECT_EQ(length(""), 0u);
  EXPECT_EQ(length("abc"), 3u);
  EXPECT_EQ(length("\u65e5\u672c\u8a9e"), 3u);  // 日本語: 9 bytes, 3 characters
  EXPECT_EQ(length(kEmoji), 1u);
  EXPECT_EQ(length("a" + kEmoji + "\u00e9z"), 4u);
  EXPECT_EQ(length(kNbsp), 1u);
}

TEST(Utf8Length, InvalidBytesCountOneEach) {
  EXPECT_EQ(length("\xFF\xFE"), 2u);
  EXPECT_EQ(length("a\x80" "b"), 3u);
  EXPECT_EQ(length("\xE6\x97"), 2u);  // truncated: both bytes are replacement characters
}

TEST(Utf8Trim, AsciiWhitespace) {
  EXPECT_EQ(trim("  hello \t\r\n"), "hello");
  EXPECT_EQ(trim("\v\fx\f"), "x");
  EXPECT_EQ(trim("no-space"), "no-space");
}

TEST(Utf8Trim, UnicodeWhitespace) {
  EXPECT_EQ(trim(kNbsp + "Pay rent" + kNbsp), "Pay rent");
  EXPECT_EQ(trim(kIdeographicSpace + "\u65e5\u672c" + kIdeographicSpace), "\u65e5\u672c");
  EXPECT_EQ(trim("\u2028x\u2029"), "x");
  EXPECT_EQ(trim("\u2003\u2009x\u202F\u205F"), "x");
  EXPECT_EQ(trim("\u0085x\u1680"), "x");
  EXPECT_EQ(trim("\uFEFFx"), "x");
}

TEST(Utf8Trim, KeepsInteriorWhitespace) {
  EXPECT_EQ(trim("  a  b" + kNbsp + "c  "), "a  b" + kNbsp + "c");
}

TEST(Utf8Trim, OnlyWhitespaceBecomesEmpty) {
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(kNbsp + " " + kIdeographicSpace + "\t"), "");
}

TEST(Utf8Trim, MultiByteCharactersAtTheEdgesAreKept) {
  EXPECT_EQ(trim(" " + kEmoji + " "), kEmoji);
  EXPECT_EQ(trim(kEmoji + kNbsp), kEmoji);
  EXPECT_EQ(trim("\u00e9"), "\u00e9");
}

TEST(Utf8Trim, ReturnsAViewIntoTheInput) {
  const std::string s = "  abc  ";
  const auto t = trim(s);
  EXPECT_EQ(t.data(), s.data() + 2);
  EXPECT_EQ(t.size(), 3u);
}

TEST(Utf8Control, DetectsC0DelAndC1) {
  EXPECT_FALSE(has_control("plain text \u00e9 " + kEmoji));
  EXPECT_TRUE(has_control("a\x01" "b"));
  EXPECT_TRUE(has_control("a\0b"s));
  EXPECT_TRUE(has_control("tab\there"));
  EXPECT_TRUE(has_control("line\nbreak"));
  EXPECT_TRUE(has_control("del\x7f"));
  EXPECT_TRUE(has_control("c1\u0085"));
  EXPECT_TRUE(has_control("c1\u009F"));
  EXPECT_FALSE(has_control("nbsp\u00A0"));  // U+00A0 is the first code point after C1
  EXPECT_FALSE(has_control(" "));
  EXPECT_FALSE(has_control("~"));
}

TEST(Utf8Control, AllowedCharactersAreAccepted) {
  EXPECT_FALSE(has_control("a\tb\nc\r", "\n\r\t"));
  EXPECT_TRUE(has_control("a\tb\x01", "\n\r\t"));
  EXPECT_TRUE(has_control("a\nb", "\t"));
  // C1 controls cannot be allowed through the ASCII list.
  EXPECT_TRUE(has_control("\u0085", "\x05\x85"));
}

}  // namespace
}  // namespace todo::core::utf8
