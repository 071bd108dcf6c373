#include "records/record_import_lookups.hpp"

#include "db/statement.hpp"
#include "records/record_validation.hpp"
#include "records/sql_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace rapport::records {
namespace {

// Values one lookup sends. The last chunk is padded with NULLs, which match nothing, so
// that every chunk runs the same prepared statement.
constexpr std::size_t lookup_chunk = 500;

const std::string& chunk_placeholders() {
    static const std::string placeholders = [] {
        std::string list;
        for (std::size_t i = 1; i <= lookup_chunk; ++i) {
            list += fmt::format("{}:p{}", i == 1 ? "" : ", ", i);
        }
        return list;
    }();
    return placeholders;
}

}  // namespace

std::vector<db::SqlValue> select_matching(soci::session& session, const std::string& select,
                                          const std::vector<db::SqlValue>& values,
                                          std::string_view lock) {
    const std::string sql = fmt::format("{} IN ({}){}", select, chunk_placeholders(), lock);
    std::vector<db::SqlValue> found;
    std::vector<db::SqlValue> chunk;
    for (std::size_t start = 0; start < values.size(); start += lookup_chunk) {
        const auto end = std::min(values.size(), start + lookup_chunk);
        chunk.assign(values.begin() + static_cast<std::ptrdiff_t>(start),
                     values.begin() + static_cast<std::ptrdiff_t>(end));
        chunk.resize(lookup_chunk);
        for (auto& row : db::query(session, sql, chunk)) {
            found.push_back(std::move(row.at(0)));
        }
    }
    return found;
}

std::unordered_set<std::int64_t> existing_ids(soci::session& session, const std::string& entity,
                                              const std::vector<db::SqlValue>& ids,
                                              std::string_view lock) {
    std::unordered_set<std::int64_t> found;
    for (const auto& id :
         select_matching(session, "SELECT id FROM " + quoted(entity) + " WHERE id", ids, lock)) {
        found.insert(db::as_integer(id));
    }
    return found;
}

std::vector<db::SqlValue> distinct_referenced_ids(const std::vector<PendingRow>& rows,
                                                  const FieldSource& source) {
    std::vector<std::int64_t> ids;
    for (const auto& row : rows) {
        const auto named = referenced_ids(source.of(row));
        ids.insert(ids.end(), named.begin(), named.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return {ids.begin(), ids.end()};
}

std::optional<RegardingSources> regarding_sources(const EntityDefinition& entity,
                                                  const ImportPlan& plan) {
    if (!has_regarding(entity)) {
        return std::nullopt;
    }
    return RegardingSources{plan.source_of(*entity.field("regarding_entity")),
                            plan.source_of(*entity.field("regarding_id"))};
}

std::vector<std::pair<std::string, std::vector<db::SqlValue>>> distinct_regarded_ids(
    const std::vector<PendingRow>& rows, const RegardingSources& regarding) {
    std::map<std::string, std::set<long long>> named;
    for (const auto& row : rows) {
        const auto* entity = std::get_if<std::string>(&regarding.entity.of(row));
        const auto* id = std::get_if<std::int64_t>(&regarding.id.of(row));
        if (entity && id) {
            named[*entity].insert(*id);
        }
    }
    std::vector<std::pair<std::string, std::vector<db::SqlValue>>> regarded;
    for (const auto& [entity, ids] : named) {
        regarded.emplace_back(entity, std::vector<db::SqlValue>(ids.begin(), ids.end()));
    }
    return regarded;
}

}  // namespace rapport::records
