// The workflow module's kernel entities: webhook, automation_rule and notification
// (automation_entities.yaml).
#pragma once

#include "records/entity_definition.hpp"

#include <vector>

namespace rapport::workflow {

std::vector<records::EntityDefinition> automation_entities();

}  // namespace rapport::workflow
