#include "plugins/plugin_record_store.hpp"

#include "records/aggregate_query_parser.hpp"
#include "records/field_text.hpp"
#include "records/list_query_parser.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

namespace rapport::plugins {
sdk::Record to_sdk_record(const records::Record& record) {
    sdk::Record converted{record.entity->name, record.id(), record.version(), {}};
    for (std::size_t i = 0; i < record.entity->fields.size(); ++i) {
        if (record.visible(i)) {
            converted.values.emplace(record.entity->fields[i].name, record.values[i]);
        }
    }
    return converted;
}

namespace {

// Each value goes through the field's text form, so a plugin may hand over "9000000" for a
// money field or a Decimal, and a value of the wrong type is refused like the API refuses it.
records::FieldValues field_values(const records::EntityDefinition& entity,
                                  const sdk::FieldMap& values) {
    records::FieldValues checked;
    std::vector<sdk::FieldError> problems;
    for (const auto& [name, value] : values) {
        const auto* field = entity.field(name);
        if (!field) {
            problems.push_back({name, "unknown field of " + entity.name});
            continue;
        }
        if (sdk::is_null(value)) {
            checked.emplace_back(field, value);
            continue;
        }
        auto parsed = records::parse_field_text(*field, records::format_field_text(value));
        if (auto* problem = std::get_if<std::string>(&parsed)) {
            problems.push_back({name, std::move(*problem)});
        } else {
            checked.emplace_back(field, std::get<sdk::Value>(std::move(parsed)));
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         std::move(problems));
    }
    return checked;
}

}  // namespace

PluginRecordStore::PluginRecordStore(CurrentStore current, std::optional<records::Caller> caller)
    : current_(std::move(current)), caller_(std::move(caller)) {}

records::Caller PluginRecordStore::acting(const records::RecordStore& store) const {
    return caller_ ? *caller_ : store.system_caller();
}

sdk::Record PluginRecordStore::create(std::string_view entity, const sdk::FieldMap& values) {
    const auto store = current_();
    const auto& definition = store->entity(entity);
    return to_sdk_record(
        store->create(acting(*store), definition, field_values(definition, values)));
}

sdk::Record PluginRecordStore::get(std::string_view entity, std::int64_t id) {
    const auto store = current_();
    return to_sdk_record(store->get(acting(*store), store->entity(entity), id));
}

sdk::Record PluginRecordStore::update(std::string_view entity, std::int64_t id,
                                      const sdk::FieldMap& changes) {
    const auto store = current_();
    const auto& definition = store->entity(entity);
    return to_sdk_record(
        store->update(acting(*store), definition, id, field_values(definition, changes)));
}

void PluginRecordStore::remove(std::string_view entity, std::int64_t id) {
    const auto store = current_();
    store->remove(acting(*store), store->entity(entity), id);
}

std::vector<sdk::Record> PluginRecordStore::list(
    std::string_view entity, const std::vector<std::pair<std::string, std::string>>& query) {
    const auto store = current_();
    const auto& definition = store->entity(entity);
    auto parsed = records::parse_list_query(definition, query);
    parsed.count_total = false;
    std::vector<sdk::Record> found;
    for (const auto& record : store->list(acting(*store), definition, parsed).items) {
        found.push_back(to_sdk_record(record));
    }
    return found;
}

sdk::Record PluginRecordStore::act(std::string_view entity, std::int64_t id,
                                   std::string_view action, std::string_view params) {
    const auto store = current_();
    return to_sdk_record(
        store->run_action(acting(*store), store->entity(entity), id, action, std::string(params)));
}

// The kernel's one aggregate path, as GET .../aggregate takes it: the same checks, the
// caller's scope as a row condition.
std::vector<sdk::AggregateRow> PluginRecordStore::aggregate(std::string_view entity,
                                                            const sdk::AggregateQuery& query) {
    const auto store = current_();
    const auto& definition = store->entity(entity);
    return store->aggregate(acting(*store), definition,
                            records::parse_aggregate_query(definition, query));
}

}  // namespace rapport::plugins
