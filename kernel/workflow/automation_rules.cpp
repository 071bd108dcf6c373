#include "workflow/automation_rules.hpp"

#include "db/database.hpp"
#include "records/list_query_parser.hpp"
#include "records/record_access.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "records/record_validation.hpp"
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

// The event, condition and action a rule has once a write is done: the stored ones (of an
// update) under the written ones.
struct RuleParts {
    std::string event;
    boost::json::value condition;
    boost::json::value action;
};

RuleParts rule_after(records::RecordStore& store, const records::EntityDefinition& rules,
                     std::optional<std::int64_t> id, const records::FieldValues& values) {
    RuleParts parts;
    if (id) {
        const auto current = store.get(store.system_caller(), rules, *id);
        if (const auto* event = std::get_if<std::string>(&current.get("event"))) {
            parts.event = *event;
        }
        parts.condition = json_of(current, "condition");
        parts.action = json_of(current, "action");
    }
    for (const auto& [field, value] : values) {
        const auto* json = std::get_if<sdk::Json>(&value);
        if (field->name == "event") {
            const auto* event = std::get_if<std::string>(&value);
            parts.event = event ? *event : "";
        } else if (field->name == "condition") {
            parts.condition = json ? boost::json::parse(json->text) : boost::json::value(nullptr);
        } else if (field->name == "action") {
            parts.action = json ? boost::json::parse(json->text) : boost::json::value(nullptr);
        }
    }
    return parts;
}

// The first problem of an invalid write as the action's: "values: bogus: unknown field".
std::string first_problem(const sdk::Error& error) {
    if (error.details().empty()) {
        return error.what();
    }
    return error.details().front().field + ": " + error.details().front().message;
}

// A `set` must leave its record writable: no required field cleared, no state that only a
// transition may reach.
void check_set(const records::EntityDefinition& entity, const boost::json::value& set) {
    records::FieldValues values;
    try {
        values = records::values_from_json(entity, set);
    } catch (const sdk::Error& error) {
        throw rule_problem("action", "set: " + first_problem(error));
    }
    for (const auto& [field, value] : values) {
        if (field->required && sdk::is_null(value)) {
            throw rule_problem("action", "set: " + field->name + " is required");
        }
        const auto* state = std::get_if<std::string>(&value);
        if (entity.workflow && entity.workflow->field == field->name && state &&
            !entity.workflow->writable_directly(*state)) {
            throw rule_problem("action", "set: " + field->name + " becomes " + *state +
                                             " only through the workflow's actions");
        }
    }
}

// A record a rule's action names must exist when the rule is written.
void require_record(records::RecordStore& store, const std::string& entity, std::int64_t id,
                    const std::string& what) {
    try {
        store.get(store.system_caller(), store.entity(entity), id);
    } catch (const sdk::Error&) {
        throw rule_problem("action", what + ": no " + entity + " with id " + std::to_string(id));
    }
}

void check_create(records::RecordStore& store, const boost::json::value& create) {
    const auto* object = create.if_object();
    const auto* name = object ? object->if_contains("entity") : nullptr;
    const auto* values = object ? object->if_contains("values") : nullptr;
    if (!name || !name->is_string() || !values || !values->is_object()) {
        throw rule_problem("action", "create: {\"entity\": name, \"values\": {...}}");
    }
    const auto* entity = store.schema().find(name->as_string());
    if (!entity) {
        throw rule_problem("action", "create: no entity named " + std::string(name->as_string()));
    }
    records::FieldValues created;
    try {
        created = records::values_from_json(*entity, *values);
    } catch (const sdk::Error& error) {
        throw rule_problem("action", "create: " + first_problem(error));
    }
    records::apply_defaults(*entity, created);
    if (const auto missing = records::required_problems(*entity, created, true); !missing.empty()) {
        throw rule_problem("action",
                           "create: " + missing.front().field + " " + missing.front().message);
    }
    for (const auto& [field, value] : created) {
        for (const auto id : field->target.empty() ? std::span<const std::int64_t>()
                                                   : records::referenced_ids(value)) {
            require_record(store, field->target, id, "create: " + field->name);
        }
    }
}

void check_notify(records::RecordStore& store, const boost::json::value& notify) {
    const auto* object = notify.if_object();
    const auto* users = object ? object->if_contains("user_ids") : nullptr;
    const auto* message = object ? object->if_contains("message") : nullptr;
    if (!users || !users->is_array() || users->as_array().empty() || !message ||
        !message->is_string() || message->as_string().empty()) {
        throw rule_problem("action", "notify: {\"user_ids\": [ids], \"message\": text}");
    }
    for (const auto& user : users->as_array()) {
        if (!user.is_int64()) {
            throw rule_problem("action", "notify: user_ids holds user ids");
        }
        require_record(store, "user", user.as_int64(), "notify");
    }
}

