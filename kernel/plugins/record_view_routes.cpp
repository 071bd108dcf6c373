#include "plugins/record_view_routes.hpp"

#include "plugins/kernel_action_request.hpp"
#include "plugins/served_routes.hpp"
#include "records/record_access.hpp"
#include "records/record_store.hpp"
#include "records/records_routes.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace rapport::plugins {
namespace {

// The query string as a JSON object of strings, as a view's params().
std::string query_params(const http::Request& request) {
    boost::json::object params;
    for (const auto& [name, value] : request.query) {
        params[name] = value;
    }
    return boost::json::serialize(params);
}

}  // namespace

void add_record_view_routes(http::Router& router, const ActivePlugins& plugins,
                            records::RecordStore& store, records::Authenticate authenticate) {
    for (const auto& plugin : plugins) {
        for (const auto& view : plugin->entity_views) {
            router.add(
                http::Method::get, "/api/v1/records/" + view.entity + "/" + view.name,
                [plugin, &view, &store, authenticate](http::Request& request) {
                    const records::Caller caller = authenticate(request);
                    const auto& entity = store.entity(view.entity);
                    if (!records::RecordAccess::allows(caller, entity, records::Operation::read)) {
                        throw sdk::Error(sdk::ErrorCode::forbidden,
                                         "you may not read " + entity.name);
                    }
                    KernelApiRequest call(caller, query_params(request), store);
                    return served_by(*plugin, request, [&] { return view.handler(call); });
                });
        }
        for (const auto& view : plugin->record_views) {
            const std::string pattern = "/api/v1/records/" + view.entity + "/{id}/" + view.name;
            router.add(http::Method::get, pattern,
                       [plugin, &view, &store, authenticate](http::Request& request) {
                           const records::Caller caller = authenticate(request);
                           const auto& entity = store.entity(view.entity);
                           const auto record =
                               store.get(caller, entity, records::record_id(request, entity));
                           KernelActionRequest call(caller, record, query_params(request), store);
                           return served_by(*plugin, request, [&] { return view.handler(call); });
                       });
        }
    }
}

}  // namespace rapport::plugins
