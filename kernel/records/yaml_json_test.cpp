#include "records/yaml_json.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace rapport::records {
namespace {

boost::json::value convert(const char* yaml) {
    return yaml_to_json(YAML::Load(yaml));
}

TEST(YamlJson, TurnsMappingsAndSequencesIntoObjectsAndArrays) {
    EXPECT_EQ(convert("list: {columns: [name, stage]}\nmenus:\n  - {label: Sales}\n"),
              boost::json::parse(
                  R"({"list": {"columns": ["name", "stage"]}, "menus": [{"label": "Sales"}]})"));
}

TEST(YamlJson, TypesPlainScalarsByTheCoreSchema) {
    EXPECT_EQ(
        convert("[~, null, true, False, 42, -7, +3, 2.5, 1e3, .5, text, 1.0.0, 0x10]"),
        boost::json::parse(
            R"([null, null, true, false, 42, -7, 3, 2.5, 1000.0, 0.5, "text", "1.0.0", "0x10"])"));
}

TEST(YamlJson, KeepsQuotedScalarsAsStrings) {
    EXPECT_EQ(convert(R"({code: "007", flag: 'true', empty: ""})"),
              boost::json::parse(R"({"code": "007", "flag": "true", "empty": ""})"));
}

TEST(YamlJson, GivesMissingValuesAsNull) {
    EXPECT_EQ(convert("a:\nb: 1\n"), boost::json::parse(R"({"a": null, "b": 1})"));
}

TEST(YamlJson, KeepsIntegersBeyond64BitsAsNumbers) {
    EXPECT_TRUE(convert("123456789012345678901234567890").is_double());
}

}  // namespace
}  // namespace rapport::records
