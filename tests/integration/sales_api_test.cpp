// The Sales plugin over HTTP on both backends (issue 7): lead conversion, the pipeline's
// probabilities, quotations and their exact totals, invoicing and payments, the printable
// quotation, the reports, and the bad input each of them refuses without changing anything.
#include "sales_test.hpp"

#include <gmock/gmock.h>

namespace rapport {
namespace {

using testing::date_after;
using ::testing::HasSubstr;
using testing::json;
using ::testing::Not;

class SalesApiTest : public testing::SalesTest {};

// --- leads ---------------------------------------------------------------------------------

TEST_P(SalesApiTest, ConvertLead_CreatesAccountContactAndOpportunity) {
    const auto team = create_id("team", R"({"name": "Direct Sales"})");
    const auto lead =
        create_id("lead", R"({"title": "Lab laptops", "company_name": "Universitas Pancasila",
                    "contact_name": "Dr. Budi  Santoso", "email": "budi@univpancasila.ac.id",
                    "phone": "+62 21 7864730", "source": "website",
                    "description": "Meet the head of the lab"})");

    const auto converted =
        act("lead", lead, "convert",
            R"({"create_account": true, "create_contact": true, "salesperson_id": )" +
                std::to_string(admin_id()) + R"(, "team_id": )" + std::to_string(team) + "}");

    ASSERT_EQ(converted.status, 200) << converted.body;
    const auto answer = json(converted);
    EXPECT_EQ(answer.at("created").at("entity"), "opportunity");
    const auto opportunity = record("opportunity", answer.at("created").at("id").as_int64());
    EXPECT_EQ(opportunity.at("name"), "Lab laptops");
    EXPECT_EQ(opportunity.at("lead_id"), lead);
    EXPECT_EQ(opportunity.at("salesperson_id"), admin_id());
    EXPECT_EQ(opportunity.at("team_id"), team);
    EXPECT_EQ(opportunity.at("source"), "website");
    EXPECT_EQ(opportunity.at("description"), "Meet the head of the lab");
    EXPECT_EQ(opportunity.at("stage"), "new");
    EXPECT_EQ(opportunity.at("probability"), 10);
    const auto account = record("account", opportunity.at("account_id").as_int64());
    EXPECT_EQ(account.at("name"), "Universitas Pancasila");
    const auto contact = record("contact", opportunity.at("contact_id").as_int64());
    EXPECT_EQ(contact.at("first_name"), "Dr. Budi");
    EXPECT_EQ(contact.at("last_name"), "Santoso");
    EXPECT_EQ(contact.at("email"), "budi@univpancasila.ac.id");
    EXPECT_EQ(contact.at("phone"), "+62 21 7864730");
    EXPECT_EQ(contact.at("account_id"), account.at("id"));
    const auto& converted_lead = answer.at("record");
    EXPECT_EQ(converted_lead.at("status"), "converted");
    EXPECT_EQ(converted_lead.at("opportunity_id"), opportunity.at("id"));
    EXPECT_EQ(converted_lead.at("account_id"), account.at("id"));
    EXPECT_EQ(converted_lead.at("contact_id"), contact.at("id"));
}

TEST_P(SalesApiTest, ConvertLead_LinksExistingCustomerAndTakesTheContactsAccount) {
    const auto customer = account("Universitas Pancasila");
    const auto contact = create_id("contact", R"({"first_name": "Budi", "last_name": "Santoso",
                                                  "account_id": )" +
                                                  std::to_string(customer) + "}");
    const auto lead = create_id("lead", R"({"title": "Lab laptops"})");

    const auto converted =
        act("lead", lead, "convert", R"({"contact_id": )" + std::to_string(contact) + "}");

    ASSERT_EQ(converted.status, 200) << converted.body;
    const auto opportunity =
        record("opportunity", json(converted).at("created").at("id").as_int64());
    EXPECT_EQ(opportunity.at("account_id"), customer);
    EXPECT_EQ(opportunity.at("contact_id"), contact);
    EXPECT_EQ(opportunity.at("salesperson_id"), admin_id()) << "the caller, when none is given";
    EXPECT_EQ(count("account"), 1);
    EXPECT_EQ(count("contact"), 1);
}

TEST_P(SalesApiTest, ConvertLead_RefusesAContactOfAnotherCustomerAndChangesNothing) {
    const auto customer = account("Universitas Pancasila");
    const auto other = account("Universitas Indonesia");
    const auto contact = create_id(
        "contact", R"({"last_name": "Santoso", "account_id": )" + std::to_string(other) + "}");
    const auto lead = create_id("lead", R"({"title": "Lab laptops", "company_name": "KBE"})");

    const auto refused = act("lead", lead, "convert",
                             R"({"account_id": )" + std::to_string(customer) +
                                 R"(, "contact_id": )" + std::to_string(contact) + "}");

    EXPECT_EQ(refused.status, 422);
    EXPECT_THAT(refused.body, HasSubstr("belongs to another account"));
    EXPECT_EQ(json(refused).at("error").at("details").at(0).at("field"), "contact_id");
    EXPECT_EQ(record("lead", lead).at("status"), "new");
    EXPECT_EQ(count("opportunity"), 0);

    EXPECT_EQ(act("lead", lead, "convert", R"({"account_id": 999})").status, 422);
    EXPECT_EQ(act("lead", lead, "convert", R"({"account_id": 1, "create_account": true})").status,
              422);
    EXPECT_EQ(act("lead", lead, "convert", R"({"create_contact": true})").status, 422)
        << "no contact_name";
    EXPECT_EQ(act("lead", lead, "convert", R"({"colour": "red"})").status, 422);
    EXPECT_EQ(count("account"), 2);
    EXPECT_EQ(count("opportunity"), 0);
}

