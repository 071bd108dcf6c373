#include "plugins/package_writer.hpp"

#include "plugins/package_error.hpp"
#include "plugins/package_layout.hpp"
#include "plugins/package_signature.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <vector>

namespace rapport::plugins {
namespace {

struct SourceFile {
    PackageMember member;
    std::string content;
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        throw std::filesystem::filesystem_error("cannot read a file of the plugin source", path,
                                                std::make_error_code(std::errc::io_error));
    }
    return content;
}

std::vector<SourceFile> read_source(const std::filesystem::path& source_directory) {
    if (!std::filesystem::is_directory(source_directory)) {
        throw PackageError("the plugin source " + source_directory.string() +
                           " is not a directory");
    }
    std::vector<SourceFile> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_directory)) {
        const std::string relative =
            entry.path().lexically_relative(source_directory).generic_string();
        const std::filesystem::file_status status = entry.symlink_status();
        if (std::filesystem::is_directory(status)) {
            continue;  // the reader creates a file's directories; empty ones carry nothing
        }
        // Following a link would package whatever it points at today, which is not what the
        // developer staged; the reader would refuse the link itself.
        if (std::filesystem::is_symlink(status)) {
            throw PackageError("the plugin source holds a symbolic link, " +
                               quoted_member(relative) + "; a package may hold only regular files");
        }
        if (!std::filesystem::is_regular_file(status)) {
            throw PackageError("the plugin source holds " + quoted_member(relative) +
                               ", which is not a regular file");
        }
        const std::string path = normalize_member_path(relative);
        if (path == signature_member) {
            throw PackageError(
                "the plugin source holds a file named \"signature\", a name a package keeps "
                "for its signature");
        }
        std::string content = read_file(entry.path());
        PackageMember member{path, sha256_hex(content), content.size()};
        files.push_back(SourceFile{std::move(member), std::move(content)});
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
        return a.member.path < b.member.path;
    });
    return files;
}

using ArchiveWriter = std::unique_ptr<archive, decltype(&archive_write_free)>;
using Entry = std::unique_ptr<archive_entry, decltype(&archive_entry_free)>;

[[noreturn]] void write_failed(archive* writer) {
    const char* message = archive_error_string(writer);
    throw std::runtime_error(std::string("cannot write the plugin package: ") +
                             (message != nullptr ? message : "unknown error"));
}

la_ssize_t append_to_string(archive*, void* output, const void* buffer, size_t length) {
    static_cast<std::string*>(output)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
}

void add_file(archive* writer, const std::string& path, std::string_view content, int mode) {
    Entry entry(archive_entry_new(), archive_entry_free);
    if (!entry) {
        throw std::bad_alloc();
    }
    archive_entry_set_pathname(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), mode);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
    // Fixed rather than taken from the source, so a rebuild of the same files is
    // byte-identical and its digest can be compared.
    archive_entry_set_mtime(entry.get(), 0, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(writer, entry.get()) != ARCHIVE_OK) {
        write_failed(writer);
    }
    while (!content.empty()) {
        const la_ssize_t written = archive_write_data(writer, content.data(), content.size());
        if (written <= 0) {
            write_failed(writer);
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

std::string pack_package(const std::filesystem::path& source_directory,
                         std::optional<std::string_view> secret_key_base64) {
    const std::vector<SourceFile> files = read_source(source_directory);
    std::vector<PackageMember> members;
    members.reserve(files.size());
    for (const SourceFile& file : files) {
        members.push_back(file.member);
    }
    check_required_members(members);
    // Signed before anything is written, so a bad key fails before any work is wasted.
    std::optional<std::string> signature;
    if (secret_key_base64) {
        signature = sign(digest_list(members), *secret_key_base64);
    }

    std::string output;
    ArchiveWriter writer(archive_write_new(), archive_write_free);
    if (!writer) {
        throw std::bad_alloc();
    }
    // pax_restricted writes plain ustar headers and adds pax ones only for what ustar cannot
    // hold (long or non-ASCII paths). Paths are stored as the bytes they are (hdrcharset
    // BINARY): a conversion through the process locale fails for non-ASCII names under the C
    // locale, and libarchive 3.6 then crashes in archive_write_header. gzip's header time is
    // left out for reproducibility.
    if (archive_write_set_format_pax_restricted(writer.get()) != ARCHIVE_OK ||
        archive_write_set_format_option(writer.get(), "pax", "hdrcharset", "BINARY") !=
            ARCHIVE_OK ||
        archive_write_add_filter_gzip(writer.get()) != ARCHIVE_OK ||
        archive_write_set_filter_option(writer.get(), "gzip", "timestamp", nullptr) != ARCHIVE_OK ||
        archive_write_open(writer.get(), &output, nullptr, append_to_string, nullptr) !=
            ARCHIVE_OK) {
        write_failed(writer.get());
    }
    for (const SourceFile& file : files) {
        add_file(writer.get(), file.member.path, file.content,
                 is_plugin_library(file.member.path) ? 0755 : 0644);
    }
    if (signature) {
        add_file(writer.get(), std::string(signature_member), *signature, 0644);
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        write_failed(writer.get());
    }
    return output;
}

}  // namespace rapport::plugins
