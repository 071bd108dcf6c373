#include "db/database_url.hpp"

#include "db/database_error.hpp"

namespace rapport::db {

DatabaseUrl parse_database_url(std::string_view url) {
    if (url.starts_with("sqlite:") && url.size() > 7) {
        return {Backend::sqlite, std::string(url.substr(7))};
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return {Backend::postgresql, std::string(url)};  // libpq reads URIs itself
    }
    throw DatabaseError("unsupported database URL '" + redact_database_url(url) +
                        "': expected sqlite:PATH or postgresql://user@host:port/database");
}

std::string redact_database_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::string(url);
    }
    const auto authority_start = scheme_end + 3;
    const auto authority_end = url.find_first_of("/?", authority_start);
    const auto at = url.rfind('@', authority_end);
    if (at == std::string_view::npos || at < authority_start) {
        return std::string(url);
    }
    const auto colon = url.find(':', authority_start);
    if (colon == std::string_view::npos || colon > at) {
        return std::string(url);
    }
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

}  // namespace rapport::db
