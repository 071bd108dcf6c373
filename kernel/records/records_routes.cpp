#include "records/records_routes.hpp"

#include "http/json_body.hpp"
#include "records/aggregate_query_parser.hpp"
#include "records/csv_writer.hpp"
#include "records/entity_json.hpp"
#include "records/field_text.hpp"
#include "records/list_query_parser.hpp"
#include "records/openapi.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace rapport::records {
namespace {

using http::Method;
using http::Request;
using http::Response;

// If-Match carries the version the client last saw, as the ETag "3" or bare 3. If-Match compares
// strongly (RFC 9110 §13.1.1), so a weak tag such as W/"3" never matches.
std::optional<std::int64_t> expected_version(const Request& request) {
    auto header = request.header("If-Match");
    if (!header || *header == "*") {
        return std::nullopt;
    }
    std::string_view text = *header;
    if (text.starts_with("W/")) {
        throw sdk::Error(sdk::ErrorCode::precondition_failed,
                         "If-Match compares strongly: a weak ETag (W/...) never matches");
    }
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        text = text.substr(1, text.size() - 2);
    }
    std::int64_t version = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (error != std::errc{} || end != text.data() + text.size()) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "If-Match must hold the record's version, e.g. \"3\"");
    }
    return version;
}

Response record_response(int status, const Record& record) {
    auto response = http::json_response(status, record_to_json(record));
    response.headers.set("ETag", "\"" + std::to_string(record.version()) + "\"");
    return response;
}

boost::json::object history_json(const std::vector<AuditEntry>& entries) {
    boost::json::array items;
    for (const auto& entry : entries) {
        items.push_back({{"at", entry.at.to_rfc3339()},
                         {"user_id", entry.user_id ? boost::json::value(*entry.user_id)
                                                   : boost::json::value(nullptr)},
                         {"action", entry.action},
                         {"changes", boost::json::parse(entry.changes)}});
    }
    return {{"items", std::move(items)}};
}

boost::json::object import_json(const ImportResult& result) {
    boost::json::array errors;
    for (const auto& error : result.errors) {
        errors.push_back({{"row", error.row}, {"field", error.field}, {"message", error.message}});
    }
    return {{"created", result.created},
            {"errors", std::move(errors)},
            {"error_count", result.error_count}};
}

// Every matching row in id order, a page at a time, so an export of a million rows never
// holds more than one page in memory.
http::BodyStream csv_export(RecordStore& store, const Caller& caller,
                            const EntityDefinition& entity, ListQuery query) {
    // Positions in entity.fields, so rows need no lookup: the selected fields in the order
    // `select` names them, else every field in declaration order; readable ones only.
    std::vector<std::size_t> fields;
    const auto readable = store.readable_fields(caller, entity, query);
    const auto add = [&](std::size_t i) {
        if (readable[i] && std::find(fields.begin(), fields.end(), i) == fields.end()) {
            fields.push_back(i);
        }
    };
    for (const auto& name : query.select) {
        add(static_cast<std::size_t>(entity.field(name) - entity.fields.data()));
    }
    for (std::size_t i = 0; query.select.empty() && i < entity.fields.size(); ++i) {
        add(i);
    }
    query.order = {{"id", false}};
    query.limit = 5000;
    query.offset = 0;
    query.count_total = false;
    query.conditions.push_back({"id", Operator::gt, false, {sdk::Value{std::int64_t{0}}}});
    auto state =
        std::make_shared<std::optional<std::int64_t>>(0);  // the last id sent; nullopt: done
    return [&store, caller, &entity, query, fields, state,
            header_sent = false]() mutable -> std::optional<std::string> {
        if (!*state) {
            return std::nullopt;
        }
        const CsvWriter writer;
        std::string out;
        std::vector<std::string> cells(fields.size());
        std::vector<std::string_view> views(fields.size());
        if (!header_sent) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                views[i] = entity.fields[fields[i]].name;
            }
            writer.write_row(views, out);
            header_sent = true;
        }
        query.conditions.back().values = {sdk::Value{**state}};
        const auto page = store.list(caller, entity, query);
        for (const auto& record : page.items) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                cells[i] = format_field_text(record.values[fields[i]]);
                views[i] = cells[i];
            }
            writer.write_row(views, out);
        }
        *state =
            page.items.size() < query.limit ? std::nullopt : std::optional(page.items.back().id());
        return out;
    };
}