TEST_P(SalesApiTest, ConvertLead_RefusesConvertedAndLostLeads) {
    const auto lead = create_id("lead", R"({"title": "Lab laptops"})");
    EXPECT_EQ(patch("lead", lead, R"({"status": "converted"})").status, 422);
    ASSERT_EQ(act("lead", lead, "convert").status, 200);

    const auto again = act("lead", lead, "convert");

    EXPECT_EQ(again.status, 409);
    const auto lost = create_id("lead", R"({"title": "Printers", "status": "lost"})");
    EXPECT_EQ(act("lead", lost, "convert").status, 409);
    EXPECT_EQ(count("opportunity"), 1);
}

TEST_P(SalesApiTest, ImportedLeadsTakeAnyStatusButConverted) {
    const auto imported =
        admin_->request("POST", path("lead") + "/import",
                        "title,status\nPrinters,contacted\nLaptops,converted\nDesks,lost\n",
                        {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(json(imported).at("created"), 2);
    const auto error = json(imported).at("errors").at(0);
    EXPECT_EQ(error.at("row"), 3);
    EXPECT_EQ(error.at("field"), "status");
    EXPECT_EQ(error.at("message"), "becomes 'converted' only through an action (convert)");
    EXPECT_EQ(count("lead", "status=eq.converted"), 0);
}

TEST_P(SalesApiTest, LeadMatches_ListsCustomersWithTheLeadsNameOrEmail) {
    const auto by_name = account("Universitas Pancasila Jakarta");
    const auto by_email =
        create_id("account", R"({"name": "UP Foundation", "email": "Budi@UnivPancasila.ac.id"})");
    account("Universitas Indonesia");
    const auto contact_by_email =
        create_id("contact", R"({"last_name": "Prasetyo", "email": "budi@univpancasila.ac.id"})");
    const auto contact_by_name =
        create_id("contact", R"({"first_name": "Budi", "last_name": "Santoso"})");
    create_id("contact", R"({"first_name": "Sari", "last_name": "Santoso"})");
    const auto lead = create_id("lead", R"({"title": "Lab laptops",
        "company_name": "universitas pancasila", "contact_name": "Budi Santoso",
        "email": "budi@univpancasila.ac.id"})");

    const auto matches = admin_->get(path("lead", lead) + "/matches");

    ASSERT_EQ(matches.status, 200) << matches.body;
    const auto found = json(matches);
    ASSERT_EQ(found.at("accounts").as_array().size(), 2U);
    EXPECT_EQ(found.at("accounts").at(0).at("id"), by_name);
    EXPECT_EQ(found.at("accounts").at(1).at("id"), by_email);
    ASSERT_EQ(found.at("contacts").as_array().size(), 2U);
    EXPECT_EQ(found.at("contacts").at(0).at("id"), contact_by_email);
    EXPECT_EQ(found.at("contacts").at(1).at("id"), contact_by_name);
    EXPECT_EQ(application_.client()->get(path("lead", lead) + "/matches").status, 401);
}

// --- opportunities -------------------------------------------------------------------------

TEST_P(SalesApiTest, Opportunity_ProbabilityFollowsTheStageUnlessTheWriteSetsIt) {
    const auto created = create("opportunity", R"({"name": "Lab laptops"})");
    EXPECT_EQ(created.at("probability"), 10) << "the answer shows what the plugin filled in";
    const auto id = created.at("id").as_int64();

    const auto qualified = patch("opportunity", id, R"({"stage": "qualified"})");
    EXPECT_EQ(json(qualified).at("probability"), 30);
    EXPECT_EQ(json(patch("opportunity", id, R"({"stage": "proposition", "probability": 45.5})"))
                  .at("probability"),
              45.5);
    EXPECT_EQ(
        json(patch("opportunity", id, R"({"expected_revenue": "450000000"})")).at("probability"),
        45.5);
    EXPECT_EQ(json(patch("opportunity", id, R"({"stage": "negotiation"})")).at("probability"), 80);
    EXPECT_EQ(create("opportunity", R"({"name": "Sure", "probability": 90})").at("probability"),
              90);

    EXPECT_EQ(patch("opportunity", id, R"({"probability": 101})").status, 422);
    EXPECT_EQ(patch("opportunity", id, R"({"probability": -1})").status, 422);
    EXPECT_EQ(record("opportunity", id).at("probability"), 80);
}

TEST_P(SalesApiTest, Opportunity_MarkLostKeepsTheReasonAndMarkWonIsCertain) {
    const auto lost = create_id("opportunity", R"({"name": "Printers"})");
    const auto won = create_id("opportunity", R"({"name": "Laptops"})");

    EXPECT_EQ(act("opportunity", lost, "mark_lost").status, 422) << "a reason is required";
    EXPECT_EQ(act("opportunity", lost, "mark_lost", R"({"reason": "   "})").status, 422)
        << "white space is no reason";
    const auto marked = act("opportunity", lost, "mark_lost", R"({"reason": "Too expensive"})");
    ASSERT_EQ(marked.status, 200) << marked.body;
    EXPECT_EQ(json(marked).at("record").at("stage"), "lost");
    EXPECT_EQ(json(marked).at("record").at("lost_reason"), "Too expensive");
    EXPECT_EQ(json(marked).at("record").at("probability"), 0);
    ASSERT_EQ(act("opportunity", won, "mark_won").status, 200);
    EXPECT_EQ(record("opportunity", won).at("probability"), 100);
    EXPECT_EQ(act("opportunity", won, "mark_lost", R"({"reason": "x"})").status, 409);
}

TEST_P(SalesApiTest, ConvertToQuotation_CreatesANumberedQuotationAndWinsTheOpportunity) {
    const auto team = create_id("team", R"({"name": "Direct Sales"})");
    const auto customer = account("Universitas Pancasila");
    const auto opportunity = create_id(
        "opportunity", R"({"name": "Lab laptops", "stage": "negotiation", "account_id": )" +
                           std::to_string(customer) + R"(, "team_id": )" + std::to_string(team) +
                           R"(, "salesperson_id": )" + std::to_string(admin_id()) + "}");

    const auto converted = act("opportunity", opportunity, "convert_to_quotation");

    ASSERT_EQ(converted.status, 200) << converted.body;
    EXPECT_EQ(json(converted).at("record").at("stage"), "won");
    EXPECT_EQ(json(converted).at("record").at("probability"), 100);
    EXPECT_EQ(json(converted).at("created").at("entity"), "sales_order");
    const auto order = record("sales_order", json(converted).at("created").at("id").as_int64());
    EXPECT_EQ(order.at("number"), "SO00001");
    EXPECT_EQ(order.at("state"), "quotation");
    EXPECT_EQ(order.at("account_id"), customer);
    EXPECT_EQ(order.at("opportunity_id"), opportunity);
    EXPECT_EQ(order.at("salesperson_id"), admin_id());
    EXPECT_EQ(order.at("team_id"), team);
    EXPECT_EQ(order.at("order_date"), date_after(0).c_str());
    EXPECT_EQ(order.at("validity_date"), date_after(30).c_str());
    EXPECT_EQ(record("sales_order", quotation(customer)).at("number"), "SO00002");
}

TEST_P(SalesApiTest, ConvertToQuotation_RefusesLostOpportunitiesAndOnesWithoutCustomer) {
    const auto customer = account("Universitas Pancasila");
    const auto lost = create_id(
        "opportunity", R"({"name": "Printers", "account_id": )" + std::to_string(customer) + "}");
    ASSERT_EQ(act("opportunity", lost, "mark_lost", R"({"reason": "No budget"})").status, 200);
    const auto without_customer = create_id("opportunity", R"({"name": "Laptops"})");

    EXPECT_EQ(act("opportunity", lost, "convert_to_quotation").status, 409);
    const auto refused = act("opportunity", without_customer, "convert_to_quotation");
    EXPECT_EQ(refused.status, 422);
    EXPECT_THAT(refused.body, HasSubstr("account_id"));
    EXPECT_EQ(record("opportunity", without_customer).at("stage"), "new");
    EXPECT_EQ(count("sales_order"), 0);
}

// --- quotations and their lines ------------------------------------------------------------

TEST_P(SalesApiTest, OrderLines_AddUpExactlyAndFollowEveryChange) {
    const auto order = quotation(account("Universitas Pancasila"));

    // 3 × 33.33 × (1 − 12.5 %) = 87.49125 → 87.49; tax 11 % = 9.6239 → 9.62.
    const auto first = add_line(
        order, R"("quantity": 3, "unit_price": "33.33", "discount": 12.5, "tax_rate": 11)");
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(json(first).at("subtotal"), "87.49");
    // A percent is a number, written as people write it (not 1.25E1).
    EXPECT_THAT(first.body, HasSubstr(R"("discount":12.5,)"));
    // 7 × 1.15 = 8.05; tax 10 % = 0.805 → 0.81, rounded half up per line.
    const auto second = add_line(order, R"("quantity": 7, "unit_price": 1.15, "tax_rate": 10)");
    ASSERT_EQ(second.status, 201) << second.body;
    auto totals = record("sales_order", order);
    EXPECT_EQ(totals.at("amount_untaxed"), "95.54");
    EXPECT_EQ(totals.at("amount_tax"), "10.43");
    EXPECT_EQ(totals.at("amount_total"), "105.97");

    const auto second_id = json(second).at("id").as_int64();
    const auto changed = patch("sales_order_line", second_id, R"({"quantity": "2.5"})");
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(json(changed).at("subtotal"), "2.88");  // 2.875
    totals = record("sales_order", order);
    EXPECT_EQ(totals.at("amount_untaxed"), "90.37");
    EXPECT_EQ(totals.at("amount_tax"), "9.91");  // 9.62 + 0.29 (0.288)
    EXPECT_EQ(totals.at("amount_total"), "100.28");

    ASSERT_EQ(
        admin_->request("DELETE", path("sales_order_line", json(first).at("id").as_int64())).status,
        204);
    totals = record("sales_order", order);
    EXPECT_EQ(totals.at("amount_untaxed"), "2.88");
    EXPECT_EQ(totals.at("amount_tax"), "0.29");
    EXPECT_EQ(totals.at("amount_total"), "3.17");
    EXPECT_EQ(patch("sales_order", order, R"({"amount_total": "1.00"})").status, 422);
    EXPECT_EQ(patch("sales_order_line", second_id, R"({"subtotal": "1.00"})").status, 422);
}

TEST_P(SalesApiTest, OrderLines_TakePriceTaxAndNameFromTheProduct) {
    const auto laptop =
        create_id("product", R"({"name": "Lab laptop", "code": "LT-14", "list_price": "9500000.00",
                       "cost": "7800000.00", "tax_rate": 11})");
    const auto order = quotation(account("Universitas Pancasila"));

    const auto line =
        add_line(order, R"("product_id": )" + std::to_string(laptop) + R"(, "quantity": 2)");

    ASSERT_EQ(line.status, 201) << line.body;
    EXPECT_EQ(json(line).at("unit_price"), "9500000.00");
    EXPECT_EQ(json(line).at("tax_rate"), 11);
    EXPECT_EQ(json(line).at("description"), "Lab laptop");
    EXPECT_EQ(json(line).at("subtotal"), "19000000.00");
    EXPECT_EQ(record("sales_order", order).at("amount_total"), "21090000.00");

    const auto priced = add_line(order, R"("product_id": )" + std::to_string(laptop) +
                                            R"(, "unit_price": "9000000", "tax_rate": 0)");
    ASSERT_EQ(priced.status, 201) << priced.body;
    EXPECT_EQ(json(priced).at("unit_price"), "9000000.00") << "a price given is kept";
    EXPECT_EQ(json(priced).at("tax_rate"), 0);
}

