#include "records/openapi.hpp"

#include "records/entity_yaml.hpp"
#include "records/schema.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rapport::records {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view sales_yaml = R"(
opportunity:
  label: Opportunity "deal"
  fields:
    name: {type: string, label: Name, required: true, max: 200}
    stage: {type: enum, label: Stage, values: [new, won, lost], default: new}
    probability: {type: percent, label: Probability, min: 0, max: 100}
    expected_revenue: {type: money, label: Expected revenue}
    rate: {type: decimal, label: Rate, scale: 4}
    quantity: {type: integer, label: Quantity, required: true, min: 1}
    total: {type: money, label: Total, readonly: true}
    account_id: {type: reference, label: Account, to: account}
    contact_ids: {type: references, label: Contacts, to: contact}
    tags: {type: strings, label: Tags}
    extra: {type: json, label: Extra}
    close_date: {type: date, label: Close date}
    won: {type: boolean, label: Won}
    order: {type: string, label: Order}
)";

Schema sales_schema() {
    auto entities = base_entities();
    for (auto& entity : parse_entities_yaml(sales_yaml, "sales", "test.yaml")) {
        entities.push_back(std::move(entity));
    }
    return Schema(std::move(entities));
}

class OpenApiTest : public ::testing::Test {
  protected:
    const boost::json::object& component(const std::string& name) {
        return document_.at("components").at("schemas").at(name).as_object();
    }

    const boost::json::object& property(const std::string& schema, const std::string& field) {
        return component(schema).at("properties").at(field).as_object();
    }

    std::vector<std::string> parameter_names(const std::string& path) {
        std::vector<std::string> names;
        for (const auto& parameter :
             document_.at("paths").at(path).at("get").at("parameters").as_array()) {
            names.emplace_back(parameter.at("name").as_string());
        }
        return names;
    }

    Schema schema_ = sales_schema();
    boost::json::object document_ = openapi_document(schema_, "1.2.3");
};

// Every {"$ref": "#/a/b"} names a value that exists at /a/b of the document.
void expect_refs_resolve(const boost::json::value& document, const boost::json::value& node,
                         int& refs) {
    if (const auto* object = node.if_object()) {
        if (const auto* ref = object->if_contains("$ref")) {
            const std::string target(ref->as_string());
            ASSERT_TRUE(target.starts_with("#/")) << target;
            boost::system::error_code error;
            EXPECT_NE(document.find_pointer(target.substr(1), error), nullptr) << target;
            ++refs;
        }
        for (const auto& [key, child] : *object) {
            expect_refs_resolve(document, child, refs);
        }
    } else if (const auto* array = node.if_array()) {
        for (const auto& child : *array) {
            expect_refs_resolve(document, child, refs);
        }
    }
}

TEST_F(OpenApiTest, Document_DeclaresOpenApi303WithTheServerVersion) {
    EXPECT_EQ(document_.at("openapi"), "3.0.3");
    EXPECT_EQ(document_.at("info").at("title"), "Rapport API");
    EXPECT_EQ(document_.at("info").at("version"), "1.2.3");
    EXPECT_EQ(document_.at("servers").at(0).at("url"), "/");
}

TEST_F(OpenApiTest, MoneyField_IsAStringWithTwoDecimals) {
    const auto& money = property("opportunity", "expected_revenue");
    EXPECT_EQ(money.at("type"), "string");
    EXPECT_EQ(money.at("format"), "decimal");
    EXPECT_EQ(money.at("pattern"), R"(^-?\d+\.\d{2}$)");
    EXPECT_EQ(property("opportunity", "rate").at("pattern"), R"(^-?\d+\.\d{4}$)");
}

TEST_F(OpenApiTest, FieldTypes_MapToTheJsonOfSection7) {
    EXPECT_EQ(property("opportunity", "quantity").at("type"), "integer");
    EXPECT_EQ(property("opportunity", "quantity").at("format"), "int64");
    EXPECT_EQ(property("opportunity", "quantity").at("minimum"), 1);
    EXPECT_EQ(property("opportunity", "probability").at("type"), "number");
    EXPECT_EQ(property("opportunity", "probability").at("maximum"), 100);
    EXPECT_EQ(property("opportunity", "close_date").at("format"), "date");
    EXPECT_EQ(property("opportunity", "created_at").at("format"), "date-time");
    EXPECT_EQ(property("opportunity", "won").at("type"), "boolean");
    EXPECT_EQ(property("opportunity", "contact_ids").at("items").at("type"), "integer");
    EXPECT_EQ(property("opportunity", "tags").at("items").at("type"), "string");
    EXPECT_FALSE(property("opportunity", "extra").contains("type"));
    EXPECT_EQ(property("opportunity", "name").at("maxLength"), 200);
    EXPECT_EQ(property("account", "email").at("format"), "email");
    EXPECT_EQ(property("account", "website").at("format"), "uri");
}

