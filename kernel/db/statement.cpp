#include "db/statement.hpp"

#include "db/database_error.hpp"
#include "db/prepared_statements.hpp"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>
#include <string>

namespace rapport::db {
namespace {

using namespace sqlite_api;  // SOCI includes sqlite3.h inside this namespace

bool is_postgresql(soci::session& session) {
    return session.get_backend_name() == "postgresql";
}

SqlValue sqlite_column(sqlite3_stmt* statement, int index) {
    switch (sqlite3_column_type(statement, index)) {
        case SQLITE_NULL:
            return std::monostate{};
        case SQLITE_INTEGER:
            return static_cast<long long>(sqlite3_column_int64(statement, index));
        case SQLITE_FLOAT:
            // Only expressions SQLite computes in floating point get here; exact types are
            // stored as integers or text through the dialect.
            return fmt::format("{}", sqlite3_column_double(statement, index));
        default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, index));
            return std::string(text,
                               static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
        }
    }
}

std::vector<Row> run_sqlite(soci::session& session, std::string_view sql,
                            std::span<const SqlValue> params) {
    sqlite3* connection = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    sqlite3_stmt* statement = sqlite_statement(connection, sql);
    const auto fail = [&]() {
        const std::string message = sqlite3_errmsg(connection);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        throw DatabaseError(message + " while executing \"" + std::string(sql) + "\"");
    };
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        int status = SQLITE_OK;
        if (const auto* integer = std::get_if<long long>(&params[i])) {
            status = sqlite3_bind_int64(statement, index, *integer);
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
            status = sqlite3_bind_text(statement, index, text->data(),
                                       static_cast<int>(text->size()), SQLITE_STATIC);
        } else {
            status = sqlite3_bind_null(statement, index);
        }
        if (status != SQLITE_OK) {
            fail();
        }
    }
    std::vector<Row> rows;
    const int columns = sqlite3_column_count(statement);
    int status = SQLITE_OK;
    while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
        Row row;
        row.reserve(static_cast<std::size_t>(columns));
        for (int column = 0; column < columns; ++column) {
            row.push_back(sqlite_column(statement, column));
        }
        rows.push_back(std::move(row));
    }
    if (status != SQLITE_DONE) {
        fail();
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return rows;
}

std::vector<Row> run_postgresql(soci::session& session, std::string_view sql,
                                std::span<const SqlValue> params) {
    PGconn* connection =
        static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    const std::string& name =
        postgresql_statement(connection, sql, static_cast<int>(params.size()));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* integer = std::get_if<long long>(&params[i])) {
            texts[i] = std::to_string(*integer);
            values[i] = texts[i].c_str();
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
            values[i] = text->c_str();
        }
    }
    PGresult* result = PQexecPrepared(connection, name.c_str(), static_cast<int>(params.size()),
                                      values.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const std::string message = PQresultErrorMessage(result);
        PQclear(result);
        throw DatabaseError(message + " while executing \"" + std::string(sql) + "\"");
    }
    std::vector<Row> rows;
    const int row_count = PQntuples(result);
    const int columns = PQnfields(result);
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int r = 0; r < row_count; ++r) {
        Row row;
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(result, r, c)) {
                row.emplace_back(std::monostate{});
            } else {
                row.emplace_back(std::string(PQgetvalue(result, r, c),
                                             static_cast<std::size_t>(PQgetlength(result, r, c))));
            }
        }
        rows.push_back(std::move(row));
    }
    PQclear(result);
    return rows;
}

}  // namespace

// Statements go straight to the driver on the connection SOCI holds, prepared once per
// connection (prepared_statements.hpp): preparing on every call cost more than the query.
// PostgreSQL returns every value as text; readers accept integers in either form.
void execute(soci::session& session, std::string_view sql, std::span<const SqlValue> params) {
    query(session, sql, params);
}

std::vector<Row> query(soci::session& session, std::string_view sql,
                       std::span<const SqlValue> params) {
    return is_postgresql(session) ? run_postgresql(session, sql, params)
                                  : run_sqlite(session, sql, params);
}

long long insert_returning_id(soci::session& session, std::string_view insert,
                              std::span<const SqlValue> params) {
    if (is_postgresql(session)) {
        const auto rows = run_postgresql(session, std::string(insert) + " RETURNING id", params);
        return as_integer(rows.at(0).at(0));
    }
    run_sqlite(session, insert, params);
    sqlite3* connection = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    return static_cast<long long>(sqlite3_last_insert_rowid(connection));
}

bool sqlite_in_transaction(soci::session& session) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
    return backend && sqlite3_get_autocommit(backend->conn_) == 0;
}

}  // namespace rapport::db
