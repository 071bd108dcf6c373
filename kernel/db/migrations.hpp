// Additive schema migrations, each applied once and recorded in rapport_migrations.
#pragma once

#include "db/dialect.hpp"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace rapport::db {

class Database;

struct Migration {
    std::string id;  // unique and stable forever: "kernel/0001_records"
    std::function<void(soci::session&, const Dialect&)> apply;
};

// Applies, in one transaction, every migration not yet recorded, in the given order, and
// returns their ids. Several processes may call it at once: one applies, the others see
// the result. On any failure nothing is applied and the error propagates.
std::vector<std::string> apply_migrations(Database& database,
                                          std::span<const Migration> migrations);

}  // namespace rapport::db
