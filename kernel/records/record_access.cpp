#include "records/record_access.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>

namespace rapport::records {
namespace {

const EntityAccess& access_of(const Caller& caller, const EntityDefinition& entity) {
    if (!caller.policy) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "no access to " + entity.name);
    }
    return caller.policy->access(entity);
}

// The owners whose rows a scope reaches: the caller, and for `team` their team mates.
std::vector<std::int64_t> owners_in(const Caller& caller, Scope scope) {
    std::vector<std::int64_t> owners;
    if (caller.user_id) {
        owners.push_back(*caller.user_id);
    }
    if (scope == Scope::team) {
        for (const auto id : caller.team_user_ids) {
            if (std::find(owners.begin(), owners.end(), id) == owners.end()) {
                owners.push_back(id);
            }
        }
    }
    return owners;
}

}  // namespace

RecordAccess::RecordAccess(const Caller& caller, const EntityDefinition& entity,
                           Operation operation)
    : caller_(caller)
    , entity_(entity)
    , access_(access_of(caller, entity))
    , scope_(access_.scope(operation)) {
    if (scope_ == Scope::none) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "you may not " +
                                                        std::string(operation_name(operation)) +
                                                        " " + entity.name + " records");
    }
}

bool RecordAccess::allows(const Caller& caller, const EntityDefinition& entity,
                          Operation operation) {
    return caller.policy && caller.policy->access(entity).scope(operation) != Scope::none;
}

std::optional<Condition> RecordAccess::row_condition() const {
    if (scope_ == Scope::all) {
        return std::nullopt;
    }
    const auto owners = owners_in(caller_, scope_);
    if (owners.empty()) {
        return Condition{"id", Operator::is_null, false, {}};  // no row has a null id
    }
    Condition condition{"owner_id", Operator::in, false, {}};
    for (const auto id : owners) {
        condition.values.emplace_back(id);
    }
    return condition;
}

bool RecordAccess::in_scope(const Record& record) const {
    if (scope_ == Scope::all) {
        return true;
    }
    const auto* owner = std::get_if<std::int64_t>(&record.get("owner_id"));
    const auto owners = owners_in(caller_, scope_);
    return owner && std::find(owners.begin(), owners.end(), *owner) != owners.end();
}

void RecordAccess::require_readable(std::string_view name) const {
    for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
        if (entity_.fields[i].name == name && !access_.readable(i)) {
            throw sdk::Error(sdk::ErrorCode::forbidden,
                             "you may not read " + entity_.name + "." + std::string(name),
                             {{std::string(name), "is not readable"}});
        }
    }
}

void RecordAccess::require_readable(const std::vector<Condition>& conditions) const {
    for (const auto& condition : conditions) {
        require_readable(condition.field);
    }
}

void RecordAccess::require_readable(const ListQuery& query) const {
    require_readable(query.conditions);
    for (const auto& ordering : query.order) {
        require_readable(ordering.field);
    }
    for (const auto& field : query.select) {
        require_readable(field);
    }
}

void RecordAccess::require_readable(const AggregateQuery& query) const {
    require_readable(query.conditions);
    for (const auto& grouping : query.group_by) {
        require_readable(grouping.field);
    }
    for (const auto& measure : query.measures) {
        require_readable(measure.field);
    }
}

bool RecordAccess::writable(std::string_view name) const {
    const auto* field = entity_.field(name);
    return field && access_.writable(static_cast<std::size_t>(field - entity_.fields.data()));
}

void RecordAccess::require_writable(const FieldValues& values) const {
    std::vector<sdk::FieldError> problems;
    for (const auto& [field, value] : values) {
        const auto index = static_cast<std::size_t>(field - entity_.fields.data());
        if (!access_.writable(index)) {
            problems.push_back({field->name, "you may not write this field"});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::forbidden,
                         "you may not write some fields of " + entity_.name, std::move(problems));
    }
}

void RecordAccess::mask(Record& record) const {
    if (!access_.hides_any) {
        return;
    }
    const auto& hidden = *access_.hidden;
    for (std::size_t i = 0; i < hidden.size(); ++i) {
        if (hidden[i]) {
            record.values[i] = std::monostate{};
        }
    }
    record.hidden = access_.hidden;
}

}  // namespace rapport::records
