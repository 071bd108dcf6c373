#include "db/statement.hpp"

#include "db/database_error.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include <deque>
#include <string>

namespace rapport::db {
namespace {

// Owns the bound copies for the lifetime of a statement; SOCI binds by reference.
class Bindings {
  public:
    void bind(soci::statement& statement, std::span<const SqlValue> params) {
        for (const SqlValue& param : params) {
            if (const auto* integer = std::get_if<long long>(&param)) {
                statement.exchange(soci::use(integers_.emplace_back(*integer)));
            } else if (const auto* text = std::get_if<std::string>(&param)) {
                statement.exchange(soci::use(texts_.emplace_back(*text)));
            } else {
                texts_.emplace_back();
                statement.exchange(soci::use(texts_.back(), null_indicator_));
            }
        }
    }

  private:
    std::deque<long long> integers_;  // deque: growing never moves bound elements
    std::deque<std::string> texts_;
    soci::indicator null_indicator_ = soci::i_null;
};

SqlValue read_column(const soci::row& row, std::size_t index) {
    if (row.get_indicator(index) == soci::i_null) {
        return std::monostate{};
    }
    switch (row.get_properties(index).get_data_type()) {
        case soci::dt_string:
        case soci::dt_blob:
        case soci::dt_xml:
            return row.get<std::string>(index);
        case soci::dt_integer:
            return static_cast<long long>(row.get<int>(index));
        case soci::dt_long_long:
            return row.get<long long>(index);
        case soci::dt_unsigned_long_long:
            return static_cast<long long>(row.get<unsigned long long>(index));
        case soci::dt_double:
            // Only expressions SQLite computes in floating point get here; exact types are
            // selected as text or integers through the dialect.
            return fmt::format("{}", row.get<double>(index));
        case soci::dt_date:
            break;
    }
    throw DatabaseError("column " + row.get_properties(index).get_name() +
                        " was read as a date; select dates and times through the dialect");
}

}  // namespace

// Statements are one-time queries: on PostgreSQL SOCI then sends them with PQexecParams in
// one round trip, where a "repeatable" query costs a PQprepare, an execute and a deallocate.
void execute(soci::session& session, std::string_view sql, std::span<const SqlValue> params) {
    Bindings bindings;
    soci::statement statement(session);
    statement.alloc();
    statement.prepare(std::string(sql), soci::details::st_one_time_query);
    bindings.bind(statement, params);
    statement.define_and_bind();
    statement.execute(true);
}

std::vector<Row> query(soci::session& session, std::string_view sql,
                       std::span<const SqlValue> params) {
    Bindings bindings;
    soci::row row;
    soci::statement statement(session);
    statement.alloc();
    statement.prepare(std::string(sql), soci::details::st_one_time_query);
    statement.exchange(soci::into(row));
    bindings.bind(statement, params);
    statement.define_and_bind();
    std::vector<Row> rows;
    for (bool more = statement.execute(true); more; more = statement.fetch()) {
        Row values;
        values.reserve(row.size());
        for (std::size_t i = 0; i < row.size(); ++i) {
            values.push_back(read_column(row, i));
        }
        rows.push_back(std::move(values));
    }
    return rows;
}

}  // namespace rapport::db
