#include "app/kernel_migrations.hpp"

#include "db/statement.hpp"

#include <vector>

namespace rapport::app {

std::span<const db::Migration> kernel_migrations() {
    // The record store, identity and plugin issues add their tables here.
    static const std::vector<db::Migration> migrations;
    return migrations;
}

}  // namespace rapport::app
