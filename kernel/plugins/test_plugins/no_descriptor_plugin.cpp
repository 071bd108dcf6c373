// A shared library that exports a function but no rapport_plugin_descriptor, for
// plugin_library_test: what a plugin built without RAPPORT_PLUGIN looks like.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int no_descriptor_answer() {
    return 42;
}
