#include "records/access_policy.hpp"

#include "records/entity_yaml.hpp"
#include "records/schema.hpp"

#include <gtest/gtest.h>

namespace rapport::records {
namespace {

class AccessPolicyTest : public ::testing::Test {
  protected:
    AccessPolicyTest()
        : schema_(parse_entities_yaml(R"(
product:
  fields:
    name: {type: string}
    cost: {type: money}
    secret: {type: string, write_only: true}
vault:
  admin_only: true
  fields:
    name: {type: string}
)",
                                      "test", "test")) {}

    const EntityDefinition& product() const { return *schema_.find("product"); }
    const EntityDefinition& vault() const { return *schema_.find("vault"); }
    std::size_t index(std::string_view field) const {
        return static_cast<std::size_t>(product().field(field) - product().fields.data());
    }

    static EntityGrant grant(Scope create, Scope read, Scope update, Scope remove) {
        EntityGrant grant;
        grant.scopes = {create, read, update, remove};
        return grant;
    }

    Schema schema_;
};

TEST_F(AccessPolicyTest, SeveralRolesMergeToTheHighestScopeOfEachOperation) {
    const RoleGrants reader{{"product", grant(Scope::none, Scope::all, Scope::own, Scope::none)}};
    const RoleGrants writer{{"product", grant(Scope::all, Scope::own, Scope::team, Scope::none)}};

    const auto policy = AccessPolicy::merged(schema_, {&reader, &writer});
    const auto& access = policy->access(product());
    EXPECT_EQ(access.scope(Operation::create), Scope::all);
    EXPECT_EQ(access.scope(Operation::read), Scope::all);
    EXPECT_EQ(access.scope(Operation::update), Scope::team);
    EXPECT_EQ(access.scope(Operation::remove), Scope::none);
    EXPECT_TRUE(policy->uses_team_scope());
}

TEST_F(AccessPolicyTest, AFieldIsHiddenOnlyWhenEveryRoleThatReadsHidesIt) {
    auto hides_cost = grant(Scope::none, Scope::all, Scope::none, Scope::none);
    hides_cost.hidden_fields = {"cost"};
    const RoleGrants salesperson{{"product", hides_cost}};
    const RoleGrants no_access{
        {"product", grant(Scope::none, Scope::none, Scope::none, Scope::none)}};
    const RoleGrants manager{{"product", grant(Scope::none, Scope::all, Scope::none, Scope::none)}};

    EXPECT_FALSE(AccessPolicy::merged(schema_, {&salesperson, &no_access})
                     ->access(product())
                     .readable(index("cost")))
        << "a role that cannot read does not reveal the field";
    EXPECT_TRUE(AccessPolicy::merged(schema_, {&salesperson, &manager})
                    ->access(product())
                    .readable(index("cost")));
}

TEST_F(AccessPolicyTest, ReadOnlyAndHiddenFieldsAreNotWritable) {
    auto limited = grant(Scope::all, Scope::all, Scope::all, Scope::none);
    limited.hidden_fields = {"cost"};
    limited.readonly_fields = {"name"};
    const RoleGrants role{{"product", limited}};

    const auto policy = AccessPolicy::merged(schema_, {&role});
    const auto& access = policy->access(product());

    EXPECT_FALSE(access.writable(index("cost")));
    EXPECT_FALSE(access.writable(index("name")));
    EXPECT_TRUE(access.writable(index("secret")));
}

TEST_F(AccessPolicyTest, WriteOnlyFieldsAreHiddenEvenFromUnrestrictedCallers) {
    const auto policy = AccessPolicy::unrestricted(schema_);

    EXPECT_TRUE(policy->is_unrestricted());
    EXPECT_FALSE(policy->access(product()).readable(index("secret")));
    EXPECT_TRUE(policy->access(product()).writable(index("secret")));
    EXPECT_TRUE(policy->access(product()).readable(index("cost")));
}

TEST_F(AccessPolicyTest, EveryEntityGrantSkipsAdminOnlyEntities) {
    const RoleGrants viewer{
        {std::string(every_entity), grant(Scope::none, Scope::all, Scope::none, Scope::none)}};

    const auto policy = AccessPolicy::merged(schema_, {&viewer});

    EXPECT_EQ(policy->access(product()).scope(Operation::read), Scope::all);
    EXPECT_EQ(policy->access(vault()).scope(Operation::read), Scope::none);
}

TEST_F(AccessPolicyTest, NoRolesGrantNothing) {
    const auto policy = AccessPolicy::merged(schema_, {});

    for (const auto operation :
         {Operation::create, Operation::read, Operation::update, Operation::remove}) {
        EXPECT_EQ(policy->access(product()).scope(operation), Scope::none);
    }
}

}  // namespace
}  // namespace rapport::records
