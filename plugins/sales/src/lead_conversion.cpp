#include "lead_conversion.hpp"

#include "field_values.hpp"
#include "json_values.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <set>

namespace rapport::sales {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view convert_action = "convert";
constexpr std::size_t max_matches = 20;

struct PersonName {
    std::string first;  // empty for a single word
    std::string last;
};

// "Dr. Budi  Santoso" → first "Dr. Budi", last "Santoso": the last word is the family name.
PersonName split_name(std::string_view full) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : full) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!word.empty()) {
                words.push_back(std::move(word));
                word.clear();
            }
        } else {
            word.push_back(c);
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    PersonName name;
    if (words.empty()) {
        return name;
    }
    name.last = words.back();
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        name.first += (i == 0 ? "" : " ") + words[i];
    }
    return name;
}

[[noreturn]] void refuse(std::string_view param, const std::string& message) {
    throw sdk::Error(sdk::ErrorCode::validation_failed, "cannot convert the lead",
                     {{std::string(param), message}});
}

// The record a parameter names, as the caller may see it; a missing one is the parameter's fault.
sdk::Record named_record(sdk::RecordStore& records, std::string_view entity, std::string_view param,
                         std::int64_t id) {
    try {
        return records.get(entity, id);
    } catch (const sdk::Error& error) {
        if (error.code() != sdk::ErrorCode::not_found) {
            throw;
        }
        refuse(param, "no " + std::string(entity) + " with id " + std::to_string(id));
    }
}

std::optional<std::int64_t> account_for(sdk::ActionRequest& request, const ActionParams& params) {
    const auto& lead = request.record();
    if (params.has("account_id") && params.flag("create_account")) {
        refuse("create_account", "give account_id or create_account, not both");
    }
    if (const auto id = params.id("account_id")) {
        named_record(request.records(), "account", "account_id", *id);
        return id;
    }
    if (params.flag("create_account")) {
        const auto company = text_of(lead, "company_name");
        if (company.empty()) {
            refuse("create_account", "the lead has no company_name to name the account after");
        }
        return request.records().create("account", {{"name", company}}).id;
    }
    return id_of(lead, "account_id");
}

// The contact, linked or created; a contact of another account than `account` is refused, and
// an existing contact's account is taken when none is given.
std::optional<std::int64_t> contact_for(sdk::ActionRequest& request, const ActionParams& params,
                                        std::optional<std::int64_t>& account) {
    const auto& lead = request.record();
    if (params.has("contact_id") && params.flag("create_contact")) {
        refuse("create_contact", "give contact_id or create_contact, not both");
    }
    if (params.flag("create_contact")) {
        const auto name = split_name(text_of(lead, "contact_name"));
        if (name.last.empty()) {
            refuse("create_contact", "the lead has no contact_name to name the contact after");
        }
        sdk::FieldMap values{{"last_name", name.last}};
        if (!name.first.empty()) {
            values.emplace("first_name", name.first);
        }
        for (const auto* field : {"email", "phone"}) {
            if (const auto text = text_of(lead, field); !text.empty()) {
                values.emplace(field, text);
            }
        }
        if (account) {
            values.emplace("account_id", *account);
        }
        return request.records().create("contact", values).id;
    }
    const auto id = params.id("contact_id") ? params.id("contact_id") : id_of(lead, "contact_id");
    if (!id) {
        return std::nullopt;
    }
    const auto contact = named_record(request.records(), "contact", "contact_id", *id);
    const auto contact_account = id_of(contact, "account_id");
    if (account && contact_account && *account != *contact_account) {
        refuse("contact_id", "contact " + std::to_string(*id) + " belongs to another account");
    }
    if (!account) {
        account = contact_account;
    }
    return id;
}

std::optional<sdk::CreatedRecord> convert_lead(sdk::ActionRequest& request) {
    const ActionParams params(request.params(), convert_action,
                              {"account_id", "create_account", "contact_id", "create_contact",
                               "salesperson_id", "team_id"});
    const auto& lead = request.record();
    auto account = account_for(request, params);
    const auto contact = contact_for(request, params, account);
    auto salesperson = params.id("salesperson_id");
    if (!salesperson) {
        salesperson =
            id_of(lead, "salesperson_id") ? id_of(lead, "salesperson_id") : request.user_id();
    }
    const auto team = params.id("team_id") ? params.id("team_id") : id_of(lead, "team_id");

    sdk::FieldMap links;
    const auto link = [&links](const char* field, const std::optional<std::int64_t>& id) {
        if (id) {
            links.emplace(field, *id);
        }
    };
    link("account_id", account);
    link("contact_id", contact);
    link("salesperson_id", salesperson);
    link("team_id", team);

    sdk::FieldMap opportunity = links;
    opportunity.emplace("name", text_of(lead, "title"));
    opportunity.emplace("lead_id", lead.id);
    for (const auto* field : {"source", "description"}) {
        if (const auto text = text_of(lead, field); !text.empty()) {
            opportunity.emplace(field, text);
        }
    }
    const auto created = request.records().create("opportunity", opportunity);
    links.emplace("opportunity_id", created.id);
    request.records().update("lead", lead.id, links);
    return sdk::CreatedRecord{"opportunity", created.id};
}

// Text for an ilike filter: * is the filter's wildcard, so a literal one is dropped.
std::string without_wildcards(std::string text) {
    std::erase(text, '*');
    return text;
}

// Adds the records `query` finds to `found`, each once.
void add_found(sdk::RecordStore& records, std::string_view entity, Query query,
               std::set<std::int64_t>& seen, boost::json::array& found) {
    query.emplace_back("order", "id.asc");
    query.emplace_back("limit", std::to_string(max_matches));
    for (const auto& record : records.list(entity, query)) {
        if (found.size() < max_matches && seen.insert(record.id).second) {
            found.push_back(record_json(record));
        }
    }
}

sdk::HttpResponse lead_matches(sdk::ActionRequest& request) {
    const auto& lead = request.record();
    auto& records = request.records();
    const auto company = without_wildcards(text_of(lead, "company_name"));
    const auto email = without_wildcards(text_of(lead, "email"));
    const auto person = split_name(without_wildcards(text_of(lead, "contact_name")));

    boost::json::array accounts;
    std::set<std::int64_t> seen_accounts;
    if (!company.empty()) {
        add_found(records, "account", {{"name", "ilike.*" + company + "*"}}, seen_accounts,
                  accounts);
    }
    if (!email.empty()) {
        add_found(records, "account", {{"email", "ilike." + email}}, seen_accounts, accounts);
    }
    boost::json::array contacts;
    std::set<std::int64_t> seen_contacts;
    if (!email.empty()) {
        add_found(records, "contact", {{"email", "ilike." + email}}, seen_contacts, contacts);
    }
    if (!person.last.empty()) {
        Query query{{"last_name", "ilike." + person.last}};
        if (!person.first.empty()) {
            query.emplace_back("first_name", "ilike." + person.first + "*");
        }
        add_found(records, "contact", query, seen_contacts, contacts);
    }
    return json_response(boost::json::object{{"accounts", accounts}, {"contacts", contacts}});
}

}  // namespace

void add_lead_conversion(sdk::PluginContext& context) {
    context.add_action("lead", convert_action, convert_lead);
    context.add_record_view("lead", "matches", lead_matches);
}

}  // namespace rapport::sales
