// A plugin that calls a function nothing defines, for plugin_library_test: RTLD_NOW must refuse
// it at load time instead of letting the first call crash the server.
#include <rapport/sdk/plugin.hpp>

// Declared, never defined anywhere; a shared library may link with it undefined.
int rapport_function_that_does_not_exist(int);

namespace {

class MissingSymbolPlugin : public rapport::sdk::Plugin {
  public:
    MissingSymbolPlugin() { rapport_function_that_does_not_exist(1); }
};

}  // namespace

RAPPORT_PLUGIN(MissingSymbolPlugin, "missing_symbol", "1.0.0", "id: missing_symbol\n")
