// A test plugin with one entity, its workflow and actions, event subscribers and a few routes,
// built twice (GADGETS_VERSION 1.0.0 and 1.1.0, each with its own manifest) for the upgrade
// tests.
#include "gadgets_manifest.hpp"

#include <rapport/sdk/error.hpp>
#include <rapport/sdk/http.hpp>
#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>
#include <rapport/sdk/timestamp.hpp>

#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace rapport::gadgets {
namespace {

// A text, decimal or date value as JSON (test values need no escaping), null as null.
std::string json_text(const sdk::Value& value) {
    if (const auto* decimal = std::get_if<sdk::Decimal>(&value)) {
        return '"' + decimal->to_string() + '"';
    }
    if (const auto* date = std::get_if<sdk::Date>(&value)) {
        return '"' + date->to_string() + '"';
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return '"' + *text + '"';
    }
    return "null";
}

}  // namespace

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
        // On an entity the plugin does not own, declared under `extends:` in its manifest.
        context.add_computed_field("account", "gadget_badge", [](const sdk::Record& account) {
            return sdk::Value{"gadget friend of " + std::get<std::string>(account.get("name"))};
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
        // Reads its setting where it uses it: an admin's change shows on the next request.
        const auto greet = [&context](const sdk::HttpRequest& request) {
            const auto greeting = std::get<std::string>(context.setting("greeting"));
            sdk::HttpResponse response;
            response.body = R"({"greeting": ")" + greeting + ", " +
                            std::string(*request.path_param("name")) + R"("})";
            return response;
        };
        context.add_route("GET", "/gadgets/greeting/{name}", greet);
        add_actions(context);
        add_jobs(context);
        add_views(context);
        add_report(context);
        add_tally(context);
        add_subscribers(context);
    }

  private:
    void add_actions(sdk::PluginContext& context) {
        // Runs after the `ship` transition, in its transaction: a spare gadget, as the caller.
        context.add_action("gadget", "ship", [&context](sdk::ActionRequest& request) {
            const auto& name = std::get<std::string>(request.record().get("name"));
            const auto spare = request.records().create("gadget", {{"name", name + " spare"}});
            // Queued with the shipment: if anything below fails, the reminder goes too.
            context.schedule("remind", name, sdk::Timestamp::now());
            if (request.params().text.find("\"explode\": true") != std::string::npos ||
                request.params().text.find("\"explode\":true") != std::string::npos) {
                throw std::runtime_error("exploded after making the spare");
            }
            return sdk::CreatedRecord{"gadget", spare.id};
        });
        // Shipped gadgets are archived by the internal transition only code may run; others
        // are forever.
        context.add_action(
            "gadget", "scrap",
            [](sdk::ActionRequest& request) -> std::optional<sdk::CreatedRecord> {
                if (request.record().get("state") != sdk::Value{std::string("shipped")}) {
                    throw sdk::Error(sdk::ErrorCode::conflict, "gadgets are forever");
                }
                request.records().act("gadget", request.record().id, "archive");
                return std::nullopt;
            });
        // An action on an entity the plugin does not own.
        context.add_action("account", "gadgetise", [](sdk::ActionRequest& request) {
            const auto& name = std::get<std::string>(request.record().get("name"));
            const auto made = request.records().create("gadget", {{"name", name + " gadget"}});
            return sdk::CreatedRecord{"gadget", made.id};
        });
    }

    // A printable label per gadget, numbered from the plugin's sequence.
    void add_views(sdk::PluginContext& context) {
        context.add_record_view("gadget", "label", [&context](sdk::ActionRequest& request) {
            sdk::HttpResponse response;
            response.content_type = "text/html; charset=utf-8";
            response.body = "<h1>" + std::get<std::string>(request.record().get("name")) +
                            "</h1><p>label " + std::to_string(context.next_number("label")) +
                            "</p><p>" + request.params().text + "</p>";
            return response;
        });
    }

    // How many gadgets each state holds, for whoever may read gadgets.
    void add_report(sdk::PluginContext& context) {
        context.add_entity_view("gadget", "census", [](sdk::ApiRequest& request) {
            sdk::HttpResponse response;
            response.body = R"({"gadgets": )" +
                            std::to_string(request.records().list("gadget", {}).size()) + "}";
            return response;
        });
    }

    // Priced gadgets by month made, added up by the database: the caller's scope applies.
    void add_tally(sdk::PluginContext& context) {
        context.add_entity_view("gadget", "tally", [](sdk::ApiRequest& request) {
            const sdk::AggregateQuery query{
                .group_by = {{"made_on", sdk::DateBucket::month}},
                .count = true,
                .measures = {{sdk::Aggregate::sum, "price"}, {sdk::Aggregate::max, "made_on"}},
                .filters = {{"price", "not.is.null"}}};
            std::string groups;
            for (const auto& group : request.records().aggregate("gadget", query)) {
                // keys[0]: "2026-11"; measures[0]: an sdk::Decimal, [1]: an sdk::Date.
                groups += std::string(groups.empty() ? "" : ", ") + R"({"month": )" +
                          json_text(group.keys[0]) + R"(, "count": )" +
                          std::to_string(group.count.value_or(0)) + R"(, "price": )" +
                          json_text(group.measures[0]) + R"(, "last_made": )" +
                          json_text(group.measures[1]) + "}";
            }
            sdk::HttpResponse response;
            response.body = R"({"groups": [)" + groups + "]}";
            return response;
        });
    }

    void add_jobs(sdk::PluginContext& context) {
        context.add_job_handler("remind", [&context](std::string_view name) {
            context.records().create("gadget", {{"name", std::string(name) + " reminder"}});
        });
    }

    void add_subscribers(sdk::PluginContext& context) {
        context.add_validator("gadget.created", [](const sdk::Event& event) {
            if (event.record.get("name") == sdk::Value{std::string("forbidden")}) {
                throw sdk::Error(sdk::ErrorCode::validation_failed, "no forbidden gadgets",
                                 {{"name", "is forbidden"}});
            }
        });
        context.subscribe("gadget.*", [this](const sdk::Event& event) {
            ++events_;
            std::lock_guard lock(mutex_);
            last_event_ = event.name + (event.transition.empty() ? "" : ":" + event.transition);
        });
        context.subscribe("*", [](const sdk::Event& event) {
            if (event.record.get("name") == sdk::Value{std::string("boom")}) {
                throw std::runtime_error("a handler that fails after commit");
            }
        });
        context.add_route("GET", "/gadgets/events", [this](const sdk::HttpRequest&) {
            sdk::HttpResponse response;
            std::lock_guard lock(mutex_);
            response.body = R"({"count": )" + std::to_string(events_.load()) + R"(, "last": ")" +
                            last_event_ + R"("})";
            return response;
        });
    }

    std::atomic<int> events_{0};
    std::mutex mutex_;
    std::string last_event_;
};

}  // namespace rapport::gadgets

RAPPORT_PLUGIN(rapport::gadgets::GadgetsPlugin, "gadgets", GADGETS_VERSION,
               rapport::gadgets::manifest_yaml)
