#include "workflow/automation_rules.hpp"

#include "db/database.hpp"
#include "records/list_query_parser.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "workflow/webhook_outbox.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace rapport::workflow {
namespace {

// How many rule actions this thread is running inside one another.
thread_local int rule_depth = 0;

class Deeper {
  public:
    Deeper() { ++rule_depth; }
    ~Deeper() { --rule_depth; }
    Deeper(const Deeper&) = delete;
    Deeper& operator=(const Deeper&) = delete;
};

const std::string& rule_name(const records::Record& rule) {
    return std::get<std::string>(rule.get("name"));
}

boost::json::value json_of(const records::Record& rule, std::string_view field) {
    const auto* json = std::get_if<sdk::Json>(&rule.get(field));
    return json ? boost::json::parse(json->text) : boost::json::value(nullptr);
}

// The condition as list-API parameters: {"stage": "eq.won"} → stage=eq.won.
records::QueryParams condition_params(const boost::json::value& condition) {
    records::QueryParams params;
    if (condition.is_null()) {
        return params;
    }
    if (!condition.is_object()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid automation rule",
                         {{"condition", "maps fields to filters, e.g. {\"stage\": \"eq.won\"}"}});
    }
    for (const auto& [field, filter] : condition.as_object()) {
        if (!filter.is_string()) {
            throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid automation rule",
                             {{"condition", "the filter of " + std::string(field) +
                                                " is text, e.g. \"gte.1000\""}});
        }
        params.emplace_back(std::string(field), std::string(filter.as_string()));
    }
    return params;
}

sdk::Error rule_problem(const std::string& field, const std::string& message) {
    return sdk::Error(sdk::ErrorCode::validation_failed, "invalid automation rule",
                      {{field, message}});
}

// What a rule must hold to run at all, checked when it is written.
void check_rule(const records::RecordStore& store, const records::FieldValues& values) {
    std::string event;
    boost::json::value condition;
    boost::json::value action;
    for (const auto& [field, value] : values) {
        if (field->name == "event" && std::holds_alternative<std::string>(value)) {
            event = std::get<std::string>(value);
        } else if (field->name == "condition" && std::holds_alternative<sdk::Json>(value)) {
            condition = boost::json::parse(std::get<sdk::Json>(value).text);
        } else if (field->name == "action" && std::holds_alternative<sdk::Json>(value)) {
            action = boost::json::parse(std::get<sdk::Json>(value).text);
        }
    }
    const auto dot = event.find('.');
    const auto* entity =
        dot == std::string::npos ? nullptr : store.schema().find(event.substr(0, dot));
    const std::string kind = dot == std::string::npos ? "" : event.substr(dot + 1);
    if (!event.empty() && (!entity || (kind != "created" && kind != "updated" &&
                                       kind != "deleted" && kind != "transitioned"))) {
        throw rule_problem("event",
                           "'" + event + "' is not <entity>.created|updated|deleted|transitioned");
    }
    if (entity) {
        try {
            records::parse_list_query(*entity, condition_params(condition));
        } catch (const sdk::Error& error) {
            throw rule_problem("condition", error.what());
        }
    }
    if (!action.is_null()) {
        const auto* object = action.if_object();
        if (!object || object->size() != 1 ||
            !(object->contains("set") || object->contains("create") ||
              object->contains("webhook") || object->contains("notify"))) {
            throw rule_problem("action",
                               "one of {\"set\": {...}}, {\"create\": {\"entity\", "
                               "\"values\"}}, {\"webhook\": id}, {\"notify\": "
                               "{\"user_ids\", \"message\"}}");
        }
        if (object->contains("set") && entity) {
            records::values_from_json(*entity, object->at("set"));
        }
    }
}

}  // namespace

AutomationRules::AutomationRules(records::RecordStore& store, const WebhookOutbox& outbox)
    : store_(store)
    , rules_(active_records(store, "automation_rule"), std::chrono::seconds(1))
    , outbox_(outbox) {
    store_.on_before_write("automation_rule",
                           [&store](const records::Caller&, const records::EntityDefinition&,
                                    std::optional<std::int64_t>,
                                    records::FieldValues& values) { check_rule(store, values); });
}

void AutomationRules::record_event(const records::RecordEvent& event) {
    const auto found = rules_on(event.name());
    if (found.empty()) {
        return;
    }
    if (rule_depth >= max_rule_depth) {
        spdlog::warn("automation rules nested {} deep: the rules on {} of {} {} do not run",
                     rule_depth, event.name(), event.entity().name, event.id());
        return;
    }
    for (const auto& rule : found) {
        if (holds(event, rule)) {
            run(event, rule);
        }
    }
}

bool AutomationRules::listens_to(std::string_view event) {
    return !rules_on(event).empty();
}

std::vector<records::Record> AutomationRules::rules_on(std::string_view event) {
    std::vector<records::Record> found;
    const auto rules = rules_.get();  // held while read: see Cached::get
    for (const auto& rule : *rules) {
        const auto* name = std::get_if<std::string>(&rule.get("event"));
        if (name && *name == event) {
            found.push_back(rule);
        }
    }
    return found;
}

// A deleted record is gone from its table: only rules without a condition run on deletes.
bool AutomationRules::holds(const records::RecordEvent& event, const records::Record& rule) const {
    auto params = condition_params(json_of(rule, "condition"));
    if (params.empty()) {
        return true;
    }
    if (event.action == "deleted") {
        return false;
    }
    params.emplace_back("id", "eq." + std::to_string(event.id()));
    params.emplace_back("count", "none");
    const auto query = records::parse_list_query(event.entity(), params);
    return !store_.list(store_.system_caller(), event.entity(), query).items.empty();
}

void AutomationRules::run(const records::RecordEvent& event, const records::Record& rule) const {
    const auto action = json_of(rule, "action").as_object();
    const std::string name = rule_name(rule);
    if (const auto* set = action.if_contains("set")) {
        if (event.action != "deleted") {
            const Deeper deeper;
            store_.update(store_.system_caller(), event.entity(), event.id(),
                          records::values_from_json(event.entity(), *set));
        }
        return;
    }
    // The rest happens once the change has committed, each in its own transaction.
    store_.database().after_commit([this, action, name, event] {
        const Deeper deeper;
        if (const auto* create = action.if_contains("create")) {
            const auto& entity = store_.entity(create->at("entity").as_string());
            store_.create(store_.system_caller(), entity,
                          records::values_from_json(entity, create->at("values")));
        } else if (const auto* webhook = action.if_contains("webhook")) {
            outbox_.deliver_to(webhook->as_int64(), event);
        } else if (const auto* notify = action.if_contains("notify")) {
            const auto& notification = store_.entity("notification");
            for (const auto& user : notify->at("user_ids").as_array()) {
                // Owned by its recipient, who alone reads it.
                const records::Caller recipient{user.as_int64(), {}, store_.system_caller().policy};
                boost::json::object values{{"user_id", user}, {"message", notify->at("message")}};
                if (event.action != "deleted") {  // a deleted record is nothing to point at
                    values["regarding_entity"] = event.entity().name;
                    values["regarding_id"] = event.id();
                }
                store_.create(recipient, notification,
                              records::values_from_json(notification, values));
            }
        }
        spdlog::info("automation rule '{}' ran on {} of {} {}", name, event.name(),
                     event.entity().name, event.id());
    });
}

}  // namespace rapport::workflow
