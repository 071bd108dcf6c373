// Exact arithmetic for amounts: products and sums of sdk::Decimal values kept exact (128-bit
// units at whatever scale they need), rounded once, half away from zero, when a value is stored.
// Money never passes through a double.
#pragma once

#include <rapport/sdk/decimal.hpp>

#include <compare>

namespace rapport::sales {

class ExactAmount {
  public:
    ExactAmount() = default;
    explicit ExactAmount(const sdk::Decimal& value);
    // `percent` / 100: ExactAmount::percent(12.5) is 0.125.
    static ExactAmount percent(const sdk::Decimal& percent);

    // Throw sdk::Error(validation_failed) when a result leaves the 128-bit range.
    ExactAmount operator+(const ExactAmount& other) const;
    ExactAmount operator-(const ExactAmount& other) const;
    ExactAmount operator*(const ExactAmount& other) const;
    ExactAmount& operator+=(const ExactAmount& other) { return *this = *this + other; }

    // The value at `scale` digits, rounding half away from zero: 87.49125 → 87.49, 0.125 → 0.13.
    // Throws sdk::Error(validation_failed) when it does not fit a stored amount (18 digits).
    sdk::Decimal rounded(int scale = 2) const;
    // `part` / `whole` in percent, rounded half away from zero to two decimals: 2 of 3 is 66.67.
    // Throws sdk::Error(validation_failed) for a zero `whole`.
    static sdk::Decimal percentage(const ExactAmount& part, const ExactAmount& whole);

    std::strong_ordering operator<=>(const ExactAmount& other) const;
    bool operator==(const ExactAmount& other) const;

  private:
    ExactAmount(__int128 units, int scale) : units_(units), scale_(scale) {}
    ExactAmount at_scale(int scale) const;

    __int128 units_ = 0;
    int scale_ = 0;
};

}  // namespace rapport::sales
