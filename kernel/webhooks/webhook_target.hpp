// A webhook URL taken apart for a request, and which addresses webhooks may not reach when
// private addresses are refused. Internal to the sender: it includes Asio's address type.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <string>
#include <string_view>

namespace rapport::webhooks {

struct Target {
    std::string problem;  // empty when the URL is usable
    bool tls = false;
    std::string host;  // IPv6 without brackets: for the resolver, SNI and the certificate check
    std::string port;
    std::string host_header;  // host[:port] as the URL writes it
    std::string path;         // path and query; at least "/"

    // What connections to the target have in common: scheme, host and port.
    std::string origin() const;
};

Target parse_target(std::string_view url);

// Why `address` is closed to webhooks when private addresses are refused ("loopback",
// "private", "link-local", "unspecified"); empty if it is not.
std::string_view restricted_kind(const boost::asio::ip::address& address);

}  // namespace rapport::webhooks
