#include "records/record.hpp"

#include <stdexcept>

namespace rapport::records {

const sdk::Value& Record::get(std::string_view field) const {
    for (std::size_t i = 0; i < entity->fields.size(); ++i) {
        if (entity->fields[i].name == field) {
            return values.at(i);
        }
    }
    throw std::out_of_range("entity " + entity->name + " has no field " + std::string(field));
}

std::int64_t Record::version() const {
    return std::get<std::int64_t>(get("version"));
}

}  // namespace rapport::records
