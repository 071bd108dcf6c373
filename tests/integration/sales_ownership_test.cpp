// Who owns the Sales plugin's records, over HTTP on both backends (issue 7): leads, opportunities
// and sales orders declare `owner_field: salesperson_id`, so a salesperson's `own` grants reach
// what is assigned to them — as in Odoo and vtiger — and no longer what they merely typed in.
// get, list and aggregate agree, whichever way the assignment was written.
#include "sales_test.hpp"

#include <gmock/gmock.h>

#include <set>

namespace rapport {
namespace {

using testing::HttpClient;
using testing::json;
using testing::json_body;

class SalesOwnershipTest : public testing::SalesTest {
  protected:
    SalesOwnershipTest()
        : ana_(user("ana", R"(["salesperson"])", &ana_id_))
        , ben_(user("ben", R"(["salesperson"])", &ben_id_))
        , maya_(user("maya", R"(["sales_manager"])")) {}

    // The records of `entity` `client` may read, by get, list and aggregate, which must agree.
    std::set<std::int64_t> visible(HttpClient& client, const std::string& entity,
                                   const std::set<std::int64_t>& candidates) {
        std::set<std::int64_t> by_get;
        for (const auto id : candidates) {
            if (client.get(path(entity, id)).status == 200) {
                by_get.insert(id);
            }
        }
        std::set<std::int64_t> by_list;
        const auto listed = json(client.get(path(entity) + "?select=id&limit=100"));
        for (const auto& item : listed.at("items").as_array()) {
            by_list.insert(item.at("id").as_int64());
        }
        std::int64_t counted = 0;
        const auto groups = json(client.get(path(entity) + "/aggregate?count=true"));
        for (const auto& group : groups.at("groups").as_array()) {
            counted += group.at("count").as_int64();
        }
        EXPECT_EQ(by_list, by_get) << entity;
        EXPECT_EQ(listed.at("total").as_int64(), static_cast<std::int64_t>(by_get.size()));
        EXPECT_EQ(counted, static_cast<std::int64_t>(by_get.size())) << entity;
        return by_get;
    }

    testing::HttpResult patch_as(HttpClient& client, const std::string& entity, std::int64_t id,
                                 const std::string& body) {
        return client.request("PATCH", path(entity, id), body, json_body);
    }

    std::string assigned_to(std::int64_t user_id) {
        return R"({"salesperson_id": )" + std::to_string(user_id) + "}";
    }

