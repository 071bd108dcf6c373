// A database that cannot be opened or a statement that fails outside a request.
#pragma once

#include <stdexcept>

namespace rapport::db {

class DatabaseError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace rapport::db
