#include "plugins/package_reader.hpp"

#include "plugins/package_error.hpp"
#include "plugins/package_signature.hpp"
#include "runtime/write_all.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace rapport::plugins {
namespace {

// A signature is one line of base64; anything much longer is not one.
constexpr std::uint64_t max_signature_bytes = 4096;
constexpr std::size_t read_block_bytes = std::size_t{64} * 1024;

[[noreturn]] void not_a_package(const std::string& why) {
    throw PackageError("not a Rapport package (.rpk): " + why);
}

std::string archive_problem(archive* reader) {
    const char* message = archive_error_string(reader);
    return message != nullptr ? message : "unknown error";
}

std::string describe_bytes(std::uint64_t bytes) {
    constexpr std::uint64_t mib = std::uint64_t{1} << 20;
    if (bytes >= mib && bytes % mib == 0) {
        return std::to_string(bytes / mib) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

[[noreturn]] void throw_system_error(const std::string& what, const std::filesystem::path& path) {
    throw std::filesystem::filesystem_error(what, path,
                                            std::error_code(errno, std::system_category()));
}

// A file created by this extraction, never an existing one: O_EXCL refuses a path that is
// already there, symlink or not.
class NewFile {
  public:
    NewFile(const std::filesystem::path& path, mode_t mode) : path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd_ < 0) {
            throw_system_error("cannot create a file of the plugin package", path_);
        }
        // The mode passed to open() is narrowed by the umask; the package's modes are fixed.
        if (::fchmod(fd_, mode) != 0) {
            const int saved = errno;
            ::close(fd_);
            errno = saved;
            throw_system_error("cannot set the mode of a file of the plugin package", path_);
        }
    }
    NewFile(const NewFile&) = delete;
    NewFile& operator=(const NewFile&) = delete;
    ~NewFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    void write(std::string_view bytes) {
        if (!runtime::write_all(fd_, bytes)) {
            throw_system_error("cannot write a file of the plugin package", path_);
        }
    }

    // Reports what a failing close() says (on some file systems, the failed write).
    void close() {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) {
            throw_system_error("cannot write a file of the plugin package", path_);
        }
    }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

class Sha256 {
  public:
    Sha256() { crypto_hash_sha256_init(&state_); }
    void update(std::string_view bytes) {
        crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size());
    }
    std::string hex() {
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&state_, digest);
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        return hex;
    }

  private:
    crypto_hash_sha256_state state_{};
};

using ArchiveReader = std::unique_ptr<archive, decltype(&archive_read_free)>;

class Extraction {
  public:
    Extraction(std::filesystem::path directory, const PackageLimits& limits)
        : directory_(std::move(directory)), limits_(limits), buffer_(read_block_bytes) {
        package_.directory = directory_;
    }

    ExtractedPackage run(std::string_view bytes) {
        ArchiveReader reader(archive_read_new(), archive_read_free);
        if (!reader) {
            throw std::bad_alloc();
        }
        // Only what a .rpk is: a package in any other format the library knows is refused
        // rather than half understood.
        archive_read_support_filter_gzip(reader.get());
        archive_read_support_format_tar(reader.get());
        // Opening already reads ahead to recognise the format, so it can fail on a damaged
        // stream as well as on one that holds no tar.
        if (archive_read_open_memory(reader.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
            not_a_package("it does not hold a readable tar archive (" +
                          archive_problem(reader.get()) + ")");
        }
        std::string previous;  // the last member read, to say where a damaged archive broke
        while (true) {
            archive_entry* entry = nullptr;
            const int status = archive_read_next_header(reader.get(), &entry);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                not_a_package(previous.empty()
                                  ? "it does not hold a readable tar archive (" +
                                        archive_problem(reader.get()) + ")"
                                  : "the archive is truncated or damaged after member " +
                                        quoted_member(previous) + " (" +
                                        archive_problem(reader.get()) + ")");
            }
            if (++entries_ > limits_.max_members) {
                throw PackageError("the package has more than " +
                                   std::to_string(limits_.max_members) + " members");
            }
            previous = read_entry(reader.get(), entry);
        }
        std::sort(package_.members.begin(), package_.members.end(),
                  [](const PackageMember& a, const PackageMember& b) { return a.path < b.path; });
        check_required_members(package_.members);
        return std::move(package_);
    }

