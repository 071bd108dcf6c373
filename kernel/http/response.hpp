// One HTTP response as handlers produce it.
#pragma once

#include "http/headers.hpp"

#include <functional>
#include <optional>
#include <string>

namespace rapport::http {

// Produces a long body piece by piece (exports): called on the worker pool, one piece at a
// time, until it returns nullopt. An exception ends the transfer without its final chunk,
// so the client sees it incomplete rather than short.
using BodyStream = std::function<std::optional<std::string>()>;

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    BodyStream stream;  // set instead of body: sent with chunked transfer encoding

    static Response json(int status, std::string body);
    static Response no_content();
};

}  // namespace rapport::http
