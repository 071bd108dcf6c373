#include "plugins/package_signature.hpp"

#include "plugins/package_error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rapport::plugins {
namespace {

TEST(PackageSignature, Sha256Hex_IsLowercaseHex) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(PackageSignature, DigestList_IsOneLinePerMemberSortedByPathInByteOrder) {
    const std::vector<PackageMember> members{
        {"views/\xc3\xa9t\xc3\xa9.yaml", "cc", 1},
        {"plugin.yaml", "bb", 2},
        {"Zebra", "aa", 3},
        {"lib/libdemo.so", "dd", 4},
        {"views/zz.yaml", "ee", 5},
    };

    EXPECT_EQ(digest_list(members),
              "aa  Zebra\n"
              "dd  lib/libdemo.so\n"
              "bb  plugin.yaml\n"
              "ee  views/zz.yaml\n"
              "cc  views/\xc3\xa9t\xc3\xa9.yaml\n");
}

TEST(PackageSignature, DigestList_DoesNotDependOnTheOrderOfTheMembers) {
    const std::vector<PackageMember> forward{{"a", "11", 1}, {"b", "22", 1}};
    const std::vector<PackageMember> backward{{"b", "22", 1}, {"a", "11", 1}};

    EXPECT_EQ(digest_list(forward), digest_list(backward));
}

TEST(PackageSignature, GenerateKeyPair_GivesPaddedBase64OfEd25519Keys) {
    const KeyPair pair = generate_key_pair();

    EXPECT_EQ(pair.public_key.size(), 44U);  // 32 bytes
    EXPECT_EQ(pair.secret_key.size(), 88U);  // 64 bytes
    EXPECT_EQ(pair.public_key.back(), '=');
    EXPECT_TRUE(is_public_key(pair.public_key));
    EXPECT_NE(generate_key_pair().public_key, pair.public_key);
}

TEST(PackageSignature, Sign_GivesASignatureTheMatchingPublicKeyVerifies) {
    const KeyPair pair = generate_key_pair();

    const std::string signature = sign("aa  plugin.yaml\n", pair.secret_key);

    EXPECT_TRUE(is_signature(signature));
    EXPECT_TRUE(verify("aa  plugin.yaml\n", signature, pair.public_key));
}

TEST(PackageSignature, Verify_RefusesAnotherKey) {
    const std::string signature = sign("aa  plugin.yaml\n", generate_key_pair().secret_key);

    EXPECT_FALSE(verify("aa  plugin.yaml\n", signature, generate_key_pair().public_key));
}

TEST(PackageSignature, Verify_RefusesChangedText) {
    const KeyPair pair = generate_key_pair();
    const std::string signature = sign("aa  plugin.yaml\n", pair.secret_key);

    EXPECT_FALSE(verify("ab  plugin.yaml\n", signature, pair.public_key));
}

TEST(PackageSignature, Verify_IsFalseForMalformedSignaturesAndKeys) {
    const KeyPair pair = generate_key_pair();
    const std::string signature = sign("text", pair.secret_key);

    EXPECT_FALSE(verify("text", "", pair.public_key));
    EXPECT_FALSE(verify("text", "not base64!", pair.public_key));
    EXPECT_FALSE(verify("text", signature.substr(4), pair.public_key));
    EXPECT_FALSE(verify("text", signature + "AAAA", pair.public_key));
    EXPECT_FALSE(verify("text", signature, ""));
    EXPECT_FALSE(verify("text", signature, pair.secret_key));
    EXPECT_FALSE(verify("text", signature, pair.public_key.substr(0, 40)));
}

TEST(PackageSignature, Sign_RefusesAMalformedSecretKey) {
    EXPECT_THROW(sign("text", "not a key"), PackageError);
    EXPECT_THROW(sign("text", generate_key_pair().public_key), PackageError);
}

TEST(PackageSignature, KeyId_IsTheFirst16HexDigitsOfTheSha256OfTheRawKey) {
    const std::string zero_key(43, 'A');  // 32 zero bytes

    EXPECT_EQ(key_id(zero_key + "="), "66687aadf862bd77");
}

TEST(PackageSignature, KeyId_RefusesAMalformedKey) {
    EXPECT_THROW(key_id("not a key"), PackageError);
}

}  // namespace
}  // namespace rapport::plugins
