// PostgreSQL for tests: the throwaway cluster of this test run and a fresh database per test.
// Tests using it fail, never skip, when the cluster cannot be reached or started.
#pragma once

#include <string>

namespace rapport::testing {

// The cluster of this test run: the one ctest started (its URL file named by env
// RAPPORT_TEST_PG_URL_FILE), or, when a test binary runs on its own, a private one this
// process starts on first use with pg-cluster.sh and stops at exit.
std::string postgres_cluster_url();

// A fresh, empty database on that cluster, created in the constructor, dropped (WITH (FORCE))
// in the destructor.
class PostgresTestDatabase {
  public:
    PostgresTestDatabase();
    ~PostgresTestDatabase();

    PostgresTestDatabase(const PostgresTestDatabase&) = delete;
    PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

    // A libpq connection URL, usable by SOCI's postgresql backend as well.
    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

  private:
    std::string cluster_url_;
    std::string name_;
    std::string url_;
};

}  // namespace rapport::testing
