// Shutdown semantics of the HTTP server: in-flight requests finish, idle connections close,
// nothing new is accepted.
#include "http/dispatcher.hpp"
#include "http/error_response.hpp"
#include "http/server.hpp"
#include "http_client.hpp"
#include "runtime/worker_pool.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace rapport {
namespace {

using namespace std::chrono_literals;

class GracefulShutdownTest : public ::testing::Test {
  protected:
    GracefulShutdownTest() {
        auto router = std::make_shared<http::Router>();
        router->add(http::Method::get, "/slow", [this](http::Request&) {
            entered_.set_value();
            std::this_thread::sleep_for(500ms);
            return http::Response{200, {}, "finished"};
        });
        router->add(http::Method::get, "/fast", [](http::Request&) {
            return http::Response{200, {}, "fast"};
        });
        dispatcher_.set_router(router);
        server_.start();
    }
    ~GracefulShutdownTest() override { workers_.stop(); }

    std::promise<void> entered_;
    runtime::WorkerPool workers_{2};
    http::Dispatcher dispatcher_{
        workers_, {http::error_translation()}, [](http::Request&) { return http::Response{404}; }};
    http::Server server_{http::ServerOptions{"127.0.0.1", 0, 2}, dispatcher_};
};

TEST_F(GracefulShutdownTest, InFlightRequestsFinishAndIdleConnectionsClose) {
    testing::HttpClient idle(server_.port());
    ASSERT_EQ(idle.get("/fast").status, 200);
    ASSERT_TRUE(idle.connection_open());

    auto in_flight = std::async(std::launch::async, [port = server_.port()] {
        testing::HttpClient client(port);
        return client.get("/slow");
    });
    entered_.get_future().wait();
    server_.stop(5s);

    const auto result = in_flight.get();
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body, "finished");
    EXPECT_EQ(result.header("connection"), "close");
    EXPECT_FALSE(idle.connection_open());
    EXPECT_ANY_THROW(testing::HttpClient(server_.port()).get("/fast"));
}

}  // namespace
}  // namespace rapport
