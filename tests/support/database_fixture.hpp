// Runs a test on every backend: TEST_P(SomeTest, ...) with SomeTest deriving from
// DatabaseTest, instantiated with RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SomeTest). Each
// test gets a fresh, empty database: a file in a temp dir, or a new PostgreSQL database on
// the test run's cluster.
#pragma once

#include "db/backend.hpp"
#include "db/database.hpp"
#include "postgres/postgres_test_cluster.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

namespace rapport::testing {

// A fresh database of one backend, with its URL.
class TestDatabase {
  public:
    explicit TestDatabase(db::Backend backend);
    const std::string& url() const { return url_; }

  private:
    std::optional<TempDir> dir_;
    std::optional<PostgresTestDatabase> postgres_;
    std::string url_;
};

class DatabaseTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    DatabaseTest();

    db::Backend backend() const { return GetParam(); }
    const std::string& url() const { return storage_.url(); }
    db::Database& database() { return *database_; }
    // Another handle on the same database, as a second process would have.
    std::unique_ptr<db::Database> open_again(unsigned pool_size = 4) const;

  private:
    TestDatabase storage_;
    std::unique_ptr<db::Database> database_;
};

std::string backend_test_name(const ::testing::TestParamInfo<db::Backend>& info);

}  // namespace rapport::testing

#define RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(suite)                                           \
    INSTANTIATE_TEST_SUITE_P(                                                                  \
        Backends, suite,                                                                       \
        ::testing::Values(::rapport::db::Backend::sqlite, ::rapport::db::Backend::postgresql), \
        ::rapport::testing::backend_test_name)
