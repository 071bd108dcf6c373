#include "config/config.hpp"

#include <algorithm>
#include <thread>

namespace rapport::config {
namespace {

unsigned cores() {
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::string Config::database_url() const {
    return database.url.empty() ? "sqlite:" + (data_dir / "rapport.db").string() : database.url;
}

unsigned Config::io_threads() const {
    return server.io_threads ? server.io_threads : cores();
}

unsigned Config::worker_threads() const {
    return server.worker_threads ? server.worker_threads : std::max(4u, 2 * cores());
}

unsigned Config::pool_size() const {
    return database.pool_size ? database.pool_size : worker_threads();
}

}  // namespace rapport::config
