#include <rapport/sdk/timestamp.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <charconv>

namespace rapport::sdk {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`, advancing it.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

struct Parts {
    year_month_day date;
    milliseconds time_of_day;
    minutes offset;
};

std::optional<Parts> parse_parts(std::string_view text) {
    std::size_t pos = 0;
    const auto y = read_number(text, pos, 4);
    const bool dash1 = expect(text, pos, '-');
    const auto mo = read_number(text, pos, 2);
    const bool dash2 = expect(text, pos, '-');
    const auto d = read_number(text, pos, 2);
    if (!y || !dash1 || !mo || !dash2 || !d || pos >= text.size()) {
        return std::nullopt;
    }
    const char separator = text[pos++];
    if (separator != 'T' && separator != 't' && separator != ' ') {
        return std::nullopt;
    }
    const auto h = read_number(text, pos, 2);
    const bool colon1 = expect(text, pos, ':');
    const auto mi = read_number(text, pos, 2);
    const bool colon2 = expect(text, pos, ':');
    const auto s = read_number(text, pos, 2);
    if (!h || !colon1 || !mi || !colon2 || !s || *h > 23 || *mi > 59 || *s > 59) {
        return std::nullopt;
    }
    int millis = 0;
    if (expect(text, pos, '.')) {
        int digits = 0;
        for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
            if (digits < 3) {
                millis = millis * 10 + (text[pos] - '0');
            }
        }
        if (digits == 0 || digits > 9) {
            return std::nullopt;
        }
        for (; digits < 3; ++digits) {
            millis *= 10;
        }
    }
    minutes offset{0};
    if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos++] == '-' ? -1 : 1;
        const auto oh = read_number(text, pos, 2);
        const bool colon = expect(text, pos, ':');
        const auto om = read_number(text, pos, 2);
        if (!oh || !colon || !om || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offset = minutes{sign * (*oh * 60 + *om)};
    } else {
        return std::nullopt;  // a date-time without zone is ambiguous
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return Parts{date, hours{*h} + minutes{*mi} + seconds{*s} + milliseconds{millis}, offset};
}

}  // namespace

Timestamp Timestamp::now() {
    return Timestamp{time_point_cast<Duration>(Clock::now())};
}

std::optional<Timestamp> Timestamp::parse(std::string_view text) {
    const auto parts = parse_parts(text);
    if (!parts) {
        return std::nullopt;
    }
    const sys_days days{parts->date};
    const Timestamp at{TimePoint{days} + parts->time_of_day - parts->offset};
    const year in_utc = year_month_day{floor<std::chrono::days>(at.at_)}.year();
    if (in_utc < year{1} || in_utc > year{9999}) {
        return std::nullopt;
    }
    return at;
}

std::string Timestamp::to_canonical() const {
    const auto days = floor<std::chrono::days>(at_);
    const year_month_day date{days};
    const hh_mm_ss time{at_ - days};
    // Compiled: every record read out formats its timestamps here.
    return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z"),
                       static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

std::string Timestamp::to_rfc3339() const {
    std::string text = to_canonical();
    if (text.compare(text.size() - 5, 4, ".000") == 0) {
        text.erase(text.size() - 5, 4);
    }
    return text;
}

}  // namespace rapport::sdk
