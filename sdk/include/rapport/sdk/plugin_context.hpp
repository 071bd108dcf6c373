// What the kernel offers a running plugin: who it is and where to log, for now. Record store
// access, actions, routes, events and the scheduler join as the workflow engine and the
// business modules need them; a plugin only ever sees this interface, never a kernel type.
#pragma once

#include <string_view>

namespace rapport::sdk {

enum class LogLevel { debug, info, warn, error };

class PluginContext {
  public:
    virtual ~PluginContext();

    // The plugin's id, as in its manifest.
    virtual std::string_view plugin_id() const = 0;
    // One line in the server's log, naming the plugin.
    virtual void log(LogLevel level, std::string_view message) = 0;
};

}  // namespace rapport::sdk
