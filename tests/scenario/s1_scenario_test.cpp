// Scenario S1 of MISSION.md as one walk through the HTTP API, on both backends: PT. KBE sells
// lab laptops to Universitas Pancasila, from looking the customer up to the closing report.
// Steps 2-5 and 8-12; step 1 (installing Claims Management and Customer Profiling at runtime) is
// the plugin lifecycle's (plugin_lifecycle_test), and steps 6-7 (the logged call and the
// meeting) join this walk when the Phone Calls plugin is built.
#include "json_http.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <chrono>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;
using testing::json;
using testing::json_body;

std::string this_month() {
    const std::chrono::year_month_day today{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char text[8];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(today.year()),
                  static_cast<unsigned>(today.month()));
    return text;
}

class S1ScenarioTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    S1ScenarioTest()
        : application_(
              GetParam(),
              [](config::Config& config) { config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS; })
        , admin_(application_.client(true)) {}

    static HttpResult send(HttpClient& as, const std::string& method, const std::string& target,
                           const std::string& body = {}) {
        return as.request(method, target, body, json_body);
    }

    // Expects `status` of the call; answers its JSON body (null when it is not JSON).
    static boost::json::value expect(const HttpResult& result, int status) {
        EXPECT_EQ(result.status, status) << result.body;
        boost::system::error_code error;
        auto parsed = boost::json::parse(result.body, error);
        return error ? boost::json::value() : parsed;
    }

    static std::int64_t id_of(const boost::json::value& record) {
        return record.is_object() && record.as_object().contains("id") ? record.at("id").as_int64()
                                                                       : 0;
    }

    std::unique_ptr<HttpClient> user(const std::string& login, const std::string& roles,
                                     std::int64_t team, std::int64_t& id) {
        id = id_of(expect(send(*admin_, "POST", "/api/v1/records/user",
                               R"({"login": ")" + login + R"(", "name": ")" + login +
                                   R"(", "password": "a long passphrase", "roles": )" + roles +
                                   R"(, "team_id": )" + std::to_string(team) + "}"),
                          201));
        auto client = application_.client();
        testing::sign_in(*client, login, "a long passphrase");
        return client;
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

