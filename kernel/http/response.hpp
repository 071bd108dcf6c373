// One HTTP response as handlers produce it.
#pragma once

#include "http/headers.hpp"

#include <string>

namespace rapport::http {

struct Response {
    int status = 200;
    Headers headers;
    std::string body;

    static Response json(int status, std::string body);
    static Response no_content();
};

}  // namespace rapport::http
