// Invoices (ARCHITECTURE.md §8): numbered INV/<year>/00001, … per year of the invoice date, due
// after the payment term; at most one live invoice per sales order, of the order's customer;
// posted only with lines and read-only from then on; `register_payment {amount}` takes partial
// payments on posted invoices, never more than is due, and marks the invoice paid (the internal
// transition mark_paid) once it is paid in full.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sales {

void add_invoices(sdk::PluginContext& context);

}  // namespace rapport::sales
