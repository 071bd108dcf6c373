#include "app/application.hpp"

#include "app/health.hpp"
#include "app/kernel_migrations.hpp"
#include "app/version.hpp"
#include "auth/auth_routes.hpp"
#include "auth/identity.hpp"
#include "auth/identity_entities.hpp"
#include "auth/identity_rules.hpp"
#include "db/database.hpp"
#include "http/dispatcher.hpp"
#include "http/error_response.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/job_runner.hpp"
#include "plugins/plugin_packages.hpp"
#include "plugins/plugin_record_store.hpp"
#include "plugins/plugin_routes.hpp"
#include "plugins/plugin_runtime.hpp"
#include "plugins/plugin_settings.hpp"
#include "plugins/plugin_states.hpp"
#include "plugins/plugin_workflow.hpp"
#include "plugins/record_view_routes.hpp"
#include "plugins/served_routes.hpp"
#include "records/attachment_reclaim.hpp"
#include "records/attachment_routes.hpp"
#include "records/attachment_storage.hpp"
#include "records/record_store.hpp"
#include "records/records_routes.hpp"
#include "records/schema_migrations.hpp"
#include "records/sequences.hpp"
#include "runtime/worker_pool.hpp"
#include "workflow/action_routes.hpp"
#include "workflow/automation_entities.hpp"
#include "workflow/automation_routes.hpp"
#include "workflow/automation_rules.hpp"
#include "workflow/webhook_delivery.hpp"
#include "workflow/webhook_outbox.hpp"
#include "workflow/webhook_rules.hpp"
#include "workflow/workflow_engine.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

namespace rapport::app {
namespace {

// The kernel's own entities: the records module's base entities, identity's and the workflow
// module's.
std::vector<records::EntityDefinition> kernel_entities() {
    auto entities = records::base_entities();
    for (auto& entity : auth::identity_entities()) {
        entities.push_back(std::move(entity));
    }
    for (auto& entity : workflow::automation_entities()) {
        entities.push_back(std::move(entity));
    }
    return entities;
}

// The kernel's own tables, then one table per entity and one column per field, in one
// transaction.
std::vector<db::Migration> all_migrations(const records::Schema& schema) {
    const auto kernel = kernel_migrations();
    std::vector<db::Migration> migrations(kernel.begin(), kernel.end());
    for (auto& migration : auth::identity_migrations()) {
        migrations.push_back(std::move(migration));
    }
    migrations.push_back(plugins::plugin_states_migration());
    migrations.push_back(jobs::job_queue_migration());
    migrations.push_back(records::sequences_migration());
    migrations.push_back(workflow::webhook_deliveries_migration());
    migrations.push_back(plugins::registry_generation_migration());
    migrations.push_back(plugins::plugin_packages_migration());
    migrations.push_back(plugins::plugin_settings_migration());
    for (auto& migration : records::schema_migrations(schema)) {
        migrations.push_back(std::move(migration));
    }
    return migrations;
}

http::ServerOptions server_options(const config::Config& config) {
    http::ServerOptions options;
    options.host = config.server.host;
    options.port = config.server.port;
    options.io_threads = config.io_threads();
    options.max_body_bytes = config.server.max_body_bytes;
    options.header_timeout = config.server.header_timeout;
    options.body_timeout = config.server.body_timeout;
    options.access_log = config.log.access_log;
    return options;
}

// What the installed plugins add to the kernel: entities, default grants, and what must stay
// alive while requests use them (the plugins and their libraries).
struct Additions {
    std::vector<records::EntityDefinition> entities;
    std::vector<plugins::EntityExtension> extensions;
    auth::GrantsByRole grants;
    plugins::ActivePlugins plugins;
};

Additions additions_of(const plugins::ActivePlugins& active) {
    Additions additions;
    for (const auto& plugin : active) {
        for (const auto& entity : plugin->manifest.entities) {
            additions.entities.push_back(entity);
        }
        for (const auto& extension : plugin->manifest.extends) {
            additions.extensions.push_back(extension);
        }
        for (const auto& [role, grants] : plugin->manifest.grants) {
            for (const auto& [entity, grant] : grants) {
                additions.grants[role].insert_or_assign(entity, grant);
            }
        }
    }
    additions.plugins = active;
    return additions;
}

// What runs in the background for every generation: the job queue and its runner, with the
// webhook deliveries they carry.
jobs::JobRunnerOptions runner_options(const config::Config& config) {
    jobs::JobRunnerOptions options;
    options.threads = config.jobs.workers;
    options.batch = 16;
    options.gather = std::chrono::milliseconds(10);
    options.keep_done = std::chrono::days(config.jobs.keep_done_days);
    options.lease = config.jobs.lease;
    return options;
}

struct Automation {
    Automation(db::Database& database, const config::Config& config)
        : queue(database)
        , delivery(database, {std::chrono::milliseconds(config.webhooks.timeout),
                              config.webhooks.allow_private_addresses})
        , runner(queue, runner_options(config))
        , max_attempts(static_cast<int>(config.webhooks.max_attempts)) {
        runner.handle_batch(workflow::webhook_job_kind, [this](const std::vector<jobs::Job>& jobs) {
            return delivery.deliver(jobs);
        });
        runner.purge_with_jobs([this](sdk::Timestamp before, std::size_t most) {
            return delivery.forget_attempts(before, most);
        });
    }

