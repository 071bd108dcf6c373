// Reads the `workflow:` and `actions:` options of an entity in a manifest, checking them
// against the entity's fields; every problem is reported, none stops the reading.
#pragma once

#include "records/entity_definition.hpp"

#include <functional>
#include <string>

namespace YAML {
class Node;
}

namespace rapport::records {

// Called with the node a problem is about (for its line) and what is wrong.
using ReportProblem = std::function<void(const YAML::Node&, const std::string&)>;

// {field, kind: free|strict, states: [name | {name, label, folded, closed}], action_only,
//  transitions: [{name, from, to, roles, require, set: {field: value}, params: {param: field}}]}
// Read after the entity's fields, which it names.
void read_workflow(EntityDefinition& entity, const YAML::Node& node, const ReportProblem& report);

// [name, ...]: actions the owning plugin implements in C++.
void read_actions(EntityDefinition& entity, const YAML::Node& node, const ReportProblem& report);

}  // namespace rapport::records
