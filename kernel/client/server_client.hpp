// A client of a running server (the rapport command line, the plugin test kit): one HTTP/1.1
// request at a time, authenticated with an admin's bearer token.
#pragma once

#include <string>
#include <string_view>

namespace rapport::client {

struct ServerReply {
    int status = 0;
    std::string body;
};

class ServerClient {
  public:
    // `url`: http://host:port of the server. Throws std::invalid_argument for anything else.
    ServerClient(std::string_view url, std::string token);

    // Throws std::runtime_error when the server cannot be reached.
    ServerReply request(std::string_view method, std::string_view target, std::string body = {},
                        std::string_view content_type = {}) const;

  private:
    std::string host_;
    std::string port_;
    std::string token_;
};

}  // namespace rapport::client