// What a rule must hold to run at all, checked when it is written (created or changed).
void check_rule(records::RecordStore& store, const records::EntityDefinition& rules,
                std::optional<std::int64_t> id, const records::FieldValues& values) {
    const auto [event, condition, action] = rule_after(store, rules, id, values);
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
        const auto filters = condition_params(condition);
        try {
            // What the list API refuses everyone, a write-only field, the rule may not test.
            records::RecordAccess(store.system_caller(), *entity, records::Operation::read)
                .require_readable(records::parse_list_query(*entity, filters));
        } catch (const sdk::Error& error) {
            throw rule_problem("condition", error.what());
        }
        if (kind == "deleted" && !filters.empty()) {
            throw rule_problem("condition",
                               "a rule on a delete runs without a condition: the record is gone");
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
            check_set(*entity, object->at("set"));
        } else if (object->contains("create")) {
            check_create(store, object->at("create"));
        } else if (const auto* webhook = object->if_contains("webhook")) {
            if (!webhook->is_int64()) {
                throw rule_problem("action", "webhook: the id of a webhook");
            }
            require_record(store, "webhook", webhook->as_int64(), "webhook");
        } else if (object->contains("notify")) {
            check_notify(store, object->at("notify"));
        }
    }
}

// Whether a rule's action names the record: the users it notifies, the webhook it delivers to.
bool names(const boost::json::value& action, std::string_view entity, std::int64_t id) {
    const auto* object = action.if_object();
    if (!object) {
        return false;
    }
    if (entity == "webhook") {
        const auto* webhook = object->if_contains("webhook");
        return webhook && webhook->is_int64() && webhook->as_int64() == id;
    }
    const auto* notify = object->if_contains("notify");
    const auto* users =
        notify && notify->is_object() ? notify->as_object().if_contains("user_ids") : nullptr;
    if (!users || !users->is_array()) {
        return false;
    }
    const auto& ids = users->as_array();
    return std::any_of(ids.begin(), ids.end(),
                       [id](const auto& user) { return user.is_int64() && user.as_int64() == id; });
}

// A user or webhook a rule names stays while the rule does, as it could not be written without
// them: the delete is a conflict naming the rule.
void refuse_if_a_rule_names(records::RecordStore& store, const records::EntityDefinition& entity,
                            std::int64_t id) {
    records::ListQuery query;
    query.select = {"name", "action"};
    query.limit = records::max_limit;
    query.count_total = false;
    const auto& rules = store.entity("automation_rule");
    for (std::size_t read = query.limit; read == query.limit; query.offset += read) {
        const auto page = store.list(store.system_caller(), rules, query).items;
        for (const auto& rule : page) {
            if (names(json_of(rule, "action"), entity.name, id)) {
                throw sdk::Error(sdk::ErrorCode::conflict, "automation rule '" + rule_name(rule) +
                                                               "' names this " + entity.name +
                                                               ": change or delete the rule first");
            }
        }
        read = page.size();
    }
}

}  // namespace

AutomationRules::AutomationRules(records::RecordStore& store, const WebhookOutbox& outbox)
    : store_(store)
    , rules_(active_records(store, "automation_rule"), std::chrono::seconds(1))
    , outbox_(outbox) {
    store_.on_before_write("automation_rule",
                           [&store](const records::Caller&, const records::EntityDefinition& rules,
                                    std::optional<std::int64_t> id, records::FieldValues& values) {
                               check_rule(store, rules, id, values);
                           });
    for (const char* named : {"user", "webhook"}) {
        store_.on_before_remove(
            named, [&store](const records::Caller&, const records::EntityDefinition& entity,
                            std::int64_t id) { refuse_if_a_rule_names(store, entity, id); });
    }
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
    // What a rule writes is made (in created_by and the audit log) by whoever made the change
    // that ran it, with the rule's own rights.
    const records::Caller actor{event.user_id, {}, store_.system_caller().policy};
    if (const auto* set = action.if_contains("set")) {
        if (event.action != "deleted") {
            const Deeper deeper;
            store_.update(actor, event.entity(), event.id(),
                          records::values_from_json(event.entity(), *set));
        }
        return;
    }
    // The rest happens once the change has committed, each in its own transaction.
    store_.database().after_commit([this, action, name, event, actor] {
        try {
            run_after_commit(action, event, actor);
        } catch (const sdk::Error& error) {
            spdlog::error("automation rule '{}' failed on {} of {} {}: {}", name, event.name(),
                          event.entity().name, event.id(), first_problem(error));
            return;
        }
        spdlog::info("automation rule '{}' ran on {} of {} {}", name, event.name(),
                     event.entity().name, event.id());
    });
}

// A rule's create, webhook or notify, in a transaction of its own once the change committed.
void AutomationRules::run_after_commit(const boost::json::object& action,
                                       const records::RecordEvent& event,
                                       const records::Caller& actor) const {
    const Deeper deeper;
    if (const auto* create = action.if_contains("create")) {
        const auto& entity = store_.entity(create->at("entity").as_string());
        store_.create(actor, entity, records::values_from_json(entity, create->at("values")));
    } else if (const auto* webhook = action.if_contains("webhook")) {
        outbox_.deliver_to(webhook->as_int64(), event);
    } else if (const auto* notify = action.if_contains("notify")) {
        const auto& notification = store_.entity("notification");
        for (const auto& user : notify->at("user_ids").as_array()) {
            // Owned by its recipient (the entity's owner_field), who alone reads it.
            boost::json::object values{{"user_id", user}, {"message", notify->at("message")}};
            if (event.action != "deleted") {  // a deleted record is nothing to point at
                values["regarding_entity"] = event.entity().name;
                values["regarding_id"] = event.id();
            }
            store_.create(actor, notification, records::values_from_json(notification, values));
        }
    }
}

}  // namespace rapport::workflow