  private:
    // Returns the member's path as stored, for messages.
    std::string read_entry(archive* reader, archive_entry* entry) {
        const char* stored_path = archive_entry_pathname(entry);
        if (stored_path == nullptr) {
            stored_path = archive_entry_pathname_utf8(entry);
        }
        if (stored_path == nullptr) {
            throw PackageError("the package has a member whose path cannot be read");
        }
        std::string raw_path = stored_path;
        const std::string path = normalize_member_path(raw_path);
        check_type(raw_path, entry);

        // The header's size is checked before any byte is read; the bytes actually read are
        // counted again below, since a header is only a claim.
        if (archive_entry_size_is_set(entry) != 0) {
            const auto declared =
                static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(entry), 0));
            check_member_size(raw_path, declared);
            check_total_size(total_bytes_ + declared);
        }

        if (archive_entry_filetype(entry) == AE_IFDIR) {
            if (!path.empty()) {
                check_no_file_on_the_way(raw_path, path + "/");
                make_directories(path);
            }
            return raw_path;
        }
        if (path.empty()) {
            throw PackageError("the package member " + quoted_member(raw_path) +
                               " is a file that names the package directory itself");
        }
        if (files_.contains(path)) {
            throw PackageError("the package holds " + quoted_member(path) + " twice");
        }
        if (directories_.contains(path)) {
            throw PackageError("the package member " + quoted_member(raw_path) +
                               " is both a file and a directory");
        }
        check_no_file_on_the_way(raw_path, path);
        files_.insert(path);

        if (path == signature_member) {
            read_signature(reader, raw_path);
        } else {
            extract_file(reader, raw_path, path);
        }
        return raw_path;
    }

    static void check_type(const std::string& raw_path, archive_entry* entry) {
        // A hard link is stored as a regular file with a link target, so it is asked first.
        if (archive_entry_hardlink(entry) != nullptr) {
            refuse_type(raw_path, "a hard link");
        }
        if (archive_entry_symlink(entry) != nullptr) {
            refuse_type(raw_path, "a symbolic link");
        }
        switch (archive_entry_filetype(entry)) {
            case AE_IFREG:
            case AE_IFDIR:
                return;
            case AE_IFLNK:
                refuse_type(raw_path, "a symbolic link");
            case AE_IFCHR:
            case AE_IFBLK:
                refuse_type(raw_path, "a device file");
            case AE_IFIFO:
                refuse_type(raw_path, "a FIFO");
            case AE_IFSOCK:
                refuse_type(raw_path, "a socket");
            default:
                refuse_type(raw_path, "of an unknown type");
        }
    }

    [[noreturn]] static void refuse_type(const std::string& raw_path, std::string_view what) {
        throw PackageError("the package member " + quoted_member(raw_path) + " is " +
                           std::string(what) +
                           "; a package may hold only regular files and directories");
    }

    void check_member_size(const std::string& raw_path, std::uint64_t size) const {
        if (size > limits_.max_member_bytes) {
            throw PackageError("the package member " + quoted_member(raw_path) +
                               " is larger than the limit of " +
                               describe_bytes(limits_.max_member_bytes) + " per file");
        }
    }

    void check_total_size(std::uint64_t total) const {
        if (total > limits_.max_total_bytes) {
            throw PackageError("the package unpacks to more than the limit of " +
                               describe_bytes(limits_.max_total_bytes));
        }
    }

    // Refuses "a/b" when "a" is a file of the package: one path cannot be both.
    void check_no_file_on_the_way(const std::string& raw_path, const std::string& path) const {
        for (std::size_t slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            if (files_.contains(path.substr(0, slash))) {
                throw PackageError("the package member " + quoted_member(raw_path) +
                                   " lies under " + quoted_member(path.substr(0, slash)) +
                                   ", which is a file");
            }
        }
    }

    // Creates path and its parents below directory_; each only once, so nothing is created
    // over an existing entry.
    void make_directories(const std::string& path) {
        for (std::size_t end = path.find('/');; end = path.find('/', end + 1)) {
            const std::string prefix = path.substr(0, end);
            if (directories_.insert(prefix).second) {
                const std::filesystem::path target = directory_ / prefix;
                if (::mkdir(target.c_str(), 0755) != 0) {
                    throw_system_error("cannot create a directory of the plugin package", target);
                }
            }
            if (end == std::string::npos) {
                return;
            }
        }
    }

    // Calls consume for each block of the current member's data.
    template <typename Consume>
    void for_each_block(archive* reader, const std::string& raw_path, Consume&& consume) {
        while (true) {
            const la_ssize_t read = archive_read_data(reader, buffer_.data(), buffer_.size());
            if (read == 0) {
                return;
            }
            if (read < 0) {
                not_a_package("the archive is truncated or damaged in member " +
                              quoted_member(raw_path) + " (" + archive_problem(reader) + ")");
            }
            consume(std::string_view(buffer_.data(), static_cast<std::size_t>(read)));
        }
    }

    void read_signature(archive* reader, const std::string& raw_path) {
        std::string signature;
        for_each_block(reader, raw_path, [&](std::string_view block) {
            if (signature.size() + block.size() > max_signature_bytes) {
                throw PackageError("the package member " + quoted_member(raw_path) +
                                   " is larger than " + describe_bytes(max_signature_bytes) +
                                   "; it should hold one base64 signature");
            }
            signature += block;
        });
        package_.signature = std::move(signature);
    }

    void extract_file(archive* reader, const std::string& raw_path, const std::string& path) {
        if (const std::size_t slash = path.rfind('/'); slash != std::string::npos) {
            make_directories(path.substr(0, slash));
        }
        const bool library = is_plugin_library(path);
        const bool manifest = path == manifest_member;
        NewFile file(directory_ / path, library ? 0755 : 0644);
        Sha256 digest;
        std::uint64_t size = 0;
        for_each_block(reader, raw_path, [&](std::string_view block) {
            size += block.size();
            total_bytes_ += block.size();
            check_member_size(raw_path, size);
            check_total_size(total_bytes_);
            digest.update(block);
            file.write(block);
            if (manifest) {
                package_.manifest_text += block;
            }
        });
        file.close();
        package_.members.push_back(PackageMember{path, digest.hex(), size});
    }

    std::filesystem::path directory_;
    PackageLimits limits_;
    std::vector<char> buffer_;
    std::set<std::string> files_;
    std::set<std::string> directories_;
    std::uint64_t total_bytes_ = 0;
    std::size_t entries_ = 0;
    ExtractedPackage package_;
};

