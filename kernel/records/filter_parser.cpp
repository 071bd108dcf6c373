#include "records/filter_parser.hpp"

#include "http/utf8.hpp"
#include "records/field_text.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <variant>

namespace rapport::records {
namespace {

using sdk::FieldType;

constexpr std::string_view operators_hint =
    "use eq, neq, gt, gte, lt, lte, like, ilike, in, is, not";

constexpr std::array<std::pair<std::string_view, Operator>, 9> operators{{
    {"eq", Operator::eq},
    {"neq", Operator::neq},
    {"gt", Operator::gt},
    {"gte", Operator::gte},
    {"lt", Operator::lt},
    {"lte", Operator::lte},
    {"like", Operator::like},
    {"ilike", Operator::ilike},
    {"in", Operator::in},
}};

std::optional<Operator> find_operator(std::string_view name) {
    for (const auto& [candidate, op] : operators) {
        if (candidate == name) {
            return op;
        }
    }
    return std::nullopt;
}

bool is_like(Operator op) {
    return op == Operator::like || op == Operator::ilike;
}

bool is_unordered_type(FieldType type) {
    return type == FieldType::boolean || type == FieldType::references ||
           type == FieldType::strings || type == FieldType::json;
}

// Reads a double-quoted in-list item starting at `pos`; a backslash escapes the next character.
std::optional<std::string> read_quoted_item(std::string_view list, std::size_t& pos) {
    std::string item;
    for (++pos; pos < list.size() && list[pos] != '"'; ++pos) {
        if (list[pos] == '\\' && pos + 1 < list.size()) {
            ++pos;
        }
        item.push_back(list[pos]);
    }
    if (pos == list.size()) {
        return std::nullopt;
    }
    ++pos;
    return item;
}

// The items of "(a,\"b,c\",d)" as PostgREST reads them, or what is wrong with the list.
std::variant<std::vector<std::string>, std::string> split_in_list(std::string_view text) {
    if (text.size() < 3 || text.front() != '(' || text.back() != ')') {
        return "expected a non-empty list such as in.(a,b); quote items with commas: \"a,b\"";
    }
    const auto list = text.substr(1, text.size() - 2);
    std::vector<std::string> items(1);
    for (std::size_t pos = 0; pos < list.size();) {
        if (list[pos] == ',') {
            items.emplace_back();
            ++pos;
        } else if (list[pos] == '"' && (pos == 0 || list[pos - 1] == ',')) {
            auto item = read_quoted_item(list, pos);
            if (!item || (pos < list.size() && list[pos] != ',')) {
                return "expected a closing quote and then a comma or the end of the list";
            }
            items.back() = std::move(*item);
        } else {
            items.back().push_back(list[pos++]);
        }
    }
    return items;
}

class FilterParser {
  public:
    FilterParser(const FieldDefinition& field, std::vector<sdk::FieldError>& errors)
        : field_(field), errors_(errors) {}

    std::optional<Condition> parse(std::string_view expression) {
        Condition condition{field_.name};
        if (expression.starts_with("not.")) {
            condition.negated = true;
            expression.remove_prefix(4);
        }
        const auto dot = expression.find('.');
        const auto op_name = expression.substr(0, dot);
        const auto argument =
            dot == std::string_view::npos ? std::string_view{} : expression.substr(dot + 1);
        if (op_name == "is") {
            return parse_is(std::move(condition), argument);
        }
        const auto op = find_operator(op_name);
        if (!op) {
            report(op_name == "not" ? std::string("not. may appear once, before the operator")
                                    : "unknown operator '" + std::string(op_name) + "'; " +
                                          std::string(operators_hint));
            return std::nullopt;
        }
        condition.op = *op;
        if (!applies_to_field(*op, op_name)) {
            return std::nullopt;
        }
        return with_values(std::move(condition), argument);
    }

  private:
    std::optional<Condition> parse_is(Condition condition, std::string_view argument) {
        if (argument == "null") {
            condition.op = Operator::is_null;
            return applies_to_field(Operator::is_null, "is") ? std::optional(condition)
                                                             : std::nullopt;
        }
        if (argument != "true" && argument != "false") {
            report("expected is.null, is.true or is.false");
            return std::nullopt;
        }
        if (field_.type != FieldType::boolean) {
            report("is." + std::string(argument) + " applies to boolean fields only");
            return std::nullopt;
        }
        condition.op = argument == "true" ? Operator::is_true : Operator::is_false;
        return condition;
    }

