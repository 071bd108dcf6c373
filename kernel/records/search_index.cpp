#include "records/search_index.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rapport::records {
namespace {

using db::Backend;

// Words of the query: runs of ASCII letters and digits and of any non-ASCII bytes (UTF-8
// letters), so no query syntax of either engine survives into the match expression.
std::vector<std::string> query_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || byte >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(byte)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

std::string match_expression(Backend backend, const std::vector<std::string>& words) {
    std::string expression;
    for (const auto& word : words) {
        expression += backend == Backend::sqlite
                          ? fmt::format("{}\"{}\"*", expression.empty() ? "" : " ", word)
                          : fmt::format("{}{}:*", expression.empty() ? "" : " & ", word);
    }
    return expression;
}

std::optional<long long> sqlite_document_id(soci::session& session, const std::string& entity,
                                            std::int64_t id) {
    const auto rows = db::query(
        session, "SELECT id FROM rapport_search_docs WHERE entity = :e AND record_id = :r",
        {entity, static_cast<long long>(id)});
    if (rows.empty()) {
        return std::nullopt;
    }
    return db::as_integer(rows[0].at(0));
}

// On SQLite a record's text waits in rapport_search_queue, written with the record, and goes
// into the FTS5 table a batch at a time (apply_search_queue). FTS5 writes a segment of its
// index for every transaction that adds rows, and merges segments as they pile up: indexing
// each commit's few records on their own cost a create a quarter of its throughput.
// The queue's ids start over once it is emptied, and follow on from the largest, so an id
// counts the rows waiting. `replaces`: the document may already have FTS5 rows, to delete
// before its new text goes in.
void queue_search_text(soci::session& session, long long doc_id, db::SqlValue body, bool replaces) {
    const auto waiting = db::insert_returning_id(
        session, "INSERT INTO rapport_search_queue (doc_id, body, replaces) VALUES (:d, :b, :r)",
        {doc_id, std::move(body), replaces ? 1LL : 0LL});
    if (waiting % search_queue_batch == 0) {  // once a batch, however long the transaction
        db::before_commit(session, apply_search_queue);
    }
}

long long insert_document(soci::session& session, const Record& record) {
    return db::insert_returning_id(
        session, "INSERT INTO rapport_search_docs (entity, record_id) VALUES (:e, :r)",
        {record.entity->name, static_cast<long long>(record.id())});
}

// PostgreSQL keeps one row per record: one upsert indexes a new record and a changed one.
void upsert_search_row(soci::session& session, const Record& record) {
    db::execute(
        session,
        "INSERT INTO rapport_search (entity, record_id, body) VALUES (:e, :r, :b) "
        "ON CONFLICT (entity, record_id) DO UPDATE SET body = EXCLUDED.body",
        {record.entity->name, static_cast<long long>(record.id()), search_document(record)});
}

}  // namespace

db::Migration search_index_migration() {
    return {"kernel/0002_search_index", [](soci::session& session, const db::Dialect& dialect) {
                if (dialect.backend() == Backend::sqlite) {
                    // FTS5 rows are addressed by rowid: the docs table maps records to it.
                    db::execute(
                        session,
                        "CREATE TABLE rapport_search_docs (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        "entity VARCHAR(64) NOT NULL, record_id BIGINT NOT NULL, "
                        "UNIQUE (entity, record_id))");
                    db::execute(session,
                                "CREATE VIRTUAL TABLE rapport_search USING fts5(body, "
                                "tokenize = 'unicode61 remove_diacritics 2')");
                } else {
                    db::execute(session,
                                "CREATE TABLE rapport_search (entity VARCHAR(64) NOT NULL, "
                                "record_id BIGINT NOT NULL, body TEXT NOT NULL, document tsvector "
                                "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED, "
                                "PRIMARY KEY (entity, record_id))");
                    db::execute(session,
                                "CREATE INDEX ix_rapport_search_document ON rapport_search USING "
                                "GIN (document)");
                }
            }};
}

db::Migration search_queue_migration() {
    return {"kernel/0008_search_queue", [](soci::session& session, const db::Dialect& dialect) {
                if (dialect.backend() == Backend::sqlite) {
                    db::execute(session,
                                "CREATE TABLE rapport_search_queue (id INTEGER PRIMARY KEY, "
                                "doc_id BIGINT NOT NULL, body TEXT, replaces INTEGER NOT NULL)");
                }
            }};
}

void apply_search_queue(soci::session& session) {
    db::execute(session,
                "DELETE FROM rapport_search WHERE rowid IN (SELECT doc_id FROM "
                "rapport_search_queue WHERE replaces = 1)");
    // A document queued more than once keeps its last text (SQLite takes the bare column
    // from the row max() picks); no text means it was removed.
    db::execute(session,
                "INSERT INTO rapport_search (rowid, body) SELECT doc_id, body FROM (SELECT "
                "doc_id, body, max(id) FROM rapport_search_queue GROUP BY doc_id) WHERE body IS "
                "NOT NULL");
    db::execute(session, "DELETE FROM rapport_search_queue");
}

void apply_waiting_search_text(db::Database& database) {
    if (database.backend() != Backend::sqlite) {
        return;
    }
    bool waiting = false;
    database.with_session([&](soci::session& session) {
        waiting = !db::query(session, "SELECT 1 FROM rapport_search_queue LIMIT 1").empty();
    });
    if (waiting) {
        database.write_transaction(apply_search_queue);
    }
}

bool is_searchable(const EntityDefinition& entity) {
    return std::any_of(entity.fields.begin(), entity.fields.end(),
                       [](const FieldDefinition& f) { return f.search; });
}

