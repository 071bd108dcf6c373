// Every problem found in a configuration, reported together.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::config {

class ConfigError : public std::runtime_error {
  public:
    explicit ConfigError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const noexcept { return problems_; }

  private:
    std::vector<std::string> problems_;
};

}  // namespace rapport::config
