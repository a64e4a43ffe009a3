#include "runtime/dapr/dapr_scheduler.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "obs/log.h"
#include "obs/metrics.h"

namespace todo::runtime::dapr {
namespace json = boost::json;

namespace {

constexpr std::string_view kJobsApi = "/v1.0-alpha1/jobs/";

Delivery outcome_of(const net::ClientResponse& res, std::string_view what, std::string_view name) {
  if (res.status >= 200 && res.status < 300) return Delivery::Success;
  obs::warn("scheduler", "the Jobs API refused a request",
            {{"request", what}, {"job", name}, {"status", res.status}, {"body", res.body.substr(0, 300)}});
  // 5xx: the sidecar or the Dapr scheduler is away; 4xx: it never will accept it.
  return res.status >= 500 || res.status == 429 ? Delivery::Retry : Delivery::Drop;
}

}  // namespace

Delivery DaprScheduler::create_job(std::string_view name, core::Instant due, const json::value& data) {
  // The Jobs API needs `data` (an empty Value fails at trigger time), and
  // overwrite: a moved reminder replaces its job.
  const json::object body{{"dueTime", core::format_rfc3339(due)}, {"data", data.is_null() ? json::value(json::object{}) : data},
                          {"overwrite", true}};
  try {
    return outcome_of(sidecar_.call("POST", std::string(kJobsApi) + url_escape(name), json::serialize(body)), "create",
                      name);
  } catch (const SidecarError& e) {
    obs::warn("scheduler", "could not reach the Jobs API", {{"job", name}, {"error", e.what()}});
    return Delivery::Retry;
  }
}

Delivery DaprScheduler::delete_job(std::string_view name) {
  try {
    const auto res = sidecar_.call("DELETE", std::string(kJobsApi) + url_escape(name));
    if (res.status == 404) return Delivery::Success;  // already gone
    return outcome_of(res, "delete", name);
  } catch (const SidecarError& e) {
    obs::warn("scheduler", "could not reach the Jobs API", {{"job", name}, {"error", e.what()}});
    return Delivery::Retry;
  }
}

void DaprScheduler::call_or_throw(Delivery outcome, std::string_view what, std::string_view name) {
  if (outcome == Delivery::Success) return;
  throw core::ApiError(core::ErrorCode::Unavailable, "the Jobs API did not " + std::string(what) + " " + std::string(name))
      .with_retry_after(1);
}

void DaprScheduler::schedule(std::string_view name, core::Instant due, const json::value& data) {
  call_or_throw(create_job(name, due, data), "create", name);
}

void DaprScheduler::cancel(std::string_view name) { call_or_throw(delete_job(name), "delete", name); }

void DaprScheduler::schedule(db::Transaction& tx, std::string_view name, core::Instant due, const json::value& data) {
  eventlog::write_intent(log_, tx, app_id_, eventlog::intent_types::kScheduleJob, name,
                         json::object{{"name", name}, {"due", core::format_rfc3339(due)}, {"data", data}}, clock_.now());
}

void DaprScheduler::cancel(db::Transaction& tx, std::string_view name) {
  eventlog::write_intent(log_, tx, app_id_, eventlog::intent_types::kCancelJob, name, json::object{{"name", name}},
                         clock_.now());
}

eventlog::IntentExecutors DaprScheduler::intent_executors() {
  auto name_of = [](const json::object& d) {
    const auto* n = d.if_contains("name");
    return n && n->is_string() ? std::string(n->get_string()) : std::string();
  };
  return {
      {std::string(eventlog::intent_types::kScheduleJob),
       [this, name_of](const json::object& d) {
         const auto name = name_of(d);
         const auto* due_text = d.if_contains("due");
         const auto due = due_text && due_text->is_string() ? core::parse_rfc3339(due_text->get_string()) : std::nullopt;
         const auto* data = d.if_contains("data");
         if (name.empty() || !due || !data) return Delivery::Drop;
         return create_job(name, *due, *data);
       }},
      {std::string(eventlog::intent_types::kCancelJob),
       [this, name_of](const json::object& d) {
         const auto name = name_of(d);
         if (name.empty()) return Delivery::Drop;
         return delete_job(name);
       }},
  };
}

void DaprScheduler::handle(std::string prefix, JobHandler handler) {
  handlers_.add(std::move(prefix), std::move(handler));
}

void DaprScheduler::every(std::string name, std::chrono::seconds, JobHandler handler) {
  bindings_.emplace_back(std::move(name), std::move(handler));
}

bool DaprScheduler::run_job(const std::string& name, std::string_view body) {
  const JobHandler* best = handlers_.find(name);
  if (!best) {
    obs::warn(app_id_, "a job nobody here handles", {{"job", name}});
    return true;
  }
  boost::system::error_code ec;
  auto data = json::parse(body, ec);
  if (ec) data = nullptr;
  const auto now = clock_.now();
  Job job{name, now, std::move(data)};
  JobOutcome outcome = JobOutcome::Failure;
  try {
    outcome = (*best)(job);
  } catch (...) {
    obs::warn(app_id_, "job handler failed", {{"job", name}, {"error", core::current_exception_message()}});
  }
  return outcome == JobOutcome::Success;
}

void DaprScheduler::add_routes(net::ServiceRoutes& early, net::ServiceRoutes& gated) {
  if (!handlers_.empty()) {
    gated.post("/job/{name}", [this](net::Request& req) {
      const std::string name(req.param("name"));
      if (run_job(name, req.body)) return net::json_response(200, json::object{});
      throw core::ApiError(core::ErrorCode::Unavailable, "the job failed; try again").with_retry_after(1);
    });
  }
  for (auto& [name, handler] : bindings_) {
    // The sidecar subscribes an input binding only if this probe answers 2xx
    // (or 405); answering before start-up finished keeps it subscribed.
    early.add("OPTIONS", "/" + name, [](net::Request&) { return net::json_response(200, json::object{}); },
              net::Execution::Inline);
    gated.post("/" + name, [this, name = name, &handler = handler](net::Request&) {
      try {
        if (handler(Job{name, clock_.now(), json::object{}}) == JobOutcome::Failure)
          obs::warn(app_id_, "periodic job failed", {{"job", name}});
      } catch (...) {
        obs::warn(app_id_, "periodic job failed", {{"job", name}, {"error", core::current_exception_message()}});
      }
      // The cron binding ignores the answer; 200 (not 204) in case a
      // resiliency policy wraps it.
      return net::json_response(200, json::object{});
    });
  }
}

}  // namespace todo::runtime::dapr
