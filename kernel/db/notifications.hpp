// Wake-ups across processes sharing a database (ARCHITECTURE.md §9): PostgreSQL's NOTIFY and
// LISTEN, over libpq. SQLite serves processes on one machine, which poll instead: nothing is
// sent, and a listener wakes only when interrupted or when its timeout ends.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace rapport::db {

class Database;

// Tells every listener of `channel`. Inside a write transaction of this thread it is sent when
// that commits (PostgreSQL delivers notifications at commit), and not at all if it rolls back.
void notify(Database& database, std::string_view channel);

class Listener {
  public:
    // On PostgreSQL opens a connection of its own (a pooled one cannot wait) and listens on
    // `channel`, a plain identifier. Throws DatabaseError when it cannot.
    Listener(const Database& database, std::string channel);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // Returns true when `channel` was notified before `timeout` ended; false on the timeout or
    // after interrupt(). A lost connection is logged and opened again on a later call.
    bool wait(std::chrono::milliseconds timeout);
    // Ends the current or next wait at once; safe from any thread.
    void interrupt() noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::db
