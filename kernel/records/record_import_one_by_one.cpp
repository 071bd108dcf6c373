#include "records/record_import_one_by_one.hpp"

#include "db/database.hpp"

#include <rapport/sdk/error.hpp>

namespace rapport::records {

ImportOneByOne::ImportOneByOne(db::Database& database, const ImportPlan& plan, CreateRecord create,
                               RejectRow reject)
    : database_(database), plan_(plan), create_(std::move(create)), reject_(std::move(reject)) {}

void ImportOneByOne::write(std::vector<PendingRow> rows) {
    if (rows.empty()) {
        return;
    }
    std::size_t created = 0;
    // create() joins this transaction under a savepoint of its own: a refused row leaves
    // nothing behind, and the rows around it stay.
    database_.write_transaction([&](soci::session&) {
        for (const auto& row : rows) {
            try {
                create_(values_of(row));
                ++created;
            } catch (const sdk::Error& error) {
                if (error.details().empty()) {
                    reject_(row.line, "", error.what());
                }
                for (const auto& detail : error.details()) {
                    reject_(row.line, detail.field, detail.message);
                }
            }
        }
    });
    created_ += created;
}

// The cells as the caller would have sent them: defaults are the create's to fill.
FieldValues ImportOneByOne::values_of(const PendingRow& row) const {
    FieldValues values;
    values.reserve(plan_.columns.size());
    for (std::size_t i = 0; i < plan_.columns.size(); ++i) {
        values.emplace_back(plan_.columns[i], row.values[i]);
    }
    return values;
}

}  // namespace rapport::records
