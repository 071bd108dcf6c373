// Finds the route of a request, runs it behind the middleware chain on the thread the route
// asks for, and answers 405 with Allow, or hands unknown paths to the fallback handler.
#pragma once

#include "http/handler.hpp"
#include "http/router.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace rapport::runtime {
class WorkerPool;
}

namespace rapport::http {

class Dispatcher {
  public:
    Dispatcher(runtime::WorkerPool& workers, std::vector<Middleware> middlewares, Handler fallback);

    // Requests already dispatched keep the router they started with.
    void set_router(std::shared_ptr<const Router> router);

    // The body limit of the request's route, 0 when it has none of its own. Needs method and
    // path segments only, so the server can ask before it reads the body.
    std::size_t body_limit(const Request& request) const;

    // A route that runs on the I/O thread answers through the return value. Any other runs on
    // the worker pool, and `done` receives its response there; the result is then nullopt.
    // `request` must stay alive until `done` has run.
    std::optional<Response> dispatch(Request& request, std::function<void(Response)> done);

    // Runs blocking work for the server (the pieces of a streamed body).
    void run_on_workers(std::function<void()> task);

  private:
    Response run(Request& request, const Handler& terminal) const;
    const std::shared_ptr<const Router>& current_router() const;

    runtime::WorkerPool& workers_;
    std::vector<Middleware> middlewares_;
    Handler fallback_;
    mutable std::mutex router_mutex_;
    std::shared_ptr<const Router> router_;
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace rapport::http
