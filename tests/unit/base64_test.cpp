// base64url (RFC 4648 §5, no padding) and the UUIDs used as resource and event ids.
#include "core/base64.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/uuid.h"

namespace todo::core {
namespace {

using namespace std::string_literals;

TEST(Base64Url, Rfc4648TestVectorsWithoutPadding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, DecodesTestVectors) {
  EXPECT_EQ(base64url_decode(""), ""s);
  EXPECT_EQ(base64url_decode("Zg"), "f"s);
  EXPECT_EQ(base64url_decode("Zm8"), "fo"s);
  EXPECT_EQ(base64url_decode("Zm9v"), "foo"s);
  EXPECT_EQ(base64url_decode("Zm9vYg"), "foob"s);
  EXPECT_EQ(base64url_decode("Zm9vYmE"), "fooba"s);
  EXPECT_EQ(base64url_decode("Zm9vYmFy"), "foobar"s);
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
  // 0xfb 0xff 0xbf is "+/+/" in standard base64.
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(base64url_decode("-_-_"), "\xfb\xff\xbf"s);
  EXPECT_EQ(base64url_encode("\xff\xff"), "__8");
}

TEST(Base64Url, RejectsTheStandardAlphabetAndPadding) {
  EXPECT_FALSE(base64url_decode("+/+/").has_value());
  EXPECT_FALSE(base64url_decode("Zg==").has_value());
  EXPECT_FALSE(base64url_decode("Zm8=").has_value());
}

TEST(Base64Url, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(base64url_decode("Zm9v YmFy").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v\n").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v.").has_value());
  EXPECT_FALSE(base64url_decode("Zm9\xc3\xa9").has_value());
  EXPECT_FALSE(base64url_decode("Zm\0v"s).has_value());
}

TEST(Base64Url, RejectsImpossibleLengths) {
  EXPECT_FALSE(base64url_decode("Z").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
}

TEST(Base64Url, RejectsNonCanonicalTrailingBits) {
  // "f" is "Zg"; "Zh" carries the same byte with a stray low bit set.
  EXPECT_FALSE(base64url_decode("Zh").has_value());
  EXPECT_FALSE(base64url_decode("Zm9").has_value());  // "fo" is "Zm8"
  EXPECT_TRUE(base64url_decode("Zm8").has_value());
}

TEST(Base64Url, RoundTripsEveryByteValueAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= all.size(); ++n) {
    const std::string in = all.substr(0, n);
    const std::string encoded = base64url_encode(in);
    EXPECT_EQ(encoded.size(), (n * 4 + 2) / 3) << n;
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << n;
    EXPECT_EQ(base64url_decode(encoded), in) << n;
  }
}

TEST(Uuid, CanonicalVersion4Shape) {
  for (int i = 0; i < 200; ++i) {
    const std::string id = new_uuid();
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;  // version nibble
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;  // RFC 4122 variant
  }
}

TEST(Uuid, IdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.insert(new_uuid());
  EXPECT_EQ(ids.size(), 5000u);
}

TEST(Uuid, IsUuidAcceptsOnlyCanonicalLowerCase) {
  EXPECT_TRUE(is_uuid("123e4567-e89b-42d3-a456-426614174000"));
  EXPECT_TRUE(is_uuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_FALSE(is_uuid("123E4567-E89B-42D3-A456-426614174000"));   // upper case
  EXPECT_FALSE(is_uuid("123e4567e89b42d3a456426614174000"));       // no dashes
  EXPECT_FALSE(is_uuid("{123e4567-e89b-42d3-a456-426614174000}")); // braces
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400"));    // 35 characters
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-4266141740000"));  // 37 characters
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456_426614174000"));   // wrong separator
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3a-456-426614174000"));   // dash misplaced
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400g"));   // not hex
  EXPECT_FALSE(is_uuid(""));
}

}  // namespace
}  // namespace todo::core