bool changes_search_text(const FieldValues& changes) {
    return std::any_of(changes.begin(), changes.end(),
                       [](const auto& change) { return change.first->search; });
}

std::string search_document(const Record& record) {
    std::string document;
    for (std::size_t i = 0; i < record.entity->fields.size(); ++i) {
        const auto* text = std::get_if<std::string>(&record.values[i]);
        if (record.entity->fields[i].search && text && !text->empty()) {
            document += (document.empty() ? "" : " ") + *text;
        }
    }
    return document;
}

void unindex_entity(soci::session& session, const db::Dialect& dialect, const std::string& entity) {
    if (dialect.backend() == Backend::postgresql) {
        db::execute(session, "DELETE FROM rapport_search WHERE entity = :e", {entity});
        return;
    }
    apply_search_queue(session);  // none of the entity's text may arrive after its rows left
    db::execute(session,
                "DELETE FROM rapport_search WHERE rowid IN (SELECT id FROM rapport_search_docs "
                "WHERE entity = :e)",
                {entity});
    db::execute(session, "DELETE FROM rapport_search_docs WHERE entity = :e", {entity});
}

void reindex_entity(soci::session& session, const db::Dialect& dialect,
                    const EntityDefinition& entity) {
    unindex_entity(session, dialect, entity.name);
    if (!is_searchable(entity)) {
        return;
    }
    std::vector<std::size_t> searched;  // positions in entity.fields
    std::string columns = "id";
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        // Only stored text counts (search_document): lists and computed fields have no column.
        const auto& field = entity.fields[i];
        if (field.search && !field.computed && field.type != sdk::FieldType::references) {
            searched.push_back(i);
            columns += ", " + select_expression(dialect, field);
        }
    }
    // In chunks, so that a large table is never held in memory at once.
    constexpr long long chunk = 10'000;
    for (long long after = 0;;) {
        const auto rows = db::query(session,
                                    fmt::format("SELECT {} FROM {} WHERE id > :after ORDER BY id "
                                                "LIMIT {}",
                                                columns, quoted(entity.name), chunk),
                                    {after});
        for (const auto& row : rows) {
            Record record{&entity, std::vector<sdk::Value>(entity.fields.size()), nullptr};
            after = db::as_integer(row.at(0));
            record.values[0] = std::int64_t{after};
            for (std::size_t k = 0; k < searched.size(); ++k) {
                record.values[searched[k]] =
                    from_sql(dialect, entity.fields[searched[k]], row.at(k + 1));
            }
            if (dialect.backend() == Backend::postgresql) {
                upsert_search_row(session, record);
            } else {  // at once: it runs in a migration, alone, and deferred would hold
                      // every record's text in memory until the commit
                db::execute(session, "INSERT INTO rapport_search (rowid, body) VALUES (:id, :b)",
                            {insert_document(session, record), search_document(record)});
            }
        }
        if (static_cast<long long>(rows.size()) < chunk) {
            return;
        }
    }
}

void index_new_record(soci::session& session, const db::Dialect& dialect, const Record& record) {
    if (dialect.backend() == Backend::postgresql) {
        upsert_search_row(session, record);
        return;
    }
    queue_search_text(session, insert_document(session, record), search_document(record), false);
}

void index_record(soci::session& session, const db::Dialect& dialect, const Record& record) {
    if (dialect.backend() == Backend::postgresql) {
        upsert_search_row(session, record);
        return;
    }
    const auto doc_id = sqlite_document_id(session, record.entity->name, record.id());
    if (!doc_id) {
        index_new_record(session, dialect, record);
        return;
    }
    queue_search_text(session, *doc_id, search_document(record), true);
}

void unindex_record(soci::session& session, const db::Dialect& dialect, const std::string& entity,
                    std::int64_t id) {
    if (dialect.backend() == Backend::postgresql) {
        db::execute(session, "DELETE FROM rapport_search WHERE entity = :e AND record_id = :r",
                    {entity, static_cast<long long>(id)});
        return;
    }
    if (const auto doc_id = sqlite_document_id(session, entity, id)) {
        queue_search_text(session, *doc_id, {}, true);
        db::execute(session, "DELETE FROM rapport_search_docs WHERE id = :id", {*doc_id});
    }
}

std::vector<SearchHit> search_records(soci::session& session, const db::Dialect& dialect,
                                      std::string_view text, std::size_t limit) {
    const auto words = query_words(text);
    if (words.empty()) {
        return {};
    }
    const std::string expression = match_expression(dialect.backend(), words);
    const std::string sql =
        dialect.backend() == Backend::sqlite
            ? fmt::format(
                  "SELECT d.entity, d.record_id FROM rapport_search s JOIN rapport_search_docs d "
                  "ON "
                  "d.id = s.rowid WHERE rapport_search MATCH :q ORDER BY rank LIMIT {}",
                  limit)
            : fmt::format(
                  "SELECT entity, record_id FROM rapport_search WHERE document @@ "
                  "to_tsquery('simple', :q) "
                  "ORDER BY ts_rank(document, to_tsquery('simple', :q2)) DESC, record_id LIMIT {}",
                  limit);
    std::vector<db::SqlValue> params{expression};
    if (dialect.backend() == Backend::postgresql) {
        params.emplace_back(expression);
    }
    std::vector<SearchHit> hits;
    for (const auto& row : db::query(session, sql, params)) {
        hits.push_back({db::as_text(row.at(0)), db::as_integer(row.at(1))});
    }
    return hits;
}

}  // namespace rapport::records
