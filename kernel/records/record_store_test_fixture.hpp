// The fixture of the record store's tests: a store over a fresh database of each backend, with
// helpers to write and read the test entities as a caller with every right (user 42).
#pragma once

#include "db/statement.hpp"
#include "records/store_test_fixture.hpp"

#include <rapport/sdk/error.hpp>

#include <gmock/gmock.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace rapport::records {

class RecordStoreTest : public StoreTest {
  protected:
    FieldValues values(const std::string& entity_name,
                       std::vector<std::pair<std::string, sdk::Value>> pairs) {
        FieldValues result;
        for (auto& [name, value] : pairs) {
            result.emplace_back(entity(entity_name).field(name), std::move(value));
        }
        return result;
    }

    // The id of a new record with these values.
    std::int64_t create(const std::string& entity_name,
                        std::vector<std::pair<std::string, sdk::Value>> pairs) {
        return store_.create(caller_, entity(entity_name), values(entity_name, std::move(pairs)))
            .id();
    }

    long long rows_in(const std::string& table) {
        long long rows = 0;
        database().with_session([&](soci::session& session) {
            rows = db::as_integer(db::query(session, "SELECT count(*) FROM " + table).at(0).at(0));
        });
        return rows;
    }

    Record account(const std::string& name,
                   std::vector<std::pair<std::string, sdk::Value>> more = {}) {
        more.emplace_back("name", name);
        return store_.create(caller_, entity("account"), values("account", std::move(more)));
    }

    sdk::Error error_of(const std::function<void()>& action) {
        try {
            action();
        } catch (const sdk::Error& error) {
            return error;
        }
        return sdk::Error(sdk::ErrorCode::internal, "no error");
    }

    std::vector<std::string> names(const ListQuery& query) {
        std::vector<std::string> result;
        for (const auto& record : store_.list(caller_, entity("account"), query).items) {
            result.push_back(std::get<std::string>(record.get("name")));
        }
        return result;
    }

    // The kernel's unrestricted access, recorded as user 42.
    Caller caller_{42, {}, store_.system_caller().policy};
};

}  // namespace rapport::records
