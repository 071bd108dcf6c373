#include "document_lines.hpp"

#include "field_values.hpp"
#include "record_pages.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace rapport::sales {
namespace {

// The documents whose totals wait, innermost last.
thread_local std::vector<std::pair<std::string_view, std::int64_t>> deferred_documents;

const sdk::Decimal no_discount(0, 2);

void require_editable(const DocumentKind& kind, const sdk::Record& document) {
    const auto state = text_of(document, "state");
    if (std::find(kind.editable_states.begin(), kind.editable_states.end(), state) ==
        kind.editable_states.end()) {
        throw sdk::Error(sdk::ErrorCode::conflict, "the lines of " + document_name(kind, document) +
                                                       " cannot change: it is " + state);
    }
}

// The largest discount a discount schedule gives customers of `account_type` on `product` for
// `quantity`, if any applies.
std::optional<sdk::Decimal> scheduled_discount(sdk::RecordStore& records,
                                               const std::string& account_type,
                                               std::int64_t product, const sdk::Decimal& quantity) {
    std::optional<sdk::Decimal> best;
    for_each_record(
        records, "discount_schedule",
        {{"account_type", "eq." + account_type}, {"active", "is.true"}},
        [&](const sdk::Record& schedule) {
            const auto for_product = id_of(schedule, "product_id");
            const auto discount = decimal_of(schedule, "discount");
            if ((for_product && *for_product != product) || !discount ||
                ExactAmount(decimal_or_zero(schedule, "min_quantity")) > ExactAmount(quantity)) {
                return;
            }
            if (!best || ExactAmount(*discount) > ExactAmount(*best)) {
                best = discount;
            }
        });
    return best;
}

// What the line lacks: a unit price and tax rate from its product when it has none (or when its
// product changes and the same write does not set them), a discount from the schedules when the
// price comes from the catalogue, the product's name as description, and its subtotal. Only the
// values that differ from the line's.
sdk::FieldMap completion_of(sdk::RecordStore& records, const DocumentKind& kind,
                            const sdk::Event& event, const sdk::Record& document) {
    const auto& line = event.record;
    const bool product_changed = changed(event, "product_id");
    std::optional<sdk::Record> product;
    if (const auto id = id_of(line, "product_id")) {
        product = records.get("product", *id);
        if (kind.refuses_archived_products && product_changed &&
            !flag_of(*product, "active", true)) {
            throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + line.entity,
                             {{"product_id", "product " + text_of(*product, "name") +
                                                 " is archived and cannot be sold"}});
        }
    }
    sdk::FieldMap completion;
    const auto complete = [&](const char* field, const sdk::Value& value) {
        if (!(line.get(field) == value)) {
            completion.emplace(field, value);
        }
    };
    const auto quantity = decimal_or_zero(line, "quantity");
    auto unit_price = decimal_of(line, "unit_price");
    auto discount = decimal_of(line, "discount").value_or(no_discount);
    if (!unit_price || (product_changed && !changed(event, "unit_price"))) {
        unit_price = product ? decimal_or_zero(*product, "list_price") : sdk::Decimal(0, 2);
        complete("unit_price", *unit_price);
        const auto account = id_of(document, "account_id");
        if (product && account && discount == no_discount) {
            const auto type = text_of(records.get("account", *account), "type");
            if (const auto scheduled = scheduled_discount(records, type, product->id, quantity)) {
                discount = *scheduled;
                complete("discount", discount);
            }
        }
    }
    if (sdk::is_null(line.get("tax_rate")) || (product_changed && !changed(event, "tax_rate"))) {
        complete("tax_rate", product ? decimal_or_zero(*product, "tax_rate") : sdk::Decimal(0, 2));
    }
    if (product && text_of(line, "description").empty()) {
        complete("description", text_of(*product, "name"));
    }
    complete("subtotal", line_subtotal(quantity, *unit_price, discount));
    return completion;
}

