// Argon2id password hashes (libsodium). Tests use libsodium's minimum cost so
// they stay fast; the stored string carries its parameters, so verification
// does not depend on the hasher's own cost.
#include "auth/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <stdexcept>
#include <string>

namespace todo::auth {
namespace {

using namespace std::string_literals;

constexpr PasswordCost kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};

const PasswordHasher& hasher() {
  static const PasswordHasher h(kCheap);
  return h;
}

TEST(PasswordHash, EncodedArgon2idWithItsParameters) {
  const std::string encoded = hasher().hash("correct horse battery staple");
  EXPECT_EQ(encoded.rfind("$argon2id$v=19$", 0), 0u) << encoded;
  // m is in KiB: 8192 bytes = 8 KiB; t = ops; p = 1.
  EXPECT_NE(encoded.find("m=8,t=1,p=1$"), std::string::npos) << encoded;
  EXPECT_EQ(encoded.find("correct horse"), std::string::npos);
}

TEST(PasswordHash, RightPasswordVerifies) {
  const std::string encoded = hasher().hash("s3cret-password");
  EXPECT_TRUE(hasher().verify(encoded, "s3cret-password"));
}

TEST(PasswordHash, WrongPasswordsDoNot) {
  const std::string encoded = hasher().hash("s3cret-password");
  EXPECT_FALSE(hasher().verify(encoded, "s3cret-passwor"));
  EXPECT_FALSE(hasher().verify(encoded, "s3cret-password "));
  EXPECT_FALSE(hasher().verify(encoded, "S3cret-password"));
  EXPECT_FALSE(hasher().verify(encoded, ""));
}

TEST(PasswordHash, SaltMakesEveryHashDifferent) {
  const std::string a = hasher().hash("same password");
  const std::string b = hasher().hash("same password");
  EXPECT_NE(a, b);
  EXPECT_TRUE(hasher().verify(a, "same password"));
  EXPECT_TRUE(hasher().verify(b, "same password"));
}

TEST(PasswordHash, BytesAfterANulCount) {
  const std::string with_nul = "abc\0def"s;
  const std::string encoded = hasher().hash(with_nul);
  EXPECT_TRUE(hasher().verify(encoded, with_nul));
  EXPECT_FALSE(hasher().verify(encoded, "abc"));
  EXPECT_FALSE(hasher().verify(hasher().hash("abc"), with_nul));
}

TEST(PasswordHash, UnicodePasswords) {
  const std::string pw = "p\u00e4ssw\u00f6rd \U0001F511 \u65e5\u672c";
  const std::string encoded = hasher().hash(pw);
  EXPECT_TRUE(hasher().verify(encoded, pw));
  EXPECT_FALSE(hasher().verify(encoded, "passw\u00f6rd \U0001F511 \u65e5\u672c"));
}

TEST(PasswordHash, EmptyAndLongPasswords) {
  EXPECT_TRUE(hasher().verify(hasher().hash(""), ""));
  const std::string long_pw(1024, 'x');
  const std::string encoded = hasher().hash(long_pw);
  EXPECT_TRUE(hasher().verify(encoded, long_pw));
  EXPECT_FALSE(hasher().verify(encoded, std::string(1023, 'x')));
}

TEST(PasswordHash, HashesOfAnotherCostStillVerify) {
  const PasswordHasher stronger(PasswordCost{2, 16 * 1024});
  const std::string encoded = stronger.hash("pw-12345");
  EXPECT_NE(encoded.find("m=16,t=2,p=1$"), std::string::npos) << encoded;
  EXPECT_TRUE(hasher().verify(encoded, "pw-12345"));
  EXPECT_FALSE(hasher().verify(encoded, "pw-12346"));
}

TEST(PasswordVerify, GarbageEncodingsAreFalseNotErrors) {
  EXPECT_FALSE(hasher().verify("", "pw"));
  EXPECT_FALSE(hasher().verify("not a hash", "pw"));
  EXPECT_FALSE(hasher().verify("$argon2id$v=19$m=8,t=1,p=1$", "pw"));
  EXPECT_FALSE(hasher().verify(std::string(crypto_pwhash_STRBYTES, 'a'), "pw"));  // longer than any hash
  EXPECT_FALSE(hasher().verify(std::string(100000, '$'), "pw"));
  const std::string encoded = hasher().hash("pw");
  EXPECT_FALSE(hasher().verify(encoded.substr(0, encoded.size() - 4), "pw"));  // truncated
  std::string flipped = encoded;  // one character of the hash itself changed
  char& c = flipped[flipped.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(hasher().verify(flipped, "pw"));
}

TEST(PasswordVerify, DummyVerificationDoesNotThrow) {
  EXPECT_NO_THROW(hasher().verify_dummy("anything"));
  EXPECT_NO_THROW(hasher().verify_dummy(""));
}

TEST(PasswordCostLimits, BelowLibsodiumMinimumThrows) {
  EXPECT_THROW((void)PasswordHasher(PasswordCost{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN - 1}),
               std::runtime_error);
  EXPECT_THROW((void)PasswordHasher(PasswordCost{0, crypto_pwhash_argon2id_MEMLIMIT_MIN}), std::runtime_error);
}

TEST(PasswordCostLimits, DefaultIsAtLeastOwaspMinimum) {
  const PasswordCost defaults;
  EXPECT_GE(defaults.memory_bytes, 19u * 1024 * 1024);
  EXPECT_GE(defaults.ops, 2u);
}

}  // namespace
}  // namespace todo::auth
