#include "http/response.hpp"

#include <utility>

namespace rapport::http {

Response Response::json(int status, std::string body) {
    Response response{status, {}, std::move(body)};
    response.headers.set("Content-Type", "application/json");
    return response;
}

Response Response::no_content() {
    return Response{204, {}, {}};
}

}  // namespace rapport::http
