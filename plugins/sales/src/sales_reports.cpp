#include "sales_reports.hpp"

#include "exact_amount.hpp"
#include "field_values.hpp"
#include "json_values.hpp"
#include "record_pages.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

namespace rapport::sales {
namespace {

constexpr std::array<std::string_view, 6> stages{"new",         "qualified", "proposition",
                                                 "negotiation", "won",       "lost"};
// The list API's parameters that are no filters: a report reads every record it selects.
constexpr std::array<std::string_view, 5> not_filters{"select", "order", "limit", "offset",
                                                      "count"};

// The view's query string as list filters. Each field appears once (the query reaches a view as
// a JSON object); a malformed one is refused as the list API refuses it.
Filters filters_of(const sdk::ApiRequest& request) {
    Filters filters;
    boost::system::error_code error;
    const auto params = boost::json::parse(request.params().text, error);
    if (error || !params.is_object()) {
        return filters;
    }
    for (const auto& [name, value] : params.as_object()) {
        if (value.is_string() && std::find(not_filters.begin(), not_filters.end(),
                                           std::string_view(name)) == not_filters.end()) {
            filters.emplace_back(std::string(name), std::string(value.as_string()));
        }
    }
    return filters;
}

std::string amount_text(const ExactAmount& amount) {
    return amount.rounded(2).to_string();
}

// A percentage as the API writes percent fields: a whole number when it is one, else a number
// with up to two decimals.
boost::json::value percent_json(const sdk::Decimal& percent) {
    if (percent.units() % 100 == 0) {
        return percent.units() / 100;
    }
    return std::stod(percent.to_string());
}

struct Pipeline {
    std::int64_t count = 0;
    ExactAmount expected;
    ExactAmount weighted;

    Pipeline& operator+=(const Pipeline& other) {
        count += other.count;
        expected += other.expected;
        weighted += other.weighted;
        return *this;
    }
    boost::json::object json() const {
        return {{"count", count},
                {"expected_revenue", amount_text(expected)},
                {"weighted_revenue", amount_text(weighted)}};
    }
};

// Keys as text: "" for the opportunities without one.
using Pipelines = std::map<std::string, Pipeline, std::less<>>;

// The opportunities `filters` select, added up by `key` in the database: grouped by the key and
// probability as well, each group's weighted revenue is exactly probability × its sum / 100.
Pipelines pipelines_by(sdk::RecordStore& records, const Filters& filters, sdk::Grouping key) {
    const sdk::AggregateQuery query{.group_by = {std::move(key), {"probability"}},
                                    .count = true,
                                    .measures = {{sdk::Aggregate::sum, "expected_revenue"}},
                                    .filters = filters};
    Pipelines pipelines;
    for (const auto& group : records.aggregate("opportunity", query)) {
        const auto* name = std::get_if<std::string>(&group.keys[0]);
        const auto* probability = std::get_if<sdk::Decimal>(&group.keys[1]);
        const auto* sum = std::get_if<sdk::Decimal>(&group.measures[0]);
        Pipeline pipeline{group.count.value_or(0), sum ? ExactAmount(*sum) : ExactAmount(), {}};
        if (probability) {
            pipeline.weighted = pipeline.expected * ExactAmount::percent(*probability);
        }
        pipelines[name ? *name : ""] += pipeline;
    }
    return pipelines;
}

sdk::HttpResponse forecast(sdk::ApiRequest& request) {
    const auto filters = filters_of(request);
    auto by_stage = pipelines_by(request.records(), filters, {"stage"});
    const auto by_month =
        pipelines_by(request.records(), filters, {"expected_close_date", sdk::DateBucket::month});
    Pipeline total;
    for (const auto& [stage, pipeline] : by_stage) {
        total += pipeline;
    }
    boost::json::array stages_json;
    for (const auto stage : stages) {
        const auto found = by_stage.find(stage);
        auto item = found == by_stage.end() ? Pipeline().json() : found->second.json();
        item.emplace("stage", stage);
        stages_json.push_back(std::move(item));
    }
    boost::json::array months_json;
    for (const auto& [month, pipeline] : by_month) {
        auto item = pipeline.json();
        item.emplace("month",
                     month.empty() ? boost::json::value(nullptr) : boost::json::value(month));
        months_json.push_back(std::move(item));
    }
    if (!months_json.empty() && months_json.front().at("month").is_null()) {
        // Undated opportunities last.
        std::rotate(months_json.begin(), months_json.begin() + 1, months_json.end());
    }
    const std::int64_t won = by_stage["won"].count;
    const std::int64_t lost = by_stage["lost"].count;
    auto body = total.json();
    body.emplace("by_stage", std::move(stages_json));
    body.emplace("by_month", std::move(months_json));
    body.emplace("won", won);
    body.emplace("lost", lost);
    // The share of closed opportunities that were won, in percent.
    body.emplace("win_rate", won + lost == 0 ? boost::json::value(nullptr)
                                             : percent_json(ExactAmount::percentage(
                                                   ExactAmount(sdk::Decimal(won, 0)),
                                                   ExactAmount(sdk::Decimal(won + lost, 0)))));
    return json_response(body);
}

struct Margin {
    ExactAmount revenue;
    ExactAmount cost;

