// Boost.JSON compiled into the plugin, header-only: the library carries its own copy with hidden
// symbols and needs nothing from the server beyond the SDK.
#include <boost/json/src.hpp>
