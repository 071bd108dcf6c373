#include "records/aggregate_query_parser.hpp"

#include "records/field_text.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::records {
namespace {

using sdk::FieldType;

constexpr std::array<std::pair<std::string_view, Aggregate>, 4> aggregates{{
    {"sum", Aggregate::sum},
    {"avg", Aggregate::avg},
    {"min", Aggregate::min},
    {"max", Aggregate::max},
}};

constexpr std::array<std::pair<std::string_view, DateBucket>, 4> buckets{{
    {"day", DateBucket::day},
    {"week", DateBucket::week},
    {"month", DateBucket::month},
    {"year", DateBucket::year},
}};

template <typename Value, std::size_t size>
std::optional<Value> find_named(const std::array<std::pair<std::string_view, Value>, size>& names,
                                std::string_view name) {
    for (const auto& [candidate, value] : names) {
        if (candidate == name) {
            return value;
        }
    }
    return std::nullopt;
}

bool is_date_type(FieldType type) {
    return type == FieldType::date || type == FieldType::datetime;
}

bool is_extreme(Aggregate function) {
    return function == Aggregate::min || function == Aggregate::max;
}

bool can_aggregate(Aggregate function, FieldType type) {
    return is_number_type(type) || (is_extreme(function) && is_date_type(type));
}

std::string type_of(const FieldDefinition& field) {
    return "'" + field.name + "' is of type " + std::string(sdk::field_type_name(field.type));
}

class AggregateQueryParser {
  public:
    explicit AggregateQueryParser(const EntityDefinition& entity) : entity_(entity) {}

    AggregateQuery parse(const QueryParams& params) {
        for (const auto& [name, value] : params) {
            apply(name, value);
        }
        return finish();
    }

    // Code's query: the same checks, reported under the same parameter names.
    AggregateQuery parse(const sdk::AggregateQuery& asked) {
        for (const auto& grouping : asked.group_by) {
            if (const auto* field =
                    find_field(entity_, "group_by", grouping.field, problems_.errors())) {
                add_grouping(*field, grouping.bucket);
            }
        }
        for (const auto& measure : asked.measures) {
            add_measure(measure.function, measure.field);
        }
        for (const auto& [name, value] : asked.filters) {
            add_filter(name, value);
        }
        query_.count = asked.count;
        return finish();
    }

  private:
    AggregateQuery finish() {
        problems_.throw_if_any();
        query_.count = query_.count || query_.measures.empty();
        return std::move(query_);
    }

    void apply(const std::string& name, std::string_view value) {
        const auto function = find_named(aggregates, name);
        if (!function && name != "group_by" && name != "count") {
            add_filter(name, value);
        } else if (problems_.first_time(name)) {
            apply_reserved(name, function, value);
        }
    }

    void add_filter(std::string_view name, std::string_view value) {
        if (auto condition = parse_filter(entity_, name, value, problems_.errors())) {
            query_.conditions.push_back(std::move(*condition));
        }
    }

    void apply_reserved(std::string_view name, std::optional<Aggregate> function,
                        std::string_view value) {
        if (function) {
            parse_measures(*function, value);
        } else if (name == "group_by") {
            parse_group_by(value);
        } else {
            parse_count(value);
        }
    }

    void parse_group_by(std::string_view value) {
        for (const auto item : split_on_commas(value)) {
            const auto colon = item.find(':');
            const auto* field =
                find_field(entity_, "group_by", item.substr(0, colon), problems_.errors());
            if (field == nullptr) {
                continue;
            }
            const auto bucket = colon == std::string_view::npos
                                    ? DateBucket::none
                                    : find_named(buckets, item.substr(colon + 1));
            if (bucket) {
                add_grouping(*field, *bucket);
            } else {
                problems_.report("group_by", "unknown date bucket '" +
                                                 std::string(item.substr(colon + 1)) +
                                                 "'; use day, week, month or year");
            }
        }
    }

    void add_grouping(const FieldDefinition& field, DateBucket bucket) {
        if (!is_orderable(field.type)) {
            problems_.report("group_by",
                             "cannot group by lists, JSON or long text; " + type_of(field));
        } else if (bucket != DateBucket::none && !is_date_type(field.type)) {
            problems_.report(
                "group_by",
                "only date and datetime fields take a bucket such as :month; " + type_of(field));
        } else {
            query_.group_by.push_back({field.name, bucket});
        }
    }

    void parse_measures(Aggregate function, std::string_view value) {
        for (const auto field_name : split_on_commas(value)) {
            add_measure(function, field_name);
        }
    }

    void add_measure(Aggregate function, std::string_view field_name) {
        const auto name = aggregate_name(function);
        const auto* field = find_field(entity_, name, field_name, problems_.errors());
        if (field != nullptr && !can_aggregate(function, field->type)) {
            const std::string types = is_extreme(function)
                                          ? "integer, decimal, money, percent, date and datetime"
                                          : "integer, decimal, money and percent";
            problems_.report(
                name, std::string(name) + " applies to " + types + " fields; " + type_of(*field));
        } else if (field != nullptr) {
            query_.measures.push_back({function, field->name});
        }
    }

    void parse_count(std::string_view value) {
        if (value != "true" && value != "false") {
            problems_.report("count", "expected count=true or count=false");
            return;
        }
        query_.count = value == "true";
    }

    const EntityDefinition& entity_;
    AggregateQuery query_;
    QueryProblems problems_;
};

}  // namespace

std::string_view aggregate_name(Aggregate function) {
    const auto* found =
        std::find_if(aggregates.begin(), aggregates.end(),
                     [function](const auto& named) { return named.second == function; });
    return found->first;
}

AggregateQuery parse_aggregate_query(const EntityDefinition& entity, const QueryParams& params) {
    return AggregateQueryParser(entity).parse(params);
}

AggregateQuery parse_aggregate_query(const EntityDefinition& entity,
                                     const sdk::AggregateQuery& query) {
    return AggregateQueryParser(entity).parse(query);
}

}  // namespace rapport::records