TEST_F(OpenApiTest, ReferenceField_IsAnIdNamingItsTarget) {
    const auto& account = property("opportunity", "account_id");
    EXPECT_EQ(account.at("type"), "integer");
    EXPECT_THAT(std::string(account.at("description").as_string()), HasSubstr("id of a account"));
}

TEST_F(OpenApiTest, OptionalFields_AreNullableAndRequiredOnesAndIdsAreNot) {
    EXPECT_EQ(property("opportunity", "close_date").at("nullable"), true);
    EXPECT_EQ(property("opportunity", "owner_id").at("nullable"), true);
    EXPECT_FALSE(property("opportunity", "name").contains("nullable"));
    EXPECT_FALSE(property("opportunity", "id").contains("nullable"));
    const auto& stage = property("opportunity", "stage").at("enum").as_array();
    EXPECT_EQ(stage, (boost::json::array{"new", "won", "lost", nullptr}));
}

TEST_F(OpenApiTest, Input_RequiresTheRequiredFields) {
    EXPECT_EQ(component("opportunity_input").at("required"),
              (boost::json::array{"name", "quantity"}));
    EXPECT_EQ(component("contact_input").at("required"), (boost::json::array{"last_name"}));
    EXPECT_FALSE(component("opportunity_update").contains("required"));
}

TEST_F(OpenApiTest, ReadonlyFields_AreReadOnlyInTheRecordAndAbsentFromInput) {
    for (const std::string field : {"id", "version", "created_at", "total"}) {
        EXPECT_EQ(property("opportunity", field).at("readOnly"), true) << field;
        EXPECT_FALSE(component("opportunity_input").at("properties").as_object().contains(field))
            << field;
        EXPECT_FALSE(component("opportunity_update").at("properties").as_object().contains(field))
            << field;
    }
    EXPECT_TRUE(component("opportunity_input").at("properties").as_object().contains("name"));
    EXPECT_FALSE(component("attachment_input").at("properties").as_object().contains("sha256"));
}

TEST_F(OpenApiTest, EveryEntity_HasItsSixPathGroups) {
    const auto& paths = document_.at("paths").as_object();
    for (const auto& entity : schema_.entities()) {
        const auto base = "/api/v1/records/" + entity.name;
        for (const auto& path : {base, base + "/{id}", base + "/{id}/history", base + "/aggregate",
                                 base + "/import", base + "/export"}) {
            EXPECT_TRUE(paths.contains(path)) << path;
        }
        EXPECT_TRUE(component(entity.name).contains("properties")) << entity.name;
        EXPECT_TRUE(component(entity.name + "_input").contains("properties")) << entity.name;
    }
}

TEST_F(OpenApiTest, FixedPaths_AreDocumented) {
    const auto& paths = document_.at("paths").as_object();
    for (const auto* path :
         {"/api/v1/health", "/api/v1/meta/entities", "/api/v1/meta/entities/{entity}",
          "/api/v1/search", "/api/v1/openapi.json"}) {
        EXPECT_TRUE(paths.contains(path)) << path;
    }
}

TEST_F(OpenApiTest, List_TakesPagingAndOneFilterPerFilterableField) {
    const auto names = parameter_names("/api/v1/records/opportunity");
    for (const auto* name : {"select", "order", "limit", "offset", "count", "name", "stage",
                             "account_id", "contact_ids", "won"}) {
        EXPECT_THAT(names, Contains(name));
    }
    EXPECT_THAT(names, Not(Contains("tags")));
    EXPECT_THAT(names, Not(Contains("extra")));
    EXPECT_EQ(std::count(names.begin(), names.end(), "order"), 1);
    const auto& parameters =
        document_.at("paths").at("/api/v1/records/opportunity").at("get").at("parameters");
    const auto filter = std::find_if(parameters.as_array().begin(), parameters.as_array().end(),
                                     [](const auto& p) { return p.at("name") == "name"; });
    ASSERT_NE(filter, parameters.as_array().end());
    const std::string description(filter->at("description").as_string());
    EXPECT_THAT(description, HasSubstr("eq.{value}"));
    EXPECT_THAT(description, HasSubstr("ilike"));
}

