// A test plugin with one entity; version 1.1.0 of two, for the upgrade tests.
#include "gadgets_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::gadgets {

class GadgetsPlugin final : public sdk::Plugin {};

}  // namespace rapport::gadgets

RAPPORT_PLUGIN(rapport::gadgets::GadgetsPlugin, "gadgets", "1.1.0", rapport::gadgets::manifest_yaml)