    boost::json::object json() const {
        return {{"revenue", amount_text(revenue)},
                {"cost", amount_text(cost)},
                {"margin", amount_text(revenue - cost)}};
    }
};

// The cost of each product the lines name, read as the caller (a sales manager reads costs).
class ProductCosts {
  public:
    explicit ProductCosts(sdk::RecordStore& records) : records_(records) {}

    ExactAmount of(std::int64_t product) {
        if (const auto found = costs_.find(product); found != costs_.end()) {
            return found->second;
        }
        const auto record = records_.get("product", product);
        return costs_[product] = ExactAmount(decimal_or_zero(record, "cost"));
    }

  private:
    sdk::RecordStore& records_;
    std::map<std::int64_t, ExactAmount> costs_;
};

sdk::HttpResponse margin(sdk::ApiRequest& request) {
    if (!request.has_role("sales_manager")) {
        throw sdk::Error(sdk::ErrorCode::forbidden,
                         "the margin report is for sales managers: it shows what products cost");
    }
    auto& records = request.records();
    auto filters = filters_of(request);
    filters.emplace_back("state", "in.(confirmed,invoiced)");
    // Where each order's lines count: its month and its customer.
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> orders;
    for_each_record(records, "sales_order", filters, [&orders](const sdk::Record& order) {
        const auto date = date_of(order, "order_date");
        orders[order.id] = {date ? month_of(*date) : "", id_of(order, "account_id").value_or(0)};
    });
    Margin total;
    std::map<std::string, Margin> by_month;
    std::map<std::int64_t, Margin> by_account;
    ProductCosts costs(records);
    const auto count_line = [&](const sdk::Record& line) {
        const auto& [month, account] = orders.at(*id_of(line, "order_id"));
        const ExactAmount revenue(decimal_or_zero(line, "subtotal"));
        const auto product = id_of(line, "product_id");
        const auto cost = product
                              ? costs.of(*product) * ExactAmount(decimal_or_zero(line, "quantity"))
                              : ExactAmount();
        for (auto* bucket : {&total, &by_month[month], &by_account[account]}) {
            bucket->revenue += revenue;
            bucket->cost += cost;
        }
    };
    // The lines of up to `batch` orders a query.
    constexpr std::size_t batch = 200;
    std::string ids;
    std::size_t batched = 0;
    for (auto order = orders.begin(); order != orders.end(); ++order) {
        ids += (ids.empty() ? "" : ",") + std::to_string(order->first);
        if (++batched == batch || std::next(order) == orders.end()) {
            for_each_record(records, "sales_order_line", {{"order_id", "in.(" + ids + ")"}},
                            count_line);
            ids.clear();
            batched = 0;
        }
    }
    boost::json::array months_json;
    for (const auto& [month, amounts] : by_month) {
        auto item = amounts.json();
        item.emplace("month",
                     month.empty() ? boost::json::value(nullptr) : boost::json::value(month));
        months_json.push_back(std::move(item));
    }
    boost::json::array accounts_json;
    for (const auto& [account, amounts] : by_account) {
        auto item = amounts.json();
        item.emplace("account_id", account);
        accounts_json.push_back(std::move(item));
    }
    auto body = total.json();
    body.emplace("margin_percent", total.revenue == ExactAmount()
                                       ? boost::json::value(nullptr)
                                       : percent_json(ExactAmount::percentage(
                                             total.revenue - total.cost, total.revenue)));
    body.emplace("by_month", std::move(months_json));
    body.emplace("by_account", std::move(accounts_json));
    return json_response(body);
}

// What a target's team (and salesperson, when it names one) sold in its period: the untaxed
// amount of its confirmed and invoiced orders dated within it. Tax is no revenue.
sdk::Value achieved(sdk::RecordStore& records, const sdk::Record& target) {
    const auto team = id_of(target, "team_id");
    const auto start = date_of(target, "period_start");
    const auto end = date_of(target, "period_end");
    if (!team || !start || !end) {
        return {};
    }
    Filters filters{{"state", "in.(confirmed,invoiced)"},
                    {"team_id", "eq." + std::to_string(*team)},
                    {"order_date", "gte." + start->to_string()},
                    {"order_date", "lte." + end->to_string()}};
    if (const auto salesperson = id_of(target, "salesperson_id")) {
        filters.emplace_back("salesperson_id", "eq." + std::to_string(*salesperson));
    }
    ExactAmount sum;
    for_each_record(records, "sales_order", filters, [&sum](const sdk::Record& order) {
        sum += ExactAmount(decimal_or_zero(order, "amount_untaxed"));
    });
    return sum.rounded(2);
}

}  // namespace

void add_sales_reports(sdk::PluginContext& context) {
    context.add_entity_view("opportunity", "forecast", forecast);
    context.add_entity_view("sales_order", "margin", margin);
    // Read with the plugin's authority: whoever may read a target sees how far it is reached.
    context.add_computed_field(
        "sales_team_target", "achieved",
        [&context](const sdk::Record& target) { return achieved(context.records(), target); });
}

}  // namespace rapport::sales
