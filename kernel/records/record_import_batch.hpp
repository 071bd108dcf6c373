// The rows of a CSV import between reading and writing (records/record_import.cpp): which
// field each column fills, and the rows whose cells parsed, a batch at a time.
#pragma once

#include "records/entity_definition.hpp"

#include <rapport/sdk/value.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace rapport::records {

// Which field each CSV column fills, plus the fields filled from their defaults.
struct ImportPlan {
    std::vector<const FieldDefinition*> columns;
    std::vector<const FieldDefinition*> defaulted;
};

struct PendingRow {
    std::size_t line;                // the CSV line the row starts on
    std::vector<sdk::Value> values;  // one per column of the plan
};

// Reports a row that is skipped: its line, the field at fault (empty: the whole row), why.
using RejectRow =
    std::function<void(std::size_t line, const std::string& field, std::string message)>;

// Where checked rows go, a batch at a time: the backend's fast path (record_import_writer.hpp)
// or one create at a time (record_import_one_by_one.hpp).
class ImportSink {
  public:
    virtual ~ImportSink() = default;
    // Rethrows what the writing of an earlier batch threw.
    virtual void write(std::vector<PendingRow> rows) = 0;
    // Waits for every batch; the number of records written. Rethrows as write() does.
    virtual std::size_t finish() = 0;
};

}  // namespace rapport::records