TEST_P(SalesApiTest, OrderLines_CataloguePricesTakeTheSegmentsDiscountSchedule) {
    const auto laptop = create_id("product", R"({"name": "Lab laptop", "list_price": "1000.00"})");
    const auto mouse = create_id("product", R"({"name": "Mouse", "list_price": "10.00"})");
    create_id("discount_schedule", R"({"name": "Partners, volume", "account_type": "partner",
        "product_id": )" + std::to_string(laptop) +
                                       R"(, "min_quantity": 10, "discount": 7.5})");
    create_id("discount_schedule",
              R"({"name": "Partners", "account_type": "partner", "discount": 5})");
    create_id("discount_schedule",
              R"({"name": "Old", "account_type": "partner", "discount": 50, "active": false})");
    const auto partner_order = quotation(account("Reseller", "partner"));
    const auto customer_order = quotation(account("Universitas Pancasila"));
    const auto product = [](std::int64_t id, const std::string& quantity) {
        return R"("product_id": )" + std::to_string(id) + R"(, "quantity": )" + quantity;
    };

    EXPECT_EQ(json(add_line(partner_order, product(laptop, "10"))).at("discount"), 7.5);
    EXPECT_EQ(json(add_line(partner_order, product(laptop, "9"))).at("discount"), 5);
    EXPECT_EQ(json(add_line(partner_order, product(mouse, "100"))).at("discount"), 5);
    EXPECT_EQ(
        json(add_line(partner_order, product(laptop, "10") + R"(, "discount": 2)")).at("discount"),
        2);
    EXPECT_EQ(json(add_line(partner_order, product(laptop, "10") + R"(, "unit_price": "900")"))
                  .at("discount"),
              0)
        << "a negotiated price takes no schedule";
    EXPECT_EQ(json(add_line(customer_order, product(laptop, "10"))).at("discount"), 0);
    // 10 × 1000 × 0.925 + 9 × 1000 × 0.95 + 100 × 10 × 0.95 + 10 × 1000 × 0.98 + 10 × 900
    EXPECT_EQ(record("sales_order", partner_order).at("amount_untaxed"), "37550.00");
}

