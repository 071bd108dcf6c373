// The entities of a running instance: kernel base entities plus those of installed plugins,
// checked as a whole (reference targets exist, names are unique). Immutable once built, so a
// registry snapshot can share it with requests in flight.
#pragma once

#include "records/entity_definition.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {

class Schema {
  public:
    // Throws DefinitionError listing every problem.
    explicit Schema(std::vector<EntityDefinition> entities);

    const EntityDefinition* find(std::string_view name) const;
    const std::vector<EntityDefinition>& entities() const { return entities_; }

    // Fields of other entities that refer to `entity` (for delete checks and related records).
    struct Referrer {
        const EntityDefinition* entity;
        const FieldDefinition* field;
    };
    const std::vector<Referrer>& referrers(std::string_view entity) const;

  private:
    std::vector<EntityDefinition> entities_;
    std::map<std::string, std::vector<Referrer>, std::less<>> referrers_;
};

// The kernel's own entities (account, contact, note, attachment), from base_entities.yaml.
std::vector<EntityDefinition> base_entities();

}  // namespace rapport::records
