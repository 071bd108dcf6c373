#include "exact_amount.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>
#include <cstdint>

namespace rapport::sales {
namespace {

// 10^38 is the largest power of ten below 2^127.
constexpr int max_scale = 38;

__int128 power_of_ten(int exponent) {
    __int128 power = 1;
    for (int i = 0; i < exponent; ++i) {
        power *= 10;
    }
    return power;
}

[[noreturn]] void out_of_range() {
    throw sdk::Error(sdk::ErrorCode::validation_failed, "an amount is too large to compute");
}

__int128 checked_product(__int128 a, __int128 b) {
    __int128 result = 0;
    if (__builtin_mul_overflow(a, b, &result)) {
        out_of_range();
    }
    return result;
}

__int128 checked_sum(__int128 a, __int128 b) {
    __int128 result = 0;
    if (__builtin_add_overflow(a, b, &result)) {
        out_of_range();
    }
    return result;
}

// dividend / divisor, rounded half away from zero.
__int128 rounded_quotient(__int128 dividend, __int128 divisor) {
    __int128 quotient = dividend / divisor;
    const __int128 remainder = dividend % divisor;
    const __int128 magnitude = remainder < 0 ? -remainder : remainder;
    const __int128 size = divisor < 0 ? -divisor : divisor;
    if (magnitude * 2 >= size) {
        quotient += (dividend < 0) != (divisor < 0) ? -1 : 1;
    }
    return quotient;
}

}  // namespace

ExactAmount::ExactAmount(const sdk::Decimal& value)
    : units_(value.units()), scale_(value.scale()) {}

ExactAmount ExactAmount::percent(const sdk::Decimal& percent) {
    return ExactAmount(percent.units(), percent.scale() + 2);
}

ExactAmount ExactAmount::at_scale(int scale) const {
    if (scale > max_scale) {
        out_of_range();
    }
    return ExactAmount(checked_product(units_, power_of_ten(scale - scale_)), scale);
}

ExactAmount ExactAmount::operator+(const ExactAmount& other) const {
    const int scale = std::max(scale_, other.scale_);
    return ExactAmount(checked_sum(at_scale(scale).units_, other.at_scale(scale).units_), scale);
}

ExactAmount ExactAmount::operator-(const ExactAmount& other) const {
    return *this + ExactAmount(checked_product(other.units_, -1), other.scale_);
}

ExactAmount ExactAmount::operator*(const ExactAmount& other) const {
    const int scale = scale_ + other.scale_;
    if (scale > max_scale) {
        out_of_range();
    }
    return ExactAmount(checked_product(units_, other.units_), scale);
}

sdk::Decimal ExactAmount::rounded(int scale) const {
    const __int128 units = scale >= scale_ ? at_scale(scale).units_
                                           : rounded_quotient(units_, power_of_ten(scale_ - scale));
    constexpr __int128 limit = 999'999'999'999'999'999;  // 18 digits, as sdk::Decimal holds
    if (units > limit || units < -limit) {
        out_of_range();
    }
    return sdk::Decimal(static_cast<std::int64_t>(units), scale);
}

sdk::Decimal ExactAmount::percentage(const ExactAmount& part, const ExactAmount& whole) {
    const int scale = std::max(part.scale_, whole.scale_);
    const __int128 divisor = whole.at_scale(scale).units_;
    if (divisor == 0) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "a percentage of nothing");
    }
    // part / whole × 100 at two decimals is part × 10^4 / whole, in units of 0.01.
    const __int128 dividend = checked_product(part.at_scale(scale).units_, 10'000);
    return ExactAmount(rounded_quotient(dividend, divisor), 2).rounded(2);
}

std::strong_ordering ExactAmount::operator<=>(const ExactAmount& other) const {
    const int scale = std::max(scale_, other.scale_);
    const __int128 mine = at_scale(scale).units_;
    const __int128 theirs = other.at_scale(scale).units_;
    return mine < theirs
               ? std::strong_ordering::less
               : (mine > theirs ? std::strong_ordering::greater : std::strong_ordering::equal);
}

bool ExactAmount::operator==(const ExactAmount& other) const {
    return (*this <=> other) == std::strong_ordering::equal;
}

}  // namespace rapport::sales
