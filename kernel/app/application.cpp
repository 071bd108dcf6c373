#include "app/application.hpp"

#include "app/health.hpp"
#include "app/kernel_migrations.hpp"
#include "app/version.hpp"
#include "auth/auth_routes.hpp"
#include "auth/identity.hpp"
#include "auth/identity_entities.hpp"
#include "db/database.hpp"
#include "http/dispatcher.hpp"
#include "http/error_response.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "records/attachment_routes.hpp"
#include "records/attachment_storage.hpp"
#include "records/record_store.hpp"
#include "records/records_routes.hpp"
#include "records/schema_migrations.hpp"
#include "runtime/worker_pool.hpp"

#include <spdlog/spdlog.h>

namespace rapport::app {
namespace {

std::shared_ptr<const http::Router> kernel_router(const config::Config& config,
                                                  records::RecordStore& store,
                                                  records::AttachmentStorage& attachments,
                                                  auth::Identity& identity) {
    auto router = std::make_shared<http::Router>();
    add_health_route(*router);
    auth::add_auth_routes(*router, identity);
    records::add_records_routes(*router, store,
                                {config.server.max_import_bytes, version, identity.authenticate()});
    records::add_attachment_routes(*router, store, attachments, identity.authenticate());
    return router;
}

std::vector<records::EntityDefinition> kernel_entities() {
    auto entities = records::base_entities();
    for (auto& entity : auth::identity_entities()) {
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

}  // namespace

struct Application::Impl {
    explicit Impl(config::Config configuration)
        : config(std::move(configuration))
        , database(config.database_url(),
                   db::DatabaseOptions{config.pool_size(), config.database.busy_timeout_ms})
        , schema(std::make_shared<const records::Schema>(kernel_entities()))
        , store(database, schema)
        , identity(store, config.auth)
        , attachments(config.data_dir / "attachments")
        , workers(config.worker_threads())
        , dispatcher(workers, {identity.denial_audit(), http::error_translation()},
                     http::static_files(config.server.web_root))
        , server(server_options(config), dispatcher) {
        const auto applied = db::apply_migrations(database, all_migrations(*schema));
        if (!applied.empty()) {
            spdlog::info("applied {} database migration(s)", applied.size());
        }
        identity.bootstrap();
        dispatcher.set_router(kernel_router(config, store, attachments, identity));
    }

    config::Config config;
    db::Database database;
    std::shared_ptr<const records::Schema> schema;
    records::RecordStore store;
    auth::Identity identity;
    records::AttachmentStorage attachments;
    runtime::WorkerPool workers;
    http::Dispatcher dispatcher;
    http::Server server;
    bool running = false;
};

Application::Application(config::Config config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}

Application::~Application() {
    stop();
}

void Application::start() {
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
}

const config::Config& Application::config() const {
    return impl_->config;
}
db::Database& Application::database() {
    return impl_->database;
}

}  // namespace rapport::app
