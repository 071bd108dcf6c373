// A point in time with millisecond precision, always in UTC. The API speaks RFC 3339 with
// `Z`; the store keeps one canonical form on every backend, so filters compare correctly.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sdk {

class Timestamp {
  public:
    using Clock = std::chrono::system_clock;
    using Duration = std::chrono::milliseconds;
    using TimePoint = std::chrono::time_point<Clock, Duration>;

    constexpr Timestamp() = default;
    constexpr explicit Timestamp(TimePoint at) : at_(at) {}

    static Timestamp now();
    // Accepts RFC 3339 date-times with `Z` or a numeric offset ("2026-11-22T09:41:06+07:00"),
    // a space instead of `T`, and up to 9 fraction digits (truncated to milliseconds), that
    // fall in the years 0001 to 9999 in UTC: the canonical form has four digits for the year,
    // and PostgreSQL has no year 0.
    static std::optional<Timestamp> parse(std::string_view text);

    // "2026-11-22T02:41:06Z", or "2026-11-22T02:41:06.250Z" when there are milliseconds.
    std::string to_rfc3339() const;
    // Fixed-width "2026-11-22T02:41:06.250Z": sorts as text in time order.
    std::string to_canonical() const;

    TimePoint time_point() const { return at_; }

    auto operator<=>(const Timestamp&) const = default;

  private:
    TimePoint at_{};
};

}  // namespace rapport::sdk
