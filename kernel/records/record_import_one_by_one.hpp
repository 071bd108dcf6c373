// Writing the checked rows of a CSV import one create at a time, for entities whose creates
// something handles: validators and automation rules that may refuse or change a record,
// webhooks and subscribers that must hear of it, after-write hooks. Each row goes through the
// store's own create under a savepoint, so a row they refuse is a row error and the others
// stay; a batch of rows is one transaction, and its after-commit handlers run once it commits.
#pragma once

#include "records/record.hpp"
#include "records/record_import_batch.hpp"

#include <cstddef>
#include <functional>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::records {

// Creates one row's record as RecordStore::create does; throws sdk::Error to refuse it.
using CreateRecord = std::function<void(FieldValues values)>;

class ImportOneByOne final : public ImportSink {
  public:
    ImportOneByOne(db::Database& database, const ImportPlan& plan, CreateRecord create,
                   RejectRow reject);

    void write(std::vector<PendingRow> rows) override;
    std::size_t finish() override { return created_; }

  private:
    FieldValues values_of(const PendingRow& row) const;

    db::Database& database_;
    const ImportPlan& plan_;
    CreateRecord create_;
    RejectRow reject_;
    std::size_t created_ = 0;
};

}  // namespace rapport::records
