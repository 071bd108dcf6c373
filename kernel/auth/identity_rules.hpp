// What the record store must do beyond its generic rules when users and roles are written:
// hash passwords (and refuse short ones), accept only known role names, let nobody but an
// admin change roles or grants, end a user's sessions when their password changes, and put
// every change of a user, team or role in the security log.
#pragma once

namespace rapport::records {
class RecordStore;
struct RecordEvent;
}  // namespace rapport::records

namespace rapport::auth {

class RoleCatalog;
class SecurityLog;
class SessionStore;

void add_identity_rules(records::RecordStore& store, RoleCatalog& roles, SessionStore& sessions,
                        SecurityLog& log);

// A before-commit subscriber to user events: nobody, an admin included, can leave the server
// without an active admin; demoting, deactivating or deleting the last one is a conflict
// (409). Checked inside the change's transaction, serialised with every other such change, so
// that two admins demoting each other at once cannot both pass.
void keep_an_admin_at_commit(records::RecordStore& store, const records::RecordEvent& event);

}  // namespace rapport::auth
