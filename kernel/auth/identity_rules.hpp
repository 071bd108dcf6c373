// What the record store must do beyond its generic rules when users and roles are written:
// hash passwords (and refuse short ones), accept only known role names, let nobody but an
// admin change roles or grants, end a user's sessions when their password changes, and put
// every change of a user, team or role in the security log.
#pragma once

namespace rapport::records {
class RecordStore;
}

namespace rapport::auth {

class RoleCatalog;
class SecurityLog;
class SessionStore;

void add_identity_rules(records::RecordStore& store, RoleCatalog& roles, SessionStore& sessions,
                        SecurityLog& log);

}  // namespace rapport::auth
