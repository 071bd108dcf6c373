// The `{field}={op}.{value}` filters that list, aggregate and export queries share (§7):
// one query parameter becomes one Condition, or problems that say what is accepted.
#pragma once

#include "records/entity_definition.hpp"
#include "records/query.hpp"

#include <rapport/sdk/error.hpp>
#include <rapport/sdk/field_type.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::records {

// Decoded query-string pairs in request order, repeats kept.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// `name` is the parameter name (a field of `entity`), `expression` its decoded value, e.g.
// "not.in.(new,\"won, late\")". Values are typed by parse_field_text; like/ilike keep the
// `*` pattern as given. On failure appends one FieldError per problem to `errors`.
std::optional<Condition> parse_filter(const EntityDefinition& entity, std::string_view name,
                                      std::string_view expression,
                                      std::vector<sdk::FieldError>& errors);

// The field `name` of `entity`, or nullptr after reporting it under the parameter `param`.
const FieldDefinition* find_field(const EntityDefinition& entity, std::string_view param,
                                  std::string_view name, std::vector<sdk::FieldError>& errors);

// The problems found while reading one query string, answered together as one 400.
class QueryProblems {
  public:
    void report(std::string_view param, std::string message);
    // Reserved parameters (limit, group_by, …) may be given once: false, and reported, when
    // `name` came before.
    bool first_time(const std::string& name);
    // Throws sdk::Error(bad_request, "invalid query") with every problem reported.
    void throw_if_any();
    std::vector<sdk::FieldError>& errors() { return errors_; }

  private:
    std::vector<sdk::FieldError> errors_;
    std::vector<std::string> seen_;
};

// Whether rows can be ordered and grouped by a field of this type: not lists, JSON or long text.
bool is_orderable(sdk::FieldType type) noexcept;

}  // namespace rapport::records
