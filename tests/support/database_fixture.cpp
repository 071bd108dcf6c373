#include "database_fixture.hpp"

namespace rapport::testing {

TestDatabase::TestDatabase(db::Backend backend) {
    if (backend == db::Backend::sqlite) {
        dir_.emplace();
        url_ = "sqlite:" + (dir_->path() / "rapport.db").string();
    } else {
        postgres_.emplace();
        url_ = postgres_->url();
    }
}

DatabaseTest::DatabaseTest() : storage_(GetParam()), database_(open_again()) {}

std::unique_ptr<db::Database> DatabaseTest::open_again(unsigned pool_size) const {
    return std::make_unique<db::Database>(storage_.url(), db::DatabaseOptions{pool_size, 5000});
}

std::string backend_test_name(const ::testing::TestParamInfo<db::Backend>& info) {
    return std::string(db::backend_name(info.param));
}

}  // namespace rapport::testing
