// The identity module assembled: sessions, login throttling and the security log (one set per
// process), and roles and the authenticator with their rules on a record store (one per
// registry generation). The application bootstraps it, hands `authenticate()` to every route
// that needs a caller and adds its routes.
#pragma once

#include "auth/authenticator.hpp"
#include "auth/grants.hpp"
#include "auth/login_throttle.hpp"
#include "auth/role_catalog.hpp"
#include "auth/security_log.hpp"
#include "auth/session_store.hpp"
#include "config/config.hpp"
#include "db/migrations.hpp"
#include "http/handler.hpp"

#include <vector>

namespace rapport::auth {

// The identity module's tables, for the kernel's migrations.
std::vector<db::Migration> identity_migrations();

// What identity keeps in the database whatever the entities: built once per process.
struct IdentityTables {
    explicit IdentityTables(db::Database& database)
        : sessions(database), throttle(database), log(database) {}

    SessionStore sessions;
    LoginThrottle throttle;
    SecurityLog log;
};

// Writes a permission_denied security event for every 403 answer.
http::Middleware audit_denials(SecurityLog& log);

class Identity {
  public:
    // `default_grants`: the kernel's (kernel_default_grants()) with those of the installed
    // plugins for their entities.
    Identity(records::RecordStore& store, IdentityTables& tables, const config::AuthConfig& config,
             GrantsByRole default_grants);
    Identity(const Identity&) = delete;
    Identity& operator=(const Identity&) = delete;

    // On an empty database: the default roles, and the admin with the configured password, or
    // a random one printed once on standard output. Throws config::ConfigError for a
    // configured password that is too short.
    void bootstrap();

    records::Authenticate authenticate();

    records::RecordStore& store() { return store_; }
    const config::AuthConfig& config() const { return config_; }
    SessionStore& sessions() { return tables_.sessions; }
    LoginThrottle& throttle() { return tables_.throttle; }
    SecurityLog& log() { return tables_.log; }
    Authenticator& authenticator() { return authenticator_; }

  private:
    records::RecordStore& store_;
    IdentityTables& tables_;
    config::AuthConfig config_;
    RoleCatalog roles_;
    Authenticator authenticator_;
};

}  // namespace rapport::auth
