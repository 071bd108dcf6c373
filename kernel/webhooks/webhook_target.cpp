#include "webhooks/webhook_target.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace rapport::webhooks {

namespace net = boost::asio;
namespace urls = boost::urls;

std::string Target::origin() const {
    return (tls ? "https " : "http ") + host + " " + port;
}

namespace {

// 1 to 65535; Boost.URL takes any run of digits as a port.
bool is_port(std::string_view text) {
    unsigned long port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    return error == std::errc{} && end == text.data() + text.size() && port >= 1 && port <= 65535;
}

}  // namespace

Target parse_target(std::string_view url) {
    Target target;
    const auto parsed = urls::parse_uri(url);
    if (!parsed) {
        target.problem = "not an absolute URL";
        return target;
    }
    const auto scheme = parsed->scheme_id();
    if (scheme != urls::scheme::http && scheme != urls::scheme::https) {
        target.problem = "the URL must start with http:// or https://, not " +
                         std::string(parsed->scheme()) + ":";
        return target;
    }
    if (parsed->encoded_host().empty()) {
        target.problem = "the URL has no host";
        return target;
    }
    // Boost.URL 1.81 reads "http://host:80abc/x" as port 80 and path "abc/x": RFC 3986 wants
    // the path after a host to be empty or to start with '/'.
    const auto path = parsed->encoded_path();
    if (!path.empty() && path.front() != '/') {
        target.problem = "the URL's port must be digits only, followed by / or nothing";
        return target;
    }
    if (!parsed->port().empty() && !is_port(parsed->port())) {
        target.problem =
            "the URL's port must be from 1 to 65535, not " + std::string(parsed->port());
        return target;
    }
    target.tls = scheme == urls::scheme::https;
    target.host = parsed->host_address();
    target.port = parsed->port().empty() ? (target.tls ? "443" : "80") : parsed->port();
    target.host_header = parsed->encoded_host_and_port();
    target.path = parsed->encoded_target();
    if (target.path.empty() || target.path.front() != '/') {
        target.path.insert(0, "/");
    }
    return target;
}

std::string_view restricted_kind(const net::ip::address& address) {
    if (address.is_v6()) {
        const auto v6 = address.to_v6();
        if (v6.is_v4_mapped()) {
            return restricted_kind(net::ip::make_address_v4(net::ip::v4_mapped, v6));
        }
        if (v6.is_loopback()) {
            return "loopback";
        }
        if (v6.is_unspecified()) {
            return "unspecified";
        }
        if (v6.is_link_local()) {
            return "link-local";
        }
        return (v6.to_bytes()[0] & 0xfe) == 0xfc ? "private" : "";  // fc00::/7
    }
    const auto v4 = address.to_v4().to_uint();
    if (v4 >> 24 == 127) {
        return "loopback";
    }
    if (v4 >> 24 == 0) {  // all of 0.0.0.0/8, which Linux routes to the host itself
        return "unspecified";
    }
    if (v4 >> 24 == 10 || v4 >> 20 == 0xac1 || v4 >> 16 == 0xc0a8) {  // RFC 1918
        return "private";
    }
    return v4 >> 16 == 0xa9fe ? "link-local" : "";  // 169.254.0.0/16
}

}  // namespace rapport::webhooks
