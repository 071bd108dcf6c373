#include "http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rapport::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

Handler answering(std::string body) {
    return [body](Request&) { return Response{200, {}, body}; };
}

std::string call(const Router::Match& match) {
    Request request;
    return match.route ? match.route->handler(request).body : "<none>";
}

TEST(Router, MatchesLiteralPaths) {
    Router router;
    router.add(Method::get, "/api/v1/health", answering("health"));
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1", "health"})), "health");
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1"})), "<none>");
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1", "health", "x"})), "<none>");
}

TEST(Router, CapturesParameters) {
    Router router;
    router.add(Method::get, "/api/v1/records/{entity}/{id}", answering("record"));
    const auto match = router.match(Method::get, {"api", "v1", "records", "lead", "42"});
    EXPECT_EQ(call(match), "record");
    EXPECT_THAT(match.params, ElementsAre(Pair("entity", "lead"), Pair("id", "42")));
    // A trailing slash leaves an empty segment, which names nothing.
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1", "records", "lead", ""})), "<none>");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
    Router router;
    router.add(Method::get, "/api/v1/records/{entity}/{id}", answering("record"));
    router.add(Method::get, "/api/v1/records/{entity}/aggregate", answering("aggregate"));
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1", "records", "lead", "aggregate"})),
              "aggregate");
    EXPECT_EQ(call(router.match(Method::get, {"api", "v1", "records", "lead", "7"})), "record");
}

TEST(Router, BacktracksWhenALiteralBranchDeadEnds) {
    Router router;
    router.add(Method::get, "/a/b/c", answering("literal"));
    router.add(Method::get, "/a/{x}/d", answering("param"));
    EXPECT_EQ(call(router.match(Method::get, {"a", "b", "d"})), "param");
}

TEST(Router, ReportsAllowedMethodsForAKnownPath) {
    Router router;
    router.add(Method::get, "/things", answering("list"));
    router.add(Method::post, "/things", answering("create"));
    const auto match = router.match(Method::delete_, {"things"});
    EXPECT_EQ(match.route, nullptr);
    EXPECT_THAT(match.allowed, ElementsAre(Method::get, Method::post));
}

TEST(Router, HeadFallsBackToGet) {
    Router router;
    router.add(Method::get, "/things", answering("list"));
    EXPECT_EQ(call(router.match(Method::head, {"things"})), "list");
}

TEST(Router, RefusesDuplicatesAndMalformedPatterns) {
    Router router;
    router.add(Method::get, "/things/{id}", answering("one"));
    EXPECT_THROW(router.add(Method::get, "/things/{id}", answering("again")),
                 std::invalid_argument);
    EXPECT_THROW(router.add(Method::get, "/things/{name}/x", answering("renamed")),
                 std::invalid_argument);
    EXPECT_THROW(router.add(Method::get, "things", answering("relative")), std::invalid_argument);
    EXPECT_THROW(router.add(Method::get, "/a{b}", answering("partial")), std::invalid_argument);
}

}  // namespace
}  // namespace rapport::http
