// The plugin runtime over the admin API on both backends, with the bundled packages: install
// with dependencies, uninstall keeping or dropping data, disable and enable, restoring the
// installed set on restart, refused packages, admins only, and no failed request while
// plugins come and go under load.
#include "db/database.hpp"
#include "db/statement.hpp"
#include "load_loop.hpp"
#include "plugins/package_reader.hpp"
#include "plugins/package_test_support.hpp"
#include "plugins/package_writer.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;

std::string package_bytes(const std::string& id) {
    return plugins::read_file_bytes(fs::path(RAPPORT_BUNDLED_PLUGINS) / (id + "-1.0.0.rpk"));
}

// The packages of tests/plugins: gadgets 1.0.0 and 1.1.0, throwing 1.0.0.
std::string test_package(const std::string& id, const std::string& version) {
    return plugins::read_file_bytes(fs::path(RAPPORT_TEST_PLUGINS) / (id + "-" + version + ".rpk"));
}

class PluginLifecycleTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    explicit PluginLifecycleTest(bool allow_unsigned = false)
        : application_(GetParam(),
                       [allow_unsigned](config::Config& config) {
                           config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS;
                           config.plugins.allow_unsigned = allow_unsigned;
                       })
        , admin_(application_.client(true)) {}

    static boost::json::value json(const HttpResult& result) {
        return boost::json::parse(result.body);
    }

    HttpResult action(const std::string& id, const std::string& what,
                      const std::string& body = {}) {
        return admin_->request("POST", "/api/v1/admin/plugins/" + id + "/" + what, body,
                               {{"Content-Type", "application/json"}});
    }

    std::string state_of(const std::string& id) {
        const auto plugins = json(admin_->get("/api/v1/admin/plugins"));
        for (const auto& plugin : plugins.as_array()) {
            if (plugin.at("id") == id.c_str()) {
                return std::string(plugin.at("state").as_string());
            }
        }
        return "unknown";
    }

    int create(const std::string& entity, const std::string& body) {
        return admin_
            ->request("POST", "/api/v1/records/" + entity, body,
                      {{"Content-Type", "application/json"}})
            .status;
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

TEST_P(PluginLifecycleTest, BundledPluginsAreAvailable) {
    const auto result = admin_->get("/api/v1/admin/plugins");

    ASSERT_EQ(result.status, 200) << result.body;
    std::vector<std::string> ids;
    const auto plugins = json(result);
    for (const auto& plugin : plugins.as_array()) {
        ids.emplace_back(plugin.at("id").as_string());
        EXPECT_EQ(plugin.at("state"), "available");
        EXPECT_EQ(plugin.at("version"), "1.0.0");
        EXPECT_TRUE(plugin.at("error").is_null());
    }
    EXPECT_THAT(ids, ::testing::UnorderedElementsAre("claims", "customer_profiling", "phone_calls",
                                                     "questionnaires", "sales", "survey"));
}

TEST_P(PluginLifecycleTest, Install_ServesThePluginsEntitiesAtOnce) {
    ASSERT_EQ(create("claim", R"({"subject": "Broken hinge"})"), 404);

    const auto installed = action("claims", "install");

    ASSERT_EQ(installed.status, 200) << installed.body;
    EXPECT_EQ(json(installed).at("state"), "installed");
    EXPECT_EQ(create("claim", R"({"subject": "Broken hinge"})"), 201);
    EXPECT_EQ(admin_->get("/api/v1/meta/entities/claim").status, 200);
    EXPECT_EQ(action("claims", "install").status, 409);
}

TEST_P(PluginLifecycleTest, Install_BringsMissingDependenciesAndUninstallRespectsThem) {
    const auto installed = action("customer_profiling", "install");

    ASSERT_EQ(installed.status, 200) << installed.body;
    EXPECT_EQ(json(installed).at("also_installed"), boost::json::array{"questionnaires"});
    EXPECT_EQ(state_of("questionnaires"), "installed");

    const auto refused = action("questionnaires", "uninstall");
    EXPECT_EQ(refused.status, 409);
    EXPECT_THAT(refused.body, HasSubstr("customer_profiling"));
    EXPECT_EQ(state_of("questionnaires"), "installed");
}

TEST_P(PluginLifecycleTest, Uninstall_KeepsDataUnlessAskedToDropIt) {
    ASSERT_EQ(action("claims", "install").status, 200);
    ASSERT_EQ(create("claim", R"({"subject": "Kept"})"), 201);

    ASSERT_EQ(action("claims", "uninstall").status, 200);
    EXPECT_EQ(state_of("claims"), "available");
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 404);
    ASSERT_EQ(action("claims", "install").status, 200);
    EXPECT_EQ(json(admin_->get("/api/v1/records/claim")).at("total"), 1);

    ASSERT_EQ(action("claims", "uninstall", R"({"drop_data": true})").status, 200);
    ASSERT_EQ(action("claims", "install").status, 200);
    EXPECT_EQ(json(admin_->get("/api/v1/records/claim")).at("total"), 0);
    EXPECT_EQ(admin_->get("/api/v1/records/account").status, 200) << "kernel data untouched";
}

