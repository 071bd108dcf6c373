#include "sales_orders.hpp"

#include "document_lines.hpp"
#include "field_values.hpp"
#include "json_values.hpp"
#include "record_pages.hpp"
#include "sales_settings.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>
#include <array>

namespace rapport::sales {
namespace {

constexpr std::array<std::string_view, 3> bound_states{"confirmed", "invoiced", "cancelled"};
// What may still change on a bound order: who sells it, and the totals the plugin keeps.
constexpr std::array<std::string_view, 5> changeable_when_bound{
    "salesperson_id", "team_id", "amount_untaxed", "amount_tax", "amount_total"};

bool is_one_of(std::string_view value, std::span<const std::string_view> values) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

// An order and its opportunity are about the same customer.
void check_customer(sdk::RecordStore& records, const sdk::Record& order) {
    const auto opportunity_id = id_of(order, "opportunity_id");
    if (!opportunity_id) {
        return;
    }
    const auto opportunity = records.get("opportunity", *opportunity_id);
    const auto customer = id_of(opportunity, "account_id");
    if (customer && customer != id_of(order, "account_id")) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid sales_order",
                         {{"opportunity_id", "opportunity " + text_of(opportunity, "name") +
                                                 " is about another customer"}});
    }
}

void number_new_order(sdk::PluginContext& context, const sdk::Event& event) {
    const auto& order = event.record;
    check_customer(context.records(), order);
    sdk::FieldMap completion;
    if (text_of(order, "number").empty()) {
        completion.emplace("number", document_number("SO", context.next_number("sales_order")));
    }
    auto order_date = date_of(order, "order_date");
    if (!order_date) {
        order_date = today();
        completion.emplace("order_date", *order_date);
    }
    if (!date_of(order, "validity_date")) {
        completion.emplace("validity_date",
                           days_after(*order_date, quotation_validity_days(context)));
    }
    if (!completion.empty()) {
        context.records().update("sales_order", order.id, completion);
    }
}

void check_order_change(sdk::PluginContext& context, const sdk::Event& event) {
    const auto& order = event.record;
    const auto state = text_of(order, "state");
    if (is_one_of(state, bound_states)) {
        for (const auto& [field, value] : event.changes) {
            if (!is_one_of(field, changeable_when_bound)) {
                throw sdk::Error(sdk::ErrorCode::conflict,
                                 document_name(sales_order_document, order) + " is " + state +
                                     ": only its salesperson and team may change",
                                 {{field, "cannot change once the order is " + state}});
            }
        }
    }
    if (changed(event, "account_id") || changed(event, "opportunity_id")) {
        check_customer(context.records(), order);
    }
}

bool has_lines(sdk::RecordStore& records, const DocumentKind& kind, std::int64_t document) {
    return !records
                .list(kind.line,
                      {{std::string(kind.link), "eq." + std::to_string(document)}, {"limit", "1"}})
                .empty();
}

void check_confirmation(sdk::PluginContext& context, const sdk::Event& event) {
    if (event.transition == "confirm" &&
        !has_lines(context.records(), sales_order_document, event.record.id)) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "cannot confirm " + document_name(sales_order_document, event.record) +
                             ": it has no lines",
                         {{"lines", "add a line before confirming"}});
    }
}

void check_removal(const sdk::Event& event) {
    const auto state = text_of(event.record, "state");
    if (state == "confirmed" || state == "invoiced") {
        throw sdk::Error(sdk::ErrorCode::conflict,
                         document_name(sales_order_document, event.record) + " is " + state +
                             (state == "confirmed" ? ": cancel it instead of deleting it"
                                                   : ": invoiced orders are kept"));
    }
}

// Runs after the create_invoice transition made the order invoiced; {"date": "YYYY-MM-DD"} dates
// the invoice (default today). Its number, due date and the check that the order is invoiced
// once come from the invoice's own validators.
std::optional<sdk::CreatedRecord> create_invoice(sdk::PluginContext& context,
                                                 sdk::ActionRequest& request) {
    const ActionParams params(request.params(), "create_invoice", {"date"});
    const auto& order = request.record();
    auto& records = request.records();
    sdk::FieldMap values{{"account_id", *id_of(order, "account_id")}, {"sales_order_id", order.id}};
    if (const auto date = params.date("date")) {
        values.emplace("invoice_date", *date);
    }
    const auto invoice = records.create("invoice", values);
    {
        const DeferredTotals deferred(invoice_document, invoice.id);
        // Every line of the order, whoever wrote it: the caller may read the order.
        for_each_record(
            context.records(), "sales_order_line", {{"order_id", "eq." + std::to_string(order.id)}},
            [&](const sdk::Record& line) {
                sdk::FieldMap copy{{"invoice_id", invoice.id}};
                for (const auto* field : {"product_id", "description", "quantity", "unit_price",
                                          "discount", "tax_rate", "subtotal"}) {
                    if (!sdk::is_null(line.get(field))) {
                        copy.emplace(field, line.get(field));
                    }
                }
                records.create("invoice_line", copy);
            });
    }
    recompute_totals(context.records(), invoice_document, invoice.id);
    return sdk::CreatedRecord{"invoice", invoice.id};
}

}  // namespace

void add_sales_orders(sdk::PluginContext& context) {
    context.add_validator("sales_order.created", [&context](const sdk::Event& event) {
        number_new_order(context, event);
    });
    context.add_validator("sales_order.updated", [&context](const sdk::Event& event) {
        check_order_change(context, event);
    });
    context.add_validator("sales_order.transitioned", [&context](const sdk::Event& event) {
        check_confirmation(context, event);
    });
    context.add_validator("sales_order.deleted", check_removal);
    context.add_action("sales_order", "create_invoice", [&context](sdk::ActionRequest& request) {
        return create_invoice(context, request);
    });
}

}  // namespace rapport::sales
