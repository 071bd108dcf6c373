#include "records/openapi.hpp"

#include "records/field_text.hpp"
#include "records/query.hpp"
#include "records/record_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace rapport::records {
namespace {

using boost::json::array;
using boost::json::object;
using sdk::FieldType;

// The parts that do not depend on the entities, written in the notation of the document.
constexpr std::string_view fixed_parts = R"json({
"paths": {
  "/api/v1/auth/login": {"post": {"operationId": "login", "summary": "Sign in: a bearer token, and the session cookie for browsers",
    "security": [],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
      "required": ["login", "password"], "properties": {"login": {"type": "string"}, "password": {"type": "string"}}}}}},
    "responses": {"200": {"description": "Signed in; Set-Cookie carries the browser session", "content": {"application/json": {"schema": {
      "type": "object", "required": ["token", "user"],
      "properties": {"token": {"type": "string"}, "user": {"$ref": "#/components/schemas/SignedInUser"}}}}}},
      "400": {"$ref": "#/components/responses/bad_request"},
      "401": {"$ref": "#/components/responses/unauthenticated"},
      "429": {"description": "Too many failed sign-ins; Retry-After says how many seconds to wait",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
  "/api/v1/auth/logout": {"post": {"operationId": "logout", "summary": "End the token or the session that authenticates this request",
    "responses": {"204": {"description": "Ended"}, "401": {"$ref": "#/components/responses/unauthenticated"}}}},
  "/api/v1/auth/session": {"get": {"operationId": "session", "summary": "The signed-in user, if any, and the CSRF token of the cookie session",
    "security": [],
    "responses": {"200": {"description": "The session", "content": {"application/json": {"schema": {
      "type": "object", "required": ["user", "csrf_token"], "properties": {
        "user": {"allOf": [{"$ref": "#/components/schemas/SignedInUser"}], "nullable": true},
        "csrf_token": {"type": "string"}}}}}}}}},
  "/api/v1/admin/security-events": {"get": {"operationId": "security_events", "summary": "Sign-ins, denials and admin actions, newest first (admins only)",
    "parameters": [{"name": "kind", "in": "query", "schema": {"type": "string",
        "enum": ["login_succeeded", "login_failed", "login_throttled", "logout", "permission_denied", "admin_action"]}},
      {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 50}},
      {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}],
    "responses": {"200": {"description": "Events", "content": {"application/json": {"schema": {
      "type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
        "type": "object", "properties": {"id": {"type": "integer", "format": "int64"},
          "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
          "user_id": {"type": "integer", "format": "int64", "nullable": true},
          "login": {"type": "string"}, "address": {"type": "string"}, "detail": {"type": "string"}}}}}}}}},
      "403": {"$ref": "#/components/responses/forbidden"}}}},
  "/api/v1/health": {"get": {"operationId": "health", "summary": "Liveness and server version",
    "security": [],
    "responses": {"200": {"description": "The server is up", "content": {"application/json": {"schema": {
      "type": "object", "required": ["status", "version"],
      "properties": {"status": {"type": "string"}, "version": {"type": "string"}}}}}}}}},
  "/api/v1/meta/entities": {"get": {"operationId": "list_entities", "summary": "Every entity with its fields",
    "responses": {"200": {"description": "The entities in registry order", "content": {"application/json": {"schema": {
      "type": "object", "required": ["items"],
      "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/EntityMeta"}}}}}}}}}},
  "/api/v1/meta/entities/{entity}": {
    "parameters": [{"name": "entity", "in": "path", "required": true, "schema": {"type": "string"}}],
    "get": {"operationId": "get_entity", "summary": "One entity: its fields and their options",
      "responses": {"200": {"description": "The entity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityMeta"}}}},
        "404": {"$ref": "#/components/responses/not_found"}}}},
  "/api/v1/search": {"get": {"operationId": "search", "summary": "Records of the entities the caller may read that match a text",
    "parameters": [{"name": "q", "in": "query", "required": true, "description": "The words to look for", "schema": {"type": "string"}},
      {"name": "limit", "in": "query", "description": "At most this many matches, never more than 100",
        "schema": {"type": "integer", "minimum": 1, "default": 20}}],
    "responses": {"200": {"description": "Matches", "content": {"application/json": {"schema": {
      "type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
        "type": "object", "required": ["entity", "id"],
        "properties": {"entity": {"type": "string"}, "id": {"type": "integer", "format": "int64"},
          "record": {"type": "object", "description": "The record, as GET /api/v1/records/{entity}/{id} answers"}}}}}}}}},
      "400": {"$ref": "#/components/responses/bad_request"}}}},
  "/api/v1/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
    "security": [],
    "responses": {"200": {"description": "OpenAPI 3.0.3", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
},
"components": {
  "securitySchemes": {
    "bearer": {"type": "http", "scheme": "bearer", "description": "The token of POST /api/v1/auth/login"},
    "session": {"type": "apiKey", "in": "cookie", "name": "rapport_session",
      "description": "The browser session; POST, PATCH and DELETE also need the X-CSRF-Token header"}
  },
  "schemas": {
    "SignedInUser": {"type": "object", "description": "The user record, as GET /api/v1/records/user/{id} answers it",
      "properties": {"id": {"type": "integer", "format": "int64"}, "login": {"type": "string"}, "name": {"type": "string"},
        "roles": {"type": "array", "items": {"type": "string"}}}},
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
      "type": "object", "required": ["code", "message", "details", "request_id"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "request_id": {"type": "string"},
        "details": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
          "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}}},
    "EntityMeta": {"type": "object", "required": ["name", "label", "owner", "fields"], "properties": {
      "name": {"type": "string"}, "label": {"type": "string"}, "owner": {"type": "string"},
      "fields": {"type": "array", "items": {"type": "object", "description":
        "name, label, type, required, unique, readonly, system; values, to, default, min, max if set"}}}},
    "HistoryEntry": {"type": "object", "required": ["at", "user_id", "action", "changes"], "properties": {
      "at": {"type": "string", "format": "date-time"}, "action": {"type": "string"},
      "user_id": {"type": "integer", "format": "int64", "nullable": true},
      "changes": {"type": "object", "description": "Per changed field: [old, new]",
        "additionalProperties": {"type": "array", "items": {}}}}},
    "ImportResult": {"type": "object", "required": ["created", "errors"], "properties": {
      "created": {"type": "integer", "format": "int64"},
      "error_count": {"type": "integer", "format": "int64", "description": "All rejected rows; errors lists the first ones"},
      "errors": {"type": "array", "items": {"type": "object", "required": ["row", "field", "message"],
        "properties": {"row": {"type": "integer", "format": "int64"}, "field": {"type": "string"},
          "message": {"type": "string"}}}}}}
  },
  "responses": {
    "unauthenticated": {"description": "No valid token or session",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "forbidden": {"description": "The caller's roles do not allow it",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "bad_request": {"description": "Malformed request: a query parameter or the body is not accepted",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "not_found": {"description": "Unknown entity or record",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "conflict": {"description": "State conflict, e.g. the record is still referenced by another",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "precondition_failed": {"description": "If-Match names a version that is no longer current",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "payload_too_large": {"description": "The body is larger than the server accepts",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "validation_failed": {"description": "Field values were rejected; details names each field",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
  }
}})json";

// The six path groups of one entity; @entity@, @label@ and the limits are filled in, and
// list, aggregate and export gain one parameter per filterable field.
constexpr std::string_view entity_paths = R"json({
"/api/v1/records/@entity@": {
  "get": {"tags": ["@entity@"], "operationId": "list_@entity@", "summary": "List @label@ records",
    "parameters": [
      {"name": "select", "in": "query", "description": "Fields to return, comma-separated: select=name,email", "schema": {"type": "string"}},
      {"name": "order", "in": "query", "description": "Sort keys, comma-separated: order=name.desc,id.asc", "schema": {"type": "string"}},
      {"name": "limit", "in": "query", "description": "At most this many records, never more than @max_limit@",
        "schema": {"type": "integer", "minimum": 0, "default": @default_limit@}},
      {"name": "offset", "in": "query", "description": "Matching records to skip", "schema": {"type": "integer", "minimum": 0, "default": 0}},
      {"name": "count", "in": "query", "description": "none leaves out total, which is cheaper",
        "schema": {"type": "string", "enum": ["exact", "none"], "default": "exact"}}],
    "responses": {"200": {"description": "One page of matching records", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items"], "properties": {"total": {"type": "integer", "format": "int64"},
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/@entity@"}}}}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"}}},
  "post": {"tags": ["@entity@"], "operationId": "create_@entity@", "summary": "Create a @label@",
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/@entity@_input"}}}},
    "responses": {"201": {"description": "The created record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/@entity@"}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"},
      "413": {"$ref": "#/components/responses/payload_too_large"}, "422": {"$ref": "#/components/responses/validation_failed"}}}},
"/api/v1/records/@entity@/{id}": {
  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
  "get": {"tags": ["@entity@"], "operationId": "get_@entity@", "summary": "Read a @label@",
    "responses": {"200": {"description": "The record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/@entity@"}}}},
      "404": {"$ref": "#/components/responses/not_found"}}},
  "patch": {"tags": ["@entity@"], "operationId": "update_@entity@", "summary": "Change fields of a @label@",
    "parameters": [{"name": "If-Match", "in": "header", "description": "The version the change is based on, bare or quoted; a weak ETag never matches",
      "schema": {"type": "string"}}],
    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/@entity@_update"}}}},
    "responses": {"200": {"description": "The whole record", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/@entity@"}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"},
      "412": {"$ref": "#/components/responses/precondition_failed"}, "413": {"$ref": "#/components/responses/payload_too_large"},
      "422": {"$ref": "#/components/responses/validation_failed"}}},
  "delete": {"tags": ["@entity@"], "operationId": "delete_@entity@", "summary": "Delete a @label@",
    "parameters": [{"name": "If-Match", "in": "header", "description": "The version the deletion is based on, bare or quoted; a weak ETag never matches",
      "schema": {"type": "string"}}],
    "responses": {"204": {"description": "Deleted"}, "404": {"$ref": "#/components/responses/not_found"},
      "409": {"$ref": "#/components/responses/conflict"}, "412": {"$ref": "#/components/responses/precondition_failed"}}}},
"/api/v1/records/@entity@/{id}/history": {
  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
  "get": {"tags": ["@entity@"], "operationId": "history_@entity@", "summary": "Audit history of a @label@",
    "responses": {"200": {"description": "Changes, oldest first", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}}}}}}},
      "404": {"$ref": "#/components/responses/not_found"}}}},
