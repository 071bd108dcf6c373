#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace rapport::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rapport-test.XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error("cannot create a temporary directory");
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace rapport::testing
