#include "records/definition_error.hpp"

namespace rapport::records {
namespace {

std::string join(const std::vector<std::string>& problems) {
    std::string text = "invalid entity definitions:";
    for (const auto& problem : problems) {
        text += "\n  " + problem;
    }
    return text;
}

}  // namespace

DefinitionError::DefinitionError(std::vector<std::string> problems)
    : std::runtime_error(join(problems)), problems_(std::move(problems)) {}

}  // namespace rapport::records