TEST_P(PluginLifecycleTest, KeptDataStillProtectsWhatItRefersTo) {
    ASSERT_EQ(action("sales", "install").status, 200);
    const auto account =
        admin_->request("POST", "/api/v1/records/account", R"({"name": "Universitas Pancasila"})",
                        {{"Content-Type", "application/json"}});
    const auto account_id = std::to_string(json(account).at("id").as_int64());
    ASSERT_EQ(create("opportunity", R"({"name": "Lab laptops", "account_id": )" + account_id + "}"),
              201);
    ASSERT_EQ(action("sales", "uninstall").status, 200);

    const auto refused = admin_->request("DELETE", "/api/v1/records/account/" + account_id);

    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_THAT(refused.body, HasSubstr("uninstalled plugin"));
    EXPECT_EQ(admin_->get("/api/v1/records/account/" + account_id).status, 200);
}

TEST_P(PluginLifecycleTest, DisableAndEnable) {
    ASSERT_EQ(action("claims", "install").status, 200);

    const auto disabled = action("claims", "disable");
    ASSERT_EQ(disabled.status, 200) << disabled.body;
    EXPECT_EQ(json(disabled).at("state"), "disabled");
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 404);
    EXPECT_EQ(action("claims", "disable").status, 409);

    const auto enabled = action("claims", "enable");
    ASSERT_EQ(enabled.status, 200) << enabled.body;
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 200);
}

TEST_P(PluginLifecycleTest, TheInstalledSetIsRestoredOnRestart) {
    ASSERT_EQ(action("customer_profiling", "install").status, 200);
    ASSERT_EQ(action("claims", "install").status, 200);
    ASSERT_EQ(action("claims", "disable").status, 200);

    application_.restart();
    admin_ = application_.client(true);

    EXPECT_EQ(state_of("customer_profiling"), "installed");
    EXPECT_EQ(state_of("questionnaires"), "installed");
    EXPECT_EQ(state_of("claims"), "disabled");
    EXPECT_EQ(state_of("sales"), "available");
    EXPECT_EQ(admin_->get("/api/v1/records/customer_profile").status, 200);
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 404);
}

TEST_P(PluginLifecycleTest, UnknownPluginsAndBadBodies) {
    EXPECT_EQ(action("nothing", "install").status, 404);
    EXPECT_EQ(action("claims", "uninstall").status, 409) << "not installed";
    ASSERT_EQ(action("claims", "install").status, 200);
    EXPECT_EQ(action("claims", "uninstall", R"({"drop_data": "yes"})").status, 400);
    EXPECT_EQ(state_of("claims"), "installed");
}

