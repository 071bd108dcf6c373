#include "auth/session_token.hpp"

#include "auth/sodium.hpp"

#include <sodium.h>

#include <algorithm>

namespace rapport::auth {
namespace {

std::string new_random_token() {
    ensure_sodium();
    unsigned char bytes[token_bytes];
    randombytes_buf(bytes, sizeof bytes);
    char encoded[sodium_base64_ENCODED_LEN(token_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes, sizeof bytes);
    return encoded;
}

bool is_base64url_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

}  // namespace

std::string new_session_token() {
    return new_random_token();
}

std::string new_csrf_token() {
    return new_random_token();
}

std::string token_digest(std::string_view token) {
    // A plain, unsalted hash is right here, unlike for passwords: a token carries 256 bits
    // of entropy, so a leaked digest cannot be reversed by guessing, and an unsalted digest
    // is what lets the database look the session up by it.
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool looks_like_token(std::string_view text) noexcept {
    return text.size() == token_length && std::all_of(text.begin(), text.end(), is_base64url_char);
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    if (a.empty()) {
        return true;  // sodium_memcmp's pointers must not be null, which empty views may be
    }
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace rapport::auth
