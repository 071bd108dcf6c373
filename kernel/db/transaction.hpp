// A transaction on one session, rolled back unless committed.
#pragma once

#include "db/dialect.hpp"

namespace soci {
class session;
}

namespace rapport::db {

class Transaction {
  public:
    Transaction(soci::session& session, const Dialect& dialect);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

  private:
    soci::session& session_;
    bool open_ = true;
};

}  // namespace rapport::db