TEST_P(PluginLifecycleTest, Upload_RefusesGarbageAndUnsignedPackages) {
    const auto garbage = admin_->request("POST", "/api/v1/admin/plugins", "not a package");
    EXPECT_EQ(garbage.status, 422);
    EXPECT_THAT(garbage.body, HasSubstr("not a Rapport package"));

    testing::TempDir dir;
    const auto extracted = plugins::extract_package(package_bytes("claims"), dir.path() / "claims");
    const auto unsigned_package = plugins::pack_package(extracted.directory, std::nullopt);
    const auto unsigned_upload = admin_->request("POST", "/api/v1/admin/plugins", unsigned_package);
    EXPECT_EQ(unsigned_upload.status, 422);
    EXPECT_THAT(unsigned_upload.body, HasSubstr("not signed"));

    const auto truncated =
        admin_->request("POST", "/api/v1/admin/plugins", package_bytes("claims").substr(0, 2000));
    EXPECT_EQ(truncated.status, 422);
    EXPECT_EQ(state_of("claims"), "available");
}

TEST_P(PluginLifecycleTest, Upload_RefusesAPackageChangedAfterSigning) {
    plugins::testing::TarBuilder tar;
    for (const auto& member : plugins::testing::read_tar(package_bytes("claims"))) {
        tar.file(member.path,
                 member.path == "plugin.yaml" ? member.content + "# changed\n" : member.content,
                 member.mode);
    }

    const auto upload = admin_->request("POST", "/api/v1/admin/plugins", tar.bytes());

    EXPECT_EQ(upload.status, 422);
    EXPECT_THAT(upload.body, HasSubstr("changed after it was signed"));
}

TEST_P(PluginLifecycleTest, OnlyAdminsManagePlugins) {
    ASSERT_EQ(admin_
                  ->request("POST", "/api/v1/records/user",
                            R"({"login": "sam", "name": "Sam", "password": "a long passphrase",
                                "roles": ["sales_manager"]})",
                            {{"Content-Type", "application/json"}})
                  .status,
              201);
    auto sam = application_.client();
    testing::sign_in(*sam, "sam", "a long passphrase");

    EXPECT_EQ(sam->get("/api/v1/admin/plugins").status, 403);
    EXPECT_EQ(sam->request("POST", "/api/v1/admin/plugins/claims/install").status, 403);
    EXPECT_EQ(application_.client()->get("/api/v1/admin/plugins").status, 401);
    EXPECT_EQ(state_of("claims"), "available");
}

TEST_P(PluginLifecycleTest, PluginGrantsReachTheirRoles) {
    ASSERT_EQ(action("sales", "install").status, 200);
    ASSERT_EQ(admin_
                  ->request("POST", "/api/v1/records/user",
                            R"({"login": "rina", "name": "Rina", "password": "a long passphrase",
                                "roles": ["salesperson"]})",
                            {{"Content-Type", "application/json"}})
                  .status,
              201);
    ASSERT_EQ(
        create("product", R"({"name": "Lab laptop", "list_price": "9000000", "cost": "7000000"})"),
        201);
    auto rina = application_.client();
    testing::sign_in(*rina, "rina", "a long passphrase");

    const auto products = rina->get("/api/v1/records/product");

    ASSERT_EQ(products.status, 200) << products.body;
    EXPECT_THAT(products.body, HasSubstr("Lab laptop"));
    EXPECT_THAT(products.body, ::testing::Not(HasSubstr("cost")));
}

TEST_P(PluginLifecycleTest, UploadingANewerVersionUpgradesAndAnOlderOneIsRefused) {
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    ASSERT_EQ(action("gadgets", "install").status, 200);
    ASSERT_EQ(create("gadget", R"({"name": "Kept"})"), 201);
    EXPECT_EQ(create("gadget", R"({"name": "Blue", "color": "blue"})"), 422);

    const auto upgraded =
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.1.0"));

    ASSERT_EQ(upgraded.status, 201) << upgraded.body;
    EXPECT_EQ(json(upgraded).at("version"), "1.1.0");
    EXPECT_EQ(json(upgraded).at("state"), "installed");
    EXPECT_EQ(create("gadget", R"({"name": "Blue", "color": "blue"})"), 201);
    EXPECT_EQ(json(admin_->get("/api/v1/records/gadget")).at("total"), 3)
        << "the seed of on_install, which an upgrade does not run again, and the two made here";
    const auto downgrade =
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0"));
    EXPECT_EQ(downgrade.status, 409);
    EXPECT_THAT(downgrade.body, HasSubstr("older"));

    application_.restart();
    admin_ = application_.client(true);
    EXPECT_EQ(create("gadget", R"({"name": "Red", "color": "red"})"), 201)
        << "the upgraded version is the one restored";
}

