// The SDK's ActionRequest over a kernel action call: the record and parameters as the SDK
// shows them, and the record store as the caller, for actions and record views.
#pragma once

#include "plugins/plugin_record_store.hpp"
#include "workflow/registrations.hpp"

#include <rapport/sdk/action.hpp>

namespace rapport::plugins {

class KernelActionRequest final : public sdk::ActionRequest {
  public:
    // `store` outlives the request.
    KernelActionRequest(const workflow::ActionCall& call, records::RecordStore& store);

    const sdk::Record& record() const override { return record_; }
    const sdk::Json& params() const override { return params_; }
    std::optional<std::int64_t> user_id() const override;
    bool has_role(std::string_view role) const override;
    sdk::RecordStore& records() override { return records_; }

  private:
    const workflow::ActionCall& call_;
    sdk::Record record_;
    sdk::Json params_;
    PluginRecordStore records_;
};

}  // namespace rapport::plugins
