// The content type of an uploaded file as its bytes show it (libmagic), never as the uploader
// declares it, and which types a browser may display from our origin without running script.
#pragma once

#include <string>
#include <string_view>

namespace rapport::records {

// The MIME type libmagic reads from the leading bytes ("application/pdf", "text/plain",
// "application/x-empty"); "application/octet-stream" when it cannot tell. Safe to call from
// any thread: calls share one libmagic handle behind a mutex. Throws std::runtime_error when
// the libmagic database cannot be loaded.
std::string sniff_content_type(std::string_view bytes);

// Types a browser would run script from (HTML, XHTML, SVG, XML, JavaScript): they are served
// only as application/octet-stream downloads, so a stored file cannot become stored XSS.
bool is_dangerous_content_type(std::string_view content_type);

// Types safe to show inline: raster images, PDF, plain text, audio and video. Anything else
// is offered as a download.
bool displays_inline(std::string_view content_type);

}  // namespace rapport::records
