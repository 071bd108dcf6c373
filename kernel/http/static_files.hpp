// Serves the built web UI: files under the web root with cache headers (hashed /assets/
// forever, everything else revalidated), and index.html for any other GET that is not an
// API path, so that client-side routes survive a reload. Unknown API paths get a JSON 404.
#pragma once

#include "http/handler.hpp"

#include <filesystem>

namespace rapport::http {

Handler static_files(std::filesystem::path web_root);

}  // namespace rapport::http
