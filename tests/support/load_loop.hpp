// Background load for tests that change the server under it: a few clients sending the same
// GET with a bearer token as fast as they can, counting the answers that are not 200.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace rapport::testing {

class LoadLoop {
  public:
    LoadLoop(std::uint16_t port, std::string token, std::string target, int clients = 3);
    ~LoadLoop();
    LoadLoop(const LoadLoop&) = delete;
    LoadLoop& operator=(const LoadLoop&) = delete;

    // Stops the clients and waits for them.
    void stop();
    int requests() const { return requests_; }
    int failures() const { return failures_; }

  private:
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
    std::atomic<int> failures_{0};
    std::vector<std::thread> clients_;
};

}  // namespace rapport::testing
