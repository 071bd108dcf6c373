// The after-commit subscriber of bench/workflow.sh's transition figure: counts opportunity
// transitions as a plugin's handler sees them, and reports the count so that the benchmark can
// check every transition reached it.
#include "deal_watch_manifest.hpp"

#include <rapport/sdk/event.hpp>
#include <rapport/sdk/http.hpp>
#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace rapport::deal_watch {

class DealWatchPlugin final : public sdk::Plugin {
  public:
    void start(sdk::PluginContext& context) override {
        context.subscribe("opportunity.transitioned", [this](const sdk::Event&) { ++seen_; });
        // GET /api/v1/records/opportunity/transitions_seen → {"count": N}
        context.add_entity_view("opportunity", "transitions_seen", [this](sdk::ApiRequest&) {
            return sdk::HttpResponse{
                200, "application/json", "{\"count\": " + std::to_string(seen_.load()) + "}", {}};
        });
    }

  private:
    std::atomic<std::int64_t> seen_{0};
};

}  // namespace rapport::deal_watch

RAPPORT_PLUGIN(rapport::deal_watch::DealWatchPlugin, "deal_watch", "1.0.0",
               rapport::deal_watch::manifest_yaml)
