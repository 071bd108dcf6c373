#include "db/database.hpp"

#include "db/database_error.hpp"
#include "db/database_url.hpp"
#include "db/prepared_statements.hpp"
#include "db/transaction.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>

namespace rapport::db {
namespace {

void open_connection(soci::session& session, const DatabaseUrl& url) {
    if (url.backend == Backend::sqlite) {
        // SOCI's own busy timeout is in whole seconds; the dialect sets the precise one.
        session.open(soci::sqlite3, "db=\"" + url.target + "\"");
    } else {
        session.open(soci::postgresql, url.target);
    }
}

}  // namespace

struct Database::Impl {
    Impl(std::string_view url_text, const DatabaseOptions& options)
        : url(parse_database_url(url_text))
        , redacted(redact_database_url(url_text))
        , dialect(dialect_for(url.backend))
        , pool(std::max(1u, options.pool_size))
        , size(std::max(1u, options.pool_size)) {
        if (url.backend == Backend::sqlite) {
            const auto parent = std::filesystem::path(url.target).parent_path();
            if (!parent.empty() && !std::filesystem::is_directory(parent)) {
                throw DatabaseError("cannot open database " + redacted + ": directory " +
                                    parent.string() + " does not exist");
            }
        }
        const ConnectionSettings settings{options.busy_timeout_ms};
        for (std::size_t i = 0; i < std::max(1u, options.pool_size); ++i) {
            try {
                auto& session = pool.at(i);
                open_connection(session, url);
                for (const auto& statement : dialect.connection_setup(settings)) {
                    session << statement;
                }
            } catch (const std::exception& error) {
                throw DatabaseError("cannot open database " + redacted + ": " + error.what());
            }
        }
    }

    ~Impl() {
        for (std::size_t i = 0; i < size; ++i) {
            forget_prepared_statements(pool.at(i));
        }
    }

    DatabaseUrl url;
    std::string redacted;
    const Dialect& dialect;
    soci::connection_pool pool;
    std::size_t size;
};

Database::Database(std::string_view url, const DatabaseOptions& options)
    : impl_(std::make_unique<Impl>(url, options)) {}

Database::~Database() = default;

Backend Database::backend() const noexcept {
    return impl_->url.backend;
}
const Dialect& Database::dialect() const noexcept {
    return impl_->dialect;
}
const std::string& Database::redacted_url() const noexcept {
    return impl_->redacted;
}

void Database::with_session(const std::function<void(soci::session&)>& work) {
    soci::session session(impl_->pool);
    work(session);
}

void Database::write_transaction(const std::function<void(soci::session&)>& work) {
    soci::session session(impl_->pool);
    Transaction transaction(session, impl_->dialect);
    work(session);
    transaction.commit();
}

}  // namespace rapport::db
