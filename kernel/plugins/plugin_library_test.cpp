#include "plugins/plugin_library.hpp"

#include <rapport/sdk/plugin.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <dlfcn.h>
#include <filesystem>
#include <string>
#include <unistd.h>

// The test plugins are built by CMake as MODULE libraries; their paths come in as definitions.
#if !defined(RAPPORT_GOOD_PLUGIN) || !defined(RAPPORT_WRONG_ABI_PLUGIN) || \
    !defined(RAPPORT_NO_DESCRIPTOR_PLUGIN) || !defined(RAPPORT_MISSING_SYMBOL_PLUGIN)
#error "define RAPPORT_<NAME>_PLUGIN as the path of each test plugin, e.g. $<TARGET_FILE:...>"
#endif

namespace rapport::plugins {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* good_manifest = "id: good\nname: Good\nversion: 1.2.3\nsdk_abi: 1\n";

// Asks the dynamic linker without loading: RTLD_NOLOAD only finds a library already mapped.
bool is_mapped(const fs::path& so_path) {
    void* handle = ::dlopen(so_path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) {
        return false;
    }
    ::dlclose(handle);  // drops the reference the probe itself took
    return true;
}

int good_plugin_live_instances(const fs::path& so_path) {
    void* handle = ::dlopen(so_path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) {
        ADD_FAILURE() << so_path << " is not loaded";
        return -1;
    }
    auto* count = reinterpret_cast<int (*)()>(::dlsym(handle, "good_plugin_live_instances"));
    const int live = count != nullptr ? count() : -1;
    ::dlclose(handle);
    return live;
}

std::string load_error(const fs::path& so_path, std::string_view id = "good",
                       std::string_view version = "1.2.3",
                       std::string_view manifest = good_manifest) {
    try {
        load_plugin_library(so_path, id, version, manifest);
    } catch (const PluginLoadError& error) {
        return error.what();
    }
    ADD_FAILURE() << so_path << " was loaded";
    return {};
}

class PluginLibraryTest : public ::testing::Test {
  protected:
    // Like the installer, every test loads from a path never loaded before: dlopen of a path
    // that is already loaded would hand back that library instead of reading the file again.
    fs::path fresh_copy(const fs::path& built) {
        static std::atomic<int> counter = 0;
        directory_ = fs::temp_directory_path() /
                     ("rapport_plugin_library_test_" + std::to_string(::getpid()) + "_" +
                      std::to_string(counter++));
        fs::create_directories(directory_);
        const fs::path copy = directory_ / built.filename();
        fs::copy_file(built, copy);
        return copy;
    }

    void TearDown() override {
        if (!directory_.empty()) {
            fs::remove_all(directory_);
        }
    }

  private:
    fs::path directory_;
};

TEST_F(PluginLibraryTest, LoadsGoodPluginAndCreatesIt) {
    const fs::path so_path = fresh_copy(RAPPORT_GOOD_PLUGIN);

    const LoadedPlugin loaded = load_plugin_library(so_path, "good", "1.2.3", good_manifest);

    ASSERT_NE(loaded.library, nullptr);
    ASSERT_NE(loaded.descriptor, nullptr);
    EXPECT_EQ(loaded.descriptor->sdk_abi, sdk::sdk_abi);
    EXPECT_STREQ(loaded.descriptor->id, "good");
    EXPECT_STREQ(loaded.descriptor->version, "1.2.3");
    std::unique_ptr<sdk::Plugin> plugin = loaded.descriptor->create();
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(good_plugin_live_instances(so_path), 1);
    plugin.reset();  // the plugin's destructor is in the library: run it while it is mapped
    EXPECT_EQ(good_plugin_live_instances(so_path), 0);
}

TEST_F(PluginLibraryTest, LibraryStaysMappedWhileAnyCopyLives) {
    const fs::path so_path = fresh_copy(RAPPORT_GOOD_PLUGIN);
    auto loaded = std::make_unique<LoadedPlugin>(
        load_plugin_library(so_path, "good", "1.2.3", good_manifest));
    std::shared_ptr<void> registration = loaded->library;

    loaded.reset();

    EXPECT_TRUE(is_mapped(so_path));
    registration.reset();
    EXPECT_FALSE(is_mapped(so_path));
}

TEST_F(PluginLibraryTest, RefusesMissingFile) {
    const fs::path so_path = fs::temp_directory_path() / "rapport_no_such_dir" / "libsales.so";

    EXPECT_THAT(load_error(so_path),
                AllOf(HasSubstr("cannot load libsales.so"), HasSubstr(so_path.string())));
}

TEST_F(PluginLibraryTest, RefusesLibraryWithUndefinedSymbolPassingDlerrorThrough) {
    const fs::path so_path = fresh_copy(RAPPORT_MISSING_SYMBOL_PLUGIN);
    const std::string file = so_path.filename().string();

    const std::string message = load_error(so_path, "missing_symbol", "1.0.0");

    EXPECT_THAT(message, HasSubstr("cannot load " + file + ": undefined symbol: "));
    EXPECT_THAT(message, HasSubstr("rapport_function_that_does_not_exist"));
    EXPECT_THAT(message, Not(HasSubstr(so_path.string())));  // dlerror's path prefix is dropped
    EXPECT_FALSE(is_mapped(so_path));
}

TEST_F(PluginLibraryTest, RefusesLibraryWithoutDescriptor) {
    const fs::path so_path = fresh_copy(RAPPORT_NO_DESCRIPTOR_PLUGIN);
    const std::string file = so_path.filename().string();

    EXPECT_EQ(load_error(so_path), file +
                                       " does not export rapport_plugin_descriptor: it was not "
                                       "built with RAPPORT_PLUGIN");
    EXPECT_FALSE(is_mapped(so_path));
}

TEST_F(PluginLibraryTest, RefusesOtherSdkAbiNamingBothSides) {
    const fs::path so_path = fresh_copy(RAPPORT_WRONG_ABI_PLUGIN);
    const std::string file = so_path.filename().string();

    EXPECT_EQ(load_error(so_path, "wrong_abi", "1.0.0", "id: wrong_abi\n"),
              file + " was built for sdk_abi 999, the server has " + std::to_string(sdk::sdk_abi));
    EXPECT_FALSE(is_mapped(so_path));
}

TEST_F(PluginLibraryTest, RefusesIdOtherThanManifests) {
    const fs::path so_path = fresh_copy(RAPPORT_GOOD_PLUGIN);
    const std::string file = so_path.filename().string();

    EXPECT_EQ(load_error(so_path, "sales", "1.2.3"),
              file + " says good 1.2.3, the manifest says sales 1.2.3");
}

TEST_F(PluginLibraryTest, RefusesVersionOtherThanManifests) {
    const fs::path so_path = fresh_copy(RAPPORT_GOOD_PLUGIN);
    const std::string file = so_path.filename().string();

    EXPECT_EQ(load_error(so_path, "good", "1.0.0"),
              file + " says good 1.2.3, the manifest says good 1.0.0");
    EXPECT_FALSE(is_mapped(so_path));
}

TEST_F(PluginLibraryTest, RefusesManifestOtherThanTheBuiltInOne) {
    const fs::path so_path = fresh_copy(RAPPORT_GOOD_PLUGIN);
    const std::string file = so_path.filename().string();

    EXPECT_EQ(load_error(so_path, "good", "1.2.3", "id: good\nname: Changed\nversion: 1.2.3\n"),
              "the manifest in the package differs from the one built into " + file);
}

}  // namespace
}  // namespace rapport::plugins
