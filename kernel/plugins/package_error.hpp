// The error a plugin package (.rpk) is refused with: its message names the offending member or
// the missing piece in words an administrator can act on, and becomes the install's 422 answer.
#pragma once

#include <stdexcept>
#include <string>

namespace rapport::plugins {

class PackageError : public std::runtime_error {
  public:
    explicit PackageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rapport::plugins
