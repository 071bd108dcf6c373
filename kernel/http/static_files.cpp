#include "http/static_files.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace rapport::http {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> content_types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
}};

std::string_view content_type_of(const fs::path& file) {
    const std::string extension = file.extension().string();
    for (const auto& [suffix, type] : content_types) {
        if (extension == suffix) {
            return type;
        }
    }
    return "application/octet-stream";
}

bool is_api_path(const Request& request) {
    return !request.path_segments.empty() && request.path_segments.front() == "api";
}

[[noreturn]] void throw_not_found(const Request& request) {
    throw sdk::Error(sdk::ErrorCode::not_found, std::string(method_name(request.method)) + " " +
                                                    request.path + " matches no route");
}

// The file a request names, or nothing when a segment could reach outside the root.
std::optional<fs::path> file_for(const fs::path& root, const Request& request) {
    fs::path file = root;
    for (const std::string& segment : request.path_segments) {
        if (segment.empty() || segment.find('/') != std::string::npos ||
            segment.find('\0') != std::string::npos) {
            return std::nullopt;
        }
        file /= segment;
    }
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
        return std::nullopt;
    }
    return file;
}

Response file_response(const Request& request, const fs::path& file, bool immutable) {
    std::error_code error;
    const auto size = fs::file_size(file, error);
    const auto modified = fs::last_write_time(file, error);
    if (error) {
        throw_not_found(request);
    }
    const std::string etag =
        fmt::format("\"{:x}-{:x}\"", size, modified.time_since_epoch().count());
    Response response;
    response.headers.set("ETag", etag);
    response.headers.set("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (request.header("If-None-Match") == etag) {
        response.status = 304;
        return response;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    response.headers.set("Content-Type", std::string(content_type_of(file)));
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.body = std::move(content).str();
    return response;
}

}  // namespace

Handler static_files(fs::path web_root) {
    return [root = std::move(web_root)](Request& request) -> Response {
        const bool readable = request.method == Method::get || request.method == Method::head;
        if (!readable || is_api_path(request)) {
            throw_not_found(request);
        }
        const bool hidden =
            std::any_of(request.path_segments.begin(), request.path_segments.end(),
                        [](const std::string& s) { return !s.empty() && s.front() == '.'; });
        if (hidden) {
            throw_not_found(request);
        }
        const bool is_asset =
            !request.path_segments.empty() && request.path_segments[0] == "assets";
        if (auto file = file_for(root, request)) {
            return file_response(request, *file, is_asset);
        }
        // A missing file with an extension (or under /assets/) is a real 404, not a UI route.
        const bool names_a_file = !request.path_segments.empty() &&
                                  fs::path(request.path_segments.back()).has_extension();
        const fs::path index = root / "index.html";
        std::error_code error;
        if (is_asset || names_a_file || !fs::is_regular_file(index, error)) {
            throw_not_found(request);
        }
        return file_response(request, index, false);
    };
}

}  // namespace rapport::http
