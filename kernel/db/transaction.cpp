#include "db/transaction.hpp"

#include "db/statement.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

namespace rapport::db {

Transaction::Transaction(soci::session& session, const Dialect& dialect) : session_(session) {
    execute(session_, dialect.begin_write());
}

Transaction::~Transaction() {
    if (!open_) {
        return;
    }
    try {
        execute(session_, "ROLLBACK");
    } catch (const std::exception& error) {
        // The connection is likely broken; the pool will hand out a session whose next
        // statement fails loudly, which is better than throwing from a destructor.
        spdlog::error("rollback failed: {}", error.what());
    }
}

void Transaction::commit() {
    execute(session_, "COMMIT");
    open_ = false;
}

}  // namespace rapport::db
