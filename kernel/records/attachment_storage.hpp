// Attachment bytes on disk, addressed by their SHA-256: identical content is stored once, under
// <root>/<first two hex digits>/<sha256>, and a file appears there only once completely written.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

namespace rapport::records {

inline constexpr std::size_t default_attachment_max_bytes = 25 * 1024 * 1024;

struct StoredContent {
    std::string sha256;  // 64 lowercase hex digits: the key that opens the content again
    std::size_t size = 0;
};

class AttachmentStorage {
  public:
    // Creates `root` when it is missing.
    explicit AttachmentStorage(std::filesystem::path root,
                               std::size_t max_bytes = default_attachment_max_bytes);

    std::size_t max_bytes() const { return max_bytes_; }

    // Throws sdk::Error(payload_too_large) beyond max_bytes, std::system_error when the disk
    // refuses the write. Content stored already counts as stored just now (its file's time is
    // set to now): discard() leaves it to the upload that is about to refer to it.
    StoredContent store(std::string_view bytes) const;

    // Removes the content's file unless it was stored within `settle`; whether it removed one.
    // The caller has made sure that no attachment refers to the content: an upload that stores
    // the same bytes afterwards writes them anew, and one that stored them just before keeps
    // them, which is what `settle` is for (it must outlast an upload's request).
    bool discard(std::string_view sha256, std::chrono::seconds settle) const;

    // Throws std::invalid_argument for a key that is not 64 lowercase hex digits (so no key can
    // name a path outside the root) and sdk::Error(not_found) when nothing is stored under it.
    std::ifstream open(std::string_view sha256) const;

  private:
    std::filesystem::path path_of(std::string_view sha256) const;

    std::filesystem::path root_;
    std::size_t max_bytes_;
    // Between store() finding a file and discard() removing it: either the file is fresh when
    // discard() looks, or it is gone when store() does.
    mutable std::mutex reuse_;
};

}  // namespace rapport::records
