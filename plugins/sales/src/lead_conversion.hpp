// Leads (ARCHITECTURE.md §8): `convert` links or creates the account and contact a lead is about
// and makes the opportunity it becomes; GET /api/v1/records/lead/{id}/matches lists the existing
// accounts and contacts it may duplicate, so that the user links them instead.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sales {

void add_lead_conversion(sdk::PluginContext& context);

}  // namespace rapport::sales
