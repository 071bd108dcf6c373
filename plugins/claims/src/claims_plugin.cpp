// Customer claims, tracked against the SLA of their priority.
// Entities, workflows, views, menus and grants are declared in plugin.yaml; SLA deadlines come
// in a later issue.
#include "claims_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::claims {

class ClaimsPlugin final : public sdk::Plugin {};

}  // namespace rapport::claims

RAPPORT_PLUGIN(rapport::claims::ClaimsPlugin, "claims", "1.0.0", rapport::claims::manifest_yaml)
