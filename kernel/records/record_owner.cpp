#include "records/record_owner.hpp"

#include <algorithm>

namespace rapport::records {
namespace {

// The value `values` give the entity's owner_field; nullptr when they do not write it.
const sdk::Value* owner_field_value(const EntityDefinition& entity, const FieldValues& values) {
    if (entity.owner_field.empty()) {
        return nullptr;
    }
    const auto it = std::find_if(values.begin(), values.end(), [&](const auto& value) {
        return value.first->name == entity.owner_field;
    });
    return it == values.end() ? nullptr : &it->second;
}

}  // namespace

sdk::Value initial_owner(const EntityDefinition& entity, const Caller& caller,
                         const FieldValues& values) {
    if (const auto* owner = owner_field_value(entity, values); owner && !sdk::is_null(*owner)) {
        return *owner;
    }
    return caller.user_id ? sdk::Value{*caller.user_id} : sdk::Value{};
}

std::optional<sdk::Value> moved_owner(const EntityDefinition& entity, const Record& current,
                                      const FieldValues& changes) {
    const auto* owner = owner_field_value(entity, changes);
    if (!owner) {
        return std::nullopt;
    }
    return sdk::is_null(*owner) ? current.get("created_by") : *owner;
}

}  // namespace rapport::records
