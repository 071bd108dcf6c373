#include "db/notifications.hpp"

#include "db/database.hpp"
#include "db/database_error.hpp"
#include "db/statement.hpp"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace rapport::db {

void notify(Database& database, std::string_view channel) {
    if (database.backend() != Backend::postgresql) {
        return;
    }
    database.with_session([&](soci::session& session) {
        query(session, "SELECT pg_notify(:channel, '')", {std::string(channel)});
    });
}

struct Listener::Impl {
    Impl(const Database& database, std::string listened)
        : channel(std::move(listened))
        , target(database.backend() == Backend::postgresql ? database.connection_target() : "")
        , interruption(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
        if (interruption < 0) {
            throw DatabaseError("cannot create an eventfd for a database listener");
        }
        if (!target.empty()) {
            connect();
            if (!connection) {
                ::close(interruption);
                throw DatabaseError("cannot listen on " + channel + ": " + last_error);
            }
        }
    }

    ~Impl() {
        disconnect();
        ::close(interruption);
    }

    void connect() {
        connection = PQconnectdb(target.c_str());
        if (PQstatus(connection) == CONNECTION_OK) {
            PGresult* result = PQexec(connection, ("LISTEN " + channel).c_str());
            const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
            PQclear(result);
            if (listening) {
                return;
            }
        }
        last_error = PQerrorMessage(connection);
        disconnect();
    }

    void disconnect() {
        if (connection) {
            PQfinish(connection);
            connection = nullptr;
        }
    }

    // Drains what libpq received; true when a notification was among it.
    bool drain() {
        if (PQconsumeInput(connection) == 0) {
            spdlog::warn("listening on {} failed, reconnecting: {}", channel,
                         PQerrorMessage(connection));
            disconnect();
            return false;
        }
        bool notified = false;
        while (PGnotify* notification = PQnotifies(connection)) {
            notified = true;
            PQfreemem(notification);
        }
        return notified;
    }

    bool wait(std::chrono::milliseconds timeout) {
        if (!target.empty() && !connection) {
            connect();
        }
        pollfd watched[2] = {{interruption, POLLIN, 0}, {-1, POLLIN, 0}};
        if (connection) {
            watched[1].fd = PQsocket(connection);
        }
        if (::poll(watched, connection ? 2 : 1, static_cast<int>(timeout.count())) <= 0) {
            return false;
        }
        if (watched[0].revents & POLLIN) {
            std::uint64_t count = 0;
            [[maybe_unused]] const auto read = ::read(interruption, &count, sizeof count);
            return false;
        }
        return connection && (watched[1].revents & (POLLIN | POLLERR | POLLHUP)) && drain();
    }

    std::string channel;
    std::string target;  // the libpq connection string; empty on SQLite
    int interruption;
    PGconn* connection = nullptr;
    std::string last_error;
};

Listener::Listener(const Database& database, std::string channel)
    : impl_(std::make_unique<Impl>(database, std::move(channel))) {}

Listener::~Listener() = default;

bool Listener::wait(std::chrono::milliseconds timeout) {
    return impl_->wait(timeout);
}

void Listener::interrupt() noexcept {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(impl_->interruption, &one, sizeof one);
}

}  // namespace rapport::db
