#include "records/schema_migrations.hpp"

#include "db/like_pattern.hpp"
#include "db/statement.hpp"
#include "records/search_index.hpp"
#include "records/sql_names.hpp"

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace rapport::records {
namespace {

using sdk::FieldType;

std::string column_type(const db::Dialect& dialect, const FieldDefinition& field) {
    switch (field.type) {
        case FieldType::integer:
        case FieldType::reference:
            return std::string(dialect.integer_column());
        case FieldType::decimal:
        case FieldType::money:
        case FieldType::percent:
            return dialect.decimal_column(field.scale);
        case FieldType::boolean:
            return std::string(dialect.boolean_column());
        case FieldType::date:
            return std::string(dialect.date_column());
        case FieldType::datetime:
            return std::string(dialect.timestamp_column());
        case FieldType::references:
            break;
        default:
            return "TEXT";
    }
    return "TEXT";
}

std::string_view on_delete_sql(OnDelete on_delete) {
    switch (on_delete) {
        case OnDelete::cascade:
            return "CASCADE";
        case OnDelete::set_null:
            return "SET NULL";
        case OnDelete::restrict:
            break;
    }
    return "RESTRICT";
}

db::Migration create_table(const EntityDefinition& entity) {
    return {
        "entity/" + entity.name, [&entity](soci::session& session, const db::Dialect& dialect) {
            db::execute(
                session,
                fmt::format("CREATE TABLE {} ({}, created_at {} NOT NULL, updated_at {} NOT NULL, "
                            "created_by {}, owner_id {}, version {} NOT NULL DEFAULT 1)",
                            quoted(entity.name), dialect.id_column(), dialect.timestamp_column(),
                            dialect.timestamp_column(), dialect.integer_column(),
                            dialect.integer_column(), dialect.integer_column()));
        }};
}

// Reads scoped to `own` or `team` filter on the owner.
db::Migration index_owner(const EntityDefinition& entity) {
    return {"entity/" + entity.name + "/index/owner_id",
            [&entity](soci::session& session, const db::Dialect&) {
                db::execute(session, fmt::format("CREATE INDEX {} ON {} (owner_id, id)",
                                                 quoted("ix_" + entity.name + "_owner"),
                                                 quoted(entity.name)));
            }};
}

// A reference that a declared composite index starts with needs no index of its own: the
// composite serves its lookups (filters, the foreign key's checks on delete), and each insert
// writes one index less (contact's account_id, behind (account_id, last_name): an import of
// contacts 9-12 % faster). Other fields keep theirs. Their values repeat (a type, a country), and
// an index of the field alone keeps each value's rows in table order, which SQLite reads in one
// sweep: GROUP BY type, country over 1,000,000 accounts took 1.3 s through ix_account_type and
// 2.8 s through (type, name). A reference's values are spread over its targets: its rows are
// read out of order either way.
bool leads_a_declared_index(const EntityDefinition& entity, const FieldDefinition& field) {
    return std::any_of(entity.indexes.begin(), entity.indexes.end(), [&](const auto& index) {
        return !index.empty() && index.front() == field.name;
    });
}

void add_column(soci::session& session, const db::Dialect& dialect, const EntityDefinition& entity,
                const FieldDefinition& field) {
    std::string sql = fmt::format("ALTER TABLE {} ADD COLUMN {} {}", quoted(entity.name),
                                  quoted(field.name), column_type(dialect, field));
    if (field.type == FieldType::reference) {
        sql += fmt::format(" REFERENCES {} (id) ON DELETE {}", quoted(field.target),
                           on_delete_sql(field.on_delete));
    }
    db::execute(session, sql);
}

bool has_own_index(const EntityDefinition& entity, const FieldDefinition& field) {
    if (field.unique) {
        return true;
    }
    return field.type == FieldType::reference ? !leads_a_declared_index(entity, field)
                                              : field.index;
}

// A migration of its own, so that a field declared `index: true` or `unique: true` after its
// column exists gets its index too. IF NOT EXISTS: databases from before this migration had
// the index made with the column, under the same name.
db::Migration index_field(const EntityDefinition& entity, const FieldDefinition& field) {
    return {
        "entity/" + entity.name + "/index/" + field.name,
        [&entity, &field](soci::session& session, const db::Dialect& dialect) {
            db::execute(
                session,
                fmt::format(
                    "CREATE {}INDEX IF NOT EXISTS {} ON {} ({})", field.unique ? "UNIQUE " : "",
                    quoted((field.unique ? "ux_" : "ix_") + entity.name + "_" + field.name),
                    quoted(entity.name),
                    field.unique ? quoted(field.name) : dialect.index_columns(quoted(field.name))));
        }};
}

void create_join_table(soci::session& session, const db::Dialect& dialect,
                       const EntityDefinition& entity, const FieldDefinition& field) {
    const std::string table = join_table(entity, field);
    db::execute(
        session,
        fmt::format("CREATE TABLE {} (owner_id {} NOT NULL REFERENCES {} (id) ON DELETE CASCADE, "
                    "target_id {} NOT NULL REFERENCES {} (id) ON DELETE {}, position {} NOT NULL, "
                    "PRIMARY KEY (owner_id, target_id))",
                    quoted(table), dialect.integer_column(), quoted(entity.name),
                    dialect.integer_column(), quoted(field.target),
                    field.on_delete == OnDelete::cascade ? "CASCADE" : "RESTRICT",
                    dialect.integer_column()));
    db::execute(session, fmt::format("CREATE INDEX {} ON {} (target_id)",
                                     quoted("ix_" + table + "_target"), quoted(table)));
}

db::Migration add_field(const EntityDefinition& entity, const FieldDefinition& field) {
    return {fmt::format("entity/{}/field/{}:{}", entity.name, field.name,
                        sdk::field_type_name(field.type)),
            [&entity, &field](soci::session& session, const db::Dialect& dialect) {
                if (field.type == FieldType::references) {
                    create_join_table(session, dialect, entity, field);
                } else {
                    add_column(session, dialect, entity, field);
                }
            }};
}

db::Migration add_index(const EntityDefinition& entity, const std::vector<std::string>& fields) {
    std::string name = "ix_" + entity.name;
    std::string id = "entity/" + entity.name + "/index/";
    for (const auto& field : fields) {
        name += "_" + field;
        id += (id.ends_with('/') ? "" : ",") + field;
    }
    return {id, [&entity, &fields, name](soci::session& session, const db::Dialect& dialect) {
                std::string columns;
                for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
                    columns += quoted(fields[i]) + ", ";
                }
                // The last field is the ordered one: laid out as a list orders it (then by id).
                columns += dialect.index_columns(quoted(fields.back()));
                db::execute(session, fmt::format("CREATE INDEX {} ON {} ({})", quoted(name),
                                                 quoted(entity.name), columns));
            }};
}

// Indexes the records again whenever the entity's search fields change (a plugin upgrade
// making a field `search: true`), so that records written before are found by it too. The id
// names the fields, or a digest of their names when they are too many to name; the ids of
// earlier sets are forgotten, so that going back to one indexes the records again as well.
db::Migration index_search_fields(const EntityDefinition& entity) {
    constexpr std::size_t longest_list = 120;
    std::string fields;
    for (const auto& field : entity.fields) {
        if (field.search) {
            fields += (fields.empty() ? "" : ",") + field.name;
        }
    }
    if (fields.size() > longest_list) {
        fields = boost::uuids::to_string(
            boost::uuids::name_generator_sha1(boost::uuids::ns::oid())(fields));
    }
    return {"entity/" + entity.name + "/search/" + fields,
            [&entity](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            "DELETE FROM rapport_migrations WHERE id LIKE :earlier ESCAPE '\\'",
                            {db::sql_like_pattern("entity/" + entity.name + "/search/*")});
                reindex_entity(session, dialect, entity);
            }};
}

