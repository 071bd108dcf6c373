// The demo pipeline: which customer wants what, when, and how each deal ends, drawn from the
// demo company with its fixed seed and dated back from today. The same company and day give the
// same plan; the loader (demo_loader.hpp) turns it into API calls.
#pragma once

#include "demo/demo_company.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::demo {

using Date = std::chrono::sys_days;

// YYYY-MM-DD.
std::string iso_date(Date date);
// Cents as the API writes money: "1234567.50".
std::string money(std::int64_t cents);

// How an opportunity ends, in the order a won deal goes through them.
enum class Ending {
    open,            // still in the pipeline
    lost,            // mark_lost
    won,             // mark_won, no quotation in Rapport
    quotation,       // convert_to_quotation
    sent,            // ... and send
    confirmed,       // ... confirm
    invoice_draft,   // ... create_invoice
    invoice_posted,  // ... post
    partly_paid,     // ... register_payment, part of it
    paid,            // ... register_payment, all of it
};

struct PlannedLine {
    std::size_t product = 0;  // an index into Company::products
    std::int64_t quantity = 0;
    int discount = 0;  // percent, negotiated; 0 leaves the catalogue's discount schedules to apply
};

struct PlannedOpportunity {
    std::string name;
    std::string description;
    std::string source;
    std::string salesperson;  // a login
    // About an account of the company, or a prospect (whose account its lead's conversion makes).
    std::optional<std::size_t> account;
    std::optional<std::size_t> prospect;
    std::optional<std::size_t> contact;  // an index into the account's contacts
    std::optional<std::size_t> lead;     // the lead it is converted from
    std::string stage;                   // where it stands before it ends
    std::optional<int> probability;      // set by hand; else the stage's
    Date expected_close{};
    std::int64_t expected_revenue = 0;  // cents, untaxed, as the lines will total
    std::vector<PlannedLine> lines;
    Ending ending = Ending::open;
    std::string lost_reason;
    std::optional<Date> invoice_date;
    int instalments = 1;  // payments of a paid invoice
};

struct PlannedLead {
    std::string title;
    std::string company_name;
    std::string contact_name;
    std::string email;
    std::string phone;
    std::string source;
    std::string description;
    std::string status;  // new, contacted, qualified, lost; converted ones start qualified
    std::string salesperson;
    std::optional<std::size_t> account;  // about an account of the company ...
    std::optional<std::size_t> contact;
    std::optional<std::size_t> prospect;     // ... or a prospect
    std::optional<std::size_t> opportunity;  // converted into it
};

struct Plan {
    std::vector<PlannedLead> leads;
    std::vector<PlannedOpportunity> opportunities;
    // The opportunities that end (won or lost), oldest first: the order in which sales orders and
    // invoices are numbered.
    std::vector<std::size_t> closing_order;
};

Plan plan_pipeline(const Company& company, Date today);

// first.last@domain from a person's name, titles ("Dr.", "dr.", "Prof.") left out.
std::string email_address(const std::string& first_name, const std::string& last_name,
                          const std::string& domain);

}  // namespace rapport::demo
