// The printable quotation (S1 step 10): GET /api/v1/records/sales_order/{id}/print answers an HTML
// document with the company, the customer, the order's number and dates, its lines and totals,
// laid out for a browser to print or save as PDF.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

#include <string>
#include <string_view>

namespace rapport::sales {

// `text` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string html_escaped(std::string_view text);
// "9500000.00" → "9,500,000.00".
std::string grouped_amount(const sdk::Decimal& amount);

void add_quotation_print(sdk::PluginContext& context);

}  // namespace rapport::sales