std::string_view trim(std::string_view text) {
    constexpr std::string_view whitespace = " \t\r\n";
    const std::size_t first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

std::string untrusted_message(const std::vector<std::string>& trusted_public_keys) {
    std::string message =
        "the package is not signed by a trusted key, or was changed after it was signed (";
    if (trusted_public_keys.empty()) {
        return message + "no trusted keys configured; plugins.trusted_keys lists them)";
    }
    message += std::to_string(trusted_public_keys.size()) +
               (trusted_public_keys.size() == 1 ? " trusted key" : " trusted keys") +
               " configured:";
    for (const std::string& key : trusted_public_keys) {
        message += " " + key_id(key);
    }
    return message + ")";
}

}  // namespace

ExtractedPackage extract_package(std::string_view bytes, const std::filesystem::path& directory,
                                 const PackageLimits& limits) {
    if (bytes.empty()) {
        not_a_package("the body is empty");
    }
    // Asked here because libarchive would also take an uncompressed stream; the gzip magic
    // number is all this needs.
    if (bytes.size() < 2 || bytes[0] != '\x1f' || bytes[1] != '\x8b') {
        not_a_package("it is not gzip-compressed");
    }
    if (directory.has_parent_path()) {
        std::filesystem::create_directories(directory.parent_path());
    }
    // mkdir() is the existence check: it fails on anything already at the path, atomically.
    if (::mkdir(directory.c_str(), 0755) != 0) {
        throw_system_error("cannot extract a plugin package into a new directory", directory);
    }
    try {
        return Extraction(directory, limits).run(bytes);
    } catch (...) {
        // The error that ended the extraction is the one to report; one from cleaning up a
        // directory only this call wrote to would hide it.
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
        throw;
    }
}

void verify_package(const ExtractedPackage& package,
                    const std::vector<std::string>& trusted_public_keys, bool allow_unsigned) {
    // Anyone can strip a signature, so once unsigned packages are allowed a signature proves
    // nothing; checking it anyway would only stand in the way of a developer's own key.
    if (allow_unsigned) {
        return;
    }
    if (!package.signature) {
        throw PackageError(
            "the package is not signed (set plugins.allow_unsigned: true to install unsigned "
            "packages while developing)");
    }
    for (std::size_t i = 0; i < trusted_public_keys.size(); ++i) {
        if (!is_public_key(trusted_public_keys[i])) {
            throw PackageError("trusted key " + std::to_string(i + 1) +
                               " of plugins.trusted_keys is not a base64 Ed25519 public key");
        }
    }
    // Tolerates the newline an editor or `echo` adds to the file.
    const std::string_view signature = trim(*package.signature);
    if (!is_signature(signature)) {
        throw PackageError(
            "the package member \"signature\" does not hold a base64 Ed25519 signature");
    }
    const std::string signed_text = digest_list(package.members);
    for (const std::string& key : trusted_public_keys) {
        if (verify(signed_text, signature, key)) {
            return;
        }
    }
    throw PackageError(untrusted_message(trusted_public_keys));
}

std::string read_file_bytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

}  // namespace rapport::plugins
