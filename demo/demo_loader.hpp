// `rapport demo load`: puts the demo company (demo_company.yaml) and its pipeline (demo_plan.hpp)
// into a running server through the HTTP API, so that validation, workflows and events run as
// they do for people: the admin sets up teams, users and the catalogue, each salesperson enters
// their own customers, leads and deals, and the admin posts invoices and books payments.
#pragma once

#include "demo/demo_plan.hpp"

#include <ostream>
#include <string>

namespace rapport::demo {

struct LoadOptions {
    std::string url;          // http://host:port
    std::string admin_token;  // an admin's bearer token
    // Load even into a database that holds customer records or the demo already: teams, users
    // and products found by name, login and code are reused, everything else is added.
    bool force = false;
};

// Refuses (std::runtime_error, nothing written) a database that holds customer records or the
// demo users unless `options.force`; installs the sales plugin when it is only available. Says
// what it does on `out`, and what the server holds at the end.
void load_demo(const Company& company, Date today, const LoadOptions& options, std::ostream& out);

}  // namespace rapport::demo
