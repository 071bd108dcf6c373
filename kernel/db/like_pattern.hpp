// Turns a user's `*`-wildcard pattern into a pattern where every other character is literal.
#pragma once

#include <string>
#include <string_view>

namespace rapport::db {

// For LIKE/ILIKE ... ESCAPE '\': `%`, `_` and `\` escaped, `*` becomes `%`.
std::string sql_like_pattern(std::string_view user_pattern);
// For SQLite GLOB: `*`, `?` and `[` bracketed, `*` stays the wildcard.
std::string glob_pattern(std::string_view user_pattern);

}  // namespace rapport::db