    // Jobs plugins scheduled run with the plugins of the generation current when they run.
    void run_plugin_jobs(std::function<plugins::ActivePlugins()> current_plugins) {
        runner.handle(plugins::plugin_job_kind,
                      [current = std::move(current_plugins)](const jobs::Job& job) {
                          plugins::run_plugin_job(current(), job);
                      });
    }

    jobs::JobQueue queue;
    workflow::WebhookDelivery delivery;
    jobs::JobRunner runner;
    int max_attempts;
};

// Attachment content on disk, and the jobs that take it off again once nothing refers to it.
struct AttachmentFiles {
    // Longer than any upload's request takes from storing the bytes to committing the record.
    static constexpr std::chrono::minutes settle{10};

    AttachmentFiles(const std::filesystem::path& data_dir, jobs::JobQueue& queue)
        : storage(data_dir / "attachments"), reclaim(storage, queue, settle) {}

    records::AttachmentStorage storage;
    records::AttachmentReclaim reclaim;
};

// Everything that depends on the set of entities: the schema, the record store on it,
// identity's view of it, and the plugins that declared them. Immutable once built: publishing
// other entities builds the next generation, and the routes of each keep theirs alive
// (Router::retain) for the requests that pinned them.
struct Generation {
    Generation(db::Database& database, Additions additions, auth::IdentityTables& identity_tables,
               const config::AuthConfig& auth, Automation& automation,
               const AttachmentFiles& attachments)
        : schema(std::make_shared<const records::Schema>(
              entities_with(std::move(additions.entities), std::move(additions.extensions))))
        , store(database, schema)
        , identity(store, identity_tables, auth, grants_with(std::move(additions.grants)))
        , plugins(std::move(additions.plugins))
        , engine(store, plugins::workflow_registrations(plugins, store))
        , outbox(store, automation.runner, automation.max_attempts)
        , rules(store, outbox) {
        workflow::add_webhook_rules(store);
        engine.subscribe({"*", "webhooks", true,
                          [this](const records::RecordEvent& event) { outbox.record_event(event); },
                          [this](std::string_view event) { return outbox.listens_to(event); }});
        engine.subscribe({"*", "automation rules", true,
                          [this](const records::RecordEvent& event) { rules.record_event(event); },
                          [this](std::string_view event) { return rules.listens_to(event); }});
        // Changes made here show at once; other processes' within the lists' second.
        engine.subscribe(
            {"webhook.*", "webhooks", false, [this, &automation](const records::RecordEvent&) {
                 outbox.webhooks_changed();
                 automation.delivery.webhooks_changed();
             }});
        engine.subscribe({"automation_rule.*", "automation rules", false,
                          [this](const records::RecordEvent&) { rules.rules_changed(); }});
        engine.subscribe({"user.*", "identity", true, [this](const records::RecordEvent& event) {
                              auth::keep_an_admin_at_commit(store, event);
                          }});
        engine.subscribe({"attachment.deleted", "attachment content", true,
                          [&attachments](const records::RecordEvent& event) {
                              const auto* sha256 =
                                  std::get_if<std::string>(&event.record.get("sha256"));
                              if (sha256 != nullptr) {
                                  attachments.reclaim.schedule(*sha256);
                              }
                          }});
        for (const auto& plugin : plugins) {
            for (const auto& computed : plugin->computed_fields) {
                // The plugin (held here) keeps the function's code mapped.
                store.set_computed(
                    computed.entity, computed.field,
                    [plugin, &computed](const records::Record& record) -> sdk::Value {
                        try {
                            return computed.compute(plugins::to_sdk_record(record));
                        } catch (const std::exception& error) {
                            spdlog::error("plugin {}: computing {}.{} failed: {}",
                                          plugin->manifest.id, computed.entity, computed.field,
                                          error.what());
                            return std::monostate{};
                        }
                    });
            }
        }
    }

    static std::vector<records::EntityDefinition> entities_with(
        std::vector<records::EntityDefinition> extra,
        std::vector<plugins::EntityExtension> extensions) {
        auto entities = kernel_entities();
        for (auto& entity : extra) {
            entities.push_back(std::move(entity));
        }
        plugins::apply_extensions(entities, std::move(extensions));
        return entities;
    }

    static auth::GrantsByRole grants_with(auth::GrantsByRole extra) {
        auto grants = auth::kernel_default_grants();
        for (auto& [role, by_entity] : extra) {
            for (auto& [entity, grant] : by_entity) {
                grants[role].insert_or_assign(entity, std::move(grant));
            }
        }
        return grants;
    }

