// Writing a whole buffer to a file descriptor: write(2) may write less than asked and may be
// interrupted, so every caller would otherwise repeat the same loop.
#pragma once

#include <string_view>

namespace rapport::runtime {

// Writes every byte; false with errno set when write(2) fails for another reason than EINTR.
bool write_all(int fd, std::string_view bytes) noexcept;

}  // namespace rapport::runtime
