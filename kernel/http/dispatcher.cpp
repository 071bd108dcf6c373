#include "http/dispatcher.hpp"

#include "http/error_response.hpp"
#include "runtime/worker_pool.hpp"

#include <span>
#include <string>
#include <utility>

namespace rapport::http {
namespace {

Response method_not_allowed(const Request& request, const std::vector<Method>& allowed) {
    std::string allow;
    for (const Method method : allowed) {
        allow += (allow.empty() ? "" : ", ") + std::string(method_name(method));
    }
    auto response =
        error_response(sdk::Error(sdk::ErrorCode::method_not_allowed,
                                  std::string(method_name(request.method)) + " is not allowed on " +
                                      request.path + "; allowed: " + allow),
                       request.request_id);
    response.headers.set("Allow", std::move(allow));
    return response;
}

Response run_chain(std::span<const Middleware> middlewares, const Handler& terminal,
                   Request& request) {
    if (middlewares.empty()) {
        return terminal(request);
    }
    auto rest = [&](Request& inner) { return run_chain(middlewares.subspan(1), terminal, inner); };
    return middlewares.front()(request, Next(rest));
}

}  // namespace

Dispatcher::Dispatcher(runtime::WorkerPool& workers, std::vector<Middleware> middlewares,
                       Handler fallback)
    : workers_(workers), middlewares_(std::move(middlewares)), fallback_(std::move(fallback)) {
    set_router(std::make_shared<const Router>());
}

namespace {

// Generations are unique across dispatchers, so a thread's cached router can never be
// mistaken for that of another dispatcher created at the same address.
std::atomic<std::uint64_t> next_generation{1};

}  // namespace

void Dispatcher::set_router(std::shared_ptr<const Router> router) {
    std::lock_guard lock(router_mutex_);
    router_ = std::move(router);
    generation_.store(next_generation.fetch_add(1), std::memory_order_release);
}

// Each thread keeps the router it last saw and re-reads it only when the generation moved,
// so the hot path costs one atomic load instead of a locked shared_ptr copy.
const std::shared_ptr<const Router>& Dispatcher::current_router() const {
    thread_local struct {
        std::uint64_t generation = 0;
        std::shared_ptr<const Router> router;
    } cache;
    const std::uint64_t generation = generation_.load(std::memory_order_acquire);
    if (cache.generation != generation) {
        std::lock_guard lock(router_mutex_);
        cache.router = router_;
        cache.generation = generation_.load(std::memory_order_relaxed);
    }
    return cache.router;
}

Response Dispatcher::run(Request& request, const Handler& terminal) const {
    return run_chain(middlewares_, terminal, request);
}

void Dispatcher::run_on_workers(std::function<void()> task) {
    workers_.post(std::move(task));
}

std::size_t Dispatcher::body_limit(const Request& request) const {
    const Router::Match match = current_router()->match(request.method, request.path_segments);
    return match.route ? match.route->options.max_body_bytes : 0;
}

std::optional<Response> Dispatcher::dispatch(Request& request, std::function<void(Response)> done) {
    const auto& router = current_router();
    Router::Match match = router->match(request.method, request.path_segments);
    if (!match.route && !match.allowed.empty()) {
        return run(request, [&](Request& r) { return method_not_allowed(r, match.allowed); });
    }
    if (match.route && match.route->options.execution == Execution::io_thread) {
        request.path_params = std::move(match.params);
        return run(request, match.route->handler);
    }
    const Handler* handler = &fallback_;
    if (match.route) {
        request.path_params = std::move(match.params);
        handler = &match.route->handler;
    }
    // The task owns the router snapshot, which owns the handler.
    workers_.post([this, &request, handler, pinned = router, done = std::move(done)] {
        done(run(request, *handler));
    });
    return std::nullopt;
}

}  // namespace rapport::http