std::size_t search_limit(const Request& request) {
    const auto text = request.query_param("limit");
    std::size_t limit = 20;
    if (text) {
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
        if (error != std::errc{} || end != text->data() + text->size() || limit == 0) {
            throw sdk::Error(sdk::ErrorCode::bad_request, "limit must be a positive integer",
                             {{"limit", "expected a positive integer"}});
        }
    }
    return std::min(limit, std::size_t{100});
}

// {"groups": [{"stage": "won", "count": 3, "sum_expected_revenue": "..."}]}
boost::json::object aggregate_json(const EntityDefinition& entity, const AggregateQuery& query,
                                   const std::vector<AggregateRow>& rows) {
    boost::json::array groups;
    for (const auto& row : rows) {
        boost::json::object group;
        for (std::size_t i = 0; i < query.group_by.size(); ++i) {
            const auto& field = *entity.field(query.group_by[i].field);
            const auto* bucket = std::get_if<std::string>(&row.keys[i]);
            group[field.name] = query.group_by[i].bucket != DateBucket::none && bucket
                                    ? boost::json::value(boost::json::string(*bucket))
                                    : value_to_json(field, row.keys[i]);
        }
        if (row.count) {
            group["count"] = *row.count;
        }
        for (std::size_t i = 0; i < query.measures.size(); ++i) {
            const auto& field = *entity.field(query.measures[i].field);
            group[std::string(aggregate_name(query.measures[i].function)) + "_" + field.name] =
                value_to_json(field, row.measures[i]);
        }
        groups.push_back(std::move(group));
    }
    return {{"groups", std::move(groups)}};
}

// An entity's metadata as the caller sees it: without the fields they may not read, with what
// they may do (the UI shows buttons from it); nullopt when they may do nothing with it.
std::optional<boost::json::object> entity_for(const Caller& caller,
                                              const EntityDefinition& entity) {
    if (!caller.policy) {
        return std::nullopt;
    }
    const EntityAccess& access = caller.policy->access(entity);
    boost::json::object allowed;
    bool any = false;
    for (const auto operation :
         {Operation::create, Operation::read, Operation::update, Operation::remove}) {
        const Scope scope = access.scope(operation);
        any = any || scope != Scope::none;
        allowed[operation_name(operation)] = scope_name(scope);
    }
    if (!any) {
        return std::nullopt;
    }
    boost::json::object json = entity_to_json(entity);
    auto& fields = json.at("fields").as_array();
    boost::json::array visible;
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (access.readable(i)) {
            auto field = fields.at(i).as_object();
            field["writable"] = access.writable(i) && !entity.fields[i].readonly;
            visible.push_back(std::move(field));
        }
    }
    json["fields"] = std::move(visible);
    json["access"] = std::move(allowed);
    return json;
}

}  // namespace

std::int64_t record_id(const http::Request& request, const EntityDefinition& entity) {
    const std::string_view text = *request.path_param("id");
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) {
        throw sdk::Error(sdk::ErrorCode::not_found,
                         "no " + entity.name + " with id " + std::string(text));
    }
    return id;
}

