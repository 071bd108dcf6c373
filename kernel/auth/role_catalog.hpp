// The roles a server knows and what they allow: the default grants (kernel and installed
// plugins) with each `role` record's own grants replacing them entity by entity, and the
// defaults' `every_role` grants for the entities a role does not name, merged per
// set of roles into the AccessPolicy a Caller carries. The admin role allows everything.
// Role records are re-read at most once a second (at once after a change in this process),
// so a change reaches every process sharing the database within a second.
#pragma once

#include "auth/grants.hpp"
#include "records/access_policy.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rapport::records {
class RecordStore;
}

namespace rapport::auth {

class RoleCatalog {
  public:
    RoleCatalog(records::RecordStore& store, GrantsByRole defaults);

    // The policy of a user's `roles` as the user record stores them (a JSON array of names).
    // Cached by that text, so a request whose roles were seen before parses nothing. Unknown
    // role names grant nothing.
    std::shared_ptr<const records::AccessPolicy> policy(std::string_view stored_roles);
    // The admin role, a default role or a role record.
    bool exists(std::string_view role);
    // Creates a role record for each default role that has none yet (an empty database).
    void create_default_roles();
    // Forget what was read: the next question re-reads the role records.
    void invalidate();

  private:
    void refresh_if_stale(std::unique_lock<std::mutex>& lock);

    records::RecordStore& store_;
    // The defaults' `every_role` entry: what every role may do with the entities it does not
    // name itself, and what a user without a known role may do.
    const records::RoleGrants every_role_;
    const GrantsByRole defaults_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point loaded_at_{};
    bool loaded_ = false;
    GrantsByRole effective_;  // by role name, defaults with records' grants applied
    std::map<std::string, std::shared_ptr<const records::AccessPolicy>, std::less<>> policies_;
};

}  // namespace rapport::auth
