// YAML from manifests (views, menus, settings) as JSON, the form the HTTP API serves it in
// and the web UI reads.
#pragma once

#include <boost/json/value.hpp>
#include <yaml-cpp/yaml.h>

namespace rapport::records {

// Mappings become objects, sequences arrays. Plain scalars are typed by the YAML 1.2 core
// schema (null, true/false, integers, floats); quoted or tagged scalars stay strings, so
// `code: "007"` keeps its zeros. Mapping keys are always strings.
boost::json::value yaml_to_json(const YAML::Node& node);

}  // namespace rapport::records
