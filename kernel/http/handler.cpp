#include "http/handler.hpp"

#include <utility>

namespace rapport::http {

Handler chain(std::span<const Middleware> middlewares, Handler terminal) {
    Handler next = std::move(terminal);
    for (auto it = middlewares.rbegin(); it != middlewares.rend(); ++it) {
        next = [middleware = *it, inner = std::move(next)](Request& request) {
            return middleware(request, inner);
        };
    }
    return next;
}

}  // namespace rapport::http
