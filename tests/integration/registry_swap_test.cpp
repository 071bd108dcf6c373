// Publishing another set of entities while the server runs (what a plugin install does): the
// new entities are served at once, a refused set changes nothing, and requests under load
// never fail while generations swap.
#include "load_loop.hpp"
#include "records/definition_error.hpp"
#include "records/entity_yaml.hpp"
#include "test_application.hpp"

#include <gmock/gmock.h>

namespace rapport {
namespace {

using testing::HttpClient;

std::vector<records::EntityDefinition> gadget_entities() {
    return records::parse_entities_yaml(R"(
gadget:
  label: Gadget
  fields:
    name:       {type: string, required: true}
    account_id: {type: reference, to: account}
)",
                                        "test_plugin", "test");
}

class RegistrySwapTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    RegistrySwapTest() : application_(GetParam()), admin_(application_.client(true)) {}

    int create_gadget() {
        return admin_
            ->request("POST", "/api/v1/records/gadget", R"({"name": "Lab laptop"})",
                      {{"Content-Type", "application/json"}})
            .status;
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

TEST_P(RegistrySwapTest, PublishedEntitiesAreServedAtOnce) {
    ASSERT_EQ(create_gadget(), 404);

    application_.application().publish_entities(gadget_entities());

    EXPECT_EQ(create_gadget(), 201);
    EXPECT_EQ(admin_->get("/api/v1/records/gadget").status, 200);
    EXPECT_EQ(admin_->get("/api/v1/meta/entities/gadget").status, 200);
}

TEST_P(RegistrySwapTest, EntitiesLeftOutAreNoLongerServedButTheirDataStays) {
    application_.application().publish_entities(gadget_entities());
    ASSERT_EQ(create_gadget(), 201);

    application_.application().publish_entities({});
    EXPECT_EQ(admin_->get("/api/v1/records/gadget").status, 404);

    application_.application().publish_entities(gadget_entities());
    const auto list = admin_->get("/api/v1/records/gadget");
    EXPECT_EQ(list.status, 200);
    EXPECT_THAT(list.body, ::testing::HasSubstr("Lab laptop"));
}

TEST_P(RegistrySwapTest, ARefusedSetChangesNothing) {
    auto broken = records::parse_entities_yaml(R"(
widget:
  fields:
    part_id: {type: reference, to: no_such_entity}
)",
                                               "test_plugin", "test");

    EXPECT_THROW(application_.application().publish_entities(broken), records::DefinitionError);

    EXPECT_EQ(admin_->get("/api/v1/records/account").status, 200);
    EXPECT_EQ(admin_->get("/api/v1/records/widget").status, 404);
}

TEST_P(RegistrySwapTest, RequestsUnderLoadNeverFailWhileGenerationsSwap) {
    testing::LoadLoop load(application_.port(), testing::sign_in(*application_.client()),
                           "/api/v1/records/account?limit=5");

    for (int swap = 0; swap < 6; ++swap) {
        application_.application().publish_entities(
            swap % 2 == 0 ? gadget_entities() : std::vector<records::EntityDefinition>{});
    }
    load.stop();

    EXPECT_GT(load.requests(), 0);
    EXPECT_EQ(load.failures(), 0);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RegistrySwapTest);

}  // namespace
}  // namespace rapport
