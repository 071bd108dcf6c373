// The database engines Rapport runs on.
#pragma once

#include <string_view>

namespace rapport::db {

enum class Backend { sqlite, postgresql };

constexpr std::string_view backend_name(Backend backend) {
    return backend == Backend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace rapport::db
