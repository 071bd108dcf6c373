// Password policy and storage: what a password must look like, and its Argon2id hash
// (the only form in which a password is ever stored or compared).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::auth {

inline constexpr std::size_t min_password_length = 12;  // in characters (code points)
inline constexpr std::size_t max_password_bytes = 1024;

// nullopt if the password is acceptable, else why not, phrased to follow "Password ":
// "must be at least 12 characters".
std::optional<std::string> password_problem(std::string_view password);

// The encoded Argon2id hash ("$argon2id$v=19$m=...") with a fresh random salt. Callers
// check password_problem() first. Throws std::runtime_error when libsodium fails (out of
// memory).
std::string hash_password(std::string_view password);

// True only if `password` matches `encoded_hash`; false for a malformed hash.
bool verify_password(std::string_view encoded_hash, std::string_view password) noexcept;

// Costs what verify_password() costs, for a login naming an unknown user: without it the
// quick answer would tell an attacker which user names exist. Throws std::runtime_error
// like hash_password() (only on the first call, which computes the dummy hash).
void burn_verification_time();

}  // namespace rapport::auth
