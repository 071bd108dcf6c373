// Customer profiling: segments assigned from the answers to a questionnaire.
// Entities, views, menus and grants are declared in plugin.yaml; the profile action on account
// and contact comes in a later issue.
#include "customer_profiling_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::customer_profiling {

class CustomerProfilingPlugin final : public sdk::Plugin {};

}  // namespace rapport::customer_profiling

RAPPORT_PLUGIN(rapport::customer_profiling::CustomerProfilingPlugin, "customer_profiling", "1.0.0",
               rapport::customer_profiling::manifest_yaml)
