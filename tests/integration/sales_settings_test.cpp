// The Sales plugin's settings and invoice dates over HTTP on both backends (issue 7): the company
// name printed on quotations, how long quotations are valid and when invoices fall due, as an
// admin sets them at /api/v1/admin/plugins/sales/settings; and invoices dated on another day than
// today, numbered in their own year.
#include "sales_test.hpp"

#include <gmock/gmock.h>

namespace rapport {
namespace {

using testing::date_after;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;
using testing::json;
using testing::json_body;
using ::testing::Not;

const std::string settings_path = "/api/v1/admin/plugins/sales/settings";

class SalesSettingsTest : public testing::SalesTest {
  protected:
    HttpResult set(const std::string& body, HttpClient* as = nullptr) {
        return (as ? *as : *admin_).request("PATCH", settings_path, body, json_body);
    }

    std::string printed(std::int64_t order) {
        const auto answer = admin_->get(path("sales_order", order) + "/print");
        EXPECT_EQ(answer.status, 200) << answer.body;
        return answer.body;
    }

    boost::json::value invoice_of(const HttpResult& invoiced) {
        EXPECT_EQ(invoiced.status, 200) << invoiced.body;
        return invoiced.status == 200
                   ? record("invoice", json(invoiced).at("created").at("id").as_int64())
                   : boost::json::value{};
    }
};

TEST_P(SalesSettingsTest, DeclaresItsSettingsWithTheirDefaults) {
    const auto settings = admin_->get(settings_path);

    ASSERT_EQ(settings.status, 200) << settings.body;
    EXPECT_EQ(json(settings).at("values"),
              boost::json::parse(R"({"quotation_validity_days": 30, "invoice_payment_days": 30,
                                     "company_name": "My Company"})"));
}

TEST_P(SalesSettingsTest, Print_ShowsTheCompanyNameTheAdminSet) {
    const auto order = quotation(account("Universitas Pancasila"));
    EXPECT_THAT(printed(order), HasSubstr("<h1>My Company</h1>"));

    ASSERT_EQ(set(R"({"company_name": "PT. KBE <Lab>"})").status, 200);

    const auto document = printed(order);
    EXPECT_THAT(document, HasSubstr("<h1>PT. KBE &lt;Lab&gt;</h1>"));
    EXPECT_THAT(document, Not(HasSubstr("My Company")));
    ASSERT_EQ(set(R"({"company_name": null})").status, 200);
    EXPECT_THAT(printed(order), HasSubstr("<h1>My Company</h1>"));
}

TEST_P(SalesSettingsTest, NewQuotationsAndInvoicesTakeTheDaysTheAdminSet) {
    ASSERT_EQ(set(R"({"quotation_validity_days": 14, "invoice_payment_days": 45})").status, 200);
    const auto customer = account("Universitas Pancasila");

    const auto order = confirmed_order(customer);
    const auto deal = create_id(
        "opportunity", R"({"name": "Projectors", "account_id": )" + std::to_string(customer) + "}");
    const auto quoted = act("opportunity", deal, "convert_to_quotation");
    const auto invoice = invoice_of(act("sales_order", order, "create_invoice"));

    EXPECT_EQ(record("sales_order", order).at("validity_date"), date_after(14).c_str());
    ASSERT_EQ(quoted.status, 200) << quoted.body;
    EXPECT_EQ(
        record("sales_order", json(quoted).at("created").at("id").as_int64()).at("validity_date"),
        date_after(14).c_str());
    EXPECT_EQ(invoice.at("due_date"), date_after(45).c_str());
}

TEST_P(SalesSettingsTest, BadValuesAreRefusedAndOnlyAdminsSetThem) {
    const auto refused =
        set(R"({"quotation_validity_days": 0, "invoice_payment_days": "soon", "currency": "IDR"})");

    ASSERT_EQ(refused.status, 422) << refused.body;
    const auto answer = json(refused);
    std::vector<std::string> fields;
    for (const auto& detail : answer.at("error").at("details").as_array()) {
        fields.emplace_back(detail.at("field").as_string());
    }
    EXPECT_THAT(fields, ::testing::UnorderedElementsAre("quotation_validity_days",
                                                        "invoice_payment_days", "currency"));
    EXPECT_EQ(set(R"({"invoice_payment_days": 366})").status, 422);
    auto manager = user("maya", R"(["sales_manager"])");
    EXPECT_EQ(manager->get(settings_path).status, 403);
    EXPECT_EQ(set(R"({"company_name": "Maya's"})", manager.get()).status, 403);
    EXPECT_EQ(json(admin_->get(settings_path)).at("values").at("quotation_validity_days"), 30);
}

TEST_P(SalesSettingsTest, CreateInvoice_DatesTheInvoiceAndNumbersItInThatYear) {
    ASSERT_EQ(set(R"({"invoice_payment_days": 14})").status, 200);
    const auto customer = account("Universitas Pancasila");

    const auto past = invoice_of(act("sales_order", confirmed_order(customer), "create_invoice",
                                     R"({"date": "2024-12-20"})"));
    const auto today = invoice_of(act("sales_order", confirmed_order(customer), "create_invoice"));

    EXPECT_EQ(past.at("number"), "INV/2024/00001");
    EXPECT_EQ(past.at("invoice_date"), "2024-12-20");
    EXPECT_EQ(past.at("due_date"), "2025-01-03");
    EXPECT_EQ(today.at("number"), ("INV/" + date_after(0).substr(0, 4) + "/00001").c_str());
    EXPECT_EQ(today.at("invoice_date"), date_after(0).c_str());
    EXPECT_EQ(today.at("due_date"), date_after(14).c_str());
}

TEST_P(SalesSettingsTest, CreateInvoice_RefusesABadDateAndChangesNothing) {
    const auto order = confirmed_order(account("Universitas Pancasila"));

    for (const auto* date : {R"("2024-02-30")", R"("20-12-2024")", "20241220", R"("")"}) {
        const auto refused =
            act("sales_order", order, "create_invoice", std::string(R"({"date": )") + date + "}");
        ASSERT_EQ(refused.status, 422) << date << ": " << refused.body;
        EXPECT_EQ(json(refused).at("error").at("details").at(0).at("field"), "date");
    }
    EXPECT_EQ(record("sales_order", order).at("state"), "confirmed");
    EXPECT_EQ(count("invoice"), 0);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SalesSettingsTest);

}  // namespace
}  // namespace rapport
