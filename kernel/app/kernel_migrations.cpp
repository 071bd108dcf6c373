#include "app/kernel_migrations.hpp"

#include "records/audit_log.hpp"
#include "records/search_index.hpp"

#include <vector>

namespace rapport::app {

std::span<const db::Migration> kernel_migrations() {
    static const std::vector<db::Migration> migrations{records::audit_log_migration(),
                                                       records::search_index_migration(),
                                                       records::search_queue_migration()};
    return migrations;
}

}  // namespace rapport::app
