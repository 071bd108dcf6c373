#include "records/schema.hpp"

#include "records/definition_error.hpp"

#include <algorithm>
#include <set>

namespace rapport::records {

Schema::Schema(std::vector<EntityDefinition> entities) : entities_(std::move(entities)) {
    std::vector<std::string> problems;
    std::set<std::string, std::less<>> names;
    for (const auto& entity : entities_) {
        if (!names.insert(entity.name).second) {
            problems.push_back("entity " + entity.name + " is declared twice (by " + entity.owner +
                               ")");
        }
    }
    for (const auto& entity : entities_) {
        referrers_[entity.name];
        for (const auto& field : entity.fields) {
            if (field.target.empty()) {
                continue;
            }
            if (!names.contains(field.target)) {
                problems.push_back(entity.name + "." + field.name + " refers to unknown entity '" +
                                   field.target + "'");
            }
        }
    }
    if (!problems.empty()) {
        throw DefinitionError(std::move(problems));
    }
    for (const auto& entity : entities_) {
        for (const auto& field : entity.fields) {
            if (!field.target.empty()) {
                referrers_[field.target].push_back(Referrer{&entity, &field});
            }
        }
    }
}

const EntityDefinition* Schema::find(std::string_view name) const {
    const auto it =
        std::find_if(entities_.begin(), entities_.end(),
                     [&](const EntityDefinition& entity) { return entity.name == name; });
    return it == entities_.end() ? nullptr : &*it;
}

const std::vector<Schema::Referrer>& Schema::referrers(std::string_view entity) const {
    static const std::vector<Referrer> none;
    const auto it = referrers_.find(entity);
    return it == referrers_.end() ? none : it->second;
}

}  // namespace rapport::records
