// Request handlers and the middleware that wraps them.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <functional>
#include <span>

namespace rapport::http {

using Handler = std::function<Response(Request&)>;
// A middleware sees every request before the handler and every response after it.
using Middleware = std::function<Response(Request&, const Handler& next)>;

// Where a handler runs. Anything that may block (database, files, hashing) runs on the
// worker pool; only handlers that answer from memory may run on the I/O thread.
enum class Execution { worker_pool, io_thread };

// The handler that runs `middlewares` in order around `terminal`.
Handler chain(std::span<const Middleware> middlewares, Handler terminal);

}  // namespace rapport::http
