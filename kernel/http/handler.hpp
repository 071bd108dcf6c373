// Request handlers and the middleware that wraps them.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <functional>

namespace rapport::http {

using Handler = std::function<Response(Request&)>;

// The rest of a middleware chain: a non-owning callable, so that passing a request down the
// chain allocates nothing.
class Next {
  public:
    template <typename Callable>
    explicit Next(Callable& callable)
        : callable_(&callable), call_([](void* target, Request& request) {
            return (*static_cast<Callable*>(target))(request);
        }) {}

    Response operator()(Request& request) const { return call_(callable_, request); }

  private:
    void* callable_;
    Response (*call_)(void*, Request&);
};

// A middleware sees every request before the handler and every response after it.
using Middleware = std::function<Response(Request&, const Next& next)>;

// Where a handler runs. Anything that may block (database, files, hashing) runs on the
// worker pool; only handlers that answer from memory may run on the I/O thread.
enum class Execution { worker_pool, io_thread };

}  // namespace rapport::http
