#include "http/dispatcher.hpp"

#include "http/error_response.hpp"
#include "runtime/worker_pool.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace rapport::http {
namespace {

using ::testing::HasSubstr;

class DispatcherTest : public ::testing::Test {
  protected:
    DispatcherTest()
        : dispatcher_(workers_, {error_translation()}, [](Request&) {
            return Response{200, {}, "fallback"};
        }) {}

    Response dispatch(Method method, std::vector<std::string> segments) {
        request_ = Request{};
        request_.method = method;
        request_.path_segments = std::move(segments);
        request_.request_id = "req-1";
        std::promise<Response> answer;
        auto inline_response =
            dispatcher_.dispatch(request_, [&](Response r) { answer.set_value(std::move(r)); });
        return inline_response ? std::move(*inline_response) : answer.get_future().get();
    }

    runtime::WorkerPool workers_{2};
    Dispatcher dispatcher_;
    Request request_;
};

TEST_F(DispatcherTest, RunsIoRoutesInlineAndOthersOnTheWorkerPool) {
    auto router = std::make_shared<Router>();
    const auto caller = std::this_thread::get_id();
    router->add(
        Method::get, "/inline",
        [caller](Request&) {
            return Response{200, {}, std::this_thread::get_id() == caller ? "same" : "other"};
        },
        Execution::io_thread);
    router->add(Method::get, "/worker", [caller](Request&) {
        return Response{200, {}, std::this_thread::get_id() == caller ? "same" : "other"};
    });
    dispatcher_.set_router(router);
    EXPECT_EQ(dispatch(Method::get, {"inline"}).body, "same");
    EXPECT_EQ(dispatch(Method::get, {"worker"}).body, "other");
}

TEST_F(DispatcherTest, UnknownPathsGoToTheFallback) {
    EXPECT_EQ(dispatch(Method::get, {"nowhere"}).body, "fallback");
}

TEST_F(DispatcherTest, WrongMethodAnswers405WithAllow) {
    auto router = std::make_shared<Router>();
    router->add(Method::get, "/things", [](Request&) { return Response{}; });
    dispatcher_.set_router(router);
    const Response response = dispatch(Method::post, {"things"});
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.headers.get("Allow"), "GET");
    EXPECT_THAT(response.body, HasSubstr(R"("code":"method_not_allowed")"));
}

TEST_F(DispatcherTest, HandlerErrorsBecomeTheJsonErrorShape) {
    auto router = std::make_shared<Router>();
    router->add(Method::get, "/invalid", [](Request&) -> Response {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid lead",
                         {{"title", "is required"}});
    });
    router->add(Method::get, "/broken",
                [](Request&) -> Response { throw std::runtime_error("secret detail"); });
    dispatcher_.set_router(router);

    const Response invalid = dispatch(Method::get, {"invalid"});
    EXPECT_EQ(invalid.status, 422);
    EXPECT_EQ(
        invalid.body,
        R"({"error":{"code":"validation_failed","message":"invalid lead","details":[{"field":"title",)"
        R"("message":"is required"}],"request_id":"req-1"}})");

    const Response broken = dispatch(Method::get, {"broken"});
    EXPECT_EQ(broken.status, 500);
    EXPECT_THAT(broken.body, HasSubstr(R"("code":"internal_error")"));
    EXPECT_THAT(broken.body, ::testing::Not(HasSubstr("secret detail")));
}

TEST_F(DispatcherTest, InFlightRequestsKeepTheRouterTheyStartedWith) {
    std::promise<void> entered;
    std::promise<void> release;
    auto old_router = std::make_shared<Router>();
    old_router->add(Method::get, "/slow", [&](Request&) {
        entered.set_value();
        release.get_future().wait();
        return Response{200, {}, "old"};
    });
    dispatcher_.set_router(old_router);
    std::weak_ptr<Router> old_weak = old_router;
    old_router.reset();

    Request request;
    request.path_segments = {"slow"};
    std::promise<Response> answer;
    dispatcher_.dispatch(request, [&](Response r) { answer.set_value(std::move(r)); });
    entered.get_future().wait();
    dispatcher_.set_router(std::make_shared<Router>());
    EXPECT_FALSE(old_weak.expired());
    release.set_value();
    EXPECT_EQ(answer.get_future().get().body, "old");
}

}  // namespace
}  // namespace rapport::http
