#include "plugins/package_signature.hpp"

#include "auth/sodium.hpp"
#include "plugins/package_error.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <optional>

namespace rapport::plugins {
namespace {

constexpr int base64_variant = sodium_base64_VARIANT_ORIGINAL;

template <std::size_t N>
std::string to_base64(const std::array<unsigned char, N>& bytes) {
    char encoded[sodium_base64_ENCODED_LEN(N, base64_variant)];
    sodium_bin2base64(encoded, sizeof encoded, bytes.data(), bytes.size(), base64_variant);
    return encoded;
}

// Exactly N bytes from base64, or nothing: libsodium refuses characters outside the alphabet
// and trailing garbage when it is not asked where the parse ended.
template <std::size_t N>
std::optional<std::array<unsigned char, N>> from_base64(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::array<unsigned char, N> bytes{};
    std::size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                          nullptr, base64_variant) != 0 ||
        length != N) {
        sodium_memzero(bytes.data(), bytes.size());
        return std::nullopt;
    }
    return bytes;
}

using PublicKey = std::array<unsigned char, crypto_sign_PUBLICKEYBYTES>;
using SecretKey = std::array<unsigned char, crypto_sign_SECRETKEYBYTES>;
using Signature = std::array<unsigned char, crypto_sign_BYTES>;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    static constexpr unsigned char nothing = 0;  // an empty view's data() may be null
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(
        digest, bytes.empty() ? &nothing : reinterpret_cast<const unsigned char*>(bytes.data()),
        bytes.size());
    return to_hex(digest, sizeof digest);
}

std::string digest_list(const std::vector<PackageMember>& members) {
    std::vector<const PackageMember*> sorted;
    sorted.reserve(members.size());
    for (const PackageMember& member : members) {
        sorted.push_back(&member);
    }
    // std::string compares through char_traits<char>, which orders bytes as unsigned char.
    std::sort(sorted.begin(), sorted.end(),
              [](const PackageMember* a, const PackageMember* b) { return a->path < b->path; });
    std::string list;
    for (const PackageMember* member : sorted) {
        list += member->sha256;
        list += "  ";
        list += member->path;
        list += '\n';
    }
    return list;
}

KeyPair generate_key_pair() {
    auth::ensure_sodium();
    PublicKey public_key;
    SecretKey secret_key;
    crypto_sign_keypair(public_key.data(), secret_key.data());
    KeyPair pair{to_base64(public_key), to_base64(secret_key)};
    sodium_memzero(secret_key.data(), secret_key.size());
    return pair;
}

std::string sign(std::string_view digest_list, std::string_view secret_key_base64) {
    auth::ensure_sodium();
    std::optional<SecretKey> secret_key =
        from_base64<crypto_sign_SECRETKEYBYTES>(secret_key_base64);
    if (!secret_key) {
        throw PackageError("the signing key is not a base64 Ed25519 secret key");
    }
    Signature signature;
    crypto_sign_detached(signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(digest_list.data()),
                         digest_list.size(), secret_key->data());
    sodium_memzero(secret_key->data(), secret_key->size());
    return to_base64(signature);
}

bool verify(std::string_view digest_list, std::string_view signature_base64,
            std::string_view public_key_base64) noexcept {
    if (!auth::sodium_ready()) {
        return false;
    }
    const std::optional<Signature> signature = from_base64<crypto_sign_BYTES>(signature_base64);
    const std::optional<PublicKey> public_key =
        from_base64<crypto_sign_PUBLICKEYBYTES>(public_key_base64);
    if (!signature || !public_key) {
        return false;
    }
    return crypto_sign_verify_detached(signature->data(),
                                       reinterpret_cast<const unsigned char*>(digest_list.data()),
                                       digest_list.size(), public_key->data()) == 0;
}

bool is_public_key(std::string_view public_key_base64) noexcept {
    return from_base64<crypto_sign_PUBLICKEYBYTES>(public_key_base64).has_value();
}

bool is_signature(std::string_view signature_base64) noexcept {
    return from_base64<crypto_sign_BYTES>(signature_base64).has_value();
}

std::string key_id(std::string_view public_key_base64) {
    const std::optional<PublicKey> public_key =
        from_base64<crypto_sign_PUBLICKEYBYTES>(public_key_base64);
    if (!public_key) {
        throw PackageError("not a base64 Ed25519 public key: \"" + std::string(public_key_base64) +
                           "\"");
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, public_key->data(), public_key->size());
    return to_hex(digest, 8);
}

}  // namespace rapport::plugins
