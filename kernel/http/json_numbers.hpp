// Numbers in JSON text, found outside its strings: those a double would round on the way in,
// and the exponent form Boost.JSON gives every double on the way out.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace rapport::http {

// The first number in JSON text with a fraction or an exponent and more than 15 significant
// digits ("1000.50000000000001"), or nullopt. Boost.JSON reads such a number as a double,
// which keeps 15 digits: money and decimals are read from the double's shortest text, exact
// up to 15 digits, and a longer number would arrive silently rounded.
std::optional<std::string_view> imprecise_number(std::string_view json);

// The first number in JSON text beyond a double's range (1e400, 1e-400), or nullopt. Boost.JSON
// reads it as infinity (or zero) and writes infinity as Infinity, which is not JSON.
std::optional<std::string_view> out_of_range_number(std::string_view json);

// The first number in JSON text that is either, with which it is: one scan for a request body.
enum class NumberFault { imprecise, out_of_range };
struct UnfitNumber {
    std::string_view text;
    NumberFault fault;
};
std::optional<UnfitNumber> unfit_number(std::string_view json);

// The value as JSON text, its doubles in their shortest plain form where there is one: Boost.JSON
// 1.81 writes every double with an exponent (a percent of 12.5 as 1.25E1, 60.0 as 6E1), which
// clients read as well but people and the API's examples do not.
std::string plain_json_text(const boost::json::value& value);

}  // namespace rapport::http
