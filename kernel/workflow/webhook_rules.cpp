#include "workflow/webhook_rules.hpp"

#include "records/record_store.hpp"
#include "webhooks/webhook_sender.hpp"

#include <rapport/sdk/error.hpp>

#include <array>

namespace rapport::workflow {
namespace {

bool valid_event(std::string_view event) {
    static constexpr std::array<std::string_view, 5> actions{"created", "updated", "deleted",
                                                             "transitioned", "*"};
    if (event == "*") {
        return true;
    }
    const auto dot = event.find('.');
    return dot != std::string_view::npos && records::is_valid_identifier(event.substr(0, dot)) &&
           std::find(actions.begin(), actions.end(), event.substr(dot + 1)) != actions.end();
}

}  // namespace

void add_webhook_rules(records::RecordStore& store) {
    store.on_before_write("webhook", [](const records::Caller&, const records::EntityDefinition&,
                                        std::optional<std::int64_t>, records::FieldValues& values) {
        std::vector<sdk::FieldError> problems;
        for (const auto& [field, value] : values) {
            if (field->name == "url") {
                if (const auto* url = std::get_if<std::string>(&value)) {
                    if (auto problem = webhooks::webhook_url_problem(*url)) {
                        problems.push_back({"url", *problem});
                    }
                }
            } else if (field->name == "events") {
                if (const auto* events = std::get_if<sdk::Strings>(&value)) {
                    if (events->empty()) {
                        problems.push_back({"events", "name at least one event, or *"});
                    }
                    for (const auto& event : *events) {
                        if (!valid_event(event)) {
                            problems.push_back(
                                {"events", "'" + event +
                                               "' is not entity.created|updated|deleted|"
                                               "transitioned, entity.* or *"});
                        }
                    }
                }
            }
        }
        if (!problems.empty()) {
            throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid webhook",
                             std::move(problems));
        }
    });
}

}  // namespace rapport::workflow