TEST_P(S1ScenarioTest, KbeSellsLabLaptopsToUniversitasPancasila) {
    // The set-up IT did: Sales installed, the direct-sales team, the CRM officer Sari, the
    // salesperson Budi, the sales manager Maya, and KBE's catalogue. A salesperson's own grants
    // reach the deals assigned to them; Sari works her team's deals whoever sells them, through
    // a role IT added.
    expect(send(*admin_, "POST", "/api/v1/admin/plugins/sales/install"), 200);
    const auto team = id_of(
        expect(send(*admin_, "POST", "/api/v1/records/team", R"({"name": "Direct Sales"})"), 201));
    std::string team_documents;
    for (const auto* entity :
         {"lead", "opportunity", "sales_order", "sales_order_line", "invoice", "invoice_line"}) {
        team_documents += std::string(team_documents.empty() ? "" : ", ") + "\"" + entity +
                          R"(": {"create": "all", "read": "team", "update": "team"})";
    }
    expect(send(*admin_, "POST", "/api/v1/records/role",
                R"({"name": "crm_officer", "grants": {)" + team_documents + "}}"),
           201);
    std::int64_t sari_id = 0;
    std::int64_t budi_id = 0;
    std::int64_t maya_id = 0;
    auto sari = user("sari", R"(["salesperson", "crm_officer"])", team, sari_id);
    auto budi = user("budi", R"(["salesperson"])", team, budi_id);
    auto maya = user("maya", R"(["sales_manager"])", team, maya_id);
    const auto laptop = id_of(
        expect(send(*admin_, "POST", "/api/v1/records/product",
                    R"({"name": "Lab laptop 14\"", "code": "LT-14", "list_price": "9500000.00",
                 "cost": "7800000.00", "tax_rate": 11})"),
               201));
    const auto setup = id_of(
        expect(send(*admin_, "POST", "/api/v1/records/product",
                    R"({"name": "Lab installation", "code": "SV-LAB", "list_price": "2500000.00",
                 "cost": "1000000.00", "tax_rate": 11})"),
               201));

    // 2. Sari looks the customer up, finds nothing, and registers it.
    EXPECT_EQ(expect(send(*sari, "GET", "/api/v1/records/account?name=ilike.*pancasila*"), 200)
                  .at("total"),
              0);
    const auto customer = id_of(
        expect(send(*sari, "POST", "/api/v1/records/account",
                    R"({"name": "Universitas Pancasila", "type": "customer", "city": "Jakarta",
                        "country": "Indonesia", "phone": "+62 21 7270086"})"),
               201));
    EXPECT_EQ(
        expect(send(*sari, "GET", "/api/v1/search?q=pancasila"), 200).at("items").as_array().size(),
        1U);

    // 3. The lead, with the internal memo.
    const auto lead = id_of(expect(send(*sari, "POST", "/api/v1/records/lead",
                                        R"({"title": "Lab laptops for Universitas Pancasila",
                 "company_name": "Universitas Pancasila", "contact_name": "Agus Wibowo",
                 "email": "agus.wibowo@univpancasila.ac.id", "source": "direct",
                 "description": "The university plans a contract to buy lab laptops; the direct-sales team is asked to meet the head of the lab."})"),
                                   201));

    // 4. Convert to opportunity: the customer exists (the lead's matches say so) and is linked,
    // the head of the lab becomes a contact, Budi and the direct-sales team take it.
    const auto matches = expect(
        send(*sari, "GET", "/api/v1/records/lead/" + std::to_string(lead) + "/matches"), 200);
    ASSERT_EQ(matches.at("accounts").as_array().size(), 1U);
    EXPECT_EQ(matches.at("accounts").at(0).at("id"), customer);
    const auto converted = expect(
        send(*sari, "POST", "/api/v1/records/lead/" + std::to_string(lead) + "/actions/convert",
             R"({"account_id": )" + std::to_string(customer) +
                 R"(, "create_contact": true, "salesperson_id": )" + std::to_string(budi_id) +
                 R"(, "team_id": )" + std::to_string(team) + "}"),
        200);
    ASSERT_TRUE(converted.is_object());
    EXPECT_EQ(converted.at("record").at("status"), "converted");
    const auto opportunity = converted.at("created").at("id").as_int64();
    const std::string opportunity_path =
        "/api/v1/records/opportunity/" + std::to_string(opportunity);
    auto deal = expect(send(*sari, "GET", opportunity_path), 200);
    EXPECT_EQ(deal.at("account_id"), customer);
    EXPECT_EQ(deal.at("salesperson_id"), budi_id);
    EXPECT_EQ(deal.at("team_id"), team);
    const auto contact =
        expect(send(*sari, "GET",
                    "/api/v1/records/contact/" + std::to_string(deal.at("contact_id").as_int64())),
               200);
    EXPECT_EQ(contact.at("first_name"), "Agus");
    EXPECT_EQ(contact.at("last_name"), "Wibowo");
    EXPECT_EQ(contact.at("account_id"), customer);

    // 5. Expected revenue and probability.
    deal = expect(send(*sari, "PATCH", opportunity_path,
                       R"({"expected_revenue": "450000000.00", "probability": 40})"),
                  200);
    EXPECT_EQ(deal.at("expected_revenue"), "450000000.00");
    EXPECT_EQ(deal.at("probability"), 40);

    // 6-7. The logged call and the follow-up meeting: Phone Calls plugin, not built yet.

    // 8. Kanban (the pipeline by stage), list, form and history; the deal moves on to
    // negotiation, and Convert to Quotation marks it won.
    const auto kanban = expect(
        send(*sari, "GET", "/api/v1/records/opportunity/aggregate?group_by=stage&count=true"), 200);
    EXPECT_EQ(kanban.at("groups").at(0).at("stage"), "new");
    EXPECT_EQ(kanban.at("groups").at(0).at("count"), 1);
    EXPECT_EQ(
        expect(send(*sari, "GET", "/api/v1/records/opportunity?order=expected_close_date.asc"), 200)
            .at("total"),
        1);
    EXPECT_EQ(expect(send(*sari, "GET", "/api/v1/meta/entities/opportunity"), 200)
                  .at("workflow")
                  .at("field"),
              "stage");
    // The lead board knows which state only the convert action reaches.
    EXPECT_EQ(expect(send(*sari, "GET", "/api/v1/meta/entities/lead"), 200)
                  .at("workflow")
                  .at("action_only"),
              boost::json::array{"converted"});
    for (const auto& [stage, probability] :
         {std::pair{"qualified", 30}, {"proposition", 60}, {"negotiation", 80}}) {
        deal = expect(
            send(*sari, "PATCH", opportunity_path, R"({"stage": ")" + std::string(stage) + R"("})"),
            200);
        EXPECT_EQ(deal.at("probability"), probability) << stage;
    }
    EXPECT_GE(expect(send(*sari, "GET", opportunity_path + "/history"), 200)
                  .at("items")
                  .as_array()
                  .size(),
              5U);
    const auto offered = expect(send(*sari, "GET", opportunity_path + "/actions"), 200);
    EXPECT_THAT(boost::json::serialize(offered), HasSubstr("convert_to_quotation"));
    const auto quoted =
        expect(send(*sari, "POST", opportunity_path + "/actions/convert_to_quotation"), 200);
    ASSERT_TRUE(quoted.is_object());
    EXPECT_EQ(quoted.at("record").at("stage"), "won");
    EXPECT_EQ(quoted.at("record").at("probability"), 100);
    const auto order = quoted.at("created").at("id").as_int64();
    const std::string order_path = "/api/v1/records/sales_order/" + std::to_string(order);

    // 9. The quotation: 40 laptops at 5 % discount, and the lab's installation; prices and taxes
    // from the catalogue.
    expect(send(*sari, "POST", "/api/v1/records/sales_order_line",
                R"({"order_id": )" + std::to_string(order) + R"(, "product_id": )" +
                    std::to_string(laptop) + R"(, "quantity": 40, "discount": 5})"),
           201);
    expect(send(*sari, "POST", "/api/v1/records/sales_order_line",
                R"({"order_id": )" + std::to_string(order) + R"(, "product_id": )" +
                    std::to_string(setup) + R"(, "quantity": 1})"),
           201);
    auto quotation = expect(send(*sari, "GET", order_path), 200);
    EXPECT_EQ(quotation.at("number"), "SO00001");
    EXPECT_EQ(quotation.at("state"), "quotation");
    EXPECT_EQ(quotation.at("salesperson_id"), budi_id);
    EXPECT_EQ(quotation.at("amount_untaxed"), "363500000.00");  // 361,000,000 + 2,500,000
    EXPECT_EQ(quotation.at("amount_tax"), "39985000.00");
    EXPECT_EQ(quotation.at("amount_total"), "403485000.00");

    // 10. Saved, printed and sent.
    const auto printed = sari->get(order_path + "/print");
    ASSERT_EQ(printed.status, 200) << printed.body;
    EXPECT_EQ(printed.header("content-type"), "text/html; charset=utf-8");
    EXPECT_THAT(printed.body, HasSubstr("Quotation SO00001"));
    EXPECT_THAT(printed.body, HasSubstr("Universitas Pancasila"));
    EXPECT_THAT(printed.body, HasSubstr("Lab laptop 14&quot;"));
    EXPECT_THAT(printed.body, HasSubstr("403,485,000.00"));
    EXPECT_EQ(
        expect(send(*sari, "POST", order_path + "/actions/send"), 200).at("record").at("state"),
        "sent");

    // 11. Confirm sale; then Sale → Invoice, posted and paid.
    EXPECT_EQ(
        expect(send(*sari, "POST", order_path + "/actions/confirm"), 200).at("record").at("state"),
        "confirmed");
    const auto invoiced = expect(send(*sari, "POST", order_path + "/actions/create_invoice"), 200);
    ASSERT_TRUE(invoiced.is_object());
    const auto invoice_path =
        "/api/v1/records/invoice/" + std::to_string(invoiced.at("created").at("id").as_int64());
    auto invoice = expect(send(*sari, "GET", invoice_path), 200);
    EXPECT_EQ(invoice.at("number"), ("INV/" + this_month().substr(0, 4) + "/00001").c_str());
    EXPECT_EQ(invoice.at("amount_total"), "403485000.00");
    expect(send(*sari, "POST", invoice_path + "/actions/post"), 200);
    invoice = expect(send(*sari, "POST", invoice_path + "/actions/register_payment",
                          R"({"amount": "403485000.00"})"),
                     200)
                  .at("record");
    EXPECT_EQ(invoice.at("state"), "paid");

    // 12. The closing report: revenue by month, margin, the pipeline by stage and by month.
    const auto revenue = expect(
        send(*maya, "GET",
             "/api/v1/records/sales_order/aggregate?group_by=order_date:month&sum=amount_total"
             "&state=in.(confirmed,invoiced)"),
        200);
    ASSERT_EQ(revenue.at("groups").as_array().size(), 1U);
    EXPECT_EQ(revenue.at("groups").at(0).at("sum_amount_total"), "403485000.00");
    const auto margin = expect(send(*maya, "GET", "/api/v1/records/sales_order/margin"), 200);
    EXPECT_EQ(margin.at("revenue"), "363500000.00");
    EXPECT_EQ(margin.at("cost"), "313000000.00");  // 40 × 7,800,000 + 1,000,000
    EXPECT_EQ(margin.at("margin"), "50500000.00");
    EXPECT_EQ(margin.at("by_month").at(0).at("month"), this_month().c_str());
    EXPECT_EQ(sari->get("/api/v1/records/sales_order/margin").status, 403);
    const auto pipeline = expect(
        send(
            *maya, "GET",
            "/api/v1/records/opportunity/aggregate?group_by=stage&sum=expected_revenue&count=true"),
        200);
    EXPECT_EQ(pipeline.at("groups").at(0).at("stage"), "won");
    EXPECT_EQ(pipeline.at("groups").at(0).at("sum_expected_revenue"), "450000000.00");
    expect(send(*maya, "GET",
                "/api/v1/records/opportunity/aggregate?group_by=expected_close_date:month"
                "&sum=expected_revenue"),
           200);
    const auto forecast = expect(send(*maya, "GET", "/api/v1/records/opportunity/forecast"), 200);
    EXPECT_EQ(forecast.at("weighted_revenue"), "450000000.00");
    EXPECT_EQ(forecast.at("won"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, S1ScenarioTest,
                         ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         testing::backend_test_name);

}  // namespace
}  // namespace rapport
