#include "opportunity_pipeline.hpp"

#include "field_values.hpp"
#include "json_values.hpp"
#include "sales_settings.hpp"

#include <rapport/sdk/error.hpp>

#include <array>
#include <utility>

namespace rapport::sales {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 6> probabilities{{
    {"new", 10},
    {"qualified", 30},
    {"proposition", 60},
    {"negotiation", 80},
    {"won", 100},
    {"lost", 0},
}};

// A created opportunity without a probability, or a change of stage that does not write one,
// gets the stage's. The update this makes emits its own event, which changes no stage and so
// ends here.
void follow_stage(sdk::PluginContext& context, const sdk::Event& event) {
    // A created record's changes hold every value it was given, its stage among them.
    if (!changed(event, "stage") || changed(event, "probability")) {
        return;
    }
    const auto probability = stage_probability(text_of(event.record, "stage"));
    if (probability && decimal_of(event.record, "probability") != probability) {
        context.records().update("opportunity", event.record.id, {{"probability", *probability}});
    }
}

std::optional<sdk::CreatedRecord> convert_to_quotation(sdk::PluginContext& context,
                                                       sdk::ActionRequest& request) {
    const ActionParams params(request.params(), "convert_to_quotation", {});
    const auto& opportunity = request.record();
    const auto account = id_of(opportunity, "account_id");
    if (!account) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "a quotation needs a customer: link the opportunity to an account first",
                         {{"account_id", "is required to convert_to_quotation"}});
    }
    const auto order_date = today();
    sdk::FieldMap order{
        {"account_id", *account},
        {"opportunity_id", opportunity.id},
        {"order_date", order_date},
        {"validity_date", days_after(order_date, quotation_validity_days(context))}};
    for (const auto* field : {"salesperson_id", "team_id"}) {
        if (const auto id = id_of(opportunity, field)) {
            order.emplace(field, *id);
        }
    }
    const auto created = request.records().create("sales_order", order);
    return sdk::CreatedRecord{"sales_order", created.id};
}

}  // namespace

std::optional<sdk::Decimal> stage_probability(std::string_view stage) {
    for (const auto& [name, percent] : probabilities) {
        if (name == stage) {
            return sdk::Decimal(percent * 100, 2);
        }
    }
    return std::nullopt;
}

void add_opportunity_pipeline(sdk::PluginContext& context) {
    for (const auto* event :
         {"opportunity.created", "opportunity.updated", "opportunity.transitioned"}) {
        context.add_validator(
            event, [&context](const sdk::Event& change) { follow_stage(context, change); });
    }
    context.add_action(
        "opportunity", "convert_to_quotation",
        [&context](sdk::ActionRequest& request) { return convert_to_quotation(context, request); });
}

}  // namespace rapport::sales
