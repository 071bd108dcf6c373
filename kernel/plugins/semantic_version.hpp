// Plugin versions (semver 2.0) and the requirements a manifest's `depends` puts on them
// (">=1.2", "^1.2", "~1.2", "=1.2.3", "1.2.3", "*").
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::plugins {

struct SemanticVersion {
    int major = 0;
    int minor = 0;
    int patch = 0;
    std::string pre_release;  // "rc.1" in 1.2.0-rc.1; empty for a release
    std::string build;        // "build.5" in 1.2.0+build.5; kept for display, never compared

    // Strict semver 2.0: three numbers without leading zeros, optional -pre.release and
    // +build. Returns nothing for anything else ("1.0", "v1.0.0", "01.2.3").
    static std::optional<SemanticVersion> parse(std::string_view text);

    std::string to_string() const;

    // Semver precedence: numbers first, a pre-release below its release, pre-release
    // identifiers compared one by one (numeric ones numerically, and below alphanumeric ones).
    // Build metadata does not take part, so 1.0.0+a == 1.0.0+b: equality here is "same
    // precedence", which is what dependency checks mean by it.
    friend std::weak_ordering operator<=>(const SemanticVersion& left,
                                          const SemanticVersion& right);
    friend bool operator==(const SemanticVersion& left, const SemanticVersion& right) {
        return (left <=> right) == 0;
    }
};

// What a dependency accepts of the version it depends on. Versions in requirements may leave
// out minor and patch (">=1.2" is ">=1.2.0"):
//   "*" or ""      any version
//   ">=1.2"        1.2.0 or later
//   "^1.2"         compatible: >=1.2.0 and below the next major (for 0.x: below the next minor)
//   "~1.2"         >=1.2.0 and below the next minor
//   "=1.2.3", "1.2.3"  exactly that precedence; "=1.2" or "1.2" is any 1.2.x
// Upper bounds exclude the pre-releases of the bound (^1.2 refuses 2.0.0-rc.1), as npm and
// Cargo do: a pre-release of the next major is already that major.
class VersionRequirement {
  public:
    VersionRequirement() = default;  // any version

    static std::optional<VersionRequirement> parse(std::string_view text);

    bool satisfied_by(const SemanticVersion& version) const;
    bool accepts_any() const noexcept { return !minimum_ && !below_; }

    // As written, without surrounding blanks; "*" for any version.
    std::string to_string() const { return text_; }

    friend bool operator==(const VersionRequirement& left, const VersionRequirement& right) {
        return left.text_ == right.text_;
    }

  private:
    std::string text_ = "*";
    std::optional<SemanticVersion> minimum_;  // inclusive
    std::optional<SemanticVersion> below_;    // exclusive
    bool exact_ = false;                      // only versions equal to minimum_
};

}  // namespace rapport::plugins
