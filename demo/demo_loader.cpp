#include "demo/demo_loader.hpp"

#include "rapport/server_requests.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>

namespace rapport::demo {
namespace {

using boost::json::array;
using boost::json::object;
using cli::RecordsClient;
using std::chrono::days;

std::int64_t id_of(const boost::json::value& record) {
    return record.at("id").as_int64();
}

// "1234567.50" → 123456750.
std::int64_t cents_of(const boost::json::value& amount) {
    const std::string text(amount.as_string());
    const auto point = text.find('.');
    const std::int64_t whole = std::stoll(text.substr(0, point));
    std::int64_t fraction = 0;
    if (point != std::string::npos) {
        const auto digits = (text.substr(point + 1) + "00").substr(0, 2);
        fraction = std::stoll(digits);
    }
    return whole * 100 + fraction;
}

// RFC 3339 in UTC: `hour` o'clock UTC of `date`.
std::string at_hour(Date date, int hour) {
    return iso_date(date) + "T" + (hour < 10 ? "0" : "") + std::to_string(hour) + ":00:00Z";
}

std::string in_list(const std::vector<std::string>& values) {
    std::string list;
    for (const auto& value : values) {
        list += (list.empty() ? "" : ",") + value;
    }
    return "in.(" + list + ")";
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

class Loader {
  public:
    Loader(const Company& company, Date today, const LoadOptions& options, std::ostream& out)
        : company_(company)
        , today_(today)
        , options_(options)
        , out_(out)
        , admin_(options.url, options.admin_token)
        , plan_(plan_pipeline(company, today)) {}

    void load() {
        const auto started = std::chrono::steady_clock::now();
        const auto plugins = plugin_states();
        check_database_is_empty(plugins);
        out_ << "Loading the demo company " << company_.name << " into " << options_.url << '\n';
        install_sales(plugins);
        create_teams_and_users();
        create_catalogue();
        sign_in_salespeople();
        create_accounts();
        create_leads();
        create_opportunities();
        close_deals();
        if (plugins.contains("phone_calls") && plugins.at("phone_calls") == "installed") {
            plan_follow_ups();
        }
        sign_out_salespeople();
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        report(seconds);
    }

  private:
    // ---- before anything is written

    std::map<std::string, std::string> plugin_states() const {
        std::map<std::string, std::string> states;
        const auto plugins = admin_.get("/api/v1/admin/plugins");
        for (const auto& plugin : plugins.as_array()) {
            states[std::string(plugin.at("id").as_string())] =
                std::string(plugin.at("state").as_string());
        }
        return states;
    }

    void check_database_is_empty(const std::map<std::string, std::string>& plugins) {
        std::vector<std::string> logins;
        for (const auto& user : company_.users) {
            logins.push_back(user.login);
        }
        const auto users = admin_.get(
            "/api/v1/records/user?select=id,login&count=none&limit=100&login=" + in_list(logins));
        for (const auto& user : users.at("items").as_array()) {
            existing_users_[std::string(user.at("login").as_string())] = id_of(user);
        }
        if (!existing_users_.empty() && !options_.force) {
            std::vector<std::string> found;
            for (const auto& [login, id] : existing_users_) {
                found.push_back(login);
            }
            throw std::runtime_error(
                "the database already holds the demo data (its users " + joined(found) +
                " exist): it is loaded once; --force loads it again beside what is there");
        }
        std::vector<std::string> entities{"account", "contact"};
        if (plugins.contains("sales") && plugins.at("sales") == "installed") {
            entities.insert(entities.end(), {"lead", "opportunity", "sales_order", "invoice"});
        }
        std::vector<std::string> held;
        for (const auto& entity : entities) {
            if (const auto count = admin_.count(entity); count > 0) {
                held.push_back(std::to_string(count) + " " + entity +
                               (count == 1 ? "" : " records"));
            }
        }
        if (!held.empty() && !options_.force) {
            throw std::runtime_error(
                "the database already holds customer records (" + joined(held) +
                "): the demo goes only into an empty database, so that it never mixes with "
                "real data; --force loads it anyway");
        }
    }

    void install_sales(const std::map<std::string, std::string>& plugins) {
        const auto found = plugins.find("sales");
        if (found == plugins.end()) {
            throw std::runtime_error("the server has no sales plugin to install");
        }
        if (found->second == "installed") {
            read_sales_settings();
            return;
        }
        if (found->second != "available") {
            throw std::runtime_error("the sales plugin is " + found->second +
                                     ": the demo needs it installed and enabled (rapport plugin "
                                     "enable sales)");
        }
        try {
            cli::answer(admin_.server().request("POST", "/api/v1/admin/plugins/sales/install"));
        } catch (const std::runtime_error& failure) {
            throw std::runtime_error(std::string("cannot install the sales plugin: ") +
                                     failure.what());
        }
        out_ << "  installed the sales plugin\n";
        read_sales_settings();
    }

    // Quotations are backdated after the plugin dated them today: valid as long as it says.
    void read_sales_settings() {
        quotation_validity_days_ =
            static_cast<int>(admin_.get("/api/v1/admin/plugins/sales/settings")
                                 .at("values")
                                 .at("quotation_validity_days")
                                 .as_int64());
    }

    // ---- the admin: people and catalogue

    // name → id of the records of `entity` that exist, for --force.
    std::map<std::string, std::int64_t> existing(std::string_view entity,
                                                 std::string_view key) const {
        std::map<std::string, std::int64_t> found;
        if (!options_.force) {
            return found;
        }
        const auto list = admin_.get("/api/v1/records/" + std::string(entity) + "?select=id," +
                                     std::string(key) + "&count=none&limit=1000");
        for (const auto& item : list.at("items").as_array()) {
            if (const auto& value = item.at(key); value.is_string()) {
                found[std::string(value.as_string())] = id_of(item);
            }
        }
        return found;
    }

    void create_teams_and_users() {
        team_ids_ = existing("team", "name");
        std::vector<std::string> new_teams;
        for (const auto& team : company_.teams) {
            if (!team_ids_.contains(team.name)) {
                team_ids_[team.name] = id_of(admin_.create("team", {{"name", team.name}}));
                new_teams.push_back(team.name);
            }
        }
        user_ids_ = existing_users_;
        for (const auto& user : company_.users) {
            if (user_ids_.contains(user.login)) {
                continue;
            }
            user_ids_[user.login] =
                id_of(admin_.create("user", {{"login", user.login},
                                             {"name", user.name},
                                             {"email", user.login + "@" + company_.email_domain},
                                             {"password", company_.password},
                                             {"roles", array{boost::json::value(user.role)}},
                                             {"team_id", team_ids_.at(user.team)}}));
        }
        for (const auto& name : new_teams) {
            const auto& team = *std::find_if(company_.teams.begin(), company_.teams.end(),
                                             [&](const Team& t) { return t.name == name; });
            array members;
            for (const auto& user : company_.users) {
                if (user.team == name) {
                    members.emplace_back(user_ids_.at(user.login));
                }
            }
            admin_.update("team", team_ids_.at(name),
                          {{"leader_id", user_ids_.at(team.leader)}, {"member_ids", members}});
            create_targets(team);
        }
    }

    // A monthly revenue target for each of the last twelve months, this one included.
    void create_targets(const Team& team) {
        const std::chrono::year_month_day day(today_);
        const auto this_month = day.year() / day.month();
        for (int back = 11; back >= 0; --back) {
            const auto month = this_month - std::chrono::months(back);
            admin_.create("sales_team_target",
                          {{"team_id", team_ids_.at(team.name)},
                           {"period_start", iso_date(Date(month / 1))},
                           {"period_end", iso_date(Date(month / std::chrono::last))},
                           {"target_amount", money(team.monthly_target * 100)}});
        }
    }

    void create_catalogue() {
        const auto codes = existing("product", "code");
        for (const auto& product : company_.products) {
            if (const auto found = codes.find(product.code); found != codes.end()) {
                product_ids_.push_back(found->second);
                continue;
            }
            product_ids_.push_back(
                id_of(admin_.create("product", {{"name", product.name},
                                                {"code", product.code},
                                                {"list_price", money(product.list_price * 100)},
                                                {"cost", money(product.cost * 100)},
                                                {"tax_rate", product.tax_rate},
                                                {"active", product.active}})));
        }
        const auto schedules = existing("discount_schedule", "name");
        for (const auto& schedule : company_.discount_schedules) {
            if (schedules.contains(schedule.name)) {
                continue;
            }
            object values{{"name", schedule.name},
                          {"account_type", schedule.account_type},
                          {"min_quantity", schedule.min_quantity},
                          {"discount", static_cast<double>(schedule.discount_basis_points) / 100}};
            if (!schedule.product.empty()) {
                values["product_id"] = product_ids_.at(company_.product_index(schedule.product));
            }
            admin_.create("discount_schedule", values);
        }
        out_ << "  " << company_.teams.size() << " teams, " << company_.users.size() << " users, "
             << company_.products.size() << " products\n";
    }

    // ---- the salespeople: customers and pipeline

    void sign_in_salespeople() {
        for (const auto& user : company_.users) {
            const auto token = cli::sign_in(options_.url, user.login, company_.password);
            people_.emplace(user.login, RecordsClient(options_.url, token));
            tokens_.push_back(token);
        }
    }

    const RecordsClient& as(const std::string& login) const { return people_.at(login); }

    std::int64_t team_of(const std::string& login) const {
        return team_ids_.at(company_.user(login).team);
    }

    void create_accounts() {
        for (const auto& account : company_.accounts) {
            const auto& seller = as(account.salesperson);
            const auto id =
                id_of(seller.create("account", {{"name", account.name},
                                                {"email", "info@" + account.domain},
                                                {"phone", account.phone},
                                                {"website", "https://www." + account.domain},
                                                {"street", account.street},
                                                {"city", account.city},
                                                {"country", "Indonesia"},
                                                {"industry", account.industry},
                                                {"type", account.type}}));
            account_ids_.push_back(id);
            std::vector<std::int64_t> contacts;
            for (std::size_t i = 0; i < account.contacts.size(); ++i) {
                const auto& contact = account.contacts[i];
                contacts.push_back(id_of(seller.create(
                    "contact", {{"first_name", contact.first_name},
                                {"last_name", contact.last_name},
                                {"title", contact.title},
                                {"email", email_address(contact.first_name, contact.last_name,
                                                        account.domain)},
                                {"phone", account.phone + " ext. " + std::to_string(101 + i)},
                                {"account_id", id}})));
            }
            contact_ids_.push_back(std::move(contacts));
        }
        out_ << "  " << company_.accounts.size() << " customers with their contacts\n";
    }

    void create_leads() {
        prospect_account_ids_.assign(company_.prospects.size(), 0);
        opportunity_ids_.assign(plan_.opportunities.size(), 0);
        for (const auto& lead : plan_.leads) {
            const auto& seller = as(lead.salesperson);
            object values{{"title", lead.title},
                          {"company_name", lead.company_name},
                          {"contact_name", lead.contact_name},
                          {"email", lead.email},
                          {"phone", lead.phone},
                          {"source", lead.source},
                          {"description", lead.description},
                          {"status", lead.status},
                          {"salesperson_id", user_ids_.at(lead.salesperson)},
                          {"team_id", team_of(lead.salesperson)}};
            if (lead.account) {
                values["account_id"] = account_ids_[*lead.account];
                values["contact_id"] = contact_ids_[*lead.account][*lead.contact];
            }
            const auto id = id_of(seller.create("lead", values));
            if (lead.opportunity) {
                convert(lead, id, plan_.opportunities[*lead.opportunity], *lead.opportunity);
            }
        }
        out_ << "  " << plan_.leads.size() << " leads\n";
    }

    // S1 steps 4 and 5: convert, linking the customer or creating it, then the revenue and
    // probability the salesperson expects.
    void convert(const PlannedLead& lead, std::int64_t lead_id,
                 const PlannedOpportunity& opportunity, std::size_t index) {
        const auto& seller = as(lead.salesperson);
        object params{{"salesperson_id", user_ids_.at(lead.salesperson)},
                      {"team_id", team_of(lead.salesperson)}};
        if (lead.account) {
            params["account_id"] = account_ids_[*lead.account];
            params["contact_id"] = contact_ids_[*lead.account][*lead.contact];
        } else {
            params["create_account"] = true;
            params["create_contact"] = true;
        }
        const auto converted = seller.act("lead", lead_id, "convert", params);
        const auto opportunity_id = converted.at("created").at("id").as_int64();
        opportunity_ids_[index] = opportunity_id;
        if (lead.prospect) {
            const auto& prospect = company_.prospects[*lead.prospect];
            const auto account_id = converted.at("record").at("account_id").as_int64();
            prospect_account_ids_[*lead.prospect] = account_id;
            seller.update("account", account_id,
                          {{"email", "info@" + prospect.domain},
                           {"phone", lead.phone},
                           {"website", "https://www." + prospect.domain},
                           {"city", prospect.city},
                           {"country", "Indonesia"},
                           {"industry", prospect.industry},
                           {"type", opportunity.ending >= Ending::won ? "customer" : "prospect"}});
        }
        object estimate{{"stage", opportunity.stage},
                        {"expected_revenue", money(opportunity.expected_revenue)},
                        {"expected_close_date", iso_date(opportunity.expected_close)}};
        if (opportunity.probability) {
            estimate["probability"] = *opportunity.probability;
        }
        seller.update("opportunity", opportunity_id, estimate);
    }

    void create_opportunities() {
        for (std::size_t i = 0; i < plan_.opportunities.size(); ++i) {
            const auto& opportunity = plan_.opportunities[i];
            if (opportunity.lead) {
                continue;  // made by converting its lead
            }
            object values{{"name", opportunity.name},
                          {"account_id", account_ids_[*opportunity.account]},
                          {"contact_id", contact_ids_[*opportunity.account][*opportunity.contact]},
                          {"salesperson_id", user_ids_.at(opportunity.salesperson)},
                          {"team_id", team_of(opportunity.salesperson)},
                          {"stage", opportunity.stage},
                          {"expected_revenue", money(opportunity.expected_revenue)},
                          {"expected_close_date", iso_date(opportunity.expected_close)},
                          {"source", opportunity.source},
                          {"description", opportunity.description}};
            if (opportunity.probability) {
                values["probability"] = *opportunity.probability;
            }
            opportunity_ids_[i] = id_of(as(opportunity.salesperson).create("opportunity", values));
        }
        out_ << "  " << plan_.opportunities.size() << " opportunities\n";
    }

    // Oldest first, so that orders and invoices are numbered in the order they happened.
    void close_deals() {
        for (const auto index : plan_.closing_order) {
            const auto& opportunity = plan_.opportunities[index];
            const auto& seller = as(opportunity.salesperson);
            const auto id = opportunity_ids_[index];
            if (opportunity.ending == Ending::lost) {
                seller.act("opportunity", id, "mark_lost", {{"reason", opportunity.lost_reason}});
            } else if (opportunity.ending == Ending::won) {
                seller.act("opportunity", id, "mark_won");
            } else {
                sell(opportunity, id);
            }
        }
        out_ << "  deals of the last twelve months won and lost, quoted, invoiced and paid\n";
    }

    // S1 steps 8 to 11: quotation, lines, confirmation, invoice; then the accountant's part.
    void sell(const PlannedOpportunity& opportunity, std::int64_t opportunity_id) {
        const auto& seller = as(opportunity.salesperson);
        const auto converted = seller.act("opportunity", opportunity_id, "convert_to_quotation");
        const auto order = converted.at("created").at("id").as_int64();
        seller.update("sales_order", order,
                      {{"order_date", iso_date(opportunity.expected_close)},
                       {"validity_date",
                        iso_date(opportunity.expected_close + days(quotation_validity_days_))}});
        for (const auto& line : opportunity.lines) {
            object values{{"order_id", order},
                          {"product_id", product_ids_.at(line.product)},
                          {"quantity", line.quantity}};
            if (line.discount > 0) {
                values["discount"] = line.discount;
            }
            seller.create("sales_order_line", values);
        }
        if (opportunity.ending >= Ending::sent) {
            seller.act("sales_order", order, "send");
        }
        if (opportunity.ending < Ending::confirmed) {
            return;
        }
        seller.act("sales_order", order, "confirm");
        if (opportunity.ending < Ending::invoice_draft) {
            return;
        }
        // Dated the day it was issued: numbered in that year, due by the plugin's payment days.
        const auto invoiced = seller.act("sales_order", order, "create_invoice",
                                         {{"date", iso_date(*opportunity.invoice_date)}});
        const auto invoice = invoiced.at("created").at("id").as_int64();
        if (opportunity.ending < Ending::invoice_posted) {
            return;
        }
        const auto posted = admin_.act("invoice", invoice, "post");
        const auto total = cents_of(posted.at("record").at("amount_total"));
        if (opportunity.ending == Ending::partly_paid) {
            pay(invoice, total / 2 / 100 * 100);  // half, in whole rupiah
        } else if (opportunity.ending == Ending::paid) {
            const auto down_payment = opportunity.instalments == 2 ? total * 3 / 10 / 100 * 100 : 0;
            if (down_payment > 0) {
                pay(invoice, down_payment);
            }
            pay(invoice, total - down_payment);
        }
    }

    void pay(std::int64_t invoice, std::int64_t cents) {
        admin_.act("invoice", invoice, "register_payment", {{"amount", money(cents)}});
    }

    // With the Phone Calls plugin (S1 steps 6 and 7): a call logged on each deal in negotiation
    // or proposition and a meeting planned after it; a call scheduled on the qualified ones.
    void plan_follow_ups() {
        int planned = 0;
        for (std::size_t i = 0; i < plan_.opportunities.size(); ++i) {
            const auto& opportunity = plan_.opportunities[i];
            if (opportunity.ending != Ending::open || opportunity.stage == "new") {
                continue;
            }
            const auto& seller = as(opportunity.salesperson);
            const auto account = opportunity.account ? account_ids_[*opportunity.account]
                                                     : prospect_account_ids_[*opportunity.prospect];
            object about{{"regarding_entity", "opportunity"},
                         {"regarding_id", opportunity_ids_[i]},
                         {"account_id", account}};
            if (opportunity.account) {
                about["contact_id"] = contact_ids_[*opportunity.account][*opportunity.contact];
            }
            // Spread over the next days, 09:00 to 15:00 in Jakarta (UTC+7).
            const auto day = today_ + days(1 + planned % 12);
            const int hour = 2 + (planned * 3) % 7;
            ++planned;
            object call = about;
            call["subject"] = "Follow-up: " + opportunity.name;
            call["direction"] = "outbound";
            call["user_id"] = user_ids_.at(opportunity.salesperson);
            if (opportunity.stage == "qualified") {
                call["scheduled_at"] = at_hour(day, hour);
                seller.create("phone_call", call);
                continue;
            }
            call["scheduled_at"] = at_hour(today_ - days(1 + planned % 5), hour);
            const auto call_id = id_of(seller.create("phone_call", call));
            seller.act("phone_call", call_id, "log",
                       {{"duration_minutes", 10 + 5 * (planned % 4)},
                        {"notes", "They want to meet about the offer; meeting planned."}});
            object meeting = about;
            meeting["summary"] = "Meeting: " + opportunity.name;
            meeting["start"] = at_hour(day, hour);
            meeting["end"] = at_hour(day, hour + 1);
            meeting["location"] = opportunity.account
                                      ? company_.accounts[*opportunity.account].city
                                      : company_.prospects[*opportunity.prospect].city;
            meeting["attendee_ids"] =
                array{boost::json::value(user_ids_.at(opportunity.salesperson))};
            seller.create("meeting", meeting);
        }
        out_ << "  follow-up calls and meetings on the open deals\n";
    }

    void sign_out_salespeople() {
        for (const auto& token : tokens_) {
            cli::sign_out(options_.url, token);
        }
    }

    // ---- what the server holds now

    // "12 new, 10 contacted, ..." in the order of `values`, from the aggregate API.
    std::string breakdown(std::string_view entity, std::string_view label, std::string_view field,
                          const std::vector<std::string>& values) const {
        const auto groups = admin_.get("/api/v1/records/" + std::string(entity) +
                                       "/aggregate?group_by=" + std::string(field) + "&count=true");
        std::map<std::string, std::int64_t> counts;
        std::int64_t total = 0;
        for (const auto& group : groups.at("groups").as_array()) {
            const auto& value = group.at(field);
            const auto count = group.at("count").as_int64();
            counts[value.is_string() ? std::string(value.as_string()) : std::string()] += count;
            total += count;
        }
        std::string text = std::to_string(total) + " " + std::string(label) + ":";
        for (const auto& value : values) {
            if (counts[value] > 0) {
                text += " " + std::to_string(counts[value]) + " " + value + ",";
            }
        }
        text.pop_back();
        return text;
    }

    void report(double seconds) const {
        out_ << "Loaded in " << static_cast<int>(seconds * 10) / 10.0 << " s. The server holds\n"
             << "  " << admin_.count("account") << " accounts, " << admin_.count("contact")
             << " contacts, " << admin_.count("product") << " products\n"
             << "  "
             << breakdown("lead", "leads", "status",
                          {"new", "contacted", "qualified", "converted", "lost"})
             << "\n  "
             << breakdown("opportunity", "opportunities", "stage",
                          {"new", "qualified", "proposition", "negotiation", "won", "lost"})
             << "\n  "
             << breakdown("sales_order", "sales orders", "state",
                          {"quotation", "sent", "confirmed", "invoiced", "cancelled"})
             << "\n  "
             << breakdown("invoice", "invoices", "state", {"draft", "posted", "paid", "cancelled"})
             << '\n';
        std::vector<std::string> managers;
        std::vector<std::string> salespeople;
        for (const auto& user : company_.users) {
            (user.role == "sales_manager" ? managers : salespeople).push_back(user.login);
        }
        out_ << "Sign in as " << joined(managers) << " (sales manager) or " << joined(salespeople)
             << " (salespeople) with the password " << company_.password << '\n';
    }

    const Company& company_;
    Date today_;
    const LoadOptions& options_;
    std::ostream& out_;
    RecordsClient admin_;
    Plan plan_;

    std::map<std::string, std::int64_t> existing_users_;
    int quotation_validity_days_ = 0;
    std::map<std::string, std::int64_t> team_ids_;
    std::map<std::string, std::int64_t> user_ids_;
    std::vector<std::int64_t> product_ids_;
    std::map<std::string, RecordsClient> people_;
    std::vector<std::string> tokens_;
    std::vector<std::int64_t> account_ids_;
    std::vector<std::vector<std::int64_t>> contact_ids_;
    std::vector<std::int64_t> prospect_account_ids_;
    std::vector<std::int64_t> opportunity_ids_;
};

}  // namespace

void load_demo(const Company& company, Date today, const LoadOptions& options, std::ostream& out) {
    Loader(company, today, options, out).load();
}

}  // namespace rapport::demo
