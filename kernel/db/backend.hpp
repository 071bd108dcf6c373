// The database engines Rapport runs on.
#pragma once

#include <ostream>
#include <string_view>

namespace rapport::db {

enum class Backend { sqlite, postgresql };

constexpr std::string_view backend_name(Backend backend) {
    return backend == Backend::sqlite ? "sqlite" : "postgresql";
}

// Here rather than in test support: every translation unit that prints a Backend (a failed
// EXPECT_EQ, a test's parameter) must print it the same way, or the linker keeps one of them.
inline std::ostream& operator<<(std::ostream& out, Backend backend) {
    return out << backend_name(backend);
}

}  // namespace rapport::db