// Records written before the entity named its owner_field (or before this field) pass to the
// users it holds, as records written since do (records/record_owner.hpp).
db::Migration follow_owner_field(const EntityDefinition& entity) {
    return {"entity/" + entity.name + "/owner/" + entity.owner_field,
            [&entity](soci::session& session, const db::Dialect&) {
                db::execute(session,
                            fmt::format("UPDATE {} SET owner_id = COALESCE({}, created_by)",
                                        quoted(entity.name), quoted(entity.owner_field)));
            }};
}

}  // namespace

std::vector<db::Migration> schema_migrations(const Schema& schema) {
    std::vector<db::Migration> migrations;
    for (const auto& entity : schema.entities()) {
        migrations.push_back(create_table(entity));
        migrations.push_back(index_owner(entity));
    }
    for (const auto& entity : schema.entities()) {
        for (const auto& field : entity.fields) {
            if (!field.system && !field.computed) {
                migrations.push_back(add_field(entity, field));
                if (field.type != FieldType::references && has_own_index(entity, field)) {
                    migrations.push_back(index_field(entity, field));
                }
            }
        }
        for (const auto& index : entity.indexes) {
            migrations.push_back(add_index(entity, index));
        }
        if (!entity.owner_field.empty()) {
            migrations.push_back(follow_owner_field(entity));
        }
        migrations.push_back(index_search_fields(entity));
    }
    return migrations;
}

void drop_entity_data(soci::session& session, const db::Dialect& dialect,
                      const EntityDefinition& entity) {
    for (const auto& field : entity.fields) {
        if (field.type == FieldType::references) {
            db::execute(session, "DROP TABLE IF EXISTS " + quoted(join_table(entity, field)));
        }
    }
    db::execute(session, "DROP TABLE IF EXISTS " + quoted(entity.name));
    db::execute(session, "DELETE FROM rapport_audit WHERE entity = :e", {entity.name});
    unindex_entity(session, dialect, entity.name);
    db::execute(session,
                "DELETE FROM rapport_migrations WHERE id = :table OR id LIKE :fields ESCAPE '\\'",
                {"entity/" + entity.name, db::sql_like_pattern("entity/" + entity.name + "/*")});
}

}  // namespace rapport::records
