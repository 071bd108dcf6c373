#include "workflow/workflow_engine.hpp"

#include "db/database.hpp"
#include "records/record_access.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "records/record_validation.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace rapport::workflow {
namespace {

using records::Caller;
using records::EntityDefinition;
using records::Record;
using records::Transition;

// "mark_won" → "Mark won".
std::string label_of(std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') {
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
    }
    return name;
}

std::string state_of(const Record& record, const records::Workflow& workflow) {
    const auto* state = std::get_if<std::string>(&record.get(workflow.field));
    return state ? *state : std::string();
}

bool role_allows(const Caller& caller, const Transition& transition) {
    return transition.roles.empty() ||
           std::any_of(transition.roles.begin(), transition.roles.end(),
                       [&](const std::string& role) { return caller.policy->has_role(role); });
}

// Whether the caller's update scope reaches `record` and they may write what `transition`
// sets, as RecordStore::update will check when it runs (else it answers 403), including the
// fields it requires that the record leaves blank: only a parameter can fill those.
bool may_write(const records::RecordAccess& change, const Record& record,
               const Transition& transition) {
    const auto writable = [&](const std::string& field) { return change.writable(field); };
    const auto fillable = [&](const std::string& field) {
        return !records::is_blank(record.get(field)) || writable(field);
    };
    return change.in_scope(record) && writable(record.entity->workflow->field) &&
           std::all_of(transition.set.begin(), transition.set.end(),
                       [&](const auto& set) { return writable(set.first); }) &&
           std::all_of(transition.require.begin(), transition.require.end(), fillable);
}

std::string listed(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names, ", "));
}

boost::json::object params_object(const std::string& params) {
    auto parsed = boost::json::parse(params.empty() ? "{}" : params);
    if (!parsed.is_object()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "an action's parameters are a JSON object");
    }
    return std::move(parsed.as_object());
}

// The fields a transition writes: its parameters, its `set` values and the new state.
records::FieldValues transition_changes(const EntityDefinition& entity,
                                        const Transition& transition,
                                        const boost::json::object& params, bool code_follows) {
    boost::json::object fields;
    std::vector<sdk::FieldError> problems;
    for (const auto& [name, value] : params) {
        const auto mapped =
            std::find_if(transition.params.begin(), transition.params.end(),
                         [&](const auto& param) { return param.first == std::string_view(name); });
        if (mapped != transition.params.end()) {
            fields[mapped->second] = value;
        } else if (!code_follows) {
            problems.push_back({std::string(name), "is not a parameter of " + transition.name});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "invalid parameters for " + transition.name, std::move(problems));
    }
    records::FieldValues changes = records::values_from_json(entity, fields);
    for (const auto& [name, value] : transition.set) {
        changes.emplace_back(entity.field(name), value);
    }
    changes.emplace_back(entity.field(entity.workflow->field), transition.to);
    return changes;
}

void require_fields(const Transition& transition, const Record& record,
                    const records::FieldValues& changes) {
    std::vector<sdk::FieldError> problems;
    for (const auto& name : transition.require) {
        const auto changed = std::find_if(changes.begin(), changes.end(), [&](const auto& change) {
            return change.first->name == name;
        });
        if (records::is_blank(changed != changes.end() ? changed->second : record.get(name))) {
            problems.push_back({name, "is required to " + transition.name});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "cannot " + transition.name + " " + record.entity->name + " " +
                             std::to_string(record.id()) + ": required fields are empty",
                         std::move(problems));
    }
}

// Whether `record`, as it is now, may take `transition` for `caller` with `changes`: its state
// (409), the caller's roles (403), the fields the transition requires (422).
void check_transition(const Caller& caller, const Record& record, const Transition& transition,
                      const records::FieldValues& changes) {
    const EntityDefinition& entity = *record.entity;
    const std::string state = state_of(record, *entity.workflow);
    if (!transition.starts_from(state)) {
        throw sdk::Error(
            sdk::ErrorCode::conflict,
            fmt::format("cannot {} {} {}: it is '{}', and {} applies only from {}", transition.name,
                        entity.name, record.id(), state, transition.name, listed(transition.from)));
    }
    if (!role_allows(caller, transition)) {
        throw sdk::Error(sdk::ErrorCode::forbidden,
                         fmt::format("only the roles {} may {} a {}", listed(transition.roles),
                                     transition.name, entity.name));
    }
    require_fields(transition, record, changes);
}

// The transition as one update, checked on the row the update locks: inside an action's
// transaction it joins it; alone it is the whole transaction.
Record run_transition(records::RecordStore& store, const Caller& caller,
                      const EntityDefinition& entity, std::int64_t id, const Transition& transition,
                      const boost::json::object& params, bool code_follows) {
    const auto changes = transition_changes(entity, transition, params, code_follows);
    return store.update(caller, entity, id, changes,
                        {std::nullopt, transition.name, [&](const Record& current) {
                             check_transition(caller, current, transition, changes);
                         }});
}

}  // namespace

