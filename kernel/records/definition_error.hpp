// Every problem found in a set of entity definitions, reported together.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::records {

class DefinitionError : public std::runtime_error {
  public:
    explicit DefinitionError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const noexcept { return problems_; }

  private:
    std::vector<std::string> problems_;
};

}  // namespace rapport::records