TEST_P(SalesApiTest, OrderLines_BadInputIsRefusedAndChangesNothing) {
    const auto archived =
        create_id("product", R"({"name": "Old laptop", "list_price": "10", "active": false})");
    const auto order = quotation(account("Universitas Pancasila"));
    ASSERT_EQ(add_line(order, R"("quantity": 2, "unit_price": "50.00", "tax_rate": 10)").status,
              201);

    EXPECT_EQ(add_line(order, R"("quantity": -1, "unit_price": "50.00")").status, 422);
    EXPECT_EQ(add_line(order, R"("quantity": 1, "unit_price": "-50.00")").status, 422);
    EXPECT_EQ(add_line(order, R"("quantity": 1, "unit_price": "5", "discount": 100.01)").status,
              422);
    EXPECT_EQ(add_line(order, R"("quantity": 1, "unit_price": "5", "discount": -1)").status, 422);
    const auto archived_line = add_line(order, R"("product_id": )" + std::to_string(archived));
    EXPECT_EQ(archived_line.status, 422);
    EXPECT_THAT(archived_line.body, HasSubstr("archived"));
    EXPECT_EQ(add_line(999, R"("quantity": 1)").status, 422);

    EXPECT_EQ(count("sales_order_line"), 1);
    EXPECT_EQ(record("sales_order", order).at("amount_total"), "110.00");
}

