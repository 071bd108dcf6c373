// Opportunities (ARCHITECTURE.md §8): the probability follows the stage unless the same write sets
// it, and `convert_to_quotation` makes the sales order in state quotation (the transition of
// that name has already marked the opportunity won).
#pragma once

#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <optional>
#include <string_view>

namespace rapport::sales {

// The probability of a stage: new 10, qualified 30, proposition 60, negotiation 80, won 100,
// lost 0; nullopt for an unknown stage.
std::optional<sdk::Decimal> stage_probability(std::string_view stage);

void add_opportunity_pipeline(sdk::PluginContext& context);

}  // namespace rapport::sales
