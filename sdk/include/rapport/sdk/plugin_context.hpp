// What the kernel offers a running plugin: who it is, where to log, the record store, actions,
// events, jobs, HTTP routes and its settings. A plugin only ever sees this interface, never a
// kernel type. The context lives as long as the plugin runs: handlers may keep a reference to it.
// Register from start(): registrations end when the plugin stops.
#pragma once

#include <rapport/sdk/action.hpp>
#include <rapport/sdk/event.hpp>
#include <rapport/sdk/http.hpp>
#include <rapport/sdk/record_store.hpp>
#include <rapport/sdk/timestamp.hpp>
#include <rapport/sdk/value.hpp>

#include <cstdint>
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

    // Serves GET /api/v1/records/{entity}/{id}/{name}: a view of one record, such as a
    // printable quotation. The kernel signs the caller in and checks they may read the record
    // (401, 404) before `handler` runs; request.params() holds the query string as a JSON
    // object of strings, request.records() acts as the caller. Throws sdk::Error(bad_request)
    // for an unknown entity, a name the kernel uses itself (history, actions, ...) or one
    // registered twice.
    using RecordViewHandler = std::function<HttpResponse(ActionRequest&)>;
    virtual void add_record_view(std::string_view entity, std::string_view name,
                                 RecordViewHandler handler) = 0;

    // Serves GET /api/v1/records/{entity}/{name}: a view of an entity as a whole, such as a
    // report. The kernel signs the caller in and checks they may read the entity (401, 403);
    // request.params() holds the query string. Names the kernel uses (aggregate, import,
    // export) are refused, as is a name registered twice (sdk::Error(bad_request)).
    using EntityViewHandler = std::function<HttpResponse(ApiRequest&)>;
    virtual void add_entity_view(std::string_view entity, std::string_view name,
                                 EntityViewHandler handler) = 0;

    // The next number (1, 2, …) of this plugin's sequence `name` ("order", "invoice.2026"),
    // shared by every server on the database. Inside an action it is taken with the action:
    // one that fails gives its number back, so committed numbers have no gaps.
    virtual std::int64_t next_number(std::string_view name) = 0;

    // Implements action `name` on `entity` (the plugin's own, a dependency's or the kernel's:
    // Customer Profiling adds `profile` to account). When the entity's workflow has a
    // transition of that name, the handler runs after it, in the same transaction. Throws
    // sdk::Error(bad_request) for an unknown entity or an action registered twice.
    virtual void add_action(std::string_view entity, std::string_view name,
                            ActionHandler handler) = 0;
    // `event`: "opportunity.transitioned", "opportunity.*" or "*". A validator runs inside the
    // change's transaction, before it commits, and vetoes it by throwing sdk::Error; its writes
    // through records() join the transaction.
    virtual void add_validator(std::string_view event, EventHandler validator) = 0;
    // Runs once the change has committed; what it throws is logged and changes nothing.
    virtual void subscribe(std::string_view event, EventHandler handler) = 0;

    // Jobs: work for later or outside a request (a reminder, a deadline check), kept in the
    // database queue: it survives restarts and runs once, on one of the servers sharing the
    // database. A handler that throws is retried with exponential backoff, then the job is
    // dead-lettered (GET /api/v1/admin/jobs?state=dead).
    using JobHandler = std::function<void(std::string_view payload)>;
    // Throws sdk::Error(bad_request) for an empty kind or one registered twice.
    virtual void add_job_handler(std::string_view kind, JobHandler handler) = 0;
    // Queues a job of `kind` (this plugin's) with `payload` (text; JSON by convention) to run
    // at `run_at` or soon after. Called inside an action or a validator, it commits with the
    // change, or not at all.
    virtual void schedule(std::string_view kind, std::string_view payload, Timestamp run_at) = 0;

    // Setting `name`, declared under `settings:` in the plugin's manifest: the value an admin
    // gave it (PATCH /api/v1/admin/plugins/{id}/settings), else its declared default (null when
    // it has none), typed as a field of its type is (value.hpp: integer → int64, string →
    // std::string). Usable from start, actions, views, handlers and jobs. A change shows at once
    // on the server that took it and within a second on the others: read a setting where it is
    // used rather than keeping it. Throws sdk::Error(internal) for a name the manifest does not
    // declare.
    virtual Value setting(std::string_view name) = 0;
};

}  // namespace rapport::sdk
