// Exact fixed-point numbers for money and decimal fields. Values never pass through a
// double: they are parsed from and printed to text, and stored as integer units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sdk {

class Decimal {
  public:
    static constexpr int max_scale = 9;

    constexpr Decimal() = default;
    // `units` counts 10^-scale steps: Decimal{12345, 2} is 123.45.
    constexpr Decimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}

    // Parses "-123.45", "12", "1.5e3" exactly. Fails (nullopt) on anything else, on more
    // fraction digits than `scale` holds, and on values outside 18 significant digits.
    static std::optional<Decimal> parse(std::string_view text, int scale);

    std::int64_t units() const noexcept { return units_; }
    int scale() const noexcept { return scale_; }

    // Fixed-scale text: Decimal{5, 2} prints "0.05".
    std::string to_string() const;
    // The same value at another scale, rounding half away from zero when digits are dropped.
    // Fails when the value would not fit.
    std::optional<Decimal> rescaled(int scale) const;

    bool operator==(const Decimal& other) const = default;

  private:
    std::int64_t units_ = 0;
    int scale_ = 0;
};

}  // namespace rapport::sdk
