#include "workflow/registrations.hpp"

namespace rapport::workflow {

bool event_matches(std::string_view pattern, std::string_view event) {
    if (pattern == "*" || pattern == event) {
        return true;
    }
    return pattern.ends_with(".*") && event.starts_with(pattern.substr(0, pattern.size() - 1));
}

}  // namespace rapport::workflow
