// What the record store tells others and lets others do: the before- and after-write hooks,
// the before-remove hooks, computed fields, the workflow engine's event hooks and action runner.
#include "db/database.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace rapport::records {

namespace {

// One hook of a kind per entity: a second would be dropped without a word.
template <typename Hooks, typename Hook>
void add_only_hook(Hooks& hooks, std::string entity, Hook hook, std::string_view kind) {
    if (!hooks.emplace(entity, std::move(hook)).second) {
        throw std::logic_error(fmt::format("a second {} hook for {}", kind, entity));
    }
}

}  // namespace

void RecordStore::on_before_write(std::string entity, BeforeWrite hook) {
    add_only_hook(before_write_, std::move(entity), std::move(hook), "before-write");
}

void RecordStore::on_before_remove(std::string entity, BeforeRemove hook) {
    before_remove_.emplace(std::move(entity), std::move(hook));
}

void RecordStore::prepare_write(const Caller& caller, const EntityDefinition& entity,
                                std::optional<std::int64_t> id, FieldValues& values) const {
    if (const auto it = before_write_.find(entity.name); it != before_write_.end()) {
        it->second(caller, entity, id, values);
    }
}

void RecordStore::set_computed(std::string_view entity, std::string_view field, Compute compute) {
    const auto* definition = this->entity(entity).field(field);
    if (!definition || !definition->computed) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         std::string(entity) + "." + std::string(field) +
                             " is not a field declared computed: true");
    }
    computed_.insert_or_assign(definition, std::move(compute));
}

// Computed values are worked out last, on records read or written, never stored or audited. A
// failing computation leaves its field empty: one broken field must not hide the record.
void RecordStore::fill_computed(Record& record) const {
    for (std::size_t i = 0; i < record.entity->fields.size(); ++i) {
        const auto it = computed_.find(&record.entity->fields[i]);
        if (it == computed_.end()) {
            continue;
        }
        try {
            record.values[i] = it->second(record);
        } catch (const std::exception& error) {
            spdlog::error("computing {}.{} of record {} failed: {}", record.entity->name,
                          record.entity->fields[i].name, record.id(), error.what());
            record.values[i] = std::monostate{};
        }
    }
}

void RecordStore::on_after_write(std::string entity, AfterWrite hook) {
    add_only_hook(after_write_, std::move(entity), std::move(hook), "after-write");
}

void RecordStore::set_event_hooks(RecordEventHooks hooks) {
    event_hooks_ = std::move(hooks);
}

void RecordStore::set_action_runner(RunAction runner) {
    action_runner_ = std::move(runner);
}

Record RecordStore::run_action(const Caller& caller, const EntityDefinition& entity,
                               std::int64_t id, std::string_view action,
                               const std::string& params) const {
    if (!action_runner_) {
        throw sdk::Error(sdk::ErrorCode::not_found, "no actions run on this record store");
    }
    return action_runner_(caller, entity, id, action, params);
}

// Inside the change's transaction: before_commit now, after_commit once it commits.
void RecordStore::emit(RecordEvent event) const {
    if (event_hooks_.before_commit) {
        event_hooks_.before_commit(event);
    }
    if (event_hooks_.after_commit) {
        database_.after_commit(
            [hook = event_hooks_.after_commit, event = std::move(event)] { hook(event); });
    }
}

bool RecordStore::wants_event(const std::string& name) const {
    if (!event_hooks_.before_commit && !event_hooks_.after_commit) {
        return false;
    }
    return !event_hooks_.wanted || event_hooks_.wanted(name);
}

// Once the outermost transaction commits: a change made inside an action's (or an import
// batch's) transaction may still roll back.
void RecordStore::written(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                          std::string_view action, const FieldValues& changes) const {
    const auto it = after_write_.find(entity.name);
    if (it == after_write_.end()) {
        return;
    }
    database_.after_commit(
        [&hook = it->second, caller, &entity, id, action = std::string(action), changes] {
            try {
                hook(caller, entity, id, action, changes);
            } catch (const std::exception& error) {
                spdlog::error("after {} {} {}: {}", action, entity.name, id, error.what());
            }
        });
}

}  // namespace rapport::records
