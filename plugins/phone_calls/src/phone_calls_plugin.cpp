// Phone calls and meetings with customers.
// Entities, workflows, views, menus and grants are declared in plugin.yaml; the
// schedule_meeting action comes in a later issue.
#include "phone_calls_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::phone_calls {

class PhoneCallsPlugin final : public sdk::Plugin {};

}  // namespace rapport::phone_calls

RAPPORT_PLUGIN(rapport::phone_calls::PhoneCallsPlugin, "phone_calls", "1.0.0",
               rapport::phone_calls::manifest_yaml)
