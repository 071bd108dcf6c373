// The identity module assembled: sessions, login throttling, the security log, roles and the
// authenticator, with its rules on the record store. The application builds one, bootstraps
// it, hands `authenticate()` to every route that needs a caller and adds its routes.
#pragma once

#include "auth/authenticator.hpp"
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

class Identity {
  public:
    Identity(records::RecordStore& store, const config::AuthConfig& config);
    Identity(const Identity&) = delete;
    Identity& operator=(const Identity&) = delete;

    // On an empty database: the default roles, and the admin with the configured password, or
    // a random one printed once on standard output. Throws config::ConfigError for a
    // configured password that is too short.
    void bootstrap();

    records::Authenticate authenticate();
    // Writes a permission_denied security event for every 403 answer.
    http::Middleware denial_audit();

    records::RecordStore& store() { return store_; }
    const config::AuthConfig& config() const { return config_; }
    SessionStore& sessions() { return sessions_; }
    LoginThrottle& throttle() { return throttle_; }
    SecurityLog& log() { return log_; }
    Authenticator& authenticator() { return authenticator_; }

  private:
    records::RecordStore& store_;
    config::AuthConfig config_;
    SessionStore sessions_;
    LoginThrottle throttle_;
    SecurityLog log_;
    RoleCatalog roles_;
    Authenticator authenticator_;
};

}  // namespace rapport::auth
