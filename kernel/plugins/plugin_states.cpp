#include "plugins/plugin_states.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <fmt/format.h>

namespace rapport::plugins {

db::Migration plugin_states_migration() {
    return {"kernel/0006_plugins", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            fmt::format("CREATE TABLE rapport_plugins (id VARCHAR(48) PRIMARY KEY, "
                                        "version VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, "
                                        "error TEXT NOT NULL, package TEXT NOT NULL, updated_at {} "
                                        "NOT NULL)",
                                        dialect.timestamp_column()));
            }};
}

db::Migration registry_generation_migration() {
    return {"kernel/0007_registry_generation", [](soci::session& session, const db::Dialect&) {
                db::execute(session,
                            "CREATE TABLE rapport_registry (id INTEGER PRIMARY KEY, "
                            "generation BIGINT NOT NULL)");
                db::execute(session, "INSERT INTO rapport_registry (id, generation) VALUES (1, 0)");
            }};
}

PluginStates::PluginStates(db::Database& database) : database_(database) {}

std::int64_t PluginStates::generation() {
    std::int64_t generation = 0;
    database_.with_session([&](soci::session& session) {
        generation = db::as_integer(
            db::query(session, "SELECT generation FROM rapport_registry WHERE id = 1").at(0).at(0));
    });
    return generation;
}

std::int64_t PluginStates::bump_generation() {
    std::int64_t generation = 0;
    database_.write_transaction([&](soci::session& session) {
        db::execute(session,
                    "UPDATE rapport_registry SET generation = generation + 1 WHERE id = 1");
        generation = db::as_integer(
            db::query(session, "SELECT generation FROM rapport_registry WHERE id = 1").at(0).at(0));
    });
    return generation;
}

std::vector<PluginState> PluginStates::all() {
    std::vector<PluginState> states;
    database_.with_session([&](soci::session& session) {
        for (const auto& row :
             db::query(session,
                       "SELECT id, version, state, error, package FROM rapport_plugins "
                       "ORDER BY id")) {
            states.push_back({db::as_text(row.at(0)), db::as_text(row.at(1)),
                              db::as_text(row.at(2)), db::as_text(row.at(3)),
                              db::as_text(row.at(4))});
        }
    });
    return states;
}

void PluginStates::save(const PluginState& state) {
    const auto& dialect = database_.dialect();
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_plugins WHERE id = :id", {state.id});
        db::execute(session,
                    "INSERT INTO rapport_plugins (id, version, state, error, package, updated_at) "
                    "VALUES (:i, :v, :s, :e, :p, :u)",
                    {state.id, state.version, state.state, state.error, state.package.string(),
                     dialect.timestamp_value(sdk::Timestamp::now())});
    });
}

}  // namespace rapport::plugins