TEST_P(SalesApiTest, OrderLines_OfAConfirmedOrderCannotChange) {
    const auto order = confirmed_order(account("Universitas Pancasila"));
    const auto line =
        json(admin_->get(path("sales_order_line") + "?order_id=eq." + std::to_string(order)))
            .at("items")
            .at(0)
            .at("id")
            .as_int64();

    const auto added = add_line(order, R"("quantity": 1, "unit_price": "5")");
    EXPECT_EQ(added.status, 409);
    EXPECT_THAT(added.body, HasSubstr("it is confirmed"));
    EXPECT_EQ(patch("sales_order_line", line, R"({"quantity": 20})").status, 409);
    EXPECT_EQ(admin_->request("DELETE", path("sales_order_line", line)).status, 409);
    const auto other_order = quotation(account("Universitas Indonesia"));
    const auto moved =
        patch("sales_order_line", line, R"({"order_id": )" + std::to_string(other_order) + "}");
    EXPECT_EQ(moved.status, 422);
    EXPECT_THAT(moved.body, HasSubstr("a line stays on its sales order"));

    EXPECT_EQ(record("sales_order_line", line).at("quantity"), "10.00");
    EXPECT_EQ(record("sales_order", order).at("amount_total"), "1100.00");
    EXPECT_EQ(count("sales_order_line"), 1);
}

TEST_P(SalesApiTest, SalesOrder_StatesChangeOnlyThroughItsActions) {
    const auto customer = account("Universitas Pancasila");
    const auto order = quotation(customer);

    EXPECT_EQ(patch("sales_order", order, R"({"state": "confirmed"})").status, 422);
    EXPECT_EQ(patch("sales_order", order, R"({"number": "SO99999"})").status, 422);
    const auto empty = act("sales_order", order, "confirm");
    EXPECT_EQ(empty.status, 422);
    EXPECT_THAT(empty.body, HasSubstr("no lines"));
    const auto line = add_line(order, R"("quantity": 1, "unit_price": "5")");
    ASSERT_EQ(line.status, 201);
    ASSERT_EQ(act("sales_order", order, "send").status, 200);
    EXPECT_EQ(act("sales_order", order, "send").status, 409);
    ASSERT_EQ(act("sales_order", order, "confirm").status, 200);

    EXPECT_EQ(patch("sales_order", order,
                    R"({"account_id": )" + std::to_string(account("Universitas Indonesia")) + "}")
                  .status,
              409);
    EXPECT_EQ(patch("sales_order", order, R"({"validity_date": "2030-01-01"})").status, 409);
    EXPECT_EQ(
        patch("sales_order", order, R"({"salesperson_id": )" + std::to_string(admin_id()) + "}")
            .status,
        200);
    EXPECT_EQ(admin_->request("DELETE", path("sales_order", order)).status, 409);
    ASSERT_EQ(act("sales_order", order, "cancel").status, 200);
    EXPECT_EQ(record("sales_order", order).at("state"), "cancelled");
    EXPECT_EQ(act("sales_order", order, "create_invoice").status, 409);
    // A cancelled order may go, and its lines with it (on_delete: cascade), though a line of a
    // cancelled order cannot be deleted alone.
    const auto line_id = json(line).at("id").as_int64();
    EXPECT_EQ(admin_->request("DELETE", path("sales_order_line", line_id)).status, 409);
    ASSERT_EQ(admin_->request("DELETE", path("sales_order", order)).status, 204);
    EXPECT_EQ(admin_->request("GET", path("sales_order_line", line_id)).status, 404);
}

TEST_P(SalesApiTest, SalesOrder_RefusesAnOpportunityOfAnotherCustomer) {
    const auto customer = account("Universitas Pancasila");
    const auto other = account("Universitas Indonesia");
    const auto opportunity = create_id(
        "opportunity", R"({"name": "Laptops", "account_id": )" + std::to_string(other) + "}");

    const auto refused = post(path("sales_order"), R"({"account_id": )" + std::to_string(customer) +
                                                       R"(, "opportunity_id": )" +
                                                       std::to_string(opportunity) + "}");

    EXPECT_EQ(refused.status, 422);
    EXPECT_THAT(refused.body, HasSubstr("another customer"));
    EXPECT_EQ(count("sales_order"), 0);
}

