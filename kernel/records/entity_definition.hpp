// An entity as declared in YAML (kernel base entities, plugin manifests): its fields, their
// types and options. Definitions are plain data; records::Schema validates and indexes them.
#pragma once

#include "records/workflow_definition.hpp"

#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/field_type.hpp>
#include <rapport/sdk/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {

enum class OnDelete { restrict, cascade, set_null };

struct FieldDefinition {
    std::string name;
    std::string label;
    sdk::FieldType type = sdk::FieldType::string;
    bool required = false;
    bool unique = false;
    bool index = false;
    bool readonly = false;  // set by the server (system fields, computed totals), never by clients
    bool search = false;    // part of the full-text search document
    bool system = false;    // id, created_at, updated_at, created_by, owner_id, version
    bool write_only = false;  // written by clients, never read back by anyone (user.password)
    // No column: its value is worked out by C++ registered with the record store when a record
    // is read (RecordStore::set_computed); read-only, and not filterable or orderable.
    bool computed = false;
    sdk::Value default_value;         // null: no default
    std::optional<sdk::Decimal> min;  // numbers: smallest value; strings: shortest length
    std::optional<sdk::Decimal> max;  // numbers: largest value; strings: longest length
    int scale = 2;                    // decimal places of decimal, money (always 2) and percent
    std::vector<std::string> values;  // enum
    std::string target;               // reference, references: the entity referred to
    OnDelete on_delete = OnDelete::restrict;

    // Whether the field has a column of the entity's table (not a join table, not computed).
    bool has_column() const { return type != sdk::FieldType::references && !computed; }

    // Longest accepted text for string-like fields (`max`, else 255; text: 1 MiB).
    std::size_t max_length() const;
};

struct EntityDefinition {
    std::string name;  // lower-case identifier, also the table name
    std::string label;
    std::string owner;                    // "kernel" or the id of the plugin that declares it
    std::vector<FieldDefinition> fields;  // system fields first, then in declared order
    // Only roles that name it explicitly reach it: a grant for every entity ("*") does not.
    bool admin_only = false;
    // Composite indexes for the lists people run most: the fields filtered for equality first,
    // the ordered field last (`[country, name]` serves country=eq.X&order=name).
    std::vector<std::vector<std::string>> indexes;
    std::optional<Workflow> workflow;
    // Actions the owning plugin implements in C++ (its start() registers them), beyond the
    // workflow's transitions; a transition of the same name runs before the code.
    std::vector<std::string> actions;
    // `owner_field: assignee_id`: a reference to user that owner_id follows, so that `own`
    // and `team` scopes reach the records assigned to the caller rather than the ones they
    // created. The record's creator owns it while the field is empty. Empty: the creator owns.
    std::string owner_field;

    const FieldDefinition* field(std::string_view name) const;
};

// System fields every entity has, in this order.
std::vector<FieldDefinition> system_fields();

bool is_valid_identifier(std::string_view name) noexcept;

}  // namespace rapport::records
