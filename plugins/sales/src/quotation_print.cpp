#include "quotation_print.hpp"

#include "field_values.hpp"
#include "record_pages.hpp"
#include "sales_settings.hpp"

#include <rapport/sdk/error.hpp>

#include <map>

namespace rapport::sales {
namespace {

constexpr std::string_view style = R"(
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 11pt; color: #222; margin: 2em; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #333; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 14pt; margin: 1em 0 .5em; }
.parties { display: flex; justify-content: space-between; gap: 2em; margin: 1em 0; }
.parties dl { display: grid; grid-template-columns: auto auto; gap: .2em 1em; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table.lines { width: 100%; border-collapse: collapse; margin-top: 1em; }
table.lines th, table.lines td { padding: .35em .5em; border-bottom: 1px solid #ccc; text-align: left; vertical-align: top; }
table.lines .number { text-align: right; white-space: nowrap; }
table.totals { margin: 1em 0 0 auto; border-collapse: collapse; }
table.totals th, table.totals td { padding: .25em .5em; text-align: right; }
table.totals tr.total th, table.totals tr.total td { border-top: 2px solid #333; font-weight: bold; }
@media print { body { margin: 0; } @page { margin: 15mm; } }
)";

// A quantity or a percentage without trailing zeros: "3", "12.5".
std::string plain_number(const sdk::Decimal& value) {
    std::string text = value.to_string();
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') {
            text.pop_back();
        }
    }
    return text;
}

std::string title_of(std::string_view state) {
    if (state == "confirmed" || state == "invoiced") {
        return "Sales Order";
    }
    return state == "cancelled" ? "Quotation (cancelled)" : "Quotation";
}

std::string name_of(sdk::RecordStore& records, std::string_view entity,
                    const std::optional<std::int64_t>& id, std::string_view field = "name") {
    if (!id) {
        return {};
    }
    try {
        return text_of(records.get(entity, *id), field);
    } catch (const sdk::Error& error) {
        if (error.code() != sdk::ErrorCode::not_found) {
            throw;
        }
        return {};
    }
}

std::string row(std::string_view label, const std::string& value) {
    return "<dt>" + std::string(label) + "</dt><dd>" + html_escaped(value) + "</dd>";
}

std::string customer_block(sdk::RecordStore& records, const sdk::Record& order) {
    std::string block = "<dl>";
    if (const auto id = id_of(order, "account_id")) {
        const auto account = records.get("account", *id);
        block += row("Customer", text_of(account, "name"));
        std::string address = text_of(account, "street");
        for (const auto* field : {"city", "country"}) {
            const auto part = text_of(account, field);
            if (!part.empty()) {
                address += (address.empty() ? "" : ", ") + part;
            }
        }
        if (!address.empty()) {
            block += row("Address", address);
        }
        for (const auto& [field, label] : {std::pair{"email", "Email"}, {"phone", "Phone"}}) {
            if (const auto text = text_of(account, field); !text.empty()) {
                block += row(label, text);
            }
        }
    }
    return block + "</dl>";
}

std::string order_block(sdk::RecordStore& records, const sdk::Record& order) {
    std::string block = "<dl>" + row("Number", text_of(order, "number"));
    if (const auto date = date_of(order, "order_date")) {
        block += row("Date", date->to_string());
    }
    if (const auto date = date_of(order, "validity_date")) {
        block += row("Valid until", date->to_string());
    }
    const auto salesperson = name_of(records, "user", id_of(order, "salesperson_id"));
    if (!salesperson.empty()) {
        block += row("Salesperson", salesperson);
    }
    return block + "</dl>";
}

std::string lines_table(sdk::RecordStore& records, const sdk::Record& order) {
    std::string table =
        "<table class=\"lines\"><thead><tr><th>Product</th><th>Description</th>"
        "<th class=\"number\">Quantity</th><th class=\"number\">Unit price</th>"
        "<th class=\"number\">Discount %</th><th class=\"number\">Tax %</th>"
        "<th class=\"number\">Subtotal</th></tr></thead><tbody>";
    std::map<std::int64_t, std::string> products;
    const auto cell = [](const std::string& text) {
        return "<td class=\"number\">" + html_escaped(text) + "</td>";
    };
    for_each_record(records, "sales_order_line", {{"order_id", "eq." + std::to_string(order.id)}},
                    [&](const sdk::Record& line) {
                        std::string product;
                        if (const auto id = id_of(line, "product_id")) {
                            if (!products.contains(*id)) {
                                products[*id] = name_of(records, "product", id);
                            }
                            product = products[*id];
                        }
                        table += "<tr><td>" + html_escaped(product) + "</td><td>" +
                                 html_escaped(text_of(line, "description")) + "</td>" +
                                 cell(plain_number(decimal_or_zero(line, "quantity"))) +
                                 cell(grouped_amount(decimal_or_zero(line, "unit_price"))) +
                                 cell(plain_number(decimal_or_zero(line, "discount"))) +
                                 cell(plain_number(decimal_or_zero(line, "tax_rate"))) +
                                 cell(grouped_amount(decimal_or_zero(line, "subtotal"))) + "</tr>";
                    });
    return table + "</tbody></table>";
}

std::string totals_table(const sdk::Record& order) {
    const auto total_row = [&order](std::string_view label, const char* field,
                                    std::string_view css = {}) {
        return "<tr" + (css.empty() ? std::string() : " class=\"" + std::string(css) + "\"") +
               "><th>" + std::string(label) + "</th><td>" +
               html_escaped(grouped_amount(decimal_or_zero(order, field))) + "</td></tr>";
    };
    return "<table class=\"totals\">" + total_row("Untaxed amount", "amount_untaxed") +
           total_row("Taxes", "amount_tax") + total_row("Total", "amount_total", "total") +
           "</table>";
}

// The caller may read the order (the kernel checked); its customer, salesperson and lines are
// read with the plugin's authority so that the document is whole whoever wrote each line.
sdk::HttpResponse print_quotation(sdk::PluginContext& context, sdk::ActionRequest& request) {
    const auto& order = request.record();
    auto& records = context.records();
    const auto title = title_of(text_of(order, "state")) + " " + text_of(order, "number");
    sdk::HttpResponse response;
    response.content_type = "text/html; charset=utf-8";
    response.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                    html_escaped(title) + "</title><style>" + std::string(style) +
                    "</style></head><body><header><h1>" + html_escaped(company_name(context)) +
                    "</h1></header><h2>" + html_escaped(title) +
                    "</h2><section class=\"parties\">" + customer_block(records, order) +
                    order_block(records, order) + "</section>" + lines_table(records, order) +
                    totals_table(order) + "</body></html>\n";
    return response;
}

}  // namespace

std::string html_escaped(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&#39;";
                break;
            default:
                escaped += c;
        }
    }
    return escaped;
}

std::string grouped_amount(const sdk::Decimal& amount) {
    std::string text = amount.to_string();
    const bool negative = !text.empty() && text.front() == '-';
    const auto point = text.find('.');
    auto digits_end = point == std::string::npos ? text.size() : point;
    const std::size_t digits_begin = negative ? 1 : 0;
    for (auto at = digits_end; at > digits_begin + 3; at -= 3) {
        text.insert(at - 3, 1, ',');
    }
    return text;
}

void add_quotation_print(sdk::PluginContext& context) {
    context.add_record_view("sales_order", "print", [&context](sdk::ActionRequest& request) {
        return print_quotation(context, request);
    });
}

}  // namespace rapport::sales
