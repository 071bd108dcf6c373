#include "db/like_pattern.hpp"

namespace rapport::db {

std::string sql_like_pattern(std::string_view user_pattern) {
    std::string pattern;
    pattern.reserve(user_pattern.size() + 4);
    for (const char c : user_pattern) {
        if (c == '*') {
            pattern.push_back('%');
            continue;
        }
        if (c == '%' || c == '_' || c == '\\') {
            pattern.push_back('\\');
        }
        pattern.push_back(c);
    }
    return pattern;
}

std::string glob_pattern(std::string_view user_pattern) {
    std::string pattern;
    pattern.reserve(user_pattern.size() + 4);
    for (const char c : user_pattern) {
        if (c == '?' || c == '[') {
            pattern += '[';
            pattern += c;
            pattern += ']';
        } else {
            pattern.push_back(c);
        }
    }
    return pattern;
}

}  // namespace rapport::db
