#include "auth/sodium.hpp"

#include <sodium.h>

#include <stdexcept>

namespace rapport::auth {

bool sodium_ready() noexcept {
    // A function-local static is initialised exactly once even with concurrent callers;
    // sodium_init() itself returns 1 (not an error) when already initialised.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

void ensure_sodium() {
    if (!sodium_ready()) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

}  // namespace rapport::auth
