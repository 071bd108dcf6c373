#include "plugins/semantic_version.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>
#include <vector>

namespace rapport::plugins {
namespace {

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_identifier_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        text.remove_prefix(at + 1);
    }
}

// A version number: digits, no leading zero (semver §2), within int.
std::optional<int> parse_number(std::string_view text) {
    if (!is_digits(text) || (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Dot-separated non-empty identifiers of [0-9A-Za-z-]; in a pre-release, numeric identifiers
// have no leading zero (semver §9), in build metadata they may (§10).
bool is_dotted_identifiers(std::string_view text, bool numeric_without_leading_zero) {
    for (const auto identifier : split(text, '.')) {
        if (identifier.empty() ||
            !std::all_of(identifier.begin(), identifier.end(), is_identifier_char)) {
            return false;
        }
        if (numeric_without_leading_zero && is_digits(identifier) && identifier.size() > 1 &&
            identifier.front() == '0') {
            return false;
        }
    }
    return true;
}

std::weak_ordering compare_identifiers(std::string_view left, std::string_view right) {
    const bool left_numeric = is_digits(left);
    const bool right_numeric = is_digits(right);
    if (left_numeric && right_numeric) {
        // Without leading zeros, the longer number is the larger; this holds beyond any int.
        if (left.size() != right.size()) {
            return left.size() <=> right.size();
        }
        return left <=> right;
    }
    if (left_numeric != right_numeric) {
        return left_numeric ? std::weak_ordering::less : std::weak_ordering::greater;
    }
    return left <=> right;  // ASCII order, as semver asks
}

std::weak_ordering compare_pre_releases(std::string_view left, std::string_view right) {
    if (left.empty() || right.empty()) {
        // A release ranks above any of its pre-releases.
        return left.empty() <=> right.empty();
    }
    const auto left_ids = split(left, '.');
    const auto right_ids = split(right, '.');
    const auto common = std::min(left_ids.size(), right_ids.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (const auto order = compare_identifiers(left_ids[i], right_ids[i]); order != 0) {
            return order;
        }
    }
    return left_ids.size() <=> right_ids.size();
}

// "1", "1.2" or "1.2.3[-pre][+build]": the version and how many numbers were written.
std::optional<std::pair<SemanticVersion, int>> parse_partial(std::string_view text) {
    if (const auto full = SemanticVersion::parse(text)) {
        return std::pair{*full, 3};
    }
    const auto parts = split(text, '.');
    if (parts.size() > 2) {
        return std::nullopt;
    }
    SemanticVersion version;
    const auto major = parse_number(parts[0]);
    const auto minor = parts.size() == 2 ? parse_number(parts[1]) : std::optional<int>(0);
    if (!major || !minor) {
        return std::nullopt;
    }
    version.major = *major;
    version.minor = *minor;
    return std::pair{version, static_cast<int>(parts.size())};
}

// The first version past `version` at the position `numbers` counts (1: next major, 2: next
// minor, 3: next patch), as its lowest pre-release so that the bound's pre-releases are out.
SemanticVersion next_at(const SemanticVersion& version, int numbers) {
    SemanticVersion next;
    next.major = version.major + (numbers == 1 ? 1 : 0);
    next.minor = numbers >= 2 ? version.minor + (numbers == 2 ? 1 : 0) : 0;
    next.patch = numbers == 3 ? version.patch + 1 : 0;
    next.pre_release = "0";
    return next;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::optional<SemanticVersion> SemanticVersion::parse(std::string_view text) {
    SemanticVersion version;
    if (const auto plus = text.find('+'); plus != std::string_view::npos) {
        version.build = std::string(text.substr(plus + 1));
        if (!is_dotted_identifiers(version.build, false)) {
            return std::nullopt;
        }
        text = text.substr(0, plus);
    }
    if (const auto dash = text.find('-'); dash != std::string_view::npos) {
        version.pre_release = std::string(text.substr(dash + 1));
        if (!is_dotted_identifiers(version.pre_release, true)) {
            return std::nullopt;
        }
        text = text.substr(0, dash);
    }
    const auto numbers = split(text, '.');
    if (numbers.size() != 3) {
        return std::nullopt;
    }
    const auto major = parse_number(numbers[0]);
    const auto minor = parse_number(numbers[1]);
    const auto patch = parse_number(numbers[2]);
    if (!major || !minor || !patch) {
        return std::nullopt;
    }
    version.major = *major;
    version.minor = *minor;
    version.patch = *patch;
    return version;
}

std::string SemanticVersion::to_string() const {
    std::string text = fmt::format("{}.{}.{}", major, minor, patch);
    if (!pre_release.empty()) {
        text += "-" + pre_release;
    }
    if (!build.empty()) {
        text += "+" + build;
    }
    return text;
}

std::weak_ordering operator<=>(const SemanticVersion& left, const SemanticVersion& right) {
    if (const auto order = std::tie(left.major, left.minor, left.patch) <=>
                           std::tie(right.major, right.minor, right.patch);
        order != 0) {
        return order;
    }
    return compare_pre_releases(left.pre_release, right.pre_release);
}

std::optional<VersionRequirement> VersionRequirement::parse(std::string_view text) {
    text = trim(text);
    VersionRequirement requirement;
    if (text.empty() || text == "*") {
        return requirement;
    }
    requirement.text_ = std::string(text);
    char operation = '=';
    if (text.starts_with(">=")) {
        operation = '>';
        text.remove_prefix(2);
    } else if (text.front() == '^' || text.front() == '~' || text.front() == '=') {
        operation = text.front();
        text.remove_prefix(1);
    }
    const auto partial = parse_partial(trim(text));
    if (!partial) {
        return std::nullopt;
    }
    const auto& [version, numbers] = *partial;
    requirement.minimum_ = version;
    switch (operation) {
        case '>':
            break;
        case '^': {
            // The leftmost non-zero number written is the one that may not change (0.x
            // releases break compatibility on minor, 0.0.x on patch).
            int fixed = numbers;
            if (version.major != 0 || numbers == 1) {
                fixed = 1;
            } else if (version.minor != 0 || numbers == 2) {
                fixed = 2;
            }
            requirement.below_ = next_at(version, fixed);
            break;
        }
        case '~':
            requirement.below_ = next_at(version, std::min(numbers, 2));
            break;
        default:
            if (numbers == 3) {
                requirement.exact_ = true;
            } else {
                requirement.below_ = next_at(version, numbers);
            }
    }
    return requirement;
}

bool VersionRequirement::satisfied_by(const SemanticVersion& version) const {
    if (exact_) {
        return version == *minimum_;
    }
    return (!minimum_ || version >= *minimum_) && (!below_ || version < *below_);
}

}  // namespace rapport::plugins
