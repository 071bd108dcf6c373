// A well-formed plugin for plugin_library_test: RAPPORT_PLUGIN with a manifest, and a count of
// live instances the test reads to see that create() and the virtual destructor run its code.
#include <rapport/sdk/plugin.hpp>

#include <boost/config.hpp>

namespace {

int live_instances = 0;

class GoodPlugin : public rapport::sdk::Plugin {
  public:
    GoodPlugin() { ++live_instances; }
    ~GoodPlugin() override { --live_instances; }
};

constexpr const char* manifest = "id: good\nname: Good\nversion: 1.2.3\nsdk_abi: 1\n";

}  // namespace

// Exported by hand, outside the ABI, only so the test can observe the plugin from outside.
extern "C" BOOST_SYMBOL_EXPORT int good_plugin_live_instances() {
    return live_instances;
}

RAPPORT_PLUGIN(GoodPlugin, "good", "1.2.3", manifest)
