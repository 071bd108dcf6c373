#include "app/health.hpp"

#include "app/version.hpp"

#include <boost/json.hpp>

namespace rapport::app {

void add_health_route(http::Router& router) {
    // Answered from memory on the I/O thread: it must stay cheap under any load.
    const std::string body =
        boost::json::serialize(boost::json::object{{"status", "ok"}, {"version", version}});
    router.add(
        http::Method::get, "/api/v1/health",
        [body](http::Request&) { return http::Response::json(200, body); },
        http::Execution::io_thread);
}

}  // namespace rapport::app
