#include "auth/grants.hpp"

#include "records/definition_error.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <gmock/gmock.h>

namespace rapport::auth {
namespace {

using records::Operation;
using records::Scope;

TEST(Grants, ParseRoleGrants_ReadsScopesAndFieldLists) {
    const auto grants = parse_role_grants(
        boost::json::parse(
            R"({"product": {"read": "all", "update": "own", "hidden_fields": ["cost"]}})"),
        "grants");

    const auto& product = grants.at("product");
    EXPECT_EQ(product.scope(Operation::read), Scope::all);
    EXPECT_EQ(product.scope(Operation::update), Scope::own);
    EXPECT_EQ(product.scope(Operation::create), Scope::none);
    EXPECT_EQ(product.hidden_fields, std::vector<std::string>{"cost"});
}

TEST(Grants, ParseRoleGrants_ReportsEveryProblemAtOnce) {
    try {
        parse_role_grants(boost::json::parse(R"({"a": {"read": "most"}, "b": {"fly": "all"},
                                                 "C!": {}, "d": {"hidden_fields": "x"}})"),
                          "grants");
        FAIL() << "expected a validation error";
    } catch (const sdk::Error& error) {
        EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
        EXPECT_EQ(error.details().size(), 4U);
        EXPECT_EQ(error.details().front().field, "grants");
    }
}

TEST(Grants, ParseGrantsYaml_NamesTheSourceAndLine) {
    try {
        parse_grants_yaml("viewer:\n  account: {read: everything}\n", "plugin.yaml");
        FAIL() << "expected a definition error";
    } catch (const records::DefinitionError& error) {
        EXPECT_THAT(error.what(), ::testing::HasSubstr("plugin.yaml:1"));
        EXPECT_THAT(error.what(), ::testing::HasSubstr("account.read"));
    }
}

TEST(Grants, KernelDefaultsGiveViewersReadOnlyAccessToEverything) {
    const auto& viewer = kernel_default_grants().at("viewer");
    const auto& every = viewer.at(std::string(records::every_entity));

    EXPECT_EQ(every.scope(Operation::read), Scope::all);
    EXPECT_EQ(every.scope(Operation::create), Scope::none);
    EXPECT_EQ(every.scope(Operation::update), Scope::none);
    EXPECT_EQ(every.scope(Operation::remove), Scope::none);
}

}  // namespace
}  // namespace rapport::auth
