#include "invoices.hpp"

#include "document_lines.hpp"
#include "exact_amount.hpp"
#include "field_values.hpp"
#include "json_values.hpp"
#include "sales_settings.hpp"

#include <rapport/sdk/error.hpp>

namespace rapport::sales {
namespace {

std::string invoice_name(const sdk::Record& invoice) {
    return document_name(invoice_document, invoice);
}

// The invoice's sales order is of the invoice's customer, and invoiced by no other live invoice.
void check_sales_order(sdk::RecordStore& records, const sdk::Record& invoice) {
    const auto order_id = id_of(invoice, "sales_order_id");
    if (!order_id) {
        return;
    }
    const auto order = records.get("sales_order", *order_id);
    if (id_of(order, "account_id") != id_of(invoice, "account_id")) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid invoice",
                         {{"sales_order_id", document_name(sales_order_document, order) +
                                                 " belongs to another customer"}});
    }
    const auto others =
        records.list("invoice", {{"sales_order_id", "eq." + std::to_string(*order_id)},
                                 {"state", "neq.cancelled"},
                                 {"id", "neq." + std::to_string(invoice.id)},
                                 {"limit", "1"}});
    if (!others.empty()) {
        throw sdk::Error(sdk::ErrorCode::conflict, document_name(sales_order_document, order) +
                                                       " is invoiced already, by " +
                                                       invoice_name(others.front()));
    }
}

void number_new_invoice(sdk::PluginContext& context, const sdk::Event& event) {
    const auto& invoice = event.record;
    check_sales_order(context.records(), invoice);
    sdk::FieldMap completion;
    auto invoice_date = date_of(invoice, "invoice_date");
    if (!invoice_date) {
        invoice_date = today();
        completion.emplace("invoice_date", *invoice_date);
    }
    if (text_of(invoice, "number").empty()) {
        const auto year = std::to_string(year_of(*invoice_date));
        completion.emplace(
            "number", document_number("INV/" + year + "/", context.next_number("invoice." + year)));
    }
    if (!date_of(invoice, "due_date")) {
        completion.emplace("due_date", days_after(*invoice_date, invoice_payment_days(context)));
    }
    if (!completion.empty()) {
        context.records().update("invoice", invoice.id, completion);
    }
}

// Past draft an invoice is read-only: only a payment changes it (amount_paid, which clients
// cannot write).
void check_invoice_change(sdk::PluginContext& context, const sdk::Event& event) {
    const auto& invoice = event.record;
    const auto state = text_of(invoice, "state");
    if (state != "draft") {
        for (const auto& [field, value] : event.changes) {
            if (field != "amount_paid") {
                throw sdk::Error(sdk::ErrorCode::conflict,
                                 invoice_name(invoice) + " is " + state + ": it is read-only",
                                 {{field, "cannot change once the invoice is " + state}});
            }
        }
    }
    if (changed(event, "account_id") || changed(event, "sales_order_id")) {
        check_sales_order(context.records(), invoice);
    }
}

void check_posting(sdk::PluginContext& context, const sdk::Event& event) {
    if (event.transition != "post") {
        return;
    }
    const auto lines = context.records().list(
        "invoice_line", {{"invoice_id", "eq." + std::to_string(event.record.id)}, {"limit", "1"}});
    if (lines.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "cannot post " + invoice_name(event.record) + ": it has no lines",
                         {{"lines", "add a line before posting"}});
    }
}

void check_removal(const sdk::Event& event) {
    const auto state = text_of(event.record, "state");
    if (state == "posted" || state == "paid") {
        throw sdk::Error(sdk::ErrorCode::conflict, invoice_name(event.record) + " is " + state +
                                                       ": posted invoices are kept");
    }
}

std::optional<sdk::CreatedRecord> register_payment(sdk::ActionRequest& request) {
    const ActionParams params(request.params(), "register_payment", {"amount"});
    auto& records = request.records();
    const auto id = request.record().id;
    // An update takes the invoice's row lock, even one that changes nothing: concurrent payments
    // queue here, and each reads what the one before it paid.
    records.update("invoice", id, {});
    const auto invoice = records.get("invoice", id);
    const auto state = text_of(invoice, "state");
    if (state != "posted") {
        throw sdk::Error(sdk::ErrorCode::conflict, invoice_name(invoice) + " is " + state +
                                                       ": only posted invoices take payments");
    }
    const auto amount = params.amount("amount");
    if (!amount) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "invalid parameters for register_payment", {{"amount", "is required"}});
    }
    if (ExactAmount(*amount) <= ExactAmount()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "invalid parameters for register_payment",
                         {{"amount", "must be more than 0"}});
    }
    const auto total = ExactAmount(decimal_or_zero(invoice, "amount_total"));
    const auto paid = ExactAmount(decimal_or_zero(invoice, "amount_paid"));
    const auto due = total - paid;
    if (ExactAmount(*amount) > due) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "cannot pay " + amount->to_string() + " on " + invoice_name(invoice) +
                             ": only " + due.rounded(2).to_string() + " is due",
                         {{"amount", "is more than the " + due.rounded(2).to_string() + " due"}});
    }
    const auto now_paid = paid + ExactAmount(*amount);
    records.update("invoice", id, {{"amount_paid", now_paid.rounded(2)}});
    if (now_paid == total) {
        records.act("invoice", id, "mark_paid");
    }
    return std::nullopt;
}

}  // namespace

void add_invoices(sdk::PluginContext& context) {
    context.add_validator("invoice.created", [&context](const sdk::Event& event) {
        number_new_invoice(context, event);
    });
    context.add_validator("invoice.updated", [&context](const sdk::Event& event) {
        check_invoice_change(context, event);
    });
    context.add_validator("invoice.transitioned",
                          [&context](const sdk::Event& event) { check_posting(context, event); });
    context.add_validator("invoice.deleted", check_removal);
    context.add_action("invoice", "register_payment", register_payment);
}

}  // namespace rapport::sales
