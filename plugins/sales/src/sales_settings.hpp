// The plugin's settings (`settings:` in plugin.yaml) as an admin set them, else at their
// declared defaults. Read when a document needs them, so that a change applies to the next one.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

#include <string>

namespace rapport::sales {

// How long a new quotation is valid: its validity_date is this many days after its order_date.
int quotation_validity_days(sdk::PluginContext& context);
// When a new invoice is due: this many days after its invoice_date.
int invoice_payment_days(sdk::PluginContext& context);
// Printed at the head of quotations and orders.
std::string company_name(sdk::PluginContext& context);

}  // namespace rapport::sales
