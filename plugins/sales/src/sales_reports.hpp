// Reports that the aggregate API cannot express (docs/sales.md lists those it can):
//   GET /api/v1/records/opportunity/forecast  the weighted forecast Σ expected_revenue ×
//       probability / 100, by stage and by month of expected closing, and the won/lost ratio,
//       added up by the database (two sdk aggregates, by key and probability);
//   GET /api/v1/records/sales_order/margin    Σ (unit price after discount − cost) × quantity
//       over confirmed and invoiced orders, by month and by customer; sales managers only;
// and the `achieved` amount of each sales_team_target. The reports take the list API's filters
// (`salesperson_id=eq.4`), one per field, and see what the caller may read.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sales {

void add_sales_reports(sdk::PluginContext& context);

}  // namespace rapport::sales
