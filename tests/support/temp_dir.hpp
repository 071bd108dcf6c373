// A directory that exists for the lifetime of a test and is removed afterwards.
#pragma once

#include <filesystem>

namespace rapport::testing {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace rapport::testing
