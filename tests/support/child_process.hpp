// Runs a program (rapportd) as a child process for tests, with its output captured.
#pragma once

#include "temp_dir.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rapport::testing {

class ChildProcess {
  public:
    // `environment` entries ("NAME=value") are added to this process's environment.
    ChildProcess(const std::string& program, const std::vector<std::string>& arguments,
                 const std::vector<std::string>& environment = {});
    ~ChildProcess();  // kills the child if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void send_signal(int signal_number);
    // The exit code, or nullopt when it did not exit in time (or died from a signal: -signal).
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // Everything it wrote to stdout and stderr so far.
    std::string output() const;

  private:
    TempDir dir_;
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_port();

}  // namespace rapport::testing
