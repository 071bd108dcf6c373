#include "workflow/action_routes.hpp"

#include "http/json_body.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "records/records_routes.hpp"
#include "workflow/workflow_engine.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

namespace rapport::workflow {
namespace {

using http::Method;
using http::Request;

// The parameters as JSON text: an object, "{}" for an empty body.
std::string action_params(const Request& request) {
    if (request.body.empty()) {
        return "{}";
    }
    const auto params = http::parse_json_body(request);
    if (!params.is_object()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "an action's parameters are a JSON object");
    }
    return boost::json::serialize(params);
}

}  // namespace

void add_action_routes(http::Router& router, records::RecordStore& store, WorkflowEngine& engine,
                       records::Authenticate authenticate) {
    router.add(Method::post, "/api/v1/records/{entity}/{id}/actions/{action}",
               [&store, &engine, authenticate](Request& request) {
                   const records::Caller caller = authenticate(request);
                   const auto& entity = store.entity(*request.path_param("entity"));
                   const auto result =
                       engine.run(caller, entity, records::record_id(request, entity),
                                  *request.path_param("action"), action_params(request));
                   boost::json::value created = nullptr;
                   if (result.created) {
                       created = {{"entity", result.created->entity}, {"id", result.created->id}};
                   }
                   return http::json_response(
                       200, boost::json::object{{"record", records::record_to_json(result.record)},
                                                {"created", std::move(created)}});
               });
    router.add(
        Method::get, "/api/v1/records/{entity}/{id}/actions",
        [&store, &engine, authenticate](Request& request) {
            const records::Caller caller = authenticate(request);
            const auto& entity = store.entity(*request.path_param("entity"));
            const auto record = store.get(caller, entity, records::record_id(request, entity));
            boost::json::array items;
            for (const auto& action : engine.available(caller, record)) {
                items.push_back({{"name", action.name},
                                 {"label", action.label},
                                 {"to", action.to.empty() ? boost::json::value(nullptr)
                                                          : boost::json::value(action.to)}});
            }
            return http::json_response(200, boost::json::object{{"items", std::move(items)}});
        });
}

}  // namespace rapport::workflow
