#include "plugins/plugin_files.hpp"

#include "plugins/package_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace rapport::plugins {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view bytes) {
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
            throw std::runtime_error("cannot write " + partial.string());
        }
    }
    fs::rename(partial, path);
}

fs::path fresh_directory(const fs::path& parent, const std::string& stem, unsigned& counter) {
    fs::create_directories(parent);
    fs::path candidate;
    do {
        candidate = parent / fmt::format("{}-{}", stem, ++counter);
    } while (fs::exists(candidate));
    return candidate;
}

DirectoryGuard::~DirectoryGuard() {
    if (!kept_) {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
}

std::vector<std::string> keys_in(const fs::path& directory) {
    std::vector<std::string> keys;
    std::error_code error;
    for (const auto& file : fs::directory_iterator(directory, error)) {
        if (file.path().extension() == ".pub") {
            std::string key = read_file_bytes(file.path());
            key.erase(key.find_last_not_of(" \r\n") + 1);
            keys.push_back(std::move(key));
        }
    }
    return keys;
}

std::vector<fs::path> packages_in(const fs::path& directory) {
    std::vector<fs::path> packages;
    std::error_code error;
    for (const auto& file : fs::directory_iterator(directory, error)) {
        if (file.path().extension() == ".rpk") {
            packages.push_back(file.path());
        }
    }
    std::sort(packages.begin(), packages.end());
    return packages;
}

}  // namespace rapport::plugins
