#include "db/bulk_insert.hpp"

#include "db/database_error.hpp"
#include "db/statement.hpp"

#include <fmt/format.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

namespace rapport::db {
namespace {

// 'text' with its quotes doubled.
std::string string_literal(std::string_view text) {
    std::string literal = "'";
    for (const char c : text) {
        literal += c;
        if (c == '\'') {
            literal += c;
        }
    }
    return literal + "'";
}

// COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
void append_copy_value(std::string& out, const SqlValue& value) {
    if (is_null(value)) {
        out += "\\N";
        return;
    }
    if (const auto* integer = std::get_if<long long>(&value)) {
        out += std::to_string(*integer);
        return;
    }
    for (const char c : std::get<std::string>(value)) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out.push_back(c);
        }
    }
}

void copy_rows(soci::session& session, const std::string& table, const std::string& column_list,
               std::size_t column_count, std::span<const SqlValue> values) {
    PGconn* connection =
        static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    const std::string statement = fmt::format("COPY {} ({}) FROM STDIN", table, column_list);
    PGresult* started = PQexec(connection, statement.c_str());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying) {
        throw DatabaseError("COPY into " + table + " failed: " + PQerrorMessage(connection));
    }
    std::string buffer;
    const auto flush = [&] {
        if (PQputCopyData(connection, buffer.data(), static_cast<int>(buffer.size())) != 1) {
            throw DatabaseError("COPY into " + table + " failed: " + PQerrorMessage(connection));
        }
        buffer.clear();
    };
    for (std::size_t i = 0; i < values.size(); ++i) {
        append_copy_value(buffer, values[i]);
        const bool row_ends = (i + 1) % column_count == 0;
        buffer.push_back(row_ends ? '\n' : '\t');
        if (row_ends && buffer.size() > (1 << 20)) {
            flush();
        }
    }
    flush();
    const bool ended = PQputCopyEnd(connection, nullptr) == 1;
    PGresult* result = PQgetResult(connection);
    const bool ok = ended && PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    while (PGresult* rest = PQgetResult(connection)) {
        PQclear(rest);
    }
    if (!ok) {
        throw DatabaseError("COPY into " + table + " failed: " + PQerrorMessage(connection));
    }
}

void insert_rows(soci::session& session, const std::string& table, const std::string& column_list,
                 std::size_t column_count, std::span<const SqlValue> values) {
    using namespace sqlite_api;  // SOCI includes sqlite3.h inside this namespace
    sqlite3* connection = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    std::string placeholders;
    for (std::size_t i = 0; i < column_count; ++i) {
        placeholders += i == 0 ? "?" : ", ?";
    }
    const std::string sql =
        fmt::format("INSERT INTO {} ({}) VALUES ({})", table, column_list, placeholders);
    sqlite3_stmt* statement = nullptr;
    const auto fail = [&](const char* step) {
        const std::string message = sqlite3_errmsg(connection);
        sqlite3_finalize(statement);
        throw DatabaseError(
            fmt::format("bulk insert into {} failed ({}): {}", table, step, message));
    };
    if (sqlite3_prepare_v2(connection, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        fail("prepare");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int index = static_cast<int>(i % column_count) + 1;
        if (const auto* integer = std::get_if<long long>(&values[i])) {
            sqlite3_bind_int64(statement, index, *integer);
        } else if (const auto* text = std::get_if<std::string>(&values[i])) {
            sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()),
                              SQLITE_STATIC);
        } else {
            sqlite3_bind_null(statement, index);
        }
        if (static_cast<std::size_t>(index) < column_count) {
            continue;
        }
        if (sqlite3_step(statement) != SQLITE_DONE) {
            fail("step");
        }
        sqlite3_reset(statement);
    }
    sqlite3_finalize(statement);
}

}  // namespace

void bulk_insert(soci::session& session, const Dialect& dialect, const std::string& table,
                 const std::vector<std::string>& columns, std::span<const SqlValue> values) {
    if (values.empty()) {
        return;
    }
    if (values.size() % columns.size() != 0) {
        throw DatabaseError(fmt::format("bulk insert into {}: {} values do not fill rows of {}",
                                        table, values.size(), columns.size()));
    }
    std::string column_list;
    for (const auto& column : columns) {
        column_list += (column_list.empty() ? "" : ", ") + column;
    }
    if (dialect.backend() == Backend::postgresql) {
        copy_rows(session, table, column_list, columns.size(), values);
    } else {
        insert_rows(session, table, column_list, columns.size(), values);
    }
}

std::vector<long long> reserve_ids(soci::session& session, const Dialect& dialect,
                                   const std::string& table, std::size_t count) {
    std::vector<long long> ids;
    ids.reserve(count);
    if (count == 0) {
        return ids;
    }
    if (dialect.backend() == Backend::postgresql) {
        // The sequence's name as a constant: nextval(pg_get_serial_sequence(...)) would look it
        // up again for every id, six times the cost of nextval itself.
        const auto sequence =
            as_text(query(session, "SELECT pg_get_serial_sequence(:t, 'id')", {table}).at(0).at(0));
        const auto rows = query(
            session,
            fmt::format("SELECT nextval({}) FROM generate_series(1, :n)", string_literal(sequence)),
            {static_cast<long long>(count)});
        for (const auto& row : rows) {
            ids.push_back(as_integer(row.at(0)));
        }
        return ids;
    }
    // The write transaction holds SQLite's only write lock: nobody else takes ids meanwhile,
    // and inserting explicit ids moves the AUTOINCREMENT counter past them.
    const std::string name = table.front() == '"' ? table.substr(1, table.size() - 2) : table;
    const auto rows = query(session, "SELECT seq FROM sqlite_sequence WHERE name = :t", {name});
    const auto sequence = query(session, fmt::format("SELECT max(id) FROM {}", table));
    long long next = rows.empty() ? 0 : as_integer(rows[0].at(0));
    if (!is_null(sequence.at(0).at(0))) {
        next = std::max(next, as_integer(sequence.at(0).at(0)));
    }
    for (std::size_t i = 0; i < count; ++i) {
        ids.push_back(++next);
    }
    return ids;
}

}  // namespace rapport::db
