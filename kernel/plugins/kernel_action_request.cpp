#include "plugins/kernel_action_request.hpp"

#include "records/record_store.hpp"

namespace rapport::plugins {

KernelActionRequest::KernelActionRequest(const workflow::ActionCall& call,
                                         records::RecordStore& store)
    : call_(call)
    , record_(to_sdk_record(call.record))
    , params_{call.params}  // Not owning: the store outlives the request.
    , records_(
          [&store] {
              return std::shared_ptr<records::RecordStore>(std::shared_ptr<void>(), &store);
          },
          call.caller) {}

std::optional<std::int64_t> KernelActionRequest::user_id() const {
    return call_.caller.user_id;
}

bool KernelActionRequest::has_role(std::string_view role) const {
    return call_.caller.policy && call_.caller.policy->has_role(role);
}

}  // namespace rapport::plugins