"/api/v1/records/@entity@/aggregate": {
  "get": {"tags": ["@entity@"], "operationId": "aggregate_@entity@", "summary": "Totals of @label@ records by group",
    "parameters": [
      {"name": "group_by", "in": "query", "schema": {"type": "string"},
        "description": "Group keys, comma-separated field names; date fields take :day, :week, :month or :year"},
      {"name": "count", "in": "query", "description": "Count each group's records (the default without measures)",
        "schema": {"type": "boolean"}},
      {"name": "sum", "in": "query", "description": "Number fields to sum, comma-separated", "schema": {"type": "string"}},
      {"name": "avg", "in": "query", "description": "Number fields to average, comma-separated", "schema": {"type": "string"}},
      {"name": "min", "in": "query", "description": "Number or date fields, comma-separated", "schema": {"type": "string"}},
      {"name": "max", "in": "query", "description": "Number or date fields, comma-separated", "schema": {"type": "string"}}],
    "responses": {"200": {"description": "One entry per group", "content": {"application/json": {"schema": {
        "type": "object", "required": ["groups"], "properties": {"groups": {"type": "array", "items": {
          "type": "object", "additionalProperties": true,
          "description": "The group keys, count, and {function}_{field} per measure, e.g. sum_amount"}}}}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"}}}},
"/api/v1/records/@entity@/import": {
  "post": {"tags": ["@entity@"], "operationId": "import_@entity@", "summary": "Create @label@ records from CSV",
    "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
    "responses": {"200": {"description": "Rows created and rows rejected",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportResult"}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"},
      "413": {"$ref": "#/components/responses/payload_too_large"}}}},
"/api/v1/records/@entity@/export": {
  "get": {"tags": ["@entity@"], "operationId": "export_@entity@", "summary": "Matching @label@ records as a file",
    "parameters": [{"name": "format", "in": "query", "required": true, "schema": {"type": "string", "enum": ["csv"]}}],
    "responses": {"200": {"description": "CSV with a header row", "content": {"text/csv": {"schema": {"type": "string"}}}},
      "400": {"$ref": "#/components/responses/bad_request"}, "404": {"$ref": "#/components/responses/not_found"}}}}
})json";

// Columns every entity table declares NOT NULL (schema_migrations.cpp): never null in a record.
constexpr std::array<std::string_view, 4> never_null_fields{"id", "created_at", "updated_at",
                                                            "version"};

object int64_schema() {
    return {{"type", "integer"}, {"format", "int64"}};
}

object array_of(object items) {
    return {{"type", "array"}, {"items", std::move(items)}};
}

// The fixed-scale text record_json writes for decimal and money: "12.50", or "12" at scale 0.
std::string decimal_pattern(int scale) {
    return scale == 0 ? "^-?\\d+$" : "^-?\\d+\\.\\d{" + std::to_string(scale) + "}$";
}

// The JSON shape of a field's values (§7); empty for json fields, which hold any value.
object type_schema(const FieldDefinition& field) {
    switch (field.type) {
        case FieldType::integer:
        case FieldType::reference:
            return int64_schema();
        case FieldType::references:
            return array_of(int64_schema());
        case FieldType::decimal:
        case FieldType::money:
            return {{"type", "string"},
                    {"format", "decimal"},
                    {"pattern", decimal_pattern(field.scale)}};
        case FieldType::percent:
            return {{"type", "number"}};
        case FieldType::boolean:
            return {{"type", "boolean"}};
        case FieldType::date:
            return {{"type", "string"}, {"format", "date"}};
        case FieldType::datetime:
            return {{"type", "string"}, {"format", "date-time"}};
        case FieldType::enumeration:
            return {{"type", "string"}, {"enum", boost::json::value_from(field.values)}};
        case FieldType::email:
            return {{"type", "string"}, {"format", "email"}};
        case FieldType::url:
            return {{"type", "string"}, {"format", "uri"}};
        case FieldType::strings:
            return array_of(object{{"type", "string"}});
        case FieldType::json:
            return {};
        case FieldType::string:
        case FieldType::text:
        case FieldType::phone:
            break;
    }
    return object{{"type", "string"}};
}

// The limits check_range enforces, where JSON Schema can state them.
void add_limits(const FieldDefinition& field, object& schema) {
    if (is_text_type(field.type) || field.type == FieldType::strings) {
        auto& text = field.type == FieldType::strings ? schema["items"].as_object() : schema;
        text["maxLength"] = field.max_length();
        if (field.min) {
            text["minLength"] = std::max<std::int64_t>(0, field.min->units());
        }
    } else if (field.type == FieldType::integer || field.type == FieldType::percent) {
        // Integer bounds have scale 0; percents print as record_json writes their values.
        const auto number = [&](const sdk::Decimal& bound) {
            return field.type == FieldType::integer ? boost::json::value(bound.units())
                                                    : value_to_json(field, bound);
        };
        if (field.min) {
            schema["minimum"] = number(*field.min);
        }
        if (field.max) {
            schema["maximum"] = number(*field.max);
        }
    }
}

bool is_nullable(const FieldDefinition& field) {
    return !field.required && std::find(never_null_fields.begin(), never_null_fields.end(),
                                        field.name) == never_null_fields.end();
}

std::string field_description(const FieldDefinition& field) {
    if (field.type == FieldType::reference) {
        return field.label + " (id of a " + field.target + ")";
    }
    if (field.type == FieldType::references) {
        return field.label + " (ids of " + field.target + " records)";
    }
    return field.label;
}

object field_schema(const FieldDefinition& field) {
    object schema = type_schema(field);
    add_limits(field, schema);
    schema["description"] = field_description(field);
    // OpenAPI 3.0 ignores nullable without a type; an enum must list null to accept it.
    if (is_nullable(field) && field.type != FieldType::json) {
        schema["nullable"] = true;
        if (field.type == FieldType::enumeration) {
            schema["enum"].as_array().push_back(nullptr);
        }
    }
    if (field.readonly || field.system) {
        schema["readOnly"] = true;
    }
    if (!sdk::is_null(field.default_value)) {
        schema["default"] = value_to_json(field, field.default_value);
    }
    return schema;
}

object record_schema(const EntityDefinition& entity) {
    object properties;
    for (const auto& field : entity.fields) {
        if (!field.write_only) {
            properties[field.name] = field_schema(field);
        }
    }
    return {{"type", "object"},
            {"description", entity.label + "; select and read permissions may leave fields out"},
            {"properties", std::move(properties)}};
}

// The fields a client may send. `for_create`: required fields without a default must be given;
// otherwise (PATCH) any subset is accepted.
object input_schema(const EntityDefinition& entity, bool for_create) {
    object properties;
    array required;
    const auto* workflow = entity.workflow ? &*entity.workflow : nullptr;
    for (const auto& field : entity.fields) {
        const bool is_state = workflow && field.name == workflow->field;
        if (field.readonly || field.system ||
            (is_state && workflow->kind == WorkflowKind::strict)) {
            continue;  // a strict workflow's state changes through its actions alone
        }
        auto schema = field_schema(field);
        if (is_state) {  // nor may a write reach a free workflow's action-only states
            auto& states = schema["enum"].as_array();
            states.erase(std::remove_if(states.begin(), states.end(),
                                        [&](const boost::json::value& state) {
                                            return state.is_string() &&
                                                   !workflow->writable_directly(state.as_string());
                                        }),
                         states.end());
        }
        properties[field.name] = std::move(schema);
        if (for_create && field.required && sdk::is_null(field.default_value)) {
            required.push_back(boost::json::string(field.name));
        }
    }
    object schema{{"type", "object"},
                  {"description", entity.label + (for_create ? " to create" : " changes")},
                  {"properties", std::move(properties)},
                  {"additionalProperties", false}};
    if (!required.empty()) {
        schema["required"] = std::move(required);
    }
    return schema;
}

// The operators parse_filter and query_sql accept for a field of this type (§7).
std::string filter_operators(FieldType type) {
    if (type == FieldType::references) {
        return "eq.{id}, in.(a,b) (records whose list holds one of the ids), is.null (an empty "
               "list)";
    }
    if (type == FieldType::boolean) {
        return "eq, neq, in.(a,b), is.null, is.true, is.false";
    }
    return std::string("eq, neq, gt, gte, lt, lte, ") +
           (is_text_type(type) ? "like, ilike (* is the wildcard), " : "") + "in.(a,b), is.null";
}

// One `{field}={op}.{value}` parameter per filterable field, unless the operation already
// reads a parameter of that name.
void add_filter_parameters(const EntityDefinition& entity, array& parameters) {
    for (const auto& field : entity.fields) {
        const bool taken = std::any_of(parameters.begin(), parameters.end(), [&](const auto& p) {
            return p.as_object().at("name").as_string() == field.name;
        });
        if (taken || field.type == FieldType::strings || field.type == FieldType::json) {
            continue;
        }
        parameters.push_back(object{
            {"name", field.name},
            {"in", "query"},
            {"description", "Filter on " + field.label + ": {op}.{value} such as eq.{value}; ops " +
                                filter_operators(field.type) +
                                "; not.{op} negates; repeat to combine, e.g. gte.X and lt.Y"},
            {"style", "form"},
            {"explode", true},
            {"schema", array_of({{"type", "string"}})}});
    }
}

// `text` with every @name@ replaced by its value.
std::string substitute(std::string text,
                       const std::vector<std::pair<std::string_view, std::string>>& values) {
    for (const auto& [name, value] : values) {
        const auto placeholder = "@" + std::string(name) + "@";
        for (auto pos = text.find(placeholder); pos != std::string::npos;
             pos = text.find(placeholder, pos + value.size())) {
            text.replace(pos, placeholder.size(), value);
        }
    }
    return text;
}

void add_entity_paths(const EntityDefinition& entity, object& paths) {
    // The label goes in as the inside of a JSON string, escaped; last, so it replaces nothing.
    const auto label = boost::json::serialize(boost::json::string(entity.label));
    auto entity_json = boost::json::parse(
        substitute(std::string(entity_paths), {{"entity", entity.name},
                                               {"default_limit", std::to_string(default_limit)},
                                               {"max_limit", std::to_string(max_limit)},
                                               {"label", label.substr(1, label.size() - 2)}}));
    const auto base = "/api/v1/records/" + entity.name;
    for (const auto& filtered : {base, base + "/aggregate", base + "/export"}) {
        add_filter_parameters(entity,
                              entity_json.at(filtered).at("get").at("parameters").as_array());
    }
    for (auto& [path, item] : entity_json.as_object()) {
        paths[path] = std::move(item);
    }
}

}  // namespace

boost::json::object openapi_document(const Schema& schema, std::string_view version) {
    auto fixed = boost::json::parse(fixed_parts).as_object();
    auto& paths = fixed["paths"].as_object();
    auto& schemas = fixed["components"].as_object()["schemas"].as_object();
    for (const auto& entity : schema.entities()) {
        add_entity_paths(entity, paths);
        schemas[entity.name] = record_schema(entity);
        schemas[entity.name + "_input"] = input_schema(entity, true);
        schemas[entity.name + "_update"] = input_schema(entity, false);
    }
    return {{"openapi", "3.0.3"},
            {"info", object{{"title", "Rapport API"}, {"version", version}}},
            {"servers", array{object{{"url", "/"}}}},
            {"security", array{object{{"bearer", array{}}}, object{{"session", array{}}}}},
            {"paths", std::move(paths)},
            {"components", std::move(fixed["components"])}};
}

}  // namespace rapport::records