TEST_P(PluginLifecycleTest, PluginRoutesAreServedWhileThePluginRuns) {
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    auto anonymous = application_.client();
    EXPECT_EQ(anonymous->get("/gadgets/hello/world").status, 404);

    ASSERT_EQ(action("gadgets", "install").status, 200);
    const auto hello = anonymous->get("/gadgets/hello/world");
    EXPECT_EQ(hello.status, 200);
    EXPECT_EQ(json(hello), boost::json::parse(R"({"hello": "world", "version": "1.0.0"})"));
    EXPECT_EQ(hello.header("content-type"), "application/json");

    const auto failed = anonymous->get("/gadgets/fail");
    EXPECT_EQ(failed.status, 500);
    EXPECT_THAT(failed.body, HasSubstr("gadgets"));
    EXPECT_THAT(failed.body, ::testing::Not(HasSubstr("the gadget broke")));
    EXPECT_EQ(admin_->get("/api/v1/records/account").status, 200) << "the server goes on";

    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.1.0")).status,
        201);
    EXPECT_THAT(anonymous->get("/gadgets/hello/world").body, HasSubstr("1.1.0"));

    ASSERT_EQ(action("gadgets", "disable").status, 200);
    EXPECT_EQ(anonymous->get("/gadgets/hello/world").status, 404);
    ASSERT_EQ(action("gadgets", "enable").status, 200);
    EXPECT_EQ(anonymous->get("/gadgets/hello/world").status, 200);

    application_.restart();
    EXPECT_EQ(application_.client()->get("/gadgets/hello/world").status, 200)
        << "routes come back with the installed set";
}

TEST_P(PluginLifecycleTest, PluginsWorkWithRecordsThroughTheSdk) {
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    ASSERT_EQ(action("gadgets", "install").status, 200);
    EXPECT_THAT(admin_->get("/api/v1/records/gadget").body, HasSubstr("Welcome gadget"))
        << "on_install seeded a record";

    const auto made = application_.client()->request("POST", "/gadgets/make", "Blue");

    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(json(made).at("gadgets"), 2);
    const auto id = std::to_string(json(made).at("id").as_int64());
    const auto record = json(admin_->get("/api/v1/records/gadget/" + id));
    EXPECT_EQ(record.at("name"), "Blue");
    EXPECT_TRUE(record.at("created_by").is_null()) << "written with the plugin's authority";
    const auto refused = application_.client()->request("POST", "/gadgets/make", "");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_THAT(refused.body, HasSubstr("name"));
}

TEST_P(PluginLifecycleTest, PluginsComputeFieldsWhenRecordsAreRead) {
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    ASSERT_EQ(action("gadgets", "install").status, 200);

    const auto created = admin_->request("POST", "/api/v1/records/gadget", R"({"name": "Lamp"})",
                                         {{"Content-Type", "application/json"}});

    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json(created).at("shout"), "LAMP");
    const auto id = std::to_string(json(created).at("id").as_int64());
    EXPECT_EQ(json(admin_->get("/api/v1/records/gadget/" + id)).at("shout"), "LAMP");
    EXPECT_THAT(admin_->get("/api/v1/records/gadget?select=id,shout").body, HasSubstr("LAMP"));
    EXPECT_THAT(admin_->get("/api/v1/records/gadget/export").body, HasSubstr("LAMP"));
    EXPECT_EQ(admin_->get("/api/v1/records/gadget?shout=eq.LAMP").status, 400);
    EXPECT_EQ(admin_->get("/api/v1/records/gadget?order=shout").status, 400);
    EXPECT_EQ(admin_
                  ->request("PATCH", "/api/v1/records/gadget/" + id, R"({"shout": "x"})",
                            {{"Content-Type", "application/json"}})
                  .status,
              422);
    const auto meta = json(admin_->get("/api/v1/meta/entities/gadget"));
    const auto& fields = meta.at("fields").as_array();
    const auto shout = std::find_if(fields.begin(), fields.end(),
                                    [](const auto& field) { return field.at("name") == "shout"; });
    ASSERT_NE(shout, fields.end());
    EXPECT_EQ(shout->at("computed"), true);
}

