// Sign-in, sessions and the guard rails around them over real HTTP on both backends: bearer
// tokens and cookie sessions, CSRF, throttling, write-only passwords, role escalation and the
// security log.
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <algorithm>
#include <future>
#include <thread>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string user_password = "correct horse battery";

class AuthApiTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    explicit AuthApiTest(std::chrono::seconds token_lifetime = std::chrono::hours(1))
        : application_(GetParam(),
                       [token_lifetime](config::Config& config) {
                           config.auth.token_lifetime = token_lifetime;
                       })
        , admin_(application_.client(true)) {}

    std::unique_ptr<HttpClient> client() const { return application_.client(); }

    static boost::json::value json(const HttpResult& result) {
        return boost::json::parse(result.body);
    }

    static HttpResult post(HttpClient& client, const std::string& target, const std::string& body,
                           Headers headers = {}) {
        headers.emplace_back("Content-Type", "application/json");
        return client.request("POST", target, body, headers);
    }

    static HttpResult login(HttpClient& client, const std::string& login,
                            const std::string& password) {
        return post(
            client, "/api/v1/auth/login",
            boost::json::serialize(boost::json::object{{"login", login}, {"password", password}}));
    }

    std::int64_t create_user(const std::string& login, const std::string& roles) {
        const auto result =
            post(*admin_, "/api/v1/records/user",
                 R"({"login": ")" + login + R"(", "name": ")" + login + R"(", "password": ")" +
                     user_password + R"(", "roles": )" + roles + "}");
        EXPECT_EQ(result.status, 201) << result.body;
        return json(result).at("id").as_int64();
    }

    // The session cookie "rapport_session=…" from a login response.
    static std::string session_cookie(const HttpResult& login) {
        const std::string header = login.header("set-cookie");
        return header.substr(0, header.find(';'));
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

TEST_P(AuthApiTest, Login_AnswersATokenTheUserAndAStrictHttpOnlyCookie) {
    auto anonymous = client();
    const auto result = login(*anonymous, "admin", testing::test_admin_password);

    ASSERT_EQ(result.status, 200) << result.body;
    const auto body = json(result).as_object();
    EXPECT_EQ(body.at("token").as_string().size(), 43U);
    EXPECT_EQ(body.at("user").at("login"), "admin");
    EXPECT_EQ(body.at("user").at("roles"), boost::json::array{"admin"});
    EXPECT_FALSE(body.at("user").as_object().contains("password"));
    const auto cookie = result.header("set-cookie");
    EXPECT_THAT(cookie, HasSubstr("rapport_session="));
    EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
    EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
    EXPECT_THAT(cookie, ::testing::Not(HasSubstr(std::string(body.at("token").as_string()))));
}

TEST_P(AuthApiTest, Login_WrongPasswordAndUnknownLoginAnswerTheSame401) {
    auto anonymous = client();
    const auto wrong_password = login(*anonymous, "admin", "not the password");
    const auto unknown_login = login(*anonymous, "nobody", "not the password");

    EXPECT_EQ(wrong_password.status, 401);
    EXPECT_EQ(unknown_login.status, 401);
    EXPECT_EQ(json(wrong_password).at("error").at("message"),
              json(unknown_login).at("error").at("message"));
}

TEST_P(AuthApiTest, Login_RefusesAMalformedBody) {
    auto anonymous = client();
    EXPECT_EQ(post(*anonymous, "/api/v1/auth/login", "{").status, 400);
    EXPECT_EQ(post(*anonymous, "/api/v1/auth/login", R"({"login": "admin"})").status, 400);
    EXPECT_EQ(post(*anonymous, "/api/v1/auth/login", R"({"login": 1, "password": 2})").status, 400);
}

TEST_P(AuthApiTest, RecordsWithoutCredentialsOrWithAnUnknownTokenAnswer401) {
    auto anonymous = client();
    EXPECT_EQ(anonymous->get("/api/v1/records/account").status, 401);
    EXPECT_EQ(anonymous->get("/api/v1/search?q=x").status, 401);
    EXPECT_EQ(anonymous->get("/api/v1/meta/entities").status, 401);
    EXPECT_EQ(
        anonymous
            ->get("/api/v1/records/account", {{"Authorization", "Bearer " + std::string(43, 'A')}})
            .status,
        401);
    EXPECT_EQ(
        anonymous->get("/api/v1/records/account", {{"Authorization", "Bearer garbage"}}).status,
        401);
    EXPECT_EQ(anonymous->get("/api/v1/health").status, 200);
}

TEST_P(AuthApiTest, Logout_EndsTheToken) {
    auto user = client();
    testing::sign_in(*user);
    ASSERT_EQ(user->get("/api/v1/records/account").status, 200);

    EXPECT_EQ(user->request("POST", "/api/v1/auth/logout").status, 204);

    EXPECT_EQ(user->get("/api/v1/records/account").status, 401);
}

TEST_P(AuthApiTest, Session_AnswersNullUserWithoutASession) {
    auto anonymous = client();
    const auto result = anonymous->get("/api/v1/auth/session");

    ASSERT_EQ(result.status, 200);
    EXPECT_TRUE(json(result).at("user").is_null());
    EXPECT_EQ(json(result).at("csrf_token").as_string().size(), 43U);
}

TEST_P(AuthApiTest, CookieSession_UnsafeRequestsNeedTheSessionsCsrfToken) {
    auto browser = client();
    const std::string cookie =
        session_cookie(login(*browser, "admin", testing::test_admin_password));
    const auto session = json(browser->get("/api/v1/auth/session", {{"Cookie", cookie}}));
    ASSERT_EQ(session.at("user").at("login"), "admin");
    const std::string csrf(session.at("csrf_token").as_string());
    const std::string account = R"({"name": "Universitas Pancasila"})";

    EXPECT_EQ(browser->get("/api/v1/records/account", {{"Cookie", cookie}}).status, 200);
    EXPECT_EQ(post(*browser, "/api/v1/records/account", account, {{"Cookie", cookie}}).status, 403);
    EXPECT_EQ(post(*browser, "/api/v1/records/account", account,
                   {{"Cookie", cookie}, {"X-CSRF-Token", std::string(43, 'x')}})
                  .status,
              403);
    EXPECT_EQ(post(*browser, "/api/v1/records/account", account,
                   {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
                  .status,
              201);
    EXPECT_EQ(post(*admin_, "/api/v1/records/account", account).status, 201)
        << "a bearer request needs no CSRF token";
}

TEST_P(AuthApiTest, CookieTokenIsNotABearerToken) {
    auto browser = client();
    const std::string cookie =
        session_cookie(login(*browser, "admin", testing::test_admin_password));
    const std::string token = cookie.substr(cookie.find('=') + 1);

    EXPECT_EQ(
        browser->get("/api/v1/records/account", {{"Authorization", "Bearer " + token}}).status,
        401);
}

TEST_P(AuthApiTest, BruteForce_Answers429WithRetryAfterEvenForTheRightPassword) {
    auto attacker = client();
    for (int attempt = 0; attempt < 10; ++attempt) {
        ASSERT_EQ(login(*attacker, "admin", "guess " + std::to_string(attempt)).status, 401);
    }

    const auto throttled = login(*attacker, "admin", testing::test_admin_password);

    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(json(throttled).at("error").at("code"), "rate_limited");
    const int retry_after = std::stoi(throttled.header("retry-after"));
    EXPECT_GT(retry_after, 800);
    EXPECT_LE(retry_after, 900);
    create_user("maria", R"(["viewer"])");
    EXPECT_EQ(login(*attacker, "maria", user_password).status, 200)
        << "another login from the same address is not locked out";
}

TEST_P(AuthApiTest, Password_IsWriteOnlyOnEveryPath) {
    const auto id = std::to_string(create_user("maria", R"(["viewer"])"));

    const auto record = json(admin_->get("/api/v1/records/user/" + id)).as_object();
    EXPECT_FALSE(record.contains("password"));
    const auto list = admin_->get("/api/v1/records/user?login=eq.maria");
    EXPECT_THAT(list.body, ::testing::Not(HasSubstr("argon2")));
    EXPECT_EQ(admin_->get("/api/v1/records/user?password=like.*argon*").status, 403);
    EXPECT_EQ(admin_->get("/api/v1/records/user?order=password").status, 403);
    EXPECT_EQ(admin_->get("/api/v1/records/user?select=login,password").status, 403);
    const auto exported = admin_->get("/api/v1/records/user/export");
    EXPECT_THAT(exported.body, ::testing::Not(HasSubstr("password")));
    EXPECT_THAT(exported.body, ::testing::Not(HasSubstr("argon2")));
    const auto history = admin_->get("/api/v1/records/user/" + id + "/history");
    EXPECT_THAT(history.body, ::testing::Not(HasSubstr("password")));
    EXPECT_THAT(history.body, ::testing::Not(HasSubstr(user_password)));
}

TEST_P(AuthApiTest, Password_ShorterThan12CharactersIsRefused) {
    const auto result = post(*admin_, "/api/v1/records/user",
                             R"({"login": "maria", "name": "Maria", "password": "short"})");

    EXPECT_EQ(result.status, 422);
    EXPECT_EQ(json(result).at("error").at("details").at(0).at("field"), "password");
}

TEST_P(AuthApiTest, ChangingAPasswordEndsTheUsersSessions) {
    const auto id = std::to_string(create_user("maria", R"(["viewer"])"));
    auto maria = client();
    testing::sign_in(*maria, "maria", user_password);
    ASSERT_EQ(maria->get("/api/v1/records/account").status, 200);

    const auto changed = admin_->request("PATCH", "/api/v1/records/user/" + id,
                                         R"({"password": "a brand new passphrase"})",
                                         {{"Content-Type", "application/json"}});

    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(maria->get("/api/v1/records/account").status, 401);
    EXPECT_EQ(login(*client(), "maria", user_password).status, 401);
    EXPECT_EQ(login(*client(), "maria", "a brand new passphrase").status, 200);
}

TEST_P(AuthApiTest, DeactivatedUsersCannotSignIn) {
    const auto id = std::to_string(create_user("maria", R"(["viewer"])"));
    auto maria = client();
    testing::sign_in(*maria, "maria", user_password);

    admin_->request("PATCH", "/api/v1/records/user/" + id, R"({"active": false})",
                    {{"Content-Type", "application/json"}});

    EXPECT_EQ(maria->get("/api/v1/records/account").status, 401);
    EXPECT_EQ(login(*client(), "maria", user_password).status, 401);
}

TEST_P(AuthApiTest, NobodyButAnAdminChangesRolesOrGrants) {
    const auto id = std::to_string(create_user("sam", R"(["salesperson"])"));
    auto sam = client();
    testing::sign_in(*sam, "sam", user_password);
    const Headers json_body{{"Content-Type", "application/json"}};

    EXPECT_EQ(
        sam->request("PATCH", "/api/v1/records/user/" + id, R"({"roles": ["admin"]})", json_body)
            .status,
        403);
    EXPECT_EQ(post(*sam, "/api/v1/records/role", R"({"name": "mine", "grants": {}})").status, 403);
    EXPECT_EQ(post(*sam, "/api/v1/records/user",
                   R"({"login": "sam2", "name": "Sam", "roles": ["admin"]})")
                  .status,
              403);
    EXPECT_EQ(sam->get("/api/v1/records/role").status, 403);
    const auto me = json(sam->get("/api/v1/records/user/" + id));
    EXPECT_EQ(me.at("roles"), boost::json::array{"salesperson"});
}

TEST_P(AuthApiTest, TheLastActiveAdminCannotBeDemotedDeactivatedOrDeleted) {
    const auto me = json(admin_->get("/api/v1/records/user?login=eq.admin"));
    const auto id = std::to_string(me.at("items").at(0).at("id").as_int64());
    const Headers json_body{{"Content-Type", "application/json"}};

    EXPECT_EQ(
        admin_
            ->request("PATCH", "/api/v1/records/user/" + id, R"({"roles": ["viewer"]})", json_body)
            .status,
        409);
    EXPECT_EQ(
        admin_->request("PATCH", "/api/v1/records/user/" + id, R"({"active": false})", json_body)
            .status,
        409);
    EXPECT_EQ(admin_->request("DELETE", "/api/v1/records/user/" + id).status, 409);

    create_user("second_admin", R"(["admin"])");
    EXPECT_EQ(
        admin_
            ->request("PATCH", "/api/v1/records/user/" + id, R"({"roles": ["viewer"]})", json_body)
            .status,
        200)
        << "with another active admin the first may step down";
}

// Two admins demoting each other at once: each sees the other still an admin before its write,
// so the check is made again inside the transactions, one after the other. One wins; the
// other is refused and an admin remains.
TEST_P(AuthApiTest, TwoAdminsDemotingEachOtherAtOnceLeaveOneAdmin) {
    const Headers json_body{{"Content-Type", "application/json"}};
    const auto first = json(admin_->get("/api/v1/records/user?login=eq.admin"))
                           .at("items")
                           .at(0)
                           .at("id")
                           .as_int64();
    for (int round = 0; round < 5; ++round) {
        const auto login = "admin_" + std::to_string(round);
        const auto second = create_user(login, R"(["admin"])");
        auto other = client();
        testing::sign_in(*other, login, user_password);
        const auto demote = [&](HttpClient& by, std::int64_t whom) {
            return std::async(std::launch::async, [&by, whom, &json_body] {
                return by
                    .request("PATCH", "/api/v1/records/user/" + std::to_string(whom),
                             R"({"roles": ["viewer"]})", json_body)
                    .status;
            });
        };
        auto one = demote(*admin_, second);
        auto two = demote(*other, first);
        std::vector<int> statuses{one.get(), two.get()};
        std::sort(statuses.begin(), statuses.end());
        // The loser is refused as the last admin (409), or, demoted before its own request was
        // checked, as no admin at all (403).
        EXPECT_EQ(statuses[0], 200) << "round " << round;
        EXPECT_THAT(statuses[1], ::testing::AnyOf(403, 409)) << "round " << round;
        const auto admins = json(admin_->get("/api/v1/records/user?active=is.true&limit=500"));
        int active_admins = 0;
        for (const auto& user : admins.at("items").as_array()) {
            const auto& roles = user.at("roles").as_array();
            active_admins +=
                std::find(roles.begin(), roles.end(), boost::json::value("admin")) != roles.end();
        }
        ASSERT_EQ(active_admins, 1) << "round " << round;
        const auto first_roles =
            json(admin_->get("/api/v1/records/user/" + std::to_string(first))).at("roles");
        if (first_roles != boost::json::array{"admin"}) {
            return;  // the first admin stepped down: its client may make no more admins
        }
    }
}

TEST_P(AuthApiTest, UnknownRolesAndMalformedGrantsAre422) {
    const auto unknown = post(*admin_, "/api/v1/records/user",
                              R"({"login": "x", "name": "X", "roles": ["wizard"]})");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_THAT(unknown.body, HasSubstr("wizard"));

    const auto malformed = post(*admin_, "/api/v1/records/role",
                                R"({"name": "odd", "grants": {"account": {"read": "most"},
                                    "contact": {"fly": "all"}}})");
    EXPECT_EQ(malformed.status, 422);
    EXPECT_EQ(json(malformed).at("error").at("details").as_array().size(), 2U);
}

TEST_P(AuthApiTest, ARoleChangeTakesEffectOnTheNextRequest) {
    const auto role = post(*admin_, "/api/v1/records/role",
                           R"({"name": "auditor", "grants": {"account": {"read": "all"}}})");
    ASSERT_EQ(role.status, 201) << role.body;
    create_user("vera", R"(["auditor"])");
    auto vera = client();
    testing::sign_in(*vera, "vera", user_password);
    ASSERT_EQ(vera->get("/api/v1/records/account").status, 200);
    ASSERT_EQ(vera->get("/api/v1/records/contact").status, 403);

    const auto changed = admin_->request(
        "PATCH", "/api/v1/records/role/" + std::to_string(json(role).at("id").as_int64()),
        R"({"grants": {"account": {"read": "all"}, "contact": {"read": "all"}}})",
        {{"Content-Type", "application/json"}});

    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(vera->get("/api/v1/records/contact").status, 200);
}

TEST_P(AuthApiTest, SecurityLogRecordsLoginsDenialsAndAdminActionsForAdminsOnly) {
    create_user("sam", R"(["salesperson"])");
    login(*client(), "sam", "wrong password!");
    auto sam = client();
    testing::sign_in(*sam, "sam", user_password);
    sam->get("/api/v1/records/role");

    const auto events = json(admin_->get("/api/v1/admin/security-events?limit=100"));
    std::vector<std::string> kinds;
    for (const auto& event : events.at("items").as_array()) {
        kinds.emplace_back(event.at("kind").as_string());
    }
    EXPECT_THAT(kinds, ::testing::IsSupersetOf({"login_succeeded", "login_failed",
                                                "permission_denied", "admin_action"}));
    EXPECT_EQ(sam->get("/api/v1/admin/security-events").status, 403);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(AuthApiTest);

class ShortLivedTokenTest : public AuthApiTest {
  protected:
    ShortLivedTokenTest() : AuthApiTest(std::chrono::seconds(1)) {}
};

TEST_P(ShortLivedTokenTest, AnExpiredTokenAnswers401) {
    auto user = client();
    testing::sign_in(*user);
    ASSERT_EQ(user->get("/api/v1/records/account").status, 200);

    std::this_thread::sleep_for(std::chrono::milliseconds(1200));

    EXPECT_EQ(user->get("/api/v1/records/account").status, 401);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(ShortLivedTokenTest);

}  // namespace
}  // namespace rapport