    bool applies_to_field(Operator op, std::string_view op_name) {
        if (field_.type == FieldType::strings || field_.type == FieldType::json) {
            report("fields of type " + std::string(sdk::field_type_name(field_.type)) +
                   " cannot be filtered");
            return false;
        }
        if (field_.type == FieldType::references && op != Operator::eq && op != Operator::in &&
            op != Operator::is_null) {
            report("a references field takes eq, in or is.null (no record in the list)");
            return false;
        }
        if (is_like(op) && !is_text_type(field_.type)) {
            report("operator " + std::string(op_name) +
                   " applies to text fields only (string, text, email, phone, url)");
            return false;
        }
        const bool ordered =
            op == Operator::gt || op == Operator::gte || op == Operator::lt || op == Operator::lte;
        if (ordered && is_unordered_type(field_.type)) {
            report("operator " + std::string(op_name) + " does not apply to " +
                   std::string(sdk::field_type_name(field_.type)) + " fields");
            return false;
        }
        return true;
    }

    std::optional<Condition> with_values(Condition condition, std::string_view argument) {
        if (condition.op == Operator::in) {
            return with_in_list(std::move(condition), argument);
        }
        auto value = is_like(condition.op) ? parse_pattern(argument) : parse_value(argument, "");
        if (!value) {
            return std::nullopt;
        }
        condition.values.push_back(std::move(*value));
        return condition;
    }

    std::optional<Condition> with_in_list(Condition condition, std::string_view argument) {
        auto items = split_in_list(argument);
        if (const auto* problem = std::get_if<std::string>(&items)) {
            report(*problem);
            return std::nullopt;
        }
        const auto& texts = std::get<std::vector<std::string>>(items);
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto where = "item " + std::to_string(i + 1) + " of in.(...): ";
            if (auto value = parse_value(texts[i], where)) {
                condition.values.push_back(std::move(*value));
            }
        }
        if (condition.values.size() != texts.size()) {
            return std::nullopt;
        }
        return condition;
    }

    std::optional<sdk::Value> parse_pattern(std::string_view pattern) {
        if (pattern.empty()) {
            report_missing_value("");
            return std::nullopt;
        }
        if (http::character_count(pattern) > field_.max_length()) {
            report("expected a pattern of at most " + std::to_string(field_.max_length()) +
                   " characters");
            return std::nullopt;
        }
        return sdk::Value{std::string(pattern)};
    }

    // `where` prefixes messages about one item of a list.
    std::optional<sdk::Value> parse_value(std::string_view text, const std::string& where) {
        auto parsed = parse_typed_text(field_, text);
        if (const auto* problem = std::get_if<std::string>(&parsed)) {
            report(where + *problem);
            return std::nullopt;
        }
        auto& value = std::get<sdk::Value>(parsed);
        if (sdk::is_null(value)) {
            report_missing_value(where);
            return std::nullopt;
        }
        return std::move(value);
    }

    void report_missing_value(const std::string& where) {
        report(where + "expected a value (use is.null to find records without one)");
    }

    void report(std::string message) { errors_.push_back({field_.name, std::move(message)}); }

    const FieldDefinition& field_;
    std::vector<sdk::FieldError>& errors_;
};

}  // namespace

std::optional<Condition> parse_filter(const EntityDefinition& entity, std::string_view name,
                                      std::string_view expression,
                                      std::vector<sdk::FieldError>& errors) {
    const auto* field = find_field(entity, name, name, errors);
    if (field == nullptr) {
        return std::nullopt;
    }
    return FilterParser(*field, errors).parse(expression);
}

const FieldDefinition* find_field(const EntityDefinition& entity, std::string_view param,
                                  std::string_view name, std::vector<sdk::FieldError>& errors) {
    const auto* field = entity.field(name);
    if (field == nullptr) {
        errors.push_back(
            {std::string(param),
             name.empty() ? std::string("expected field names separated by commas")
                          : "unknown field '" + std::string(name) + "' of entity " + entity.name});
    } else if (field->computed && param != "select") {
        errors.push_back({std::string(param), "field '" + std::string(name) +
                                                  "' is computed: it can be selected, not "
                                                  "filtered, ordered or grouped"});
        return nullptr;
    }
    return field;
}

bool is_orderable(sdk::FieldType type) noexcept {
    return type != FieldType::references && type != FieldType::strings && type != FieldType::json &&
           type != FieldType::text;
}

void QueryProblems::report(std::string_view param, std::string message) {
    errors_.push_back({std::string(param), std::move(message)});
}

bool QueryProblems::first_time(const std::string& name) {
    if (std::find(seen_.begin(), seen_.end(), name) != seen_.end()) {
        report(name, "'" + name + "' may be given once");
        return false;
    }
    seen_.push_back(name);
    return true;
}

void QueryProblems::throw_if_any() {
    if (!errors_.empty()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "invalid query", std::move(errors_));
    }
}

}  // namespace rapport::records
