#include "records/attachment_storage.hpp"

#include "runtime/write_all.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace rapport::records {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
        1) {
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
    }
    constexpr std::string_view hex_digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(hex_digits[digest[i] >> 4]);
        hex.push_back(hex_digits[digest[i] & 0x0f]);
    }
    return hex;
}

bool is_sha256_key(std::string_view key) {
    return key.size() == 64 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Makes a rename or a new entry in `directory` survive a crash.
void sync_directory(const fs::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open " + directory.string());
    }
    const int result = ::fsync(fd);
    const int sync_error = errno;
    ::close(fd);
    if (result != 0) {
        errno = sync_error;
        throw_errno("cannot sync " + directory.string());
    }
}

// A file created beside its final name and renamed onto it once its bytes are on disk, so
// readers see the whole content or none; removed again if anything fails before the rename.
class TempFile {
  public:
    explicit TempFile(const fs::path& directory) : path_((directory / ".upload-XXXXXX").string()) {
        fd_ = ::mkostemp(path_.data(), O_CLOEXEC);
        if (fd_ < 0) {
            throw_errno("cannot create a temporary file in " + directory.string());
        }
    }
    ~TempFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!renamed_) {
            ::unlink(path_.c_str());
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(std::string_view bytes) {
        if (!runtime::write_all(fd_, bytes)) {
            throw_errno("cannot write " + path_);
        }
    }

    void commit_as(const fs::path& target) {
        if (::fsync(fd_) != 0) {
            throw_errno("cannot sync " + path_);
        }
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) {
            throw_errno("cannot close " + path_);
        }
        if (::rename(path_.c_str(), target.c_str()) != 0) {
            throw_errno("cannot rename " + path_ + " to " + target.string());
        }
        renamed_ = true;
    }

  private:
    std::string path_;
    int fd_ = -1;
    bool renamed_ = false;
};

}  // namespace

AttachmentStorage::AttachmentStorage(std::filesystem::path root, std::size_t max_bytes)
    : root_(std::move(root)), max_bytes_(max_bytes) {
    fs::create_directories(root_);
}

StoredContent AttachmentStorage::store(std::string_view bytes) const {
    if (bytes.size() > max_bytes_) {
        throw sdk::Error(sdk::ErrorCode::payload_too_large,
                         fmt::format("an attachment may hold at most {} bytes, this one has {}",
                                     max_bytes_, bytes.size()));
    }
    StoredContent content{sha256_hex(bytes), bytes.size()};
    const fs::path target = path_of(content.sha256);
    {
        const std::lock_guard lock(reuse_);
        std::error_code missing;
        fs::last_write_time(target, fs::file_time_type::clock::now(), missing);
        if (!missing) {
            return content;
        }
    }
    const fs::path directory = target.parent_path();
    if (fs::create_directories(directory)) {
        sync_directory(root_);
    }
    // Two uploads of the same bytes may both get here: each renames a complete copy into
    // place, and rename replaces atomically, so readers never see a partial file.
    TempFile file(directory);
    file.write(bytes);
    file.commit_as(target);
    sync_directory(directory);
    return content;
}

std::ifstream AttachmentStorage::open(std::string_view sha256) const {
    const fs::path path = path_of(sha256);
    if (!fs::exists(path)) {
        throw sdk::Error(sdk::ErrorCode::not_found,
                         "no attachment content with SHA-256 " + std::string(sha256));
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot open " + path.string());
    }
    return file;
}

bool AttachmentStorage::discard(std::string_view sha256, std::chrono::seconds settle) const {
    const fs::path path = path_of(sha256);
    const std::lock_guard lock(reuse_);
    std::error_code missing;
    const auto stored = fs::last_write_time(path, missing);
    if (missing || fs::file_time_type::clock::now() - stored < settle) {
        return false;
    }
    fs::remove(path);
    return true;
}

std::filesystem::path AttachmentStorage::path_of(std::string_view sha256) const {
    if (!is_sha256_key(sha256)) {
        throw std::invalid_argument("not a SHA-256 key (64 lowercase hex digits): \"" +
                                    std::string(sha256) + "\"");
    }
    return root_ / sha256.substr(0, 2) / sha256;
}

}  // namespace rapport::records