TEST_P(PluginLifecycleTest, AFailingMigrationRollsTheInstallBack) {
    // A table in the way of the plugin's first entity: its CREATE TABLE fails.
    application_.application().database().write_transaction([](soci::session& session) {
        db::execute(session, "CREATE TABLE claim_category (id INTEGER)");
    });

    const auto install = action("claims", "install");

    EXPECT_EQ(install.status, 422);
    EXPECT_THAT(install.body, HasSubstr("database"));
    EXPECT_EQ(state_of("claims"), "available");
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 404);
    EXPECT_EQ(admin_->get("/api/v1/records/account").status, 200);
    bool claim_table = true;
    application_.application().database().with_session([&](soci::session& session) {
        claim_table =
            !db::query(session, "SELECT 1 FROM rapport_migrations WHERE id = 'entity/claim'")
                 .empty();
    });
    EXPECT_FALSE(claim_table) << "the migrations of the failed install were rolled back together";
}

TEST_P(PluginLifecycleTest, AThrowingOnInstallRollsTheInstallBack) {
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("throwing", "1.0.0")).status,
        201);

    const auto install = action("throwing", "install");

    EXPECT_EQ(install.status, 422);
    EXPECT_THAT(install.body, HasSubstr("no licence for this site"));
    EXPECT_EQ(state_of("throwing"), "available");
    EXPECT_EQ(admin_->get("/api/v1/records/thrown").status, 404);
    EXPECT_EQ(admin_->get("/api/v1/records/account").status, 200);
}

TEST_P(PluginLifecycleTest, NoRequestFailsWhilePluginsComeAndGo) {
    testing::LoadLoop load(application_.port(), testing::sign_in(*application_.client()),
                           "/api/v1/records/account?limit=5");

    for (int round = 0; round < 2; ++round) {
        EXPECT_EQ(action("claims", "install").status, 200);
        EXPECT_EQ(action("claims", "disable").status, 200);
        EXPECT_EQ(action("claims", "enable").status, 200);
        EXPECT_EQ(action("claims", "uninstall").status, 200);
    }
    load.stop();

    EXPECT_GT(load.requests(), 0);
    EXPECT_EQ(load.failures(), 0);
}

// Polls for up to five seconds: the other process notices changes within a second.
bool eventually(const std::function<bool()>& condition) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

TEST_P(PluginLifecycleTest, AnotherProcessOnTheSameDatabaseFollowsPluginChanges) {
    config::Config second_config = application_.config();
    second_config.server.port = 0;
    app::Application second(second_config);
    second.start();
    HttpClient second_client(second.port());
    testing::sign_in(second_client);
    const auto second_serves_claims = [&] {
        return second_client.get("/api/v1/records/claim").status == 200;
    };
    ASSERT_FALSE(second_serves_claims());

    ASSERT_EQ(action("claims", "install").status, 200);
    EXPECT_TRUE(eventually(second_serves_claims)) << "installed elsewhere";

    ASSERT_EQ(action("claims", "disable").status, 200);
    EXPECT_TRUE(eventually([&] { return !second_serves_claims(); })) << "disabled elsewhere";

    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    ASSERT_EQ(action("gadgets", "install").status, 200);
    EXPECT_TRUE(eventually([&] {
        return second_client.get("/gadgets/hello/world").body.find("1.0.0") != std::string::npos;
    }));
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.1.0")).status,
        201);
    EXPECT_TRUE(eventually([&] {
        return second_client.get("/gadgets/hello/world").body.find("1.1.0") != std::string::npos;
    })) << "upgraded elsewhere";
}

