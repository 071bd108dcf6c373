// The PluginContext the kernel gives each running plugin: it names the plugin in every log
// line, reaches the record store of the current generation, and collects the routes and
// computed fields the plugin registers into its ActivePlugin; it reads the plugin's settings.
#pragma once

#include "plugins/plugin_record_store.hpp"
#include "plugins/plugin_runtime.hpp"
#include "plugins/plugin_settings.hpp"

#include <rapport/sdk/plugin_context.hpp>

namespace rapport::plugins {

class KernelPluginContext final : public sdk::PluginContext {
  public:
    // `settings` outlives the context.
    KernelPluginContext(ActivePlugin& plugin, CurrentStore current_store, PluginSettings& settings);

    std::string_view plugin_id() const override;
    void log(sdk::LogLevel level, std::string_view message) override;
    sdk::RecordStore& records() override;
    void add_computed_field(std::string_view entity, std::string_view field,
                            ComputeField compute) override;
    void add_route(std::string_view method, std::string_view pattern,
                   sdk::RouteHandler handler) override;
    void add_action(std::string_view entity, std::string_view name,
                    sdk::ActionHandler handler) override;
    void add_validator(std::string_view event, sdk::EventHandler validator) override;
    void subscribe(std::string_view event, sdk::EventHandler handler) override;
    void add_record_view(std::string_view entity, std::string_view name,
                         RecordViewHandler handler) override;
    void add_entity_view(std::string_view entity, std::string_view name,
                         EntityViewHandler handler) override;
    std::int64_t next_number(std::string_view name) override;
    void add_job_handler(std::string_view kind, JobHandler handler) override;
    void schedule(std::string_view kind, std::string_view payload, sdk::Timestamp run_at) override;
    sdk::Value setting(std::string_view name) override;

  private:
    void add_subscription(std::string_view event, bool before_commit, sdk::EventHandler handler);

    ActivePlugin& plugin_;
    CurrentStore current_store_;
    PluginRecordStore records_;
    PluginSettings& settings_;
};

}  // namespace rapport::plugins
