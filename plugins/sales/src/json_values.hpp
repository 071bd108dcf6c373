// JSON in and out of the plugin: an action's parameters read with the checks the API promises
// (a wrong or unknown parameter is a 422 naming it), and records and reports written in the
// API's value shapes (ids as numbers, amounts as fixed-scale strings).
#pragma once

#include <rapport/sdk/date.hpp>
#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/http.hpp>
#include <rapport/sdk/record.hpp>
#include <rapport/sdk/value.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sales {

class ActionParams {
  public:
    // Throws sdk::Error: bad_request when `params` is not a JSON object, validation_failed
    // naming each parameter that `action` does not take.
    ActionParams(const sdk::Json& params, std::string_view action,
                 std::initializer_list<std::string_view> known);

    // Present and not null.
    bool has(std::string_view name) const;
    // A positive integer (or its digits as a string); nullopt when absent.
    std::optional<std::int64_t> id(std::string_view name) const;
    // true or false; false when absent.
    bool flag(std::string_view name) const;
    // An amount as a number or a string ("1500.50"), exactly at `scale`; nullopt when absent.
    std::optional<sdk::Decimal> amount(std::string_view name, int scale = 2) const;
    // A date "YYYY-MM-DD"; nullopt when absent.
    std::optional<sdk::Date> date(std::string_view name) const;

  private:
    [[noreturn]] void refuse(std::string_view name, const std::string& message) const;

    boost::json::object object_;
    std::string action_;
};

boost::json::value value_json(const sdk::Value& value);
// Every field of the record the reader may see, with its id and version.
boost::json::object record_json(const sdk::Record& record);
sdk::HttpResponse json_response(const boost::json::value& body);

}  // namespace rapport::sales