WorkflowEngine::WorkflowEngine(records::RecordStore& store, Registrations registrations)
    : store_(store), registrations_(std::move(registrations)) {
    store_.set_event_hooks({[this](const records::RecordEvent& event) { dispatch(event, true); },
                            [this](const records::RecordEvent& event) { dispatch(event, false); },
                            [this](std::string_view event) { return handles(event); }});
    store_.set_action_runner([this](const Caller& caller, const EntityDefinition& entity,
                                    std::int64_t id, std::string_view action,
                                    const std::string& params) {
        return run(caller, entity, id, action, params, true).record;
    });
}

void WorkflowEngine::subscribe(EventSubscription subscription) {
    registrations_.subscriptions.push_back(std::move(subscription));
}

const ActionRegistration* WorkflowEngine::registered(std::string_view entity,
                                                     std::string_view name) const {
    for (const auto& action : registrations_.actions) {
        if (action.entity == entity && action.name == name) {
            return &action;
        }
    }
    return nullptr;
}

std::vector<std::string> WorkflowEngine::registered_actions(std::string_view entity) const {
    std::vector<std::string> names;
    for (const auto& action : registrations_.actions) {
        if (action.entity == entity) {
            names.push_back(action.name);
        }
    }
    return names;
}

ActionResult WorkflowEngine::run(const Caller& caller, const EntityDefinition& entity,
                                 std::int64_t id, std::string_view action,
                                 const std::string& params, bool from_code) {
    const Transition* transition = entity.workflow ? entity.workflow->transition(action) : nullptr;
    if (transition && transition->internal && !from_code) {
        transition = nullptr;  // plugin code runs it; over HTTP it does not exist
    }
    const ActionRegistration* code = registered(entity.name, action);
    if (!transition && !code) {
        throw sdk::Error(sdk::ErrorCode::not_found,
                         fmt::format("{} has no action '{}'", entity.name, action));
    }
    const auto arguments = params_object(params);
    ActionResult result;
    if (!code) {
        result.record = run_transition(store_, caller, entity, id, *transition, arguments, false);
        return result;
    }
    store_.database().write_transaction([&](soci::session&) {
        Record record =
            transition ? run_transition(store_, caller, entity, id, *transition, arguments, true)
                       : store_.get(caller, entity, id);
        try {
            result.created = code->handler({caller, record, params});
        } catch (const sdk::Error&) {
            throw;  // the plugin refused, with the code the API answers
        } catch (const std::exception& error) {
            spdlog::error("plugin {}: action {}.{} on record {} failed: {}", code->owner,
                          entity.name, action, id, error.what());
            throw;
        }
        result.record = reread(caller, record);
    });
    return result;
}

// The record as the action's code left it, read as the caller. Code may hand it to someone the
// caller cannot see (a lead converted for another salesperson's pipeline): the action has
// still succeeded, and is answered with the record as the code was given it.
Record WorkflowEngine::reread(const Caller& caller, const Record& before) const {
    try {
        return store_.get(caller, *before.entity, before.id());
    } catch (const sdk::Error& error) {
        if (error.code() != sdk::ErrorCode::not_found) {
            throw;
        }
        return before;
    }
}

std::vector<AvailableAction> WorkflowEngine::available(const Caller& caller,
                                                       const Record& record) const {
    const EntityDefinition& entity = *record.entity;
    std::vector<AvailableAction> actions;
    if (entity.workflow &&
        records::RecordAccess::allows(caller, entity, records::Operation::update)) {
        const records::RecordAccess change(caller, entity, records::Operation::update);
        const std::string state = state_of(record, *entity.workflow);
        for (const auto& transition : entity.workflow->transitions) {
            if (!transition.internal && transition.starts_from(state) &&
                role_allows(caller, transition) && may_write(change, record, transition)) {
                actions.push_back({transition.name, label_of(transition.name), transition.to});
            }
        }
    }
    for (const auto& action : registrations_.actions) {
        const bool is_transition = entity.workflow && entity.workflow->transition(action.name);
        if (action.entity == entity.name && !is_transition) {
            actions.push_back({action.name, label_of(action.name), {}});
        }
    }
    return actions;
}

bool WorkflowEngine::handles(std::string_view event) const {
    return std::any_of(registrations_.subscriptions.begin(), registrations_.subscriptions.end(),
                       [event](const EventSubscription& subscription) {
                           return event_matches(subscription.pattern, event) &&
                                  (!subscription.wants || subscription.wants(event));
                       });
}

void WorkflowEngine::dispatch(const records::RecordEvent& event, bool before_commit) const {
    const std::string name = event.name();
    for (const auto& subscription : registrations_.subscriptions) {
        if (subscription.before_commit != before_commit ||
            !event_matches(subscription.pattern, name)) {
            continue;
        }
        try {
            subscription.handler(event);
        } catch (const sdk::Error&) {
            if (before_commit) {
                throw;  // a veto, answered as the subscriber phrased it
            }
            spdlog::error("{}: handling {} of record {} failed", subscription.owner, name,
                          event.id());
        } catch (const std::exception& error) {
            spdlog::error("{}: handling {} of record {} failed: {}", subscription.owner, name,
                          event.id(), error.what());
            if (before_commit) {
                throw;
            }
        }
    }
}

}  // namespace rapport::workflow
