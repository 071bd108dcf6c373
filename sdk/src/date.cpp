#include <rapport/sdk/date.hpp>

#include <fmt/format.h>

namespace rapport::sdk {

std::optional<Date> Date::parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t widths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (std::size_t j = starts[i]; j < starts[i] + widths[i]; ++j) {
            if (text[j] < '0' || text[j] > '9') {
                return std::nullopt;
            }
            parts[i] = parts[i] * 10 + (text[j] - '0');
        }
    }
    const std::chrono::year_month_day date{std::chrono::year{parts[0]},
                                           std::chrono::month{static_cast<unsigned>(parts[1])},
                                           std::chrono::day{static_cast<unsigned>(parts[2])}};
    // Year 0 exists in neither calendar a database keeps (PostgreSQL refuses it).
    if (!date.ok() || parts[0] == 0) {
        return std::nullopt;
    }
    return Date{std::chrono::sys_days{date}};
}

std::string Date::to_string() const {
    const std::chrono::year_month_day date{day_};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace rapport::sdk
