#include <rapport/sdk/decimal.hpp>

#include <array>
#include <charconv>
#include <cstdlib>
#include <limits>

namespace rapport::sdk {
namespace {

constexpr std::array<std::int64_t, 19> powers_of_ten = [] {
    std::array<std::int64_t, 19> powers{};
    powers[0] = 1;
    for (std::size_t i = 1; i < powers.size(); ++i) {
        powers[i] = powers[i - 1] * 10;
    }
    return powers;
}();

constexpr int max_digits = 18;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text, int scale) {
    if (scale < 0 || scale > max_scale || text.empty()) {
        return std::nullopt;
    }
    std::size_t pos = 0;
    const bool negative = text[0] == '-';
    if (text[0] == '-' || text[0] == '+') {
        ++pos;
    }
    std::string digits;  // integer and fraction digits, without the point
    int fraction_digits = 0;
    bool seen_point = false;
    for (; pos < text.size() && (is_digit(text[pos]) || text[pos] == '.'); ++pos) {
        if (text[pos] == '.') {
            if (seen_point) {
                return std::nullopt;
            }
            seen_point = true;
        } else {
            digits.push_back(text[pos]);
            fraction_digits += seen_point ? 1 : 0;
        }
    }
    if (digits.empty()) {
        return std::nullopt;
    }
    int exponent = 0;
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        if (pos < text.size() && text[pos] == '+') {
            ++pos;
        }
        const auto* first = text.data() + pos;
        const auto* last = text.data() + text.size();
        auto [end, error] = std::from_chars(first, last, exponent);
        if (error != std::errc{} || end == first) {
            return std::nullopt;
        }
        pos = static_cast<std::size_t>(end - text.data());
    }
    if (pos != text.size() || exponent < -max_digits || exponent > max_digits) {
        return std::nullopt;
    }
    // value = digits * 10^(exponent - fraction_digits); we want units = value * 10^scale.
    int shift = scale + exponent - fraction_digits;
    while (shift < 0 && digits.size() > 1 && digits.back() == '0') {
        digits.pop_back();
        ++shift;
    }
    if (shift < 0) {
        return std::nullopt;  // more precision than the field holds
    }
    const auto first_significant = digits.find_first_not_of('0');
    const std::size_t significant =
        first_significant == std::string::npos ? 0 : digits.size() - first_significant;
    if (significant + static_cast<std::size_t>(shift) > max_digits) {
        return std::nullopt;
    }
    std::int64_t units = 0;
    for (char c : digits) {
        units = units * 10 + (c - '0');
    }
    units *= powers_of_ten[static_cast<std::size_t>(shift)];
    return Decimal{negative ? -units : units, scale};
}

std::string Decimal::to_string() const {
    const std::uint64_t magnitude = units_ < 0 ? static_cast<std::uint64_t>(-(units_ + 1)) + 1
                                               : static_cast<std::uint64_t>(units_);
    std::string digits = std::to_string(magnitude);
    if (digits.size() <= static_cast<std::size_t>(scale_)) {
        digits.insert(0, static_cast<std::size_t>(scale_) + 1 - digits.size(), '0');
    }
    if (scale_ > 0) {
        digits.insert(digits.size() - static_cast<std::size_t>(scale_), 1, '.');
    }
    return units_ < 0 ? "-" + digits : digits;
}

std::optional<Decimal> Decimal::rescaled(int scale) const {
    if (scale < 0 || scale > max_scale) {
        return std::nullopt;
    }
    if (scale >= scale_) {
        const std::int64_t factor = powers_of_ten[static_cast<std::size_t>(scale - scale_)];
        if (std::abs(units_) > std::numeric_limits<std::int64_t>::max() / factor) {
            return std::nullopt;
        }
        return Decimal{units_ * factor, scale};
    }
    const std::int64_t divisor = powers_of_ten[static_cast<std::size_t>(scale_ - scale)];
    std::int64_t quotient = units_ / divisor;
    const std::int64_t remainder = units_ % divisor;
    if (std::abs(remainder) * 2 >= divisor) {
        quotient += units_ < 0 ? -1 : 1;
    }
    return Decimal{quotient, scale};
}

}  // namespace rapport::sdk
