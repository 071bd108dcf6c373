// Sales: leads, opportunities, products, quotations and sales orders, invoices and targets.
// Entities, workflows, views, menus and grants are declared in plugin.yaml; this library adds
// what needs code, one concern a file: lead conversion, the pipeline's probabilities, order and
// invoice lines with their totals, the sales order and invoice rules, the printable quotation and
// the reports. docs/sales.md describes it for users of the API.
#include "document_lines.hpp"
#include "invoices.hpp"
#include "lead_conversion.hpp"
#include "opportunity_pipeline.hpp"
#include "quotation_print.hpp"
#include "sales_manifest.hpp"
#include "sales_orders.hpp"
#include "sales_reports.hpp"

#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sales {

class SalesPlugin final : public sdk::Plugin {
  public:
    void start(sdk::PluginContext& context) override {
        add_lead_conversion(context);
        add_opportunity_pipeline(context);
        add_document_lines(context, sales_order_document);
        add_document_lines(context, invoice_document);
        add_sales_orders(context);
        add_invoices(context);
        add_quotation_print(context);
        add_sales_reports(context);
    }
};

}  // namespace rapport::sales

RAPPORT_PLUGIN(rapport::sales::SalesPlugin, "sales", "1.0.0", rapport::sales::manifest_yaml)