// --- invoices ------------------------------------------------------------------------------

TEST_P(SalesApiTest, CreateInvoice_CopiesTheConfirmedOrderOnce) {
    const auto customer = account("Universitas Pancasila");
    const auto order = quotation(customer);
    ASSERT_EQ(add_line(order, R"("quantity": 3, "unit_price": "33.33", "discount": 12.5,
                                 "tax_rate": 11, "description": "Lab laptop <14\">")")
                  .status,
              201);
    ASSERT_EQ(add_line(order, R"("quantity": 7, "unit_price": 1.15, "tax_rate": 10)").status, 201);
    EXPECT_EQ(act("sales_order", order, "create_invoice").status, 409) << "a quotation";
    ASSERT_EQ(act("sales_order", order, "confirm").status, 200);

    const auto invoiced = act("sales_order", order, "create_invoice");

    ASSERT_EQ(invoiced.status, 200) << invoiced.body;
    EXPECT_EQ(json(invoiced).at("record").at("state"), "invoiced");
    const auto id = json(invoiced).at("created").at("id").as_int64();
    const auto invoice = record("invoice", id);
    EXPECT_EQ(invoice.at("number"), ("INV/" + date_after(0).substr(0, 4) + "/00001").c_str());
    EXPECT_EQ(invoice.at("state"), "draft");
    EXPECT_EQ(invoice.at("account_id"), customer);
    EXPECT_EQ(invoice.at("sales_order_id"), order);
    EXPECT_EQ(invoice.at("invoice_date"), date_after(0).c_str());
    EXPECT_EQ(invoice.at("due_date"), date_after(30).c_str());
    EXPECT_EQ(invoice.at("amount_untaxed"), "95.54");
    EXPECT_EQ(invoice.at("amount_tax"), "10.43");
    EXPECT_EQ(invoice.at("amount_total"), "105.97");
    EXPECT_EQ(invoice.at("amount_paid"), "0.00");
    const auto lines = json(admin_->get(path("invoice_line") + "?invoice_id=eq." +
                                        std::to_string(id) + "&order=id.asc"));
    ASSERT_EQ(lines.at("total"), 2);
    EXPECT_EQ(lines.at("items").at(0).at("description"), "Lab laptop <14\">");
    EXPECT_EQ(lines.at("items").at(0).at("discount"), 12.5);
    EXPECT_EQ(lines.at("items").at(0).at("subtotal"), "87.49");

    EXPECT_EQ(act("sales_order", order, "create_invoice").status, 409);
    const auto twice =
        post(path("invoice"), R"({"account_id": )" + std::to_string(customer) +
                                  R"(, "sales_order_id": )" + std::to_string(order) + "}");
    EXPECT_EQ(twice.status, 409);
    EXPECT_THAT(twice.body, HasSubstr("invoiced already"));
    EXPECT_EQ(count("invoice"), 1);
}

TEST_P(SalesApiTest, CreateInvoice_CopiesWhatWasSoldEvenOfProductsArchivedSince) {
    const auto laptop = create_id("product", R"({"name": "Lab laptop", "list_price": "10.00"})");
    const auto order = quotation(account("Universitas Pancasila"));
    ASSERT_EQ(add_line(order, R"("product_id": )" + std::to_string(laptop)).status, 201);
    ASSERT_EQ(act("sales_order", order, "confirm").status, 200);
    ASSERT_EQ(patch("product", laptop, R"({"active": false})").status, 200);

    const auto invoiced = act("sales_order", order, "create_invoice");

    ASSERT_EQ(invoiced.status, 200) << invoiced.body;
    EXPECT_EQ(
        record("invoice", json(invoiced).at("created").at("id").as_int64()).at("amount_total"),
        "10.00");
}

TEST_P(SalesApiTest, Invoice_RefusesAnOrderOfAnotherCustomer) {
    const auto order = confirmed_order(account("Universitas Pancasila"));
    const auto other = account("Universitas Indonesia");

    const auto refused =
        post(path("invoice"), R"({"account_id": )" + std::to_string(other) +
                                  R"(, "sales_order_id": )" + std::to_string(order) + "}");

    EXPECT_EQ(refused.status, 422);
    EXPECT_THAT(refused.body, HasSubstr("belongs to another customer"));
    EXPECT_EQ(count("invoice"), 0);
}

