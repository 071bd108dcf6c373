// The rows of a CSV import between reading and writing (records/record_import.cpp): which
// field each column fills, and the rows whose cells parsed, a batch at a time.
#pragma once

#include "records/entity_definition.hpp"

#include <rapport/sdk/value.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace rapport::records {

struct PendingRow {
    std::size_t line;                // the CSV line the row starts on
    std::vector<sdk::Value> values;  // one per column of the plan
};

// Where the rows' values of a field are: a column of the plan, else the field's default (null
// when it has none). Worked out once, not per row.
struct FieldSource {
    std::optional<std::size_t> column;
    sdk::Value otherwise;
    const sdk::Value& of(const PendingRow& row) const {
        return column ? row.values[*column] : otherwise;
    }
};

// Which field each CSV column fills, plus the fields filled from their defaults.
struct ImportPlan {
    std::vector<const FieldDefinition*> columns;
    std::vector<const FieldDefinition*> defaulted;

    FieldSource source_of(const FieldDefinition& field) const {
        const auto column = std::find(columns.begin(), columns.end(), &field);
        if (column != columns.end()) {
            return {static_cast<std::size_t>(column - columns.begin()), {}};
        }
        const bool filled =
            std::find(defaulted.begin(), defaulted.end(), &field) != defaulted.end();
        return {std::nullopt, filled ? field.default_value : sdk::Value{}};
    }

    // The fields written, from a column or a default, that refer to records of another entity.
    std::vector<const FieldDefinition*> reference_fields() const {
        std::vector<const FieldDefinition*> found;
        for (const auto* fields : {&columns, &defaulted}) {
            std::copy_if(fields->begin(), fields->end(), std::back_inserter(found),
                         [](const FieldDefinition* field) { return !field->target.empty(); });
        }
        return found;
    }
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
