// A test plugin with one entity and two routes, built twice (GADGETS_VERSION 1.0.0 and 1.1.0,
// each with its own manifest) for the upgrade tests.
#include "gadgets_manifest.hpp"

#include <rapport/sdk/http.hpp>
#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <cctype>
#include <stdexcept>
#include <string>

namespace rapport::gadgets {

class GadgetsPlugin final : public sdk::Plugin {
  public:
    void on_install(sdk::PluginContext& context) override {
        context.records().create("gadget", {{"name", std::string("Welcome gadget")}});
    }

    void start(sdk::PluginContext& context) override {
        // `shout`: the name in capitals, worked out whenever a gadget is read.
        context.add_computed_field("gadget", "shout", [](const sdk::Record& gadget) {
            auto name = std::get<std::string>(gadget.get("name"));
            for (auto& c : name) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            return sdk::Value{name};
        });
        // Test names are plain words: no JSON escaping needed.
        context.add_route("GET", "/gadgets/hello/{name}", [](const sdk::HttpRequest& request) {
            sdk::HttpResponse response;
            response.body = R"({"hello": ")" + std::string(*request.path_param("name")) +
                            R"(", "version": ")" GADGETS_VERSION R"("})";
            return response;
        });
        // Makes a gadget through the SDK's record store: an empty name is refused by the
        // kernel's validation, and that refusal is the route's answer.
        context.add_route("POST", "/gadgets/make", [&context](const sdk::HttpRequest& request) {
            const auto made = context.records().create("gadget", {{"name", request.body}});
            const auto all = context.records().list("gadget", {{"order", "id.asc"}});
            sdk::HttpResponse response;
            response.status = 201;
            response.body = R"({"id": )" + std::to_string(made.id) + R"(, "gadgets": )" +
                            std::to_string(all.size()) + "}";
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
