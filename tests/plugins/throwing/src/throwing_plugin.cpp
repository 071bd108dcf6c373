// A test plugin that refuses to install: the install must roll back and the server go on.
#include "throwing_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

#include <stdexcept>

namespace rapport::throwing {

class ThrowingPlugin final : public sdk::Plugin {
  public:
    void on_install(sdk::PluginContext&) override {
        throw std::runtime_error("no licence for this site");
    }
};

}  // namespace rapport::throwing

RAPPORT_PLUGIN(rapport::throwing::ThrowingPlugin, "throwing", "1.0.0",
               rapport::throwing::manifest_yaml)
