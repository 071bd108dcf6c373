#include "sales_settings.hpp"

#include <variant>

namespace rapport::sales {
namespace {

// The manifest bounds the day counts (min, max), so they fit an int.
int days_setting(sdk::PluginContext& context, std::string_view name) {
    return static_cast<int>(std::get<std::int64_t>(context.setting(name)));
}

}  // namespace

int quotation_validity_days(sdk::PluginContext& context) {
    return days_setting(context, "quotation_validity_days");
}

int invoice_payment_days(sdk::PluginContext& context) {
    return days_setting(context, "invoice_payment_days");
}

std::string company_name(sdk::PluginContext& context) {
    return std::get<std::string>(context.setting("company_name"));
}

}  // namespace rapport::sales
