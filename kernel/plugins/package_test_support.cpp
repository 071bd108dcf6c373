#include "plugins/package_test_support.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace rapport::plugins::testing {
namespace {

[[noreturn]] void archive_failed(archive* handle) {
    const char* message = archive_error_string(handle);
    throw std::runtime_error(std::string("test archive: ") +
                             (message != nullptr ? message : "unknown error"));
}

la_ssize_t append_to_string(archive*, void* output, const void* buffer, size_t length) {
    static_cast<std::string*>(output)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
}

// Not a loadable library; the package code only moves its bytes. The NUL shows they are
// moved as bytes, not as text.
constexpr std::string_view fake_library(
    "\x7f"
    "ELF\0fake library",
    17);

void write_text(const std::filesystem::path& path, std::string_view text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TarBuilder& TarBuilder::file(std::string path, std::string content, int mode) {
    members_.push_back(Member{std::move(path), AE_IFREG, mode, std::move(content), {}, {}});
    return *this;
}

TarBuilder& TarBuilder::directory(std::string path) {
    members_.push_back(Member{std::move(path), AE_IFDIR, 0755, {}, {}, {}});
    return *this;
}

TarBuilder& TarBuilder::symlink(std::string path, std::string target) {
    members_.push_back(Member{std::move(path), AE_IFLNK, 0777, {}, std::move(target), {}});
    return *this;
}

TarBuilder& TarBuilder::hardlink(std::string path, std::string target) {
    members_.push_back(Member{std::move(path), AE_IFREG, 0644, {}, {}, std::move(target)});
    return *this;
}

TarBuilder& TarBuilder::character_device(std::string path) {
    members_.push_back(Member{std::move(path), AE_IFCHR, 0666, {}, {}, {}});
    return *this;
}

TarBuilder& TarBuilder::fifo(std::string path) {
    members_.push_back(Member{std::move(path), AE_IFIFO, 0644, {}, {}, {}});
    return *this;
}

std::string TarBuilder::bytes(bool gzip) const {
    std::string output;
    std::unique_ptr<archive, decltype(&archive_write_free)> writer(archive_write_new(),
                                                                   archive_write_free);
    archive_write_set_format_pax_restricted(writer.get());
    if (gzip) {
        archive_write_add_filter_gzip(writer.get());
    }
    if (archive_write_open(writer.get(), &output, nullptr, append_to_string, nullptr) !=
        ARCHIVE_OK) {
        archive_failed(writer.get());
    }
    for (const Member& member : members_) {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                            archive_entry_free);
        archive_entry_set_pathname(entry.get(), member.path.c_str());
        archive_entry_set_filetype(entry.get(), member.type);
        archive_entry_set_perm(entry.get(), member.mode);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.content.size()));
        if (!member.symlink.empty()) {
            archive_entry_set_symlink(entry.get(), member.symlink.c_str());
        }
        if (!member.hardlink.empty()) {
            archive_entry_set_hardlink(entry.get(), member.hardlink.c_str());
        }
        if (member.type == AE_IFCHR) {
            archive_entry_set_rdevmajor(entry.get(), 1);
            archive_entry_set_rdevminor(entry.get(), 3);
        }
        if (archive_write_header(writer.get(), entry.get()) < ARCHIVE_OK) {
            archive_failed(writer.get());
        }
        if (!member.content.empty() &&
            archive_write_data(writer.get(), member.content.data(), member.content.size()) !=
                static_cast<la_ssize_t>(member.content.size())) {
            archive_failed(writer.get());
        }
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        archive_failed(writer.get());
    }
    return output;
}

std::string gzip(std::string_view bytes) {
    std::string output;
    std::unique_ptr<archive, decltype(&archive_write_free)> writer(archive_write_new(),
                                                                   archive_write_free);
    archive_write_set_format_raw(writer.get());
    archive_write_add_filter_gzip(writer.get());
    if (archive_write_open(writer.get(), &output, nullptr, append_to_string, nullptr) !=
        ARCHIVE_OK) {
        archive_failed(writer.get());
    }
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        archive_entry_free);
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK ||
        archive_write_data(writer.get(), bytes.data(), bytes.size()) !=
            static_cast<la_ssize_t>(bytes.size()) ||
        archive_write_close(writer.get()) != ARCHIVE_OK) {
        archive_failed(writer.get());
    }
    return output;
}

std::vector<TarMember> read_tar(std::string_view bytes) {
    std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(),
                                                                  archive_read_free);
    archive_read_support_filter_gzip(reader.get());
    archive_read_support_format_tar(reader.get());
    if (archive_read_open_memory(reader.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
        archive_failed(reader.get());
    }
    std::vector<TarMember> members;
    archive_entry* entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
        if (archive_entry_filetype(entry) != AE_IFREG) {
            continue;
        }
        TarMember member;
        member.path = archive_entry_pathname(entry);
        member.mode = static_cast<int>(archive_entry_perm(entry));
        member.mtime = archive_entry_mtime(entry);
        member.uid = archive_entry_uid(entry);
        member.gid = archive_entry_gid(entry);
        char buffer[4096];
        la_ssize_t read = 0;
        while ((read = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0) {
            member.content.append(buffer, static_cast<std::size_t>(read));
        }
        if (read < 0) {
            archive_failed(reader.get());
        }
        members.push_back(std::move(member));
    }
    if (status != ARCHIVE_EOF) {
        archive_failed(reader.get());
    }
    return members;
}

TarBuilder minimal_plugin_tar() {
    TarBuilder tar;
    tar.file("plugin.yaml", "id: demo\nversion: 1.0.0\n")
        .file("lib/libdemo.so", std::string(fake_library), 0755);
    return tar;
}

void write_plugin_source(const std::filesystem::path& directory) {
    write_text(directory / "plugin.yaml", "id: demo\nname: Demo\nversion: 1.0.0\nsdk_abi: 1\n");
    write_text(directory / "lib/libdemo.so", fake_library);
    write_text(directory / "views/demo_list.yaml", "columns: [name]\n");
    write_text(directory / "data/seed.csv", "name\nfirst\n");
    write_text(directory / "migrations/001_create.sql", "CREATE TABLE demo (id INTEGER);\n");
}

}  // namespace rapport::plugins::testing
