// A calendar date without time or zone, "YYYY-MM-DD" in the API and in the store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sdk {

class Date {
  public:
    constexpr Date() = default;
    constexpr explicit Date(std::chrono::sys_days day) : day_(day) {}

    // Exactly "YYYY-MM-DD" with a real day of a real month, years 0001 to 9999.
    static std::optional<Date> parse(std::string_view text);
    std::string to_string() const;

    std::chrono::sys_days day() const { return day_; }
    auto operator<=>(const Date&) const = default;

  private:
    std::chrono::sys_days day_{};
};

}  // namespace rapport::sdk
