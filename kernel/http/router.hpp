// Maps a method and a path to a handler. Patterns are literal segments and `{name}`
// parameters ("/api/v1/records/{entity}/{id}"); a literal segment wins over a parameter.
// A router is built once and then only read, so a registry snapshot can share it.
#pragma once

#include "http/handler.hpp"
#include "http/method.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::http {

// How a route runs. Converts from an Execution, so `router.add(..., Execution::io_thread)` works.
struct RouteOptions {
    RouteOptions(Execution execution = Execution::worker_pool, std::size_t max_body_bytes = 0)
        : execution(execution), max_body_bytes(max_body_bytes) {}

    Execution execution;
    std::size_t max_body_bytes;  // 0: the server's limit; uploads and imports raise it
};

class Router {
  public:
    struct Route {
        Method method;
        std::string pattern;
        Handler handler;
        RouteOptions options;
    };

    struct Match {
        const Route* route = nullptr;                             // null: no route
        std::vector<std::pair<std::string, std::string>> params;  // when route is set
        std::vector<Method> allowed;  // when only the method is wrong: the methods the path has
    };

    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    // Throws std::invalid_argument on a malformed pattern or a route registered twice.
    void add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});

    // HEAD matches a GET route when there is no HEAD route of its own.
    Match match(Method method, const std::vector<std::string>& segments) const;

    // Keeps `owned` alive as long as this router: what its handlers refer to (the record store
    // of a registry generation, a plugin's library), so a request that pinned the router can
    // finish after a newer one replaced it.
    void retain(std::shared_ptr<const void> owned);

  private:
    struct Node;
    std::vector<std::shared_ptr<const void>> retained_;  // outlives the handlers below
    std::unique_ptr<Node> root_;
};

}  // namespace rapport::http
