#include "plugins/plugin_packages.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "plugins/plugin_files.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <stdexcept>

namespace rapport::plugins {
namespace {

// Base64 as TEXT keeps one column type for both backends (SOCI's rows carry text, not blobs).
std::string to_base64(std::string_view bytes) {
    std::string text(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    text.pop_back();  // the terminating NUL
    return text;
}

std::string from_base64(std::string_view text) {
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        throw std::runtime_error("a stored plugin package is not valid base64");
    }
    bytes.resize(length);
    return bytes;
}

}  // namespace

db::Migration plugin_packages_migration() {
    return {"kernel/0130_plugin_packages", [](soci::session& session, const db::Dialect&) {
                db::execute(session,
                            "CREATE TABLE rapport_plugin_packages (id VARCHAR(48) NOT NULL, "
                            "version VARCHAR(64) NOT NULL, package TEXT NOT NULL, "
                            "PRIMARY KEY (id, version))");
            }};
}

PluginPackages::PluginPackages(db::Database& database) : database_(database) {}

void PluginPackages::store(std::string_view id, std::string_view version, std::string_view bytes) {
    database_.with_session([&](soci::session& session) {
        db::execute(session,
                    "INSERT INTO rapport_plugin_packages (id, version, package) VALUES (:i, :v, "
                    ":p) ON CONFLICT (id, version) DO NOTHING",
                    {std::string(id), std::string(version), to_base64(bytes)});
    });
}

std::optional<std::string> PluginPackages::load(std::string_view id, std::string_view version) {
    std::optional<std::string> bytes;
    database_.with_session([&](soci::session& session) {
        const auto rows = db::query(
            session, "SELECT package FROM rapport_plugin_packages WHERE id = :i AND version = :v",
            {std::string(id), std::string(version)});
        if (!rows.empty()) {
            bytes = from_base64(db::as_text(rows.at(0).at(0)));
        }
    });
    return bytes;
}

std::filesystem::path local_package(PluginPackages& packages, const PluginState& saved,
                                    const std::filesystem::path& data_dir) {
    namespace fs = std::filesystem;
    if (fs::exists(saved.package)) {
        return saved.package;
    }
    const fs::path local =
        data_dir / "plugins" / "packages" / fmt::format("{}-{}.rpk", saved.id, saved.version);
    if (!fs::exists(local)) {
        const auto bytes = packages.load(saved.id, saved.version);
        if (!bytes) {
            throw std::runtime_error(
                fmt::format("the package of {} {} is neither in {} nor in the database", saved.id,
                            saved.version, saved.package.string()));
        }
        fs::create_directories(local.parent_path());
        write_file(local, *bytes);
    }
    return local;
}

}  // namespace rapport::plugins