    std::shared_ptr<const records::Schema> schema;
    records::RecordStore store;
    auth::Identity identity;
    plugins::ActivePlugins plugins;  // hold their libraries while requests use them
    workflow::WorkflowEngine engine;
    workflow::WebhookOutbox outbox;
    workflow::AutomationRules rules;
};

std::shared_ptr<const http::Router> routes_of(const std::shared_ptr<Generation>& generation,
                                              const config::Config& config,
                                              const AttachmentFiles& attachments,
                                              plugins::PluginRuntime& runtime,
                                              Automation& automation) {
    auto router = std::make_shared<http::Router>();
    router->retain(generation);
    add_health_route(*router);
    auth::add_auth_routes(*router, generation->identity);
    const auto authenticate = generation->identity.authenticate();
    records::add_records_routes(*router, generation->store,
                                {config.server.max_import_bytes, version, authenticate});
    records::add_attachment_routes(*router, generation->store, attachments.storage,
                                   attachments.reclaim, authenticate);
    workflow::add_action_routes(*router, generation->store, generation->engine, authenticate);
    workflow::add_automation_routes(*router, generation->store, automation.delivery,
                                    automation.queue, authenticate);
    auto& security_log = generation->identity.log();
    const auto audit = [&security_log](const records::Caller& caller, const std::string& detail) {
        security_log.append(
            {0, sdk::Timestamp::now(), "admin_action", caller.user_id, "", "", detail});
    };
    plugins::add_plugin_routes(*router, runtime, authenticate, audit,
                               config.server.max_import_bytes);
    plugins::add_served_routes(*router, generation->plugins);
    plugins::add_record_view_routes(*router, generation->plugins, generation->store, authenticate);
    return router;
}

}  // namespace

struct Application::Impl {
    explicit Impl(config::Config configuration)
        : config(std::move(configuration))
        , database(config.database_url(),
                   db::DatabaseOptions{config.pool_size(), config.database.busy_timeout_ms})
        , identity_tables(database)
        , automation(database, config)
        , attachments(config.data_dir, automation.queue)
        , workers(config.worker_threads())
        , dispatcher(workers, {auth::audit_denials(identity_tables.log), http::error_translation()},
                     http::static_files(config.server.web_root))
        , server(server_options(config), dispatcher)
        , runtime(
              database, config,
              [this](const plugins::ActivePlugins& active) { publish(additions_of(active)); },
              [this] { return current_store(); }) {
        automation.runner.handle(std::string(records::attachment_reclaim_job_kind),
                                 [this](const jobs::Job& job) {
                                     attachments.reclaim.reclaim(*current_store(), job.payload);
                                 });
        automation.run_plugin_jobs([this] {
            std::lock_guard lock(publish_mutex);
            return current->plugins;
        });
        publish({});
        {
            std::lock_guard lock(publish_mutex);
            current->identity.bootstrap();
        }
        runtime.start();
    }

    // The record store of the generation requests see now, kept alive for the caller.
    std::shared_ptr<records::RecordStore> current_store() {
        std::lock_guard lock(publish_mutex);
        return {current, &current->store};
    }

    // Serialised: one generation is built at a time.
    void publish(Additions additions) {
        std::lock_guard lock(publish_mutex);
        auto next = std::make_shared<Generation>(database, std::move(additions), identity_tables,
                                                 config.auth, automation, attachments);
        const auto applied = db::apply_migrations(database, all_migrations(*next->schema));
        if (!applied.empty()) {
            spdlog::info("applied {} database migration(s)", applied.size());
        }
        dispatcher.set_router(routes_of(next, config, attachments, runtime, automation));
        current = std::move(next);
    }

    config::Config config;
    db::Database database;
    auth::IdentityTables identity_tables;
    Automation automation;
    AttachmentFiles attachments;
    runtime::WorkerPool workers;
    http::Dispatcher dispatcher;
    http::Server server;
    std::mutex publish_mutex;
    std::shared_ptr<Generation> current;
    plugins::PluginRuntime runtime;
    bool running = false;
};

Application::Application(config::Config config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}

Application::~Application() {
    stop();
}

void Application::start() {
    impl_->automation.runner.start();
    impl_->server.start();
    impl_->running = true;
}

std::uint16_t Application::port() const {
    return impl_->server.port();
}

void Application::stop() {
    if (!impl_->running) {
        return;
    }
    impl_->running = false;
    impl_->server.stop(impl_->config.server.shutdown_timeout);
    // Requests still on the pool finish against the database before it closes.
    impl_->workers.stop();
    impl_->automation.runner.stop();
    impl_->runtime.stop();
}

void Application::publish_entities(std::vector<records::EntityDefinition> entities) {
    impl_->publish({std::move(entities), {}, {}, {}});
}

const config::Config& Application::config() const {
    return impl_->config;
}
db::Database& Application::database() {
    return impl_->database;
}

}  // namespace rapport::app
