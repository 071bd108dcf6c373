#include "auth/session_token.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rapport::auth {
namespace {

TEST(SessionToken, NewSessionToken_Is43Base64UrlChars) {
    const std::string token = new_session_token();
    EXPECT_EQ(token.size(), 43U);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
}

TEST(SessionToken, NewSessionToken_DiffersEachTime) {
    EXPECT_NE(new_session_token(), new_session_token());
}

TEST(SessionToken, NewCsrfToken_HasTheShapeOfASessionToken) {
    EXPECT_TRUE(looks_like_token(new_csrf_token()));
    EXPECT_NE(new_csrf_token(), new_csrf_token());
}

TEST(SessionToken, TokenDigest_IsSha256Hex) {
    EXPECT_EQ(token_digest("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SessionToken, TokenDigest_OfEmptyInputIsSha256OfNothing) {
    EXPECT_EQ(token_digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SessionToken, LooksLikeToken_AcceptsNewTokens) {
    EXPECT_TRUE(looks_like_token(new_session_token()));
}

TEST(SessionToken, LooksLikeToken_RefusesWrongLength) {
    const std::string token = new_session_token();
    EXPECT_FALSE(looks_like_token(""));
    EXPECT_FALSE(looks_like_token(token.substr(1)));
    EXPECT_FALSE(looks_like_token(token + "A"));
}

TEST(SessionToken, LooksLikeToken_RefusesCharactersOutsideBase64Url) {
    std::string token = new_session_token();
    for (const char bad : {'+', '/', '=', ' ', '\0', '\xC3'}) {
        token[10] = bad;
        EXPECT_FALSE(looks_like_token(token)) << "character code " << int(bad);
    }
}

TEST(SessionToken, ConstantTimeEqual_TrueForEqualStrings) {
    const std::string token = new_session_token();
    EXPECT_TRUE(constant_time_equal(token, std::string(token)));
    EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(SessionToken, ConstantTimeEqual_FalseForDifferentContent) {
    EXPECT_FALSE(constant_time_equal("abcdef", "abcdeg"));
    EXPECT_FALSE(constant_time_equal("bbcdef", "abcdef"));
}

TEST(SessionToken, ConstantTimeEqual_FalseForDifferentLengths) {
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("", "a"));
}

}  // namespace
}  // namespace rapport::auth
