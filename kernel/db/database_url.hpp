// The --db URL: `sqlite:PATH` or `postgresql://user:password@host:port/db?options`.
#pragma once

#include "db/backend.hpp"

#include <string>
#include <string_view>

namespace rapport::db {

struct DatabaseUrl {
    Backend backend;
    std::string target;  // the SQLite file path, or the libpq connection URI as given
};

// Throws DatabaseError naming the accepted forms.
DatabaseUrl parse_database_url(std::string_view url);

// The URL with any password replaced by "***", for logs and error messages.
std::string redact_database_url(std::string_view url);

}  // namespace rapport::db
