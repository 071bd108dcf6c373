// The plugin's settings (`settings:` in plugin.yaml) at their declared defaults: the kernel keeps
// no values an admin sets yet. Keep these in step with the manifest.
#pragma once

#include <string_view>

namespace rapport::sales {

inline constexpr int quotation_validity_days = 30;
inline constexpr int invoice_payment_days = 30;
inline constexpr std::string_view company_name = "My Company";

}  // namespace rapport::sales
