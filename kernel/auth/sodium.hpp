// Internal to kernel/auth: libsodium must be initialised once before its functions are
// used; these are the only places that call sodium_init().
#pragma once

namespace rapport::auth {

// Initialises libsodium on first call (thread-safe); true if it is usable.
bool sodium_ready() noexcept;

// As sodium_ready(), but throws std::runtime_error when libsodium cannot start (no
// system randomness source).
void ensure_sodium();

}  // namespace rapport::auth
