#include "auth/password_hasher.hpp"

#include "auth/sodium.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace rapport::auth {
namespace {

// libsodium declares its pointers nonnull even for zero lengths; an empty string_view
// may have a null data().
const char* non_null_data(std::string_view text) {
    return text.empty() ? "" : text.data();
}

std::size_t count_code_points(std::string_view text) {
    // Every UTF-8 code point has exactly one byte that is not a continuation (10xxxxxx).
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password) {
    if (password.find('\0') != std::string_view::npos) {
        return "must not contain a NUL character";
    }
    // Bounds the hashing work a single request can ask for.
    if (password.size() > max_password_bytes) {
        return "must be at most " + std::to_string(max_password_bytes) + " bytes";
    }
    if (count_code_points(password) < min_password_length) {
        return "must be at least " + std::to_string(min_password_length) + " characters";
    }
    return std::nullopt;
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            encoded, non_null_data(password), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("password hashing failed (out of memory)");
    }
    return encoded;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) noexcept {
    if (!sodium_ready()) {
        return false;
    }
    // libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES; copying
    // into a fixed buffer avoids an allocation (so nothing can throw) and refuses a hash
    // with an embedded NUL, which would otherwise be silently truncated.
    char terminated[crypto_pwhash_STRBYTES];
    if (encoded_hash.empty() || encoded_hash.size() >= sizeof terminated ||
        encoded_hash.find('\0') != std::string_view::npos) {
        return false;
    }
    std::copy(encoded_hash.begin(), encoded_hash.end(), terminated);
    terminated[encoded_hash.size()] = '\0';
    return crypto_pwhash_str_verify(terminated, non_null_data(password), password.size()) == 0;
}

void burn_verification_time() {
    // Computed once (thread-safe static); each call then verifies against it exactly as a
    // real login verifies against the stored hash.
    static const std::string dummy_hash = hash_password("rapport-dummy-password");
    static_cast<void>(verify_password(dummy_hash, "not-the-dummy-password"));
}

}  // namespace rapport::auth
