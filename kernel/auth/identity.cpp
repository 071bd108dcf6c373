#include "auth/identity.hpp"

#include "auth/grants.hpp"
#include "auth/identity_entities.hpp"
#include "auth/identity_rules.hpp"
#include "auth/password_hasher.hpp"
#include "auth/session_token.hpp"
#include "config/config_error.hpp"
#include "http/request.hpp"
#include "records/record_store.hpp"

#include <iostream>

namespace rapport::auth {

std::vector<db::Migration> identity_migrations() {
    return {session_store_migration(), login_throttle_migration(), security_log_migration()};
}

Identity::Identity(records::RecordStore& store, IdentityTables& tables,
                   const config::AuthConfig& config, GrantsByRole default_grants)
    : store_(store)
    , tables_(tables)
    , config_(config)
    , roles_(store, std::move(default_grants))
    , authenticator_(store, tables.sessions, roles_) {
    add_identity_rules(store_, roles_, tables.sessions, tables.log);
}

void Identity::bootstrap() {
    roles_.create_default_roles();
    const auto& user = store_.entity("user");
    records::ListQuery any;
    any.limit = 1;
    any.count_total = false;
    const auto caller = store_.system_caller();
    if (!store_.list(caller, user, any).items.empty()) {
        return;
    }
    std::string password = config_.admin_password;
    const bool generated = password.empty();
    if (generated) {
        password = new_session_token().substr(0, 20);
    } else if (auto problem = password_problem(password)) {
        throw config::ConfigError({"RAPPORT_ADMIN_PASSWORD " + *problem});
    }
    store_.create(caller, user,
                  {{user.field("login"), std::string(admin_login)},
                   {user.field("name"), std::string("Administrator")},
                   {user.field("password"), password},
                   {user.field("roles"), sdk::Strings{std::string(admin_role)}}});
    if (generated) {
        // The console, not the log: the password must not end up in log files.
        std::cout << "Rapport created the first admin. Sign in as 'admin' with the password\n\n    "
                  << password
                  << "\n\nIt is shown this once; set RAPPORT_ADMIN_PASSWORD on an empty database "
                     "to choose it.\n"
                  << std::flush;
    }
}

records::Authenticate Identity::authenticate() {
    return [this](http::Request& request) { return authenticator_.authenticate(request); };
}

http::Middleware audit_denials(SecurityLog& log) {
    return [&log](http::Request& request, const http::Next& next) {
        auto response = next(request);
        if (response.status == 403) {
            log.append({0, sdk::Timestamp::now(), "permission_denied", request.user_id, "",
                        request.remote_address,
                        std::string(http::method_name(request.method)) + " " + request.path});
        }
        return response;
    };
}

}  // namespace rapport::auth