TEST_F(OpenApiTest, AggregateAndExport_TakeTheirParametersAndFilters) {
    EXPECT_THAT(parameter_names("/api/v1/records/opportunity/aggregate"), Contains("group_by"));
    EXPECT_THAT(parameter_names("/api/v1/records/opportunity/aggregate"), Contains("stage"));
    EXPECT_THAT(parameter_names("/api/v1/records/opportunity/export"), Contains("format"));
    EXPECT_THAT(parameter_names("/api/v1/records/opportunity/export"), Contains("stage"));
}

TEST_F(OpenApiTest, Patch_TakesIfMatchAndMayFailWith412) {
    const auto& patch = document_.at("paths").at("/api/v1/records/opportunity/{id}").at("patch");
    EXPECT_EQ(patch.at("parameters").at(0).at("name"), "If-Match");
    EXPECT_EQ(patch.at("parameters").at(0).at("in"), "header");
    EXPECT_TRUE(patch.at("responses").as_object().contains("412"));
}

TEST_F(OpenApiTest, Labels_AreEscapedIntoSummaries) {
    const auto& list = document_.at("paths").at("/api/v1/records/opportunity").at("get");
    EXPECT_EQ(list.at("summary"), "List Opportunity \"deal\" records");
}

TEST_F(OpenApiTest, EveryPathNeedsATokenOrSessionButSigningInAndHealth) {
    const auto& schemes = document_.at("components").at("securitySchemes").as_object();
    EXPECT_TRUE(schemes.contains("bearer"));
    EXPECT_TRUE(schemes.contains("session"));
    EXPECT_EQ(document_.at("security").as_array().size(), 2U);
    const auto& paths = document_.at("paths");
    EXPECT_TRUE(paths.at("/api/v1/auth/login").at("post").at("security").as_array().empty());
    EXPECT_TRUE(paths.at("/api/v1/health").at("get").at("security").as_array().empty());
    EXPECT_FALSE(
        paths.at("/api/v1/records/opportunity").at("get").as_object().contains("security"));
}

TEST_F(OpenApiTest, EveryRef_ResolvesToAComponent) {
    const boost::json::value document = document_;
    int refs = 0;
    expect_refs_resolve(document, document, refs);
    EXPECT_GT(refs, 50);
}

TEST_F(OpenApiTest, Document_RoundTripsThroughJsonText) {
    const auto text = boost::json::serialize(document_);
    EXPECT_EQ(boost::json::parse(text), boost::json::value(document_));
}

TEST_F(OpenApiTest, Document_IsDeterministicAndInSchemaOrder) {
    EXPECT_EQ(boost::json::serialize(openapi_document(schema_, "1.2.3")),
              boost::json::serialize(document_));
    std::vector<std::string> schemas;
    for (const auto& [name, schema] : document_.at("components").at("schemas").as_object()) {
        schemas.emplace_back(name);
    }
    EXPECT_EQ(schemas.at(5), "account");
    EXPECT_EQ(schemas.back(), "opportunity_update");
}

TEST(OpenApi, BaseEntities_ProduceAValidDocument) {
    const auto document = openapi_document(Schema(base_entities()), "0.1.0");
    EXPECT_TRUE(document.at("paths").as_object().contains("/api/v1/records/account/{id}"));
    EXPECT_EQ(document.at("components").at("schemas").at("note_input").at("required"),
              (boost::json::array{"regarding_entity", "regarding_id", "body"}));
}

TEST(OpenApi, WritesDescribeOnlyTheStatesAWriteMaySet) {
    auto entities = base_entities();
    for (auto& entity : parse_entities_yaml(R"(
ticket:
  fields:
    state: {type: enum, values: [open, closed], default: open}
  workflow:
    field: state
    kind: strict
    states: [open, closed]
    transitions:
      - {name: close, from: [open], to: closed}
lead:
  fields:
    status: {type: enum, values: [new, converted], default: new}
  workflow:
    field: status
    kind: free
    states: [new, converted]
    action_only: [converted]
    transitions:
      - {name: convert, from: [new], to: converted}
)",
                                            "test", "test.yaml")) {
        entities.push_back(std::move(entity));
    }
    const auto document = openapi_document(Schema(std::move(entities)), "0.1.0");
    const auto& schemas = document.at("components").at("schemas");
    for (const char* input : {"ticket_input", "ticket_update"}) {
        EXPECT_FALSE(schemas.at(input).at("properties").as_object().contains("state")) << input;
    }
    EXPECT_TRUE(schemas.at("ticket").at("properties").as_object().contains("state"));
    EXPECT_EQ(schemas.at("lead_update").at("properties").at("status").at("enum"),
              (boost::json::array{"new", nullptr}));
}

}  // namespace
}  // namespace rapport::records