// Another machine: the same database, its own data directory without the uploaded package.
TEST_P(PluginLifecycleTest, AServerOnAnotherMachineFetchesPackagesFromTheDatabase) {
    testing::TempDir elsewhere;
    config::Config second_config = application_.config();
    second_config.server.port = 0;
    second_config.data_dir = elsewhere.path();
    app::Application second(second_config);
    second.start();
    HttpClient second_client(second.port());
    testing::sign_in(second_client);

    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins", test_package("gadgets", "1.0.0")).status,
        201);
    ASSERT_EQ(action("gadgets", "install").status, 200);
    EXPECT_TRUE(eventually([&] {
        return second_client.get("/gadgets/hello/world").body.find("1.0.0") != std::string::npos;
    }));
    EXPECT_TRUE(fs::exists(elsewhere.path() / "plugins" / "packages" / "gadgets-1.0.0.rpk"));
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(PluginLifecycleTest);

class UnsignedPluginTest : public PluginLifecycleTest {
  protected:
    UnsignedPluginTest() : PluginLifecycleTest(true) {}
};

TEST_P(UnsignedPluginTest, AManifestThatDiffersFromTheLibrarysIsRefusedAtInstall) {
    testing::TempDir dir;
    const auto extracted = plugins::extract_package(package_bytes("claims"), dir.path() / "claims");
    std::ofstream(extracted.directory / "plugin.yaml", std::ios::app) << "# edited\n";
    const auto edited = plugins::pack_package(extracted.directory, std::nullopt);

    // Same version as the bundled one: the upload replaces the stored package.
    const auto uploaded = admin_->request("POST", "/api/v1/admin/plugins", edited);
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const auto install = action("claims", "install");

    EXPECT_EQ(install.status, 422);
    EXPECT_THAT(install.body, HasSubstr("differs"));
    EXPECT_EQ(state_of("claims"), "available");
    EXPECT_EQ(admin_->get("/api/v1/records/claim").status, 404);
}

// The claims package rebuilt with `edit` applied to its manifest, unsigned.
std::string claims_with_manifest(const std::function<std::string(std::string)>& edit) {
    plugins::testing::TarBuilder tar;
    for (const auto& member : plugins::testing::read_tar(package_bytes("claims"))) {
        if (member.path == "signature") {
            continue;
        }
        tar.file(member.path, member.path == "plugin.yaml" ? edit(member.content) : member.content,
                 member.mode);
    }
    return tar.bytes();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    return text.replace(text.find(from), from.size(), to);
}

TEST_P(UnsignedPluginTest, PackagesReachingOutsideTheirDirectoryAreRefused) {
    for (const auto& hostile :
         {plugins::testing::minimal_plugin_tar().file("../evil", "x").bytes(),
          plugins::testing::minimal_plugin_tar().file("/etc/evil", "x").bytes(),
          plugins::testing::minimal_plugin_tar().symlink("views/link", "/etc/passwd").bytes()}) {
        const auto upload = admin_->request("POST", "/api/v1/admin/plugins", hostile);
        EXPECT_EQ(upload.status, 422) << upload.body;
    }
    EXPECT_EQ(state_of("demo"), "unknown");
}

TEST_P(UnsignedPluginTest, AnotherSdkAbiIsRefusedNamingBoth) {
    const auto upload =
        admin_->request("POST", "/api/v1/admin/plugins", claims_with_manifest([](std::string text) {
                            return replaced(std::move(text), "sdk_abi: 1", "sdk_abi: 3");
                        }));

    EXPECT_EQ(upload.status, 422);
    EXPECT_THAT(upload.body, HasSubstr("built for sdk_abi 3, the server has 1"));
}

TEST_P(UnsignedPluginTest, ADependencyMissingFromTheCatalogueIsNamed) {
    const auto upload =
        admin_->request("POST", "/api/v1/admin/plugins", claims_with_manifest([](std::string text) {
                            return replaced(std::move(text), "depends: []",
                                            "depends: [{id: billing, version: \">=2.0\"}]");
                        }));
    ASSERT_EQ(upload.status, 201) << upload.body;

    const auto install = action("claims", "install");

    EXPECT_EQ(install.status, 409);
    EXPECT_THAT(install.body, HasSubstr("billing"));
    EXPECT_EQ(state_of("claims"), "available");
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(UnsignedPluginTest);

}  // namespace
}  // namespace rapport