    std::int64_t ana_id_ = 0;
    std::int64_t ben_id_ = 0;
    std::unique_ptr<HttpClient> ana_;
    std::unique_ptr<HttpClient> ben_;
    std::unique_ptr<HttpClient> maya_;
};

TEST_P(SalesOwnershipTest, AnOpportunityBelongsToTheSalespersonItIsAssignedTo) {
    // Ana enters the deal; without a salesperson it is hers, as its creator.
    const auto deal = create_id("opportunity", R"({"name": "Lab laptops"})", ana_.get());
    EXPECT_EQ(visible(*ana_, "opportunity", {deal}), std::set<std::int64_t>{deal});
    EXPECT_TRUE(visible(*ben_, "opportunity", {deal}).empty());

    // The sales manager assigns it to Ben.
    const auto assigned = patch_as(*maya_, "opportunity", deal, assigned_to(ben_id_));
    ASSERT_EQ(assigned.status, 200) << assigned.body;
    EXPECT_EQ(json(assigned).at("owner_id"), ben_id_);

    // Ben sees it on every path and works on it; Ana, who created it, no longer reaches it.
    EXPECT_EQ(visible(*ben_, "opportunity", {deal}), std::set<std::int64_t>{deal});
    EXPECT_EQ(patch_as(*ben_, "opportunity", deal, R"({"expected_revenue": "450000000"})").status,
              200);
    EXPECT_TRUE(visible(*ana_, "opportunity", {deal}).empty());
    EXPECT_EQ(patch_as(*ana_, "opportunity", deal, R"({"probability": 50})").status, 404);
    EXPECT_EQ(record("opportunity", deal).at("expected_revenue"), "450000000.00");

    // Ben hands it back: it is Ana's again, and no longer his.
    ASSERT_EQ(patch_as(*ben_, "opportunity", deal, assigned_to(ana_id_)).status, 200);
    EXPECT_EQ(visible(*ana_, "opportunity", {deal}), std::set<std::int64_t>{deal});
    EXPECT_TRUE(visible(*ben_, "opportunity", {deal}).empty());
}

TEST_P(SalesOwnershipTest, TheCreatorOwnsARecordAgainOnceItHasNoSalesperson) {
    const auto lead = create_id(
        "lead", R"({"title": "Projectors", "salesperson_id": )" + std::to_string(ben_id_) + "}",
        ana_.get());
    EXPECT_EQ(record("lead", lead).at("owner_id"), ben_id_);
    EXPECT_TRUE(visible(*ana_, "lead", {lead}).empty());

    ASSERT_EQ(patch_as(*maya_, "lead", lead, R"({"salesperson_id": null})").status, 200);

    EXPECT_EQ(record("lead", lead).at("owner_id"), ana_id_);
    EXPECT_EQ(visible(*ana_, "lead", {lead}), std::set<std::int64_t>{lead});
    EXPECT_TRUE(visible(*ben_, "lead", {lead}).empty());
}

TEST_P(SalesOwnershipTest, AQuotationBelongsToTheSalespersonOfItsOpportunity) {
    const auto customer = account("Universitas Pancasila");
    const auto deal =
        create_id("opportunity",
                  R"({"name": "Lab laptops", "account_id": )" + std::to_string(customer) +
                      R"(, "salesperson_id": )" + std::to_string(ben_id_) + "}",
                  maya_.get());

    const auto quoted =
        post(path("opportunity", deal) + "/actions/convert_to_quotation", {}, maya_.get());

    ASSERT_EQ(quoted.status, 200) << quoted.body;
    const auto order = json(quoted).at("created").at("id").as_int64();
    EXPECT_EQ(visible(*ben_, "sales_order", {order}), std::set<std::int64_t>{order});
    EXPECT_TRUE(visible(*ana_, "sales_order", {order}).empty());

    // Nor may Ana add a line to it, or move one of hers onto it: a request names only records
    // its caller may read (422, as for one that does not exist).
    const std::string line = R"({"order_id": )" + std::to_string(order) +
                             R"(, "description": "Extra", "unit_price": "1000.00"})";
    const auto added = post("/api/v1/records/sales_order_line", line, ana_.get());
    EXPECT_EQ(added.status, 422) << added.body;
    EXPECT_EQ(json(added).at("error").at("details").at(0).at("field"), "order_id");
    EXPECT_EQ(post("/api/v1/records/sales_order_line", line, ben_.get()).status, 201);
    const auto total = json(ben_->get(path("sales_order", order))).at("amount_untaxed");
    EXPECT_EQ(total, "1000.00");
}

TEST_P(SalesOwnershipTest, ASalespersonConvertsALeadForAColleagueAndHandsItOver) {
    const auto lead =
        create_id("lead", R"({"title": "Science lab", "company_name": "SMA 8"})", ana_.get());

    const auto converted =
        post(path("lead", lead) + "/actions/convert", assigned_to(ben_id_), ana_.get());

    ASSERT_EQ(converted.status, 200) << converted.body;
    const auto deal = json(converted).at("created").at("id").as_int64();
    EXPECT_EQ(visible(*ben_, "opportunity", {deal}), std::set<std::int64_t>{deal});
    EXPECT_EQ(visible(*ben_, "lead", {lead}), std::set<std::int64_t>{lead});
    EXPECT_TRUE(visible(*ana_, "lead", {lead}).empty());
    EXPECT_EQ(record("lead", lead).at("status"), "converted");
}

TEST_P(SalesOwnershipTest, ImportedLeadsBelongToTheirSalesperson) {
    const auto imported = admin_->request(
        "POST", path("lead") + "/import",
        "title,salesperson_id\nLab laptops," + std::to_string(ben_id_) + "\nProjectors,\n",
        {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(json(imported).at("created"), 2);
    const auto bens = json(ben_->get(path("lead")));
    ASSERT_EQ(bens.at("total"), 1);
    EXPECT_EQ(bens.at("items").at(0).at("title"), "Lab laptops");
    EXPECT_EQ(json(ana_->get(path("lead"))).at("total"), 0);
    EXPECT_EQ(count("lead", "owner_id=eq." + std::to_string(admin_id())), 1) << "the importer's";
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SalesOwnershipTest);

}  // namespace
}  // namespace rapport
