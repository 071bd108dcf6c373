#include "http/error_response.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace rapport::http {

Response error_response(const sdk::Error& error, std::string_view request_id) {
    boost::json::array details;
    for (const auto& detail : error.details()) {
        details.push_back({{"field", detail.field}, {"message", detail.message}});
    }
    const boost::json::value body = {{"error",
                                      {{"code", sdk::error_code_name(error.code())},
                                       {"message", error.what()},
                                       {"details", std::move(details)},
                                       {"request_id", request_id}}}};
    return Response::json(sdk::http_status(error.code()), boost::json::serialize(body));
}

Middleware error_translation() {
    return [](Request& request, const Next& next) -> Response {
        try {
            return next(request);
        } catch (const sdk::Error& error) {
            return error_response(error, request.request_id);
        } catch (const std::exception& error) {
            spdlog::error("request {} {} {} failed: {}", request.request_id,
                          method_name(request.method), request.path, error.what());
        } catch (...) {
            spdlog::error("request {} {} {} failed with a non-standard exception",
                          request.request_id, method_name(request.method), request.path);
        }
        return error_response(
            sdk::Error(sdk::ErrorCode::internal, "internal error; the server log has the details"),
            request.request_id);
    };
}

}  // namespace rapport::http
