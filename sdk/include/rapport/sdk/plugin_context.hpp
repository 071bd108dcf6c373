// What the kernel offers a running plugin: who it is, where to log, the record store and HTTP
// routes, for now. Actions, events and the scheduler join with the workflow engine; a plugin
// only ever sees this interface, never a kernel type. The context lives as long as the
// plugin runs: handlers may keep a reference to it.
#pragma once

#include <rapport/sdk/http.hpp>
#include <rapport/sdk/record_store.hpp>

#include <functional>
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

    // Every entity, with the plugin's own authority (not a signed-in user's): what it writes
    // is recorded without a user. Usable from on_install, start and handlers.
    virtual RecordStore& records() = 0;

    // Works out `field` of `entity`, declared `computed: true` in a manifest (the plugin's own
    // or a dependency's), whenever a record of it is read: `compute` gets the record's stored
    // values. It must be quick and must not write; what it throws leaves the field empty (and
    // the log names the plugin). Call it from start(). Throws sdk::Error(bad_request) for a
    // field that is not declared computed.
    using ComputeField = std::function<Value(const Record&)>;
    virtual void add_computed_field(std::string_view entity, std::string_view field,
                                    ComputeField compute) = 0;

    // Serves `pattern` ("/s/{token}": literal segments and {name} parameters) for `method`
    // ("GET", "POST", ...) while the plugin runs. Only paths outside /api/ are a plugin's; they
    // win over the web UI's pages. Routes need no sign-in: check what the request carries.
    // Call it from start(). Throws sdk::Error(bad_request) for a path under /api/ or a
    // malformed pattern.
    virtual void add_route(std::string_view method, std::string_view pattern,
                           RouteHandler handler) = 0;
};

}  // namespace rapport::sdk
