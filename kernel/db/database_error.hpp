// A database that cannot be opened or a statement that fails outside a request.
#pragma once

#include <stdexcept>
#include <string_view>

namespace rapport::db {

class DatabaseError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Whether the database refused a statement for a foreign key: SQLite says "FOREIGN KEY
// constraint failed", PostgreSQL "... violates foreign key constraint ...".
inline bool violates_foreign_key(const DatabaseError& error) {
    const std::string_view message = error.what();
    return message.find("FOREIGN KEY") != std::string_view::npos ||
           message.find("foreign key") != std::string_view::npos;
}

// Whether a unique index refused a statement: SQLite says "UNIQUE constraint failed",
// PostgreSQL "duplicate key value violates unique constraint ...".
inline bool violates_unique(const DatabaseError& error) {
    const std::string_view message = error.what();
    return message.find("UNIQUE constraint failed") != std::string_view::npos ||
           message.find("violates unique constraint") != std::string_view::npos;
}

// Whether PostgreSQL failed the transaction to break a deadlock with another one.
inline bool is_deadlock(const DatabaseError& error) {
    return std::string_view(error.what()).find("deadlock detected") != std::string_view::npos;
}

// Whether a statement's 64-bit integer arithmetic overflowed: SQLite's sum() of integers
// says "integer overflow" (PostgreSQL sums bigint and numeric columns as numeric).
inline bool overflows_integer(const DatabaseError& error) {
    return std::string_view(error.what()).find("integer overflow") != std::string_view::npos;
}

}  // namespace rapport::db
