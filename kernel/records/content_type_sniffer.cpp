#include "records/content_type_sniffer.hpp"

#include <algorithm>
#include <cctype>
#include <magic.h>
#include <mutex>
#include <stdexcept>

namespace rapport::records {
namespace {

// The signatures libmagic matches sit near the start of a file, and 64 KiB is as much as it
// examines for a text encoding; the cap keeps a 25 MiB upload from holding the handle for long.
constexpr std::size_t sniff_limit = 64 * 1024;

// A libmagic handle with its database loaded (about 8 MB each, so not one per worker thread).
class MagicCookie {
  public:
    MagicCookie() : cookie_(magic_open(MAGIC_MIME_TYPE)) {
        if (cookie_ == nullptr) {
            throw std::runtime_error("libmagic could not open a handle");
        }
        if (magic_load(cookie_, nullptr) != 0) {
            const std::string reason = magic_error(cookie_);
            magic_close(cookie_);
            throw std::runtime_error("libmagic could not load its database: " + reason);
        }
    }
    ~MagicCookie() { magic_close(cookie_); }
    MagicCookie(const MagicCookie&) = delete;
    MagicCookie& operator=(const MagicCookie&) = delete;

    magic_t get() const { return cookie_; }

  private:
    magic_t cookie_;
};

// "Text/HTML; charset=utf-8" → "text/html".
std::string essence(std::string_view content_type) {
    content_type = content_type.substr(0, content_type.find(';'));
    while (!content_type.empty() && content_type.back() == ' ') {
        content_type.remove_suffix(1);
    }
    std::string result(content_type);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

}  // namespace

std::string sniff_content_type(std::string_view bytes) {
    // A handle may not be used by two threads at once; a sniff holds it for a few milliseconds
    // at most. A failed load throws here and is retried on the next call.
    static const MagicCookie cookie;
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    // The answer points into the handle, so it is copied before the lock is released.
    const char* type =
        magic_buffer(cookie.get(), bytes.data(), std::min(bytes.size(), sniff_limit));
    return type != nullptr ? std::string(type) : std::string("application/octet-stream");
}

bool is_dangerous_content_type(std::string_view content_type) {
    const std::string type = essence(content_type);
    return type == "text/html" || type == "application/xhtml+xml" || type == "image/svg+xml" ||
           type == "text/xml" || type == "application/xml" || type.ends_with("+xml") ||
           type == "text/xsl" || type.find("javascript") != std::string::npos ||
           type.find("ecmascript") != std::string::npos;
}

bool displays_inline(std::string_view content_type) {
    if (is_dangerous_content_type(content_type)) {
        return false;
    }
    const std::string type = essence(content_type);
    return type.starts_with("image/") || type.starts_with("audio/") || type.starts_with("video/") ||
           type == "application/pdf" || type == "text/plain";
}

}  // namespace rapport::records
