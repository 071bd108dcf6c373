// Session and CSRF tokens: random bearer secrets handed to the browser, the digest the
// database keeps instead of the token, and a constant-time comparison.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rapport::auth {

inline constexpr std::size_t token_bytes = 32;
inline constexpr std::size_t token_length = 43;  // base64url of 32 bytes, no padding

// 32 random bytes as base64url without padding. Throws std::runtime_error if libsodium
// cannot start.
std::string new_session_token();

// Same shape as a session token, for the double-submit CSRF check.
std::string new_csrf_token();

// What the database stores for a token: lower-case hex SHA-256 (64 characters).
std::string token_digest(std::string_view token);

// True for 43 base64url characters: lets garbage be refused before any database lookup.
bool looks_like_token(std::string_view text) noexcept;

// Compares secrets in time that depends only on their length (which is not secret here).
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace rapport::auth