TEST_P(SalesApiTest, RegisterPayment_TakesPartialPaymentsUntilPaid) {
    const auto order = confirmed_order(account("Universitas Pancasila"));
    const auto invoice =
        json(act("sales_order", order, "create_invoice")).at("created").at("id").as_int64();
    EXPECT_EQ(act("invoice", invoice, "register_payment", R"({"amount": 100})").status, 409)
        << "a draft";
    ASSERT_EQ(act("invoice", invoice, "post").status, 200);

    const auto partial = act("invoice", invoice, "register_payment", R"({"amount": "400.10"})");

    ASSERT_EQ(partial.status, 200) << partial.body;
    EXPECT_EQ(json(partial).at("record").at("amount_paid"), "400.10");
    EXPECT_EQ(json(partial).at("record").at("state"), "posted");
    const auto too_much = act("invoice", invoice, "register_payment", R"({"amount": 699.91})");
    EXPECT_EQ(too_much.status, 422);
    EXPECT_THAT(too_much.body, HasSubstr("699.90"));
    EXPECT_EQ(act("invoice", invoice, "register_payment", R"({"amount": 0})").status, 422);
    EXPECT_EQ(act("invoice", invoice, "register_payment", R"({"amount": "1.001"})").status, 422);
    EXPECT_EQ(act("invoice", invoice, "register_payment").status, 422);
    EXPECT_EQ(record("invoice", invoice).at("amount_paid"), "400.10");

    const auto rest = act("invoice", invoice, "register_payment", R"({"amount": 699.90})");
    ASSERT_EQ(rest.status, 200) << rest.body;
    EXPECT_EQ(json(rest).at("record").at("state"), "paid");
    EXPECT_EQ(json(rest).at("record").at("amount_paid"), "1100.00");
    EXPECT_EQ(act("invoice", invoice, "register_payment", R"({"amount": 1})").status, 409);
    EXPECT_EQ(act("invoice", invoice, "mark_paid").status, 404) << "only code marks paid";
    const auto history = json(admin_->get(path("invoice", invoice) + "/history"));
    EXPECT_EQ(history.at("items").as_array().back().at("action"), "mark_paid");
}

TEST_P(SalesApiTest, Invoice_IsReadOnlyOncePosted) {
    const auto order = confirmed_order(account("Universitas Pancasila"));
    const auto invoice =
        json(act("sales_order", order, "create_invoice")).at("created").at("id").as_int64();
    ASSERT_EQ(patch("invoice", invoice, R"({"due_date": "2030-01-31"})").status, 200);
    ASSERT_EQ(act("invoice", invoice, "post").status, 200);
    const auto line =
        json(admin_->get(path("invoice_line") + "?invoice_id=eq." + std::to_string(invoice)))
            .at("items")
            .at(0)
            .at("id")
            .as_int64();

    const auto changed = patch("invoice", invoice, R"({"due_date": "2030-12-31"})");

    EXPECT_EQ(changed.status, 409);
    EXPECT_THAT(changed.body, HasSubstr("read-only"));
    EXPECT_EQ(patch("invoice", invoice, R"({"amount_paid": "1100.00"})").status, 422);
    EXPECT_EQ(post(path("invoice_line"), R"({"invoice_id": )" + std::to_string(invoice) +
                                             R"(, "quantity": 1, "unit_price": "1"})")
                  .status,
              409);
    EXPECT_EQ(patch("invoice_line", line, R"({"unit_price": "1"})").status, 409);
    EXPECT_EQ(admin_->request("DELETE", path("invoice_line", line)).status, 409);
    EXPECT_EQ(admin_->request("DELETE", path("invoice", invoice)).status, 409);
    const auto kept = record("invoice", invoice);
    EXPECT_EQ(kept.at("due_date"), "2030-01-31");
    EXPECT_EQ(kept.at("amount_total"), "1100.00");
    EXPECT_EQ(count("invoice_line"), 1);
}

TEST_P(SalesApiTest, Invoice_WithoutLinesCannotBePosted) {
    const auto invoice = create_id(
        "invoice", R"({"account_id": )" + std::to_string(account("Universitas Pancasila")) + "}");

    EXPECT_EQ(act("invoice", invoice, "post").status, 422);
    ASSERT_EQ(post(path("invoice_line"), R"({"invoice_id": )" + std::to_string(invoice) +
                                             R"(, "quantity": 2, "unit_price": "2.50"})")
                  .status,
              201);
    EXPECT_EQ(record("invoice", invoice).at("amount_total"), "5.00");
    EXPECT_EQ(act("invoice", invoice, "post").status, 200);
}

// --- the printable quotation ---------------------------------------------------------------

