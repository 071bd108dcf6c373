// The lines of sales orders and invoices, and the totals they add up to. A line's missing unit
// price and tax rate come from its product (and a discount schedule, for catalogue prices); its
// subtotal and its document's amount_untaxed, amount_tax and amount_total are worked out on the
// server, exactly, inside the transaction of every line change. Lines change only while their
// document does (a quotation, a draft invoice): otherwise 409.
#pragma once

#include "exact_amount.hpp"

#include <rapport/sdk/plugin_context.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rapport::sales {

// A document with lines: its entity, its lines' entity and the lines' reference to it.
struct DocumentKind {
    std::string_view document;  // "sales_order"
    std::string_view line;      // "sales_order_line"
    std::string_view link;      // "order_id"
    std::string_view noun;      // "sales order", for messages
    std::span<const std::string_view> editable_states;
    // Archived products cannot be sold: quotations refuse them; invoices copy what was sold.
    bool refuses_archived_products = false;
};

inline constexpr std::array<std::string_view, 2> order_editable_states{"quotation", "sent"};
inline constexpr std::array<std::string_view, 1> invoice_editable_states{"draft"};
inline constexpr DocumentKind sales_order_document{"sales_order", "sales_order_line",    "order_id",
                                                   "sales order", order_editable_states, true};
inline constexpr DocumentKind invoice_document{"invoice", "invoice_line", "invoice_id", "invoice",
                                               invoice_editable_states};

// quantity × unit_price × (1 − discount/100), rounded half away from zero to cents.
sdk::Decimal line_subtotal(const sdk::Decimal& quantity, const sdk::Decimal& unit_price,
                           const sdk::Decimal& discount);
// subtotal × tax_rate/100, rounded half away from zero to cents: tax is rounded per line.
sdk::Decimal line_tax(const sdk::Decimal& subtotal, const sdk::Decimal& tax_rate);

// "sales order SO00001" (or its id while it has no number), for messages.
std::string document_name(const DocumentKind& kind, const sdk::Record& document);

// Sets the document's totals from its lines: amount_untaxed = Σ subtotal, amount_tax = Σ line
// tax, amount_total = their sum.
void recompute_totals(sdk::RecordStore& records, const DocumentKind& kind, std::int64_t document);

// While one lives on this thread, line changes of `document` leave its totals alone: code that
// writes many lines (an invoice copying an order) recomputes them once, at the end.
class DeferredTotals {
  public:
    DeferredTotals(const DocumentKind& kind, std::int64_t document);
    ~DeferredTotals();
    DeferredTotals(const DeferredTotals&) = delete;
    DeferredTotals& operator=(const DeferredTotals&) = delete;

    static bool defers(const DocumentKind& kind, std::int64_t document);
};

void add_document_lines(sdk::PluginContext& context, const DocumentKind& kind);

}  // namespace rapport::sales
