// One running Rapport instance: the database, the worker pool, the routes and the HTTP
// server, built from a Config. rapportd runs one; integration tests run them in-process.
#pragma once

#include "config/config.hpp"
#include "records/entity_definition.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::app {

class Application {
  public:
    // Opens the database and brings its schema up to date. Throws db::DatabaseError.
    explicit Application(config::Config config);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    // Starts serving. Throws http::ListenError.
    void start();
    // The port actually bound (the configured one, or a free one for port 0).
    std::uint16_t port() const;
    // Graceful: in-flight requests get server.shutdown_timeout to finish.
    void stop();

    // Serves the kernel's entities plus `entities` from now on: migrates the database, then
    // swaps the routes atomically; requests in flight finish on the entities they started
    // with. Throws records::DefinitionError for entities that do not fit the kernel's, and
    // db::DatabaseError when a migration fails (nothing changes then). The plugin runtime
    // publishes the entities of the installed plugins through this.
    void publish_entities(std::vector<records::EntityDefinition> entities);

    const config::Config& config() const;
    db::Database& database();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::app
