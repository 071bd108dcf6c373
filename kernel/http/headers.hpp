// HTTP header fields in arrival order, looked up case-insensitively.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::http {

class Headers {
  public:
    using Field = std::pair<std::string, std::string>;

    std::optional<std::string_view> get(std::string_view name) const;
    // Replaces every field of that name with one field.
    void set(std::string_view name, std::string value);
    void add(std::string name, std::string value);

    auto begin() const { return fields_.begin(); }
    auto end() const { return fields_.end(); }
    std::size_t size() const { return fields_.size(); }

  private:
    std::vector<Field> fields_;
};

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept;

}  // namespace rapport::http
