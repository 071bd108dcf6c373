#include "db/dialect.hpp"

namespace rapport::db {

const Dialect& sqlite_dialect();
const Dialect& postgresql_dialect();

const Dialect& dialect_for(Backend backend) {
    return backend == Backend::sqlite ? sqlite_dialect() : postgresql_dialect();
}

}  // namespace rapport::db