void check_line(sdk::PluginContext& context, const DocumentKind& kind, const sdk::Event& event) {
    auto& records = context.records();
    const auto& line = event.record;
    if (event.action == "updated" && changed(event, kind.link)) {
        throw sdk::Error(
            sdk::ErrorCode::validation_failed, "invalid " + line.entity,
            {{std::string(kind.link), "a line stays on its " + std::string(kind.noun) +
                                          ": delete it and add a new line to the other one"}});
    }
    const auto document_id = id_of(line, kind.link);
    if (!document_id) {
        return;  // required: the kernel has refused it already
    }
    const auto document = records.get(kind.document, *document_id);
    require_editable(kind, document);
    const auto completion = completion_of(records, kind, event, document);
    if (!completion.empty()) {
        // The update's own event comes back here, complete, and recomputes the totals.
        records.update(kind.line, line.id, completion);
        return;
    }
    if (!DeferredTotals::defers(kind, *document_id)) {
        recompute_totals(records, kind, *document_id);
    }
}

void check_removed_line(sdk::PluginContext& context, const DocumentKind& kind,
                        const sdk::Event& event) {
    auto& records = context.records();
    const auto document_id = id_of(event.record, kind.link);
    if (!document_id) {
        return;
    }
    // A line deleted with its document (on_delete: cascade) has no totals left to keep: the
    // document's own deleted event came first and checked that it may go.
    const auto found = records.list(kind.document, {{"id", "eq." + std::to_string(*document_id)}});
    if (found.empty()) {
        return;
    }
    require_editable(kind, found.front());
    if (!DeferredTotals::defers(kind, *document_id)) {
        recompute_totals(records, kind, *document_id);
    }
}

}  // namespace

sdk::Decimal line_subtotal(const sdk::Decimal& quantity, const sdk::Decimal& unit_price,
                           const sdk::Decimal& discount) {
    const ExactAmount kept = ExactAmount(sdk::Decimal(1, 0)) - ExactAmount::percent(discount);
    return (ExactAmount(quantity) * ExactAmount(unit_price) * kept).rounded(2);
}

sdk::Decimal line_tax(const sdk::Decimal& subtotal, const sdk::Decimal& tax_rate) {
    return (ExactAmount(subtotal) * ExactAmount::percent(tax_rate)).rounded(2);
}

std::string document_name(const DocumentKind& kind, const sdk::Record& document) {
    const auto number = text_of(document, "number");
    return std::string(kind.noun) + " " + (number.empty() ? std::to_string(document.id) : number);
}

void recompute_totals(sdk::RecordStore& records, const DocumentKind& kind, std::int64_t document) {
    ExactAmount untaxed;
    ExactAmount tax;
    for_each_record(records, kind.line,
                    {{std::string(kind.link), "eq." + std::to_string(document)}},
                    [&](const sdk::Record& line) {
                        const auto subtotal = decimal_or_zero(line, "subtotal");
                        untaxed += ExactAmount(subtotal);
                        tax += ExactAmount(line_tax(subtotal, decimal_or_zero(line, "tax_rate")));
                    });
    records.update(kind.document, document,
                   {{"amount_untaxed", untaxed.rounded(2)},
                    {"amount_tax", tax.rounded(2)},
                    {"amount_total", (untaxed + tax).rounded(2)}});
}

DeferredTotals::DeferredTotals(const DocumentKind& kind, std::int64_t document) {
    deferred_documents.emplace_back(kind.document, document);
}

DeferredTotals::~DeferredTotals() {
    deferred_documents.pop_back();
}

bool DeferredTotals::defers(const DocumentKind& kind, std::int64_t document) {
    return std::find(deferred_documents.begin(), deferred_documents.end(),
                     std::pair(kind.document, document)) != deferred_documents.end();
}

void add_document_lines(sdk::PluginContext& context, const DocumentKind& kind) {
    const std::string line(kind.line);
    for (const auto& event : {line + ".created", line + ".updated"}) {
        context.add_validator(event, [&context, &kind](const sdk::Event& change) {
            check_line(context, kind, change);
        });
    }
    context.add_validator(line + ".deleted", [&context, &kind](const sdk::Event& change) {
        check_removed_line(context, kind, change);
    });
}

}  // namespace rapport::sales
