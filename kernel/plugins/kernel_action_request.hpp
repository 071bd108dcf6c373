// The SDK's ApiRequest and ActionRequest over a kernel call: parameters, the caller, and the
// record store as the caller, for actions, record views and entity views.
#pragma once

#include "plugins/plugin_record_store.hpp"
#include "records/caller.hpp"
#include "records/record.hpp"

#include <rapport/sdk/action.hpp>

#include <memory>
#include <string>

namespace rapport::plugins {

// What every request of a caller offers; `Base` is sdk::ApiRequest or sdk::ActionRequest.
template <typename Base>
class KernelRequest : public Base {
  public:
    // `store` and `caller` outlive the request.
    KernelRequest(const records::Caller& caller, std::string params, records::RecordStore& store)
        : caller_(caller)
        , params_{std::move(params)}
        , records_(
              [&store] {
                  return std::shared_ptr<records::RecordStore>(std::shared_ptr<void>(), &store);
              },
              caller) {}

    const sdk::Json& params() const override { return params_; }
    std::optional<std::int64_t> user_id() const override { return caller_.user_id; }
    bool has_role(std::string_view role) const override {
        return caller_.policy && caller_.policy->has_role(role);
    }
    sdk::RecordStore& records() override { return records_; }

  private:
    const records::Caller& caller_;
    sdk::Json params_;
    PluginRecordStore records_;
};

using KernelApiRequest = KernelRequest<sdk::ApiRequest>;

class KernelActionRequest final : public KernelRequest<sdk::ActionRequest> {
  public:
    KernelActionRequest(const records::Caller& caller, const records::Record& record,
                        std::string params, records::RecordStore& store)
        : KernelRequest(caller, std::move(params), store), record_(to_sdk_record(record)) {}

    const sdk::Record& record() const override { return record_; }

  private:
    sdk::Record record_;
};

}  // namespace rapport::plugins
