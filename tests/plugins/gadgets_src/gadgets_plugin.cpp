// A test plugin with one entity and two routes, built twice (GADGETS_VERSION 1.0.0 and 1.1.0,
// each with its own manifest) for the upgrade tests.
#include "gadgets_manifest.hpp"

#include <rapport/sdk/http.hpp>
#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <stdexcept>
#include <string>

namespace rapport::gadgets {

class GadgetsPlugin final : public sdk::Plugin {
  public:
    void start(sdk::PluginContext& context) override {
        // Test names are plain words: no JSON escaping needed.
        context.add_route("GET", "/gadgets/hello/{name}", [](const sdk::HttpRequest& request) {
            sdk::HttpResponse response;
            response.body = R"({"hello": ")" + std::string(*request.path_param("name")) +
                            R"(", "version": ")" GADGETS_VERSION R"("})";
            return response;
        });
        context.add_route("GET", "/gadgets/fail", [](const sdk::HttpRequest&) -> sdk::HttpResponse {
            throw std::runtime_error("the gadget broke");
        });
    }
};

}  // namespace rapport::gadgets

RAPPORT_PLUGIN(rapport::gadgets::GadgetsPlugin, "gadgets", GADGETS_VERSION,
               rapport::gadgets::manifest_yaml)
