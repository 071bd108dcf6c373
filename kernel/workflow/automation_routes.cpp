#include "workflow/automation_routes.hpp"

#include "http/json_body.hpp"
#include "jobs/job_queue.hpp"
#include "records/record_store.hpp"
#include "records/records_routes.hpp"
#include "workflow/webhook_delivery.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace rapport::workflow {
namespace {

using http::Method;
using http::Request;

// ?limit=, 1 to 500, 50 by default.
std::size_t limit_of(const Request& request) {
    const auto text = request.query_param("limit");
    if (!text) {
        return 50;
    }
    std::size_t limit = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (error != std::errc{} || end != text->data() + text->size() || limit == 0) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "limit is a positive integer",
                         {{"limit", "expected a positive integer"}});
    }
    return std::min<std::size_t>(limit, 500);
}

boost::json::value text_or_null(const std::optional<std::string>& text) {
    return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

void add_automation_routes(http::Router& router, records::RecordStore& store,
                           const WebhookDelivery& delivery, jobs::JobQueue& queue,
                           records::Authenticate authenticate) {
    router.add(
        Method::get, "/api/v1/records/webhook/{id}/deliveries",
        [&store, &delivery, authenticate](Request& request) {
            const auto caller = authenticate(request);
            const auto& webhook = store.entity("webhook");
            const auto id = records::record_id(request, webhook);
            store.get(caller, webhook, id);  // admins only, and the webhook exists
            boost::json::array items;
            for (const auto& attempt : delivery.attempts(id, limit_of(request))) {
                items.push_back(
                    {{"delivery_id", attempt.delivery_id},
                     {"event", attempt.event},
                     {"attempt", attempt.attempt},
                     {"status", attempt.status},
                     {"error", attempt.error.empty() ? boost::json::value(nullptr)
                                                     : boost::json::value(attempt.error)},
                     {"duration_ms", attempt.duration_ms},
                     {"at", attempt.at.to_rfc3339()}});
            }
            return http::json_response(200, boost::json::object{{"items", std::move(items)}});
        });
    router.add(Method::get, "/api/v1/admin/jobs", [&queue, authenticate](Request& request) {
        const auto caller = authenticate(request);
        if (!caller.policy || !caller.policy->is_unrestricted()) {
            throw sdk::Error(sdk::ErrorCode::forbidden, "only admins see the job queue");
        }
        std::optional<jobs::JobState> state;
        if (const auto text = request.query_param("state")) {
            state = jobs::parse_job_state(*text);
            if (!state) {
                throw sdk::Error(sdk::ErrorCode::bad_request,
                                 "state is pending, running, done or dead",
                                 {{"state", "unknown state"}});
            }
        }
        std::optional<std::string> kind;
        if (const auto text = request.query_param("kind")) {
            kind.emplace(*text);
        }
        boost::json::array items;
        for (const auto& job : queue.list(state, kind, limit_of(request))) {
            items.push_back({{"id", job.id},
                             {"kind", job.kind},
                             {"state", jobs::job_state_name(job.state)},
                             {"attempts", job.attempts},
                             {"max_attempts", job.max_attempts},
                             {"run_at", job.run_at.to_rfc3339()},
                             {"last_error", text_or_null(job.last_error)},
                             {"payload", job.payload}});
        }
        return http::json_response(200, boost::json::object{{"items", std::move(items)}});
    });
}

}  // namespace rapport::workflow