TEST_P(SalesApiTest, Print_AnswersAQuotationDocumentWithEverythingEscaped) {
    const auto customer =
        create_id("account", R"({"name": "Universitas <Pancasila> & Co", "city": "Jakarta"})");
    const auto laptop = create_id("product", R"({"name": "Lab laptop", "list_price": "9500000"})");
    const auto order = quotation(customer);
    ASSERT_EQ(add_line(order, R"("product_id": )" + std::to_string(laptop) +
                                  R"(, "quantity": 40, "discount": 5, "tax_rate": 11,
                                  "description": "<script>alert(1)</script>")")
                  .status,
              201);

    const auto printed = admin_->get(path("sales_order", order) + "/print");

    ASSERT_EQ(printed.status, 200) << printed.body;
    EXPECT_EQ(printed.header("content-type"), "text/html; charset=utf-8");
    EXPECT_THAT(printed.body, HasSubstr("<!DOCTYPE html>"));
    EXPECT_THAT(printed.body, HasSubstr("My Company"));
    EXPECT_THAT(printed.body, HasSubstr("Quotation SO00001"));
    EXPECT_THAT(printed.body, HasSubstr("Universitas &lt;Pancasila&gt; &amp; Co"));
    EXPECT_THAT(printed.body, HasSubstr("Jakarta"));
    EXPECT_THAT(printed.body, HasSubstr(date_after(30)));
    EXPECT_THAT(printed.body, HasSubstr("Lab laptop"));
    EXPECT_THAT(printed.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(printed.body, Not(HasSubstr("<script>")));
    EXPECT_THAT(printed.body, HasSubstr("9,500,000.00"));    // unit price
    EXPECT_THAT(printed.body, HasSubstr("361,000,000.00"));  // 40 × 9.5M × 95 %
    EXPECT_THAT(printed.body, HasSubstr("39,710,000.00"));   // 11 % tax
    EXPECT_THAT(printed.body, HasSubstr("400,710,000.00"));  // total
    EXPECT_EQ(application_.client()->get(path("sales_order", order) + "/print").status, 401);
    EXPECT_EQ(admin_->get(path("sales_order", 999) + "/print").status, 404);
}

// --- reports and permissions ---------------------------------------------------------------

TEST_P(SalesApiTest, Margin_IsForSalesManagersAndCountsConfirmedOrdersOnly) {
    const auto laptop = create_id(
        "product", R"({"name": "Lab laptop", "list_price": "1000.00", "cost": "800.00"})");
    const auto customer = account("Universitas Pancasila");
    const auto order = quotation(customer);
    ASSERT_EQ(add_line(order, R"("product_id": )" + std::to_string(laptop) +
                                  R"(, "quantity": 3, "discount": 10)")
                  .status,
              201);
    ASSERT_EQ(add_line(order, R"("description": "Installation", "unit_price": "150")").status, 201);
    ASSERT_EQ(act("sales_order", order, "confirm").status, 200);
    const auto open_quotation = quotation(customer);
    ASSERT_EQ(add_line(open_quotation, R"("product_id": )" + std::to_string(laptop)).status, 201);
    auto manager = user("maya", R"(["sales_manager"])");
    auto salesperson = user("sam", R"(["salesperson"])");
    auto viewer = user("vera", R"(["viewer"])");

    const auto answer = manager->get(path("sales_order") + "/margin");

    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto margin = json(answer);
    EXPECT_EQ(margin.at("revenue"), "2850.00");  // 3 × 1000 × 90 % + 150
    EXPECT_EQ(margin.at("cost"), "2400.00");
    EXPECT_EQ(margin.at("margin"), "450.00");
    EXPECT_EQ(margin.at("margin_percent"), 15.79);
    EXPECT_EQ(margin.at("by_month").at(0).at("month"), date_after(0).substr(0, 7).c_str());
    EXPECT_EQ(margin.at("by_account").at(0).at("account_id"), customer);
    const auto refused = salesperson->get(path("sales_order") + "/margin");
    EXPECT_EQ(refused.status, 403);
    EXPECT_THAT(salesperson->get(path("product", laptop)).body, Not(HasSubstr("cost")));
    EXPECT_EQ(viewer->get(path("sales_order") + "/margin").status, 403);
    const auto seen_by_viewer = viewer->get(path("product", laptop));
    EXPECT_EQ(seen_by_viewer.status, 200);
    EXPECT_THAT(seen_by_viewer.body, Not(HasSubstr("cost")));
    EXPECT_EQ(admin_->get(path("sales_order") + "/margin").status, 200);
}

TEST_P(SalesApiTest, TeamTarget_AchievedSumsTheTeamsConfirmedOrdersOfThePeriod) {
    const auto team = create_id("team", R"({"name": "Direct Sales"})");
    const auto customer = account("Universitas Pancasila");
    const auto in_team = [&](std::int64_t order) {
        EXPECT_EQ(
            patch("sales_order", order, R"({"team_id": )" + std::to_string(team) + "}").status,
            200);
    };
    in_team(confirmed_order(customer));  // 1,000.00 untaxed
    in_team(confirmed_order(customer));
    const auto quoted = quotation(customer);
    in_team(quoted);
    ASSERT_EQ(add_line(quoted, R"("quantity": 1, "unit_price": "5000")").status, 201);
    confirmed_order(customer);  // of no team

    const auto target = create("sales_team_target", R"({"team_id": )" + std::to_string(team) +
                                                        R"(, "period_start": ")" + date_after(-1) +
                                                        R"(", "period_end": ")" + date_after(1) +
                                                        R"(", "target_amount": "5000"})");

    EXPECT_EQ(target.at("achieved"), "2000.00");
    const auto past = create_id("sales_team_target",
                                R"({"team_id": )" + std::to_string(team) +
                                    R"(, "period_start": "2020-01-01", "period_end": "2020-01-31",
                                    "target_amount": "5000"})");
    EXPECT_EQ(record("sales_team_target", past).at("achieved"), "0.00");
    EXPECT_EQ(patch("sales_team_target", past, R"({"achieved": "1"})").status, 422);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SalesApiTest);

}  // namespace
}  // namespace rapport
