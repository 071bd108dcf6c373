#include "auth/password_hasher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rapport::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(PasswordHasher, PasswordProblem_AcceptsTwelveCharacters) {
    EXPECT_EQ(password_problem("correct hors"), std::nullopt);
}

TEST(PasswordHasher, PasswordProblem_RefusesShortPassword) {
    const auto problem = password_problem("elevenchars");
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(*problem, "must be at least 12 characters");
}

TEST(PasswordHasher, PasswordProblem_CountsCharactersNotBytes) {
    // Eleven "é" are 22 bytes but only 11 characters.
    std::string eleven_accents;
    for (int i = 0; i < 11; ++i) {
        eleven_accents += "\xC3\xA9";
    }
    EXPECT_EQ(password_problem(eleven_accents), "must be at least 12 characters");
    EXPECT_EQ(password_problem(eleven_accents + "\xC3\xA9"), std::nullopt);
}

TEST(PasswordHasher, PasswordProblem_RefusesMoreThan1024Bytes) {
    EXPECT_EQ(password_problem(std::string(1024, 'a')), std::nullopt);
    EXPECT_EQ(password_problem(std::string(1025, 'a')), "must be at most 1024 bytes");
}

TEST(PasswordHasher, PasswordProblem_RefusesEmbeddedNul) {
    using namespace std::string_literals;
    const auto problem = password_problem("long enough\0password"s);
    ASSERT_TRUE(problem.has_value());
    EXPECT_THAT(*problem, HasSubstr("NUL"));
}

TEST(PasswordHasher, HashPassword_IsArgon2id) {
    EXPECT_THAT(hash_password("correct horse battery"), StartsWith("$argon2id$"));
}

TEST(PasswordHasher, HashPassword_VerifiesTheSamePasswordOnly) {
    const std::string hash = hash_password("correct horse battery");
    EXPECT_TRUE(verify_password(hash, "correct horse battery"));
    EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
    EXPECT_FALSE(verify_password(hash, ""));
}

TEST(PasswordHasher, HashPassword_SaltsEachHash) {
    const std::string first = hash_password("correct horse battery");
    const std::string second = hash_password("correct horse battery");
    EXPECT_NE(first, second);
    EXPECT_TRUE(verify_password(second, "correct horse battery"));
}

TEST(PasswordHasher, VerifyPassword_FalseForMalformedHash) {
    EXPECT_FALSE(verify_password("", "correct horse battery"));
    EXPECT_FALSE(verify_password("not a hash", "correct horse battery"));
    EXPECT_FALSE(verify_password("$argon2id$v=19$m=65536,t=2,p=1$garbage", "x"));
    EXPECT_FALSE(verify_password(std::string(500, '$'), "correct horse battery"));
}

TEST(PasswordHasher, VerifyPassword_FalseForHashWithEmbeddedNul) {
    // Truncating at the NUL would otherwise verify against the valid prefix.
    const std::string hash = hash_password("correct horse battery");
    EXPECT_FALSE(verify_password(hash + std::string(1, '\0') + "tail", "correct horse battery"));
}

TEST(PasswordHasher, BurnVerificationTime_Returns) {
    burn_verification_time();
    burn_verification_time();
}

}  // namespace
}  // namespace rapport::auth
