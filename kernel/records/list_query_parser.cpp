#include "records/list_query_parser.hpp"

#include "records/field_text.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::records {
namespace {

constexpr std::array<std::string_view, 5> reserved_params{"select", "order", "limit", "offset",
                                                          "count"};

// Digits only, at most the largest int64 (what the backends take for LIMIT and OFFSET).
std::optional<std::size_t> parse_non_negative(std::string_view text) {
    std::uint64_t value = 0;
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(text.data(), last, value);
    if (error != std::errc{} || end != last ||
        value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(value);
}

class ListQueryParser {
  public:
    explicit ListQueryParser(const EntityDefinition& entity) : entity_(entity) {}

    ListQuery parse(const QueryParams& params) {
        for (const auto& [name, value] : params) {
            apply(name, value);
        }
        problems_.throw_if_any();
        return std::move(query_);
    }

  private:
    void apply(const std::string& name, std::string_view value) {
        if (std::find(reserved_params.begin(), reserved_params.end(), name) ==
            reserved_params.end()) {
            if (auto condition = parse_filter(entity_, name, value, problems_.errors())) {
                query_.conditions.push_back(std::move(*condition));
            }
        } else if (problems_.first_time(name)) {
            apply_reserved(name, value);
        }
    }

    void apply_reserved(std::string_view name, std::string_view value) {
        if (name == "select") {
            parse_select(value);
        } else if (name == "order") {
            parse_order(value);
        } else if (name == "limit") {
            parse_limit(value);
        } else if (name == "offset") {
            parse_offset(value);
        } else {
            parse_count(value);
        }
    }

    void parse_select(std::string_view value) {
        for (const auto name : split_on_commas(value)) {
            if (find_field(entity_, "select", name, problems_.errors()) != nullptr) {
                query_.select.emplace_back(name);
            }
        }
    }

    void parse_order(std::string_view value) {
        for (const auto item : split_on_commas(value)) {
            const auto dot = item.find('.');
            const auto name = item.substr(0, dot);
            const auto direction =
                dot == std::string_view::npos ? std::string_view("asc") : item.substr(dot + 1);
            const auto* field = find_field(entity_, "order", name, problems_.errors());
            if (direction != "asc" && direction != "desc") {
                problems_.report("order", "unknown direction '" + std::string(direction) +
                                              "'; use asc or desc, e.g. order=name.desc");
            } else if (field != nullptr && !is_orderable(field->type)) {
                problems_.report("order", "cannot order by lists, JSON or long text; '" +
                                              field->name + "' is of type " +
                                              std::string(sdk::field_type_name(field->type)));
            } else if (field != nullptr) {
                query_.order.push_back({field->name, direction == "desc"});
            }
        }
    }

    void parse_limit(std::string_view value) {
        const auto limit = parse_non_negative(value);
        if (!limit) {
            problems_.report("limit", "expected a non-negative integer; at most " +
                                          std::to_string(max_limit) + " rows are returned");
            return;
        }
        query_.limit = std::min(*limit, max_limit);
    }

    void parse_offset(std::string_view value) {
        const auto offset = parse_non_negative(value);
        if (!offset) {
            problems_.report("offset", "expected a non-negative integer");
            return;
        }
        query_.offset = *offset;
    }

    void parse_count(std::string_view value) {
        if (value != "exact" && value != "none") {
            problems_.report("count",
                             "unknown count '" + std::string(value) + "'; use exact or none");
            return;
        }
        query_.count_total = value == "exact";
    }

    const EntityDefinition& entity_;
    ListQuery query_;
    QueryProblems problems_;
};

}  // namespace

ListQuery parse_list_query(const EntityDefinition& entity, const QueryParams& params) {
    return ListQueryParser(entity).parse(params);
}

}  // namespace rapport::records
