// The SDK's RecordStore for plugins, over the kernel's record store of the current registry
// generation, with the unrestricted access of the kernel itself (ARCHITECTURE.md §2: plugins
// reach records only through the SDK).
#pragma once

#include "records/caller.hpp"

#include <rapport/sdk/record_store.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace rapport::records {
class RecordStore;
struct Record;
}  // namespace rapport::records

namespace rapport::plugins {

// A kernel record as the SDK shows it: the fields its reader may see, by name.
sdk::Record to_sdk_record(const records::Record& record);

// The store of the generation requests see now, kept alive for one call.
using CurrentStore = std::function<std::shared_ptr<records::RecordStore>()>;

class PluginRecordStore final : public sdk::RecordStore {
  public:
    // Without a caller, the plugin acts with the kernel's own authority; with one (an action's
    // records()), as that caller.
    explicit PluginRecordStore(CurrentStore current,
                               std::optional<records::Caller> caller = std::nullopt);

    sdk::Record create(std::string_view entity, const sdk::FieldMap& values) override;
    sdk::Record get(std::string_view entity, std::int64_t id) override;
    sdk::Record update(std::string_view entity, std::int64_t id,
                       const sdk::FieldMap& changes) override;
    void remove(std::string_view entity, std::int64_t id) override;
    std::vector<sdk::Record> list(
        std::string_view entity,
        const std::vector<std::pair<std::string, std::string>>& query) override;
    sdk::Record act(std::string_view entity, std::int64_t id, std::string_view action,
                    std::string_view params) override;
    std::vector<sdk::AggregateRow> aggregate(std::string_view entity,
                                             const sdk::AggregateQuery& query) override;

  private:
    records::Caller acting(const records::RecordStore& store) const;

    CurrentStore current_;
    std::optional<records::Caller> caller_;
};

}  // namespace rapport::plugins
