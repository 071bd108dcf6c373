// Sales: leads, opportunities, products, quotations and sales orders, invoices and targets.
// Entities, workflows, views, menus and grants are declared in plugin.yaml; lead conversion,
// quotations, invoicing and totals come in later issues.
#include "sales_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::sales {

class SalesPlugin final : public sdk::Plugin {};

}  // namespace rapport::sales

RAPPORT_PLUGIN(rapport::sales::SalesPlugin, "sales", "1.0.0", rapport::sales::manifest_yaml)
