#include "http/utf8.hpp"

#include <gtest/gtest.h>

namespace rapport::http {
namespace {

TEST(WellFormedUtf8, AcceptsShortestFormsUpToTheLastCodePoint) {
    EXPECT_TRUE(is_well_formed_utf8(""));
    EXPECT_TRUE(is_well_formed_utf8("Jakarta \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
    EXPECT_TRUE(is_well_formed_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(WellFormedUtf8, RefusesOverlongSurrogatesTruncatedAndOutOfRange) {
    EXPECT_FALSE(is_well_formed_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_well_formed_utf8("\xE0\x80\xAF"));      // overlong '/'
    EXPECT_FALSE(is_well_formed_utf8("\xED\xA0\x80"));      // U+D800
    EXPECT_FALSE(is_well_formed_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(is_well_formed_utf8("ab\xE2\x82"));        // cut short
    EXPECT_FALSE(is_well_formed_utf8("\x80"));              // a lone continuation byte
    EXPECT_FALSE(is_well_formed_utf8("\xFF"));
}

TEST(CharacterCount, CountsCodePointsNotBytes) {
    EXPECT_EQ(character_count(""), 0u);
    EXPECT_EQ(character_count("Jakarta"), 7u);
    EXPECT_EQ(character_count("\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80"), 3u);  // ü € 😀
}

}  // namespace
}  // namespace rapport::http
