// The fixture of the Sales plugin's integration tests: a server on one backend with the plugin
// installed, an admin signed in, and shorthands for the records the tests make.
#pragma once

#include "json_http.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

namespace rapport::testing {

// The date `days` from today (UTC), "YYYY-MM-DD".
inline std::string date_after(int days) {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                     std::chrono::days(days);
    const std::chrono::year_month_day date{day};
    char text[11];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

class SalesTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    SalesTest()
        : application_(
              GetParam(),
              [](config::Config& config) { config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS; })
        , admin_(application_.client(true)) {
        const auto installed = admin_->request("POST", "/api/v1/admin/plugins/sales/install");
        EXPECT_EQ(installed.status, 200) << installed.body;
    }

    static std::string path(const std::string& entity, std::int64_t id = 0) {
        return "/api/v1/records/" + entity + (id ? "/" + std::to_string(id) : "");
    }

    HttpResult post(const std::string& target, const std::string& body, HttpClient* as = nullptr) {
        return (as ? *as : *admin_).request("POST", target, body, json_body);
    }

    // Creates a record as admin (or `as`), expecting 201; returns it.
    boost::json::value create(const std::string& entity, const std::string& body,
                              HttpClient* as = nullptr) {
        const auto created = post(path(entity), body, as);
        EXPECT_EQ(created.status, 201) << entity << " " << body << ": " << created.body;
        return created.status == 201 ? json(created) : boost::json::value{};
    }

    std::int64_t create_id(const std::string& entity, const std::string& body,
                           HttpClient* as = nullptr) {
        const auto created = create(entity, body, as);
        return created.is_object() ? created.at("id").as_int64() : 0;
    }

    HttpResult patch(const std::string& entity, std::int64_t id, const std::string& body) {
        return admin_->request("PATCH", path(entity, id), body, json_body);
    }

    HttpResult act(const std::string& entity, std::int64_t id, const std::string& action,
                   const std::string& body = {}, HttpClient* as = nullptr) {
        return post(path(entity, id) + "/actions/" + action, body, as);
    }

    boost::json::value record(const std::string& entity, std::int64_t id) {
        return json(admin_->get(path(entity, id)));
    }

    std::int64_t count(const std::string& entity, const std::string& filters = {}) {
        const auto listed = admin_->get(path(entity) + (filters.empty() ? "" : "?" + filters));
        EXPECT_EQ(listed.status, 200) << listed.body;
        return listed.status == 200 ? json(listed).at("total").as_int64() : -1;
    }

    std::int64_t admin_id() {
        return json(admin_->get("/api/v1/auth/session")).at("user").at("id").as_int64();
    }

    // A signed-in user with `roles` (a JSON array).
    std::unique_ptr<HttpClient> user(const std::string& login, const std::string& roles,
                                     std::int64_t* id = nullptr) {
        const auto made =
            create("user", R"({"login": ")" + login + R"(", "name": ")" + login +
                               R"(", "password": "a long passphrase", "roles": )" + roles + "}");
        if (id && made.is_object()) {
            *id = made.at("id").as_int64();
        }
        auto client = application_.client();
        testing::sign_in(*client, login, "a long passphrase");
        return client;
    }

    std::int64_t account(const std::string& name, const std::string& type = "customer") {
        return create_id("account", R"({"name": ")" + name + R"(", "type": ")" + type + R"("})");
    }

    std::int64_t quotation(std::int64_t account_id) {
        return create_id("sales_order", R"({"account_id": )" + std::to_string(account_id) + "}");
    }

    HttpResult add_line(std::int64_t order, const std::string& fields) {
        return post(path("sales_order_line"),
                    R"({"order_id": )" + std::to_string(order) + ", " + fields + "}");
    }

    // A confirmed order of `account_id` with one line of 10 × 100.00 at 10 % tax (1,100.00).
    std::int64_t confirmed_order(std::int64_t account_id) {
        const auto order = quotation(account_id);
        EXPECT_EQ(
            add_line(order, R"("quantity": 10, "unit_price": "100.00", "tax_rate": 10)").status,
            201);
        EXPECT_EQ(act("sales_order", order, "confirm").status, 200);
        return order;
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

}  // namespace rapport::testing