void add_records_routes(http::Router& router, RecordStore& store,
                        const RecordsRouteOptions& options) {
    const Authenticate& authenticate = options.authenticate;
    router.add(Method::get, "/api/v1/records/{entity}", [&store, authenticate](Request& request) {
        const Caller caller = authenticate(request);
        const auto& entity = store.entity(*request.path_param("entity"));
        const ListQuery query = parse_list_query(entity, request.query);
        const ListResult result = store.list(caller, entity, query);
        boost::json::array items;
        for (const auto& record : result.items) {
            items.push_back(record_to_json(record, query.select));
        }
        boost::json::object body{{"items", std::move(items)}};
        if (result.total) {
            body["total"] = *result.total;
        }
        return http::json_response(200, body);
    });
    router.add(Method::post, "/api/v1/records/{entity}", [&store, authenticate](Request& request) {
        const Caller caller = authenticate(request);
        const auto& entity = store.entity(*request.path_param("entity"));
        auto values = create_values_from_json(entity, http::parse_json_body(request));
        store.require_readable_targets(caller, values);
        return record_response(201, store.create(caller, entity, std::move(values)));
    });
    router.add(Method::get, "/api/v1/records/{entity}/aggregate",
               [&store, authenticate](Request& request) {
                   const Caller caller = authenticate(request);
                   const auto& entity = store.entity(*request.path_param("entity"));
                   const AggregateQuery query = parse_aggregate_query(entity, request.query);
                   return http::json_response(
                       200, aggregate_json(entity, query, store.aggregate(caller, entity, query)));
               });
    router.add(
        Method::post, "/api/v1/records/{entity}/import",
        [&store, authenticate](Request& request) {
            const Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            const auto type = request.header("Content-Type");
            if (type && type->find("csv") == std::string_view::npos) {
                throw sdk::Error(sdk::ErrorCode::bad_request,
                                 "expected a text/csv body, got " + std::string(*type));
            }
            return http::json_response(200,
                                       import_json(store.import_csv(caller, entity, request.body)));
        },
        http::RouteOptions(http::Execution::worker_pool, options.max_import_bytes));
    router.add(
        Method::get, "/api/v1/records/{entity}/export", [&store, authenticate](Request& request) {
            const Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            QueryParams params;
            for (const auto& [name, value] : request.query) {
                if (name == "limit" || name == "offset" || name == "order") {
                    throw sdk::Error(sdk::ErrorCode::bad_request,
                                     "an export has every matching row, in id order",
                                     {{name, "does not apply to an export"}});
                }
                if (name != "format") {
                    params.emplace_back(name, value);
                } else if (value != "csv") {
                    throw sdk::Error(sdk::ErrorCode::bad_request, "export format must be csv",
                                     {{"format", "expected csv"}});
                }
            }
            Response response;
            response.headers.set("Content-Type", "text/csv; charset=utf-8");
            response.headers.set("Content-Disposition",
                                 "attachment; filename=\"" + entity.name + ".csv\"");
            response.stream = csv_export(store, caller, entity, parse_list_query(entity, params));
            return response;
        });
    router.add(
        Method::get, "/api/v1/records/{entity}/{id}", [&store, authenticate](Request& request) {
            const Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            return record_response(200, store.get(caller, entity, record_id(request, entity)));
        });
    router.add(Method::patch, "/api/v1/records/{entity}/{id}",
               [&store, authenticate](Request& request) {
                   const Caller caller = authenticate(request);
                   const auto& entity = store.entity(*request.path_param("entity"));
                   const auto id = record_id(request, entity);
                   const auto changes = values_from_json(entity, http::parse_json_body(request));
                   store.require_readable_targets(caller, changes);
                   return record_response(
                       200, store.update(caller, entity, id, changes, {expected_version(request)}));
               });
    router.add(
        Method::delete_, "/api/v1/records/{entity}/{id}", [&store, authenticate](Request& request) {
            const Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            store.remove(caller, entity, record_id(request, entity), expected_version(request));
            return Response::no_content();
        });
    router.add(Method::get, "/api/v1/records/{entity}/{id}/history",
               [&store, authenticate](Request& request) {
                   const Caller caller = authenticate(request);
                   const auto& entity = store.entity(*request.path_param("entity"));
                   return http::json_response(
                       200,
                       history_json(store.history(caller, entity, record_id(request, entity))));
               });
    router.add(Method::get, "/api/v1/search", [&store, authenticate](Request& request) {
        const Caller caller = authenticate(request);
        const auto text = request.query_param("q");
        if (!text || text->empty()) {
            throw sdk::Error(sdk::ErrorCode::bad_request, "give the words to search for in q",
                             {{"q", "is required"}});
        }
        boost::json::array items;
        for (const auto& record : store.search(caller, *text, search_limit(request))) {
            items.push_back({{"entity", record.entity->name},
                             {"id", record.id()},
                             {"record", record_to_json(record)}});
        }
        return http::json_response(200, boost::json::object{{"items", std::move(items)}});
    });
    // The schema of a router never changes, so the document is built once, with the router.
    const std::string openapi =
        boost::json::serialize(openapi_document(store.schema(), options.version));
    router.add(
        Method::get, "/api/v1/openapi.json",
        [openapi](Request&) { return Response::json(200, openapi); }, http::Execution::io_thread);
    router.add(Method::get, "/api/v1/meta/entities", [&store, authenticate](Request& request) {
        const Caller caller = authenticate(request);
        boost::json::array items;
        for (const auto& entity : store.schema().entities()) {
            if (auto item = entity_for(caller, entity)) {
                items.push_back(std::move(*item));
            }
        }
        return http::json_response(200, boost::json::object{{"items", std::move(items)}});
    });
    router.add(
        Method::get, "/api/v1/meta/entities/{entity}", [&store, authenticate](Request& request) {
            const Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            auto item = entity_for(caller, entity);
            if (!item) {
                throw sdk::Error(sdk::ErrorCode::not_found, "unknown entity '" + entity.name + "'");
            }
            return http::json_response(200, std::move(*item));
        });
}

}  // namespace rapport::records
