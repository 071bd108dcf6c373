// Actions a plugin implements in C++ (ARCHITECTURE.md §5): for steps a declared transition
// cannot express — converting a lead, creating an invoice from an order. An action of the same
// name as a transition runs after it, in the same transaction: if the handler throws, the
// transition is undone too.
#pragma once

#include <rapport/sdk/record.hpp>
#include <rapport/sdk/record_store.hpp>
#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sdk {

// The record an action created, answered to the client as {"entity", "id"}.
struct CreatedRecord {
    std::string entity;
    std::int64_t id = 0;
};

// What a request made by a signed-in caller offers plugin code: its parameters, who asks, and
// the records as them.
class ApiRequest {
  public:
    virtual ~ApiRequest();

    // The request's parameters: a JSON object ("{}" when there are none). An action's come
    // from its body; a view's from its query string, as strings.
    virtual const Json& params() const = 0;
    // Who asks; none for the kernel's own work.
    virtual std::optional<std::int64_t> user_id() const = 0;
    virtual bool has_role(std::string_view role) const = 0;
    // The records, as the caller: their permissions apply and they own what is created. In an
    // action, every write joins the action's transaction.
    virtual RecordStore& records() = 0;
};

// An action on one record, or a view of it.
class ActionRequest : public ApiRequest {
  public:
    // The record, after the transition of the same name when there is one.
    virtual const Record& record() const = 0;
};

// Throw sdk::Error to refuse (conflict, validation_failed with field details): nothing the
// action did is kept. Any other exception is a 500 whose log line names the plugin.
using ActionHandler = std::function<std::optional<CreatedRecord>(ActionRequest&)>;

}  // namespace rapport::sdk
