// A plugin's manifest (plugin.yaml): who it is, what it needs and what it declares. Read and
// checked as a whole before any of the plugin's code runs; every problem is reported at once.
#pragma once

#include "auth/grants.hpp"
#include "plugins/semantic_version.hpp"
#include "records/entity_definition.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins {

struct Dependency {
    std::string id;
    VersionRequirement requirement;
};

// Fields a plugin adds to an entity it does not own (the kernel's or a dependency's). Only
// computed fields: no column, so no migration ever touches another owner's table.
struct EntityExtension {
    std::string owner;  // the plugin that adds them
    std::string entity;
    std::vector<records::FieldDefinition> fields;
};

// Adds each extension's fields to its entity among `entities`. Throws records::DefinitionError
// naming the plugin for an entity that is not there or a field it already has.
void apply_extensions(std::vector<records::EntityDefinition>& entities,
                      std::vector<EntityExtension> extensions);

struct Manifest {
    std::string id;  // lower-case identifier, at most 48 characters
    std::string name;
    SemanticVersion version;
    int sdk_abi = 0;
    std::string description;
    std::string author;
    std::string license;
    std::vector<Dependency> depends;
    std::vector<records::EntityDefinition> entities;  // owned by `id`
    std::vector<EntityExtension> extends;
    boost::json::value views;   // object; {} when absent
    boost::json::value menus;   // array; [] when absent
    auth::GrantsByRole grants;  // default role grants for its entities
    // What an admin may set for the plugin (PATCH /api/v1/admin/plugins/{id}/settings),
    // declared as fields are: type, label, default, min, max, values, required.
    std::vector<records::FieldDefinition> settings;
    std::string text;  // the YAML as given: the loader compares it with the one in the .so
};

// Throws records::DefinitionError with one "source:line: message" a problem. Problems inside
// `entities:` and `grants:` carry their own line in `yaml` too, except where a block cannot be
// cut out of the manifest line by line (the manifest is one flow mapping `{id: ..., ...}`, or
// the block uses an anchor defined outside it): those point at the block's first line.
Manifest parse_manifest(std::string_view yaml, std::string_view source);

// Whether `id` may name a plugin: a-z, 0-9 and _, starting with a letter, at most 48 characters
// (it becomes part of file names, table owners and log lines).
bool is_valid_plugin_id(std::string_view id) noexcept;

}  // namespace rapport::plugins
