#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace rapport::http {

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> parameter;
    std::string parameter_name;
    std::vector<Route> routes;

    const Route* route_for(Method method) const {
        const auto it = std::find_if(routes.begin(), routes.end(),
                                     [&](const Route& route) { return route.method == method; });
        return it == routes.end() ? nullptr : &*it;
    }
};

namespace {

std::vector<std::string_view> split_pattern(std::string_view pattern) {
    if (pattern.empty() || pattern.front() != '/') {
        throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
    }
    std::vector<std::string_view> segments;
    std::size_t start = 1;
    while (start <= pattern.size()) {
        const std::size_t end = std::min(pattern.find('/', start), pattern.size());
        if (end > start) {
            segments.push_back(pattern.substr(start, end - start));
        }
        start = end + 1;
    }
    return segments;
}

bool is_parameter(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
    Node* node = root_.get();
    for (const std::string_view segment : split_pattern(pattern)) {
        if (is_parameter(segment)) {
            const std::string_view name = segment.substr(1, segment.size() - 2);
            if (!node->parameter) {
                node->parameter = std::make_unique<Node>();
                node->parameter_name = name;
            } else if (node->parameter_name != name) {
                throw std::invalid_argument("route " + std::string(pattern) + " names parameter {" +
                                            std::string(name) + "} where another route has {" +
                                            node->parameter_name + "}");
            }
            node = node->parameter.get();
        } else if (segment.find_first_of("{}") != std::string_view::npos) {
            throw std::invalid_argument("malformed segment '" + std::string(segment) +
                                        "' in route " + std::string(pattern));
        } else {
            auto& child = node->literals[std::string(segment)];
            if (!child) {
                child = std::make_unique<Node>();
            }
            node = child.get();
        }
    }
    if (node->route_for(method)) {
        throw std::invalid_argument("route registered twice: " + std::string(method_name(method)) +
                                    " " + std::string(pattern));
    }
    node->routes.push_back(Route{method, std::string(pattern), std::move(handler), options});
}

namespace {

// Depth-first: literal children before the parameter child, so "/users/me" beats "/users/{id}".
template <typename Node, typename Params>
const Node* find_node(const Node& node, const std::vector<std::string>& segments, std::size_t index,
                      Params& params) {
    if (index == segments.size()) {
        return node.routes.empty() ? nullptr : &node;
    }
    const std::string& segment = segments[index];
    if (const auto it = node.literals.find(segment); it != node.literals.end()) {
        if (const Node* found = find_node(*it->second, segments, index + 1, params)) {
            return found;
        }
    }
    if (node.parameter && !segment.empty()) {  // "/records/account/" names no record
        params.emplace_back(node.parameter_name, segment);
        if (const Node* found = find_node(*node.parameter, segments, index + 1, params)) {
            return found;
        }
        params.pop_back();
    }
    return nullptr;
}

}  // namespace

void Router::retain(std::shared_ptr<const void> owned) {
    retained_.push_back(std::move(owned));
}

Router::Match Router::match(Method method, const std::vector<std::string>& segments) const {
    Match match;
    const Node* node = find_node(*root_, segments, 0, match.params);
    if (!node) {
        return match;
    }
    match.route = node->route_for(method);
    if (!match.route && method == Method::head) {
        match.route = node->route_for(Method::get);
    }
    if (!match.route) {
        match.params.clear();
        for (const Route& route : node->routes) {
            match.allowed.push_back(route.method);
        }
    }
    return match;
}

}  // namespace rapport::http
