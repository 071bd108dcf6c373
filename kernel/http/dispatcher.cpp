#include "http/dispatcher.hpp"

#include "http/error_response.hpp"
#include "runtime/worker_pool.hpp"

#include <string>
#include <utility>

namespace rapport::http {
namespace {

Response method_not_allowed(const Request& request, const std::vector<Method>& allowed) {
    std::string allow;
    for (const Method method : allowed) {
        allow += (allow.empty() ? "" : ", ") + std::string(method_name(method));
    }
    auto response = error_response(
        sdk::Error(sdk::ErrorCode::method_not_allowed,
                   std::string(method_name(request.method)) + " is not allowed on " + request.path +
                       "; allowed: " + allow),
        request.request_id);
    response.headers.set("Allow", std::move(allow));
    return response;
}

Response run_chain(std::span<const Middleware> middlewares, const Handler& terminal,
                   Request& request) {
    if (middlewares.empty()) {
        return terminal(request);
    }
    return middlewares.front()(request, [&](Request& inner) {
        return run_chain(middlewares.subspan(1), terminal, inner);
    });
}

}  // namespace

Dispatcher::Dispatcher(runtime::WorkerPool& workers, std::vector<Middleware> middlewares,
                       Handler fallback)
    : workers_(workers)
    , middlewares_(std::move(middlewares))
    , fallback_(std::move(fallback))
    , router_(std::make_shared<const Router>()) {}

void Dispatcher::set_router(std::shared_ptr<const Router> router) { router_.store(std::move(router)); }

Response Dispatcher::run(Request& request, const Handler& terminal) const {
    return run_chain(middlewares_, terminal, request);
}

std::optional<Response> Dispatcher::dispatch(Request& request, std::function<void(Response)> done) {
    std::shared_ptr<const Router> router = router_.load();
    Router::Match match = router->match(request.method, request.path_segments);
    if (!match.route && !match.allowed.empty()) {
        return run(request, [&](Request& r) { return method_not_allowed(r, match.allowed); });
    }
    if (match.route && match.route->execution == Execution::io_thread) {
        request.path_params = std::move(match.params);
        return run(request, match.route->handler);
    }
    const Handler* handler = &fallback_;
    if (match.route) {
        request.path_params = std::move(match.params);
        handler = &match.route->handler;
    }
    // The task owns the router snapshot, which owns the handler.
    workers_.post([this, &request, handler, pinned = std::move(router), done = std::move(done)] {
        done(run(request, *handler));
    });
    return std::nullopt;
}

}  // namespace rapport::http
