#include "plugins/manifest.hpp"

#include "records/definition_error.hpp"
#include "records/entity_yaml.hpp"
#include "records/yaml_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <set>
#include <utility>

namespace rapport::plugins {
namespace {

constexpr std::size_t max_plugin_id_length = 48;

constexpr std::array<std::string_view, 14> top_level_keys{
    "id",    "name",  "version", "sdk_abi",  "depends",     "entities", "extends",
    "views", "menus", "grants",  "settings", "description", "author",   "license"};

// The kernel's entities (records/base_entities.yaml, auth/identity_entities.yaml and the ones
// ARCHITECTURE §8 gives the kernel). A plugin extends these through the sdk; declaring one
// would replace the kernel's table.
constexpr std::array<std::string_view, 10> kernel_entities{
    "account", "contact", "note",    "attachment",      "user",
    "team",    "role",    "webhook", "automation_rule", "notification"};

bool is_one_of(std::string_view word, const auto& words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

// Line offsets of a text, so that a block of it can be cut out with its lines in place.
class Lines {
  public:
    explicit Lines(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (std::size_t at = 0; at < text.size(); ++at) {
            if (text[at] == '\n') {
                starts_.push_back(at + 1);
            }
        }
    }

    std::size_t count() const { return starts_.size(); }

    // Lines [first, end) of the text, starting at `column` of line `first`; what comes before
    // is blanked rather than removed, so that a parser of the result counts the same lines.
    std::string cut(std::size_t first, std::size_t column, std::size_t end) const {
        std::string block(first, '\n');
        block.append(column, ' ');
        const auto from = std::min(starts_[first] + column, text_.size());
        const auto to = end < starts_.size() ? starts_[end] : text_.size();
        block.append(text_.substr(from, to > from ? to - from : 0));
        return block;
    }

  private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

// The YAML text of one top-level value, and whether its lines are the manifest's.
struct Block {
    std::string text;
    bool lines_kept = false;
};

class ManifestReader {
  public:
    ManifestReader(std::string_view yaml, std::string_view source)
        : yaml_(yaml), lines_(yaml), source_(source) {}

    Manifest read(const YAML::Node& root) {
        Manifest manifest;
        manifest.text = std::string(yaml_);
        manifest.views = boost::json::object();
        manifest.menus = boost::json::array();
        if (!root.IsMap()) {
            report(root, "expected a mapping with id, name, version and sdk_abi");
            return manifest;
        }
        read_identity(root, manifest);
        std::set<std::string> seen;
        for (const auto& entry : root) {
            const YAML::Node& key = entry.first;
            const YAML::Node& value = entry.second;
            const std::string& name = key.Scalar();
            if (!seen.insert(name).second) {
                report(key, fmt::format("{} is given twice", name));
            }
            if (!is_one_of(name, top_level_keys)) {
                report(key, fmt::format("unknown key '{}' (id, name, version, sdk_abi, depends, "
                                        "entities, extends, views, menus, grants, settings, "
                                        "description, author, license)",
                                        name));
            } else if (name == "depends") {
                read_depends(value, manifest);
            } else if (name == "entities") {
                read_entities(value, block_of(root, key, value), manifest);
            } else if (name == "extends") {
                read_extends(value, block_of(root, key, value), manifest);
            } else if (name == "grants") {
                read_grants(value, block_of(root, key, value), manifest);
            } else if (name == "settings") {
                read_settings(value, block_of(root, key, value), manifest);
            } else if (name == "views" || name == "menus") {
                if (!value.IsNull()) {
                    (name == "views" ? manifest.views : manifest.menus) =
                        records::yaml_to_json(value);
                }
            }
        }
        return manifest;
    }

    std::vector<std::string> problems() {
        // In the order of the manifest, however the checks happened to run.
        std::stable_sort(
            problems_.begin(), problems_.end(),
            [](const auto& left, const auto& right) { return left.first < right.first; });
        std::vector<std::string> texts;
        for (auto& [line, text] : problems_) {
            texts.push_back(std::move(text));
        }
        return texts;
    }

  private:
    void read_identity(const YAML::Node& root, Manifest& manifest) {
        if (const auto id = text(root, "id")) {
            manifest.id = *id;
            if (!is_valid_plugin_id(manifest.id)) {
                report(root["id"],
                       fmt::format("id '{}' must be a lower-case identifier (a-z, 0-9, _, starting "
                                   "with a letter, at most {} characters)",
                                   manifest.id, max_plugin_id_length));
            }
        }
        if (const auto name = text(root, "name")) {
            manifest.name = *name;
        }
        if (const auto version = text(root, "version")) {
            if (const auto parsed = SemanticVersion::parse(*version)) {
                manifest.version = *parsed;
            } else {
                report(
                    root["version"],
                    fmt::format("version '{}' is not a semantic version such as 1.0.0", *version));
            }
        }
        if (const auto abi = text(root, "sdk_abi")) {
            int value = 0;
            const auto [end, error] =
                std::from_chars(abi->data(), abi->data() + abi->size(), value);
            if (error != std::errc{} || end != abi->data() + abi->size() || value <= 0) {
                report(root["sdk_abi"],
                       fmt::format("sdk_abi '{}' must be a positive integer", *abi));
            } else {
                manifest.sdk_abi = value;
            }
        }
        for (const char* key : {"description", "author", "license"}) {
            if (const auto value = text(root, key, false)) {
                (std::string_view(key) == "description" ? manifest.description
                 : std::string_view(key) == "author"    ? manifest.author
                                                        : manifest.license) = *value;
            }
        }
    }

    // The scalar under `key`, reporting it when required and missing, or when not a scalar.
    std::optional<std::string> text(const YAML::Node& root, const char* key, bool required = true) {
        const YAML::Node node = root[key];
        if (!node || node.IsNull() || (node.IsScalar() && node.Scalar().empty())) {
            if (required) {
                report(root, fmt::format("{} is missing", key));
            }
            return std::nullopt;
        }
        if (!node.IsScalar()) {
            report(node, fmt::format("{} must be a single value", key));
            return std::nullopt;
        }
        return node.Scalar();
    }

    void read_depends(const YAML::Node& node, Manifest& manifest) {
        if (node.IsNull()) {
            return;
        }
        if (!node.IsSequence()) {
            report(node, "depends must be a list of {id, version}");
            return;
        }
        std::set<std::string> seen;
        for (const auto& item : node) {
            auto dependency = read_dependency(item);
            if (!dependency) {
                continue;
            }
            if (!seen.insert(dependency->id).second) {
                report(item, fmt::format("depends: {} is listed twice", dependency->id));
            } else if (dependency->id == manifest.id) {
                report(item, fmt::format("{} depends on itself", manifest.id));
            } else {
                manifest.depends.push_back(std::move(*dependency));
            }
        }
    }

    // {id: ledger, version: ">=1.0"}, or a bare id for any version.
    std::optional<Dependency> read_dependency(const YAML::Node& item) {
        Dependency dependency;
        // Bound once: assigning to a YAML::Node would overwrite the node it refers to.
        const YAML::Node id = item.IsMap() ? item["id"] : item;
        const YAML::Node version = item.IsMap() ? item["version"] : YAML::Node();
        if (item.IsMap()) {
            for (const auto& entry : item) {
                const std::string& key = entry.first.Scalar();
                if (key != "id" && key != "version") {
                    report(entry.first,
                           fmt::format("depends: unknown key '{}' (id, version)", key));
                }
            }
        }
        if (!id || !id.IsScalar()) {
            report(item, "depends: expected {id, version} or a plugin id");
            return std::nullopt;
        }
        dependency.id = id.Scalar();
        bool valid = true;
        if (!is_valid_plugin_id(dependency.id)) {
            report(id, fmt::format("depends: '{}' is not a plugin id", dependency.id));
            valid = false;
        }
        if (version && !version.IsNull()) {
            const auto requirement =
                version.IsScalar() ? VersionRequirement::parse(version.Scalar()) : std::nullopt;
            if (!requirement) {
                report(version, fmt::format("depends: {}: version '{}' is not a requirement such "
                                            "as \">=1.2\", \"^1.2\" or \"1.2.3\"",
                                            dependency.id, version.Scalar()));
                valid = false;
            } else {
                dependency.requirement = *requirement;
            }
        }
        return valid ? std::optional(std::move(dependency)) : std::nullopt;
    }

    void read_entities(const YAML::Node& node, const Block& block, Manifest& manifest) {
        if (node.IsNull()) {
            return;
        }
        if (node.IsMap()) {
            for (const auto& entry : node) {
                if (is_one_of(entry.first.Scalar(), kernel_entities)) {
                    report(entry.first,
                           fmt::format("entity {} belongs to the kernel", entry.first.Scalar()));
                }
            }
        }
        try {
            manifest.entities = records::parse_entities_yaml(block.text, manifest.id, source_);
        } catch (const records::DefinitionError& error) {
            merge(node, block, error);
        }
    }

    // `extends: {account: {fields: {profile: {type: string, computed: true}}}}`, read as
    // entities are and then kept to their computed fields.
    void read_extends(const YAML::Node& node, const Block& block, Manifest& manifest) {
        if (node.IsNull()) {
            return;
        }
        std::vector<records::EntityDefinition> extended;
        try {
            extended = records::parse_entities_yaml(block.text, manifest.id, source_);
        } catch (const records::DefinitionError& error) {
            merge(node, block, error);
            return;
        }
        for (auto& entity : extended) {
            EntityExtension extension{manifest.id, entity.name, {}};
            for (auto& field : entity.fields) {
                if (field.system) {
                    continue;
                }
                if (!field.computed) {
                    report(node[entity.name],
                           fmt::format("extends {}: {} must be computed: a plugin adds no columns "
                                       "to another's entity",
                                       entity.name, field.name));
                }
                extension.fields.push_back(std::move(field));
            }
            manifest.extends.push_back(std::move(extension));
        }
    }

    void read_grants(const YAML::Node& node, const Block& block, Manifest& manifest) {
        if (node.IsNull()) {
            return;
        }
        if (!node.IsMap()) {  // checked here too, as the grants reader has no line for it
            report(node, "grants must be a mapping of role names to grants by entity");
            return;
        }
        try {
            manifest.grants = auth::parse_grants_yaml(block.text, source_);
        } catch (const records::DefinitionError& error) {
            merge(node, block, error);
        }
    }

    // `settings: {company_name: {type: string, default: My Company}}`: declared as fields are,
    // with the options that make sense for a single value an admin sets.
    void read_settings(const YAML::Node& node, const Block& block, Manifest& manifest) {
        if (node.IsNull()) {
            return;
        }
        if (!node.IsMap()) {
            report(node, "settings must be a mapping of setting names to {type, default, ...}");
            return;
        }
        try {
            manifest.settings = records::parse_fields_yaml(block.text, "settings", source_);
        } catch (const records::DefinitionError& error) {
            merge(node, block, error);
            return;
        }
        for (const auto& setting : manifest.settings) {
            const YAML::Node declared = node[setting.name];
            if (setting.type == sdk::FieldType::reference ||
                setting.type == sdk::FieldType::references) {
                report(declared,
                       fmt::format("settings.{}: a setting cannot refer to records", setting.name));
            }
            if (setting.unique || setting.index || setting.search || setting.readonly ||
                setting.write_only || setting.computed) {
                report(declared, fmt::format("settings.{}: unique, index, search, readonly, "
                                             "write_only and computed are for entity fields",
                                             setting.name));
            }
            if (setting.required && sdk::is_null(setting.default_value)) {
                report(declared, fmt::format("settings.{}: a required setting needs a default",
                                             setting.name));
            }
        }
    }

    // Problems found by the entity and grant readers, placed with their block when sorted.
    // Lines in an emitted block mean nothing in the manifest: those problems point at the
    // block's first line instead.
    void merge(const YAML::Node& node, const Block& block, const records::DefinitionError& error) {
        const int line = std::max(node.Mark().line, 0);
        const std::string prefix = source_ + ":";
        for (const auto& problem : error.problems()) {
            std::string text = problem;
            if (!block.lines_kept && text.starts_with(prefix)) {
                const auto number_end = text.find_first_not_of("0123456789", prefix.size());
                if (number_end > prefix.size() && number_end < text.size() &&
                    text[number_end] == ':') {
                    text.replace(prefix.size(), number_end - prefix.size(),
                                 std::to_string(line + 1));
                }
            }
            problems_.emplace_back(line, std::move(text));
        }
    }

    // The text of the value of `key`, a top-level key, for the readers that take YAML text.
    // Cut out of the manifest with its lines in place, so their problems name manifest lines.
    // Where the cut does not hold the same YAML (a flow-style manifest, an alias to an anchor
    // outside the block), the block is emitted again.
    Block block_of(const YAML::Node& root, const YAML::Node& key, const YAML::Node& value) const {
        const auto first = static_cast<std::size_t>(std::max(value.Mark().line, 0));
        const auto column = static_cast<std::size_t>(std::max(value.Mark().column, 0));
        std::size_t end = lines_.count();
        for (const auto& other : root) {
            const auto line = static_cast<std::size_t>(std::max(other.first.Mark().line, 0));
            if (line > static_cast<std::size_t>(key.Mark().line)) {
                end = std::min(end, line);
            }
        }
        const std::string emitted = YAML::Dump(value);
        if (first < end && first < lines_.count()) {
            std::string cut = lines_.cut(first, column, end);
            try {
                if (YAML::Dump(YAML::Load(cut)) == emitted) {
                    return {std::move(cut), true};
                }
            } catch (const YAML::Exception&) {
                // Falls back to the emitted block below.
            }
        }
        return {emitted, false};
    }

    void report(const YAML::Node& node, std::string problem) {
        const int line = std::max(node.Mark().line, 0);  // an empty document has no mark
        problems_.emplace_back(line, fmt::format("{}:{}: {}", source_, line + 1, problem));
    }

    std::string_view yaml_;
    Lines lines_;
    std::string source_;
    std::vector<std::pair<int, std::string>> problems_;
};

}  // namespace

void apply_extensions(std::vector<records::EntityDefinition>& entities,
                      std::vector<EntityExtension> extensions) {
    std::vector<std::string> problems;
    for (auto& extension : extensions) {
        const auto entity =
            std::find_if(entities.begin(), entities.end(),
                         [&](const auto& candidate) { return candidate.name == extension.entity; });
        if (entity == entities.end()) {
            problems.push_back(fmt::format("plugin {} extends {}, which is not installed",
                                           extension.owner, extension.entity));
            continue;
        }
        for (auto& field : extension.fields) {
            if (entity->field(field.name)) {
                problems.push_back(fmt::format("plugin {} adds {}.{}, which exists already",
                                               extension.owner, extension.entity, field.name));
            } else {
                entity->fields.push_back(std::move(field));
            }
        }
    }
    if (!problems.empty()) {
        throw records::DefinitionError(std::move(problems));
    }
}

bool is_valid_plugin_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > max_plugin_id_length || id.front() < 'a' || id.front() > 'z') {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

Manifest parse_manifest(std::string_view yaml, std::string_view source) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException& error) {
        throw records::DefinitionError(
            {fmt::format("{}:{}: {}", source, error.mark.line + 1, error.msg)});
    }
    ManifestReader reader(yaml, source);
    auto manifest = reader.read(root);
    if (auto problems = reader.problems(); !problems.empty()) {
        throw records::DefinitionError(std::move(problems));
    }
    return manifest;
}

}  // namespace rapport::plugins
