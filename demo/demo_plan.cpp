#include "demo/demo_plan.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace rapport::demo {
namespace {

using std::chrono::days;

// The shape of the pipeline: 80 opportunities, 60 leads.
constexpr int won_count = 30;
constexpr int lost_count = 16;
constexpr std::array<std::pair<std::string_view, int>, 4> open_stages{
    {{"negotiation", 8}, {"proposition", 9}, {"qualified", 9}, {"new", 8}}};
constexpr std::size_t converted_prospects = 8;
constexpr std::size_t converted_account_leads = 16;
constexpr std::size_t direct_opportunities = 56;
constexpr std::array<std::pair<std::string_view, int>, 4> unconverted_lead_statuses{
    {{"new", 12}, {"contacted", 10}, {"qualified", 8}, {"lost", 6}}};

// How the won deals end, by how recently they were won (0: the most recent); the rest are paid.
Ending won_ending(int recency) {
    switch (recency) {
        case 0:
            return Ending::quotation;
        case 1:
            return Ending::sent;
        case 2:
            return Ending::confirmed;
        case 3:
            return Ending::invoice_draft;
        case 4:
        case 6:
            return Ending::invoice_posted;
        case 5:
        case 7:
            return Ending::partly_paid;
        case 11:
        case 20:
            return Ending::won;
        default:
            return Ending::paid;
    }
}

int stage_probability(std::string_view stage) {
    if (stage == "qualified") {
        return 30;
    }
    if (stage == "proposition") {
        return 60;
    }
    if (stage == "negotiation") {
        return 80;
    }
    return 10;
}

// SplitMix64: the same numbers from the same seed on every platform and standard library
// (std::uniform_int_distribution is not specified bit for bit).
class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // From `low` to `high`, both included.
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
    }

    std::size_t index(std::size_t size) { return static_cast<std::size_t>(next() % size); }

    template <typename T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[index(i)]);
        }
    }

  private:
    std::uint64_t state_;
};

std::string replace_all(std::string text, std::string_view what, const std::string& with) {
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at)) {
        text.replace(at, what.size(), with);
        at += with.size();
    }
    return text;
}

std::vector<std::string> words_of(const std::string& text) {
    std::istringstream stream(text);
    std::vector<std::string> words;
    for (std::string word; stream >> word;) {
        words.push_back(word);
    }
    return words;
}

std::string lower_letters(const std::string& word) {
    std::string letters;
    for (const char c : word) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return letters;
}

// The full name of a prospect's contact as convert splits it: the last word is the family name.
std::pair<std::string, std::string> split_name(const std::string& full_name) {
    auto words = words_of(full_name);
    const auto last = words.back();
    words.pop_back();
    std::string first;
    for (const auto& word : words) {
        first += (first.empty() ? "" : " ") + word;
    }
    return {first, last};
}

// Builds the plan; one instance per plan, its random numbers drawn in a fixed order.
class Planner {
  public:
    Planner(const Company& company, Date today)
        : company_(company), today_(today), random_(company.seed) {}

    Plan plan() {
        auto fates = shuffled_fates();
        date_fates(fates);
        std::vector<std::size_t> prospects(company_.prospects.size());
        std::iota(prospects.begin(), prospects.end(), 0);
        random_.shuffle(prospects);
        if (prospects.size() < converted_prospects) {
            throw std::logic_error("the demo company needs more prospects");
        }

        std::size_t fate = 0;
        for (std::size_t i = 0; i < converted_prospects; ++i) {
            add_converted_lead(fates[fate++], std::nullopt, prospects[i]);
        }
        for (std::size_t i = 0; i < converted_account_leads; ++i) {
            add_converted_lead(fates[fate++], random_.index(company_.accounts.size()),
                               std::nullopt);
        }
        for (std::size_t i = 0; i < direct_opportunities; ++i) {
            // Every account has one at least; the rest go to accounts drawn at random.
            const auto account =
                i < company_.accounts.size() ? i : random_.index(company_.accounts.size());
            add_direct_opportunity(fates[fate++], account);
        }
        add_unconverted_leads(
            std::vector<std::size_t>(prospects.begin() + converted_prospects, prospects.end()));
        shuffle_leads();
        order_closings();
        return std::move(plan_);
    }

  private:
    struct Fate {
        std::string stage;
        Ending ending = Ending::open;
        Date close{};
        std::optional<Date> invoice_date;
        int instalments = 1;
    };

    std::vector<Fate> shuffled_fates() {
        std::vector<Fate> fates;
        fates.insert(fates.end(), won_count, Fate{"won", Ending::paid});
        fates.insert(fates.end(), lost_count, Fate{"lost", Ending::lost});
        for (const auto& [stage, count] : open_stages) {
            fates.insert(fates.end(), count, Fate{std::string(stage), Ending::open});
        }
        random_.shuffle(fates);
        return fates;
    }

    // Won and lost deals spread over the last twelve months, the newest won ones still on their
    // way to being paid; open ones close in the coming months (some are late).
    void date_fates(std::vector<Fate>& fates) {
        int won = 0;
        int lost = 0;
        for (auto& fate : fates) {
            if (fate.ending == Ending::paid) {
                const int recency = won++;
                fate.close = today_ - days(3 + 12 * recency + random_.between(0, 6));
                fate.ending = won_ending(recency);
                fate.stage = random_.between(0, 2) == 0 ? "proposition" : "negotiation";
                if (fate.ending >= Ending::invoice_draft) {
                    const auto invoiced =
                        fate.ending == Ending::invoice_draft
                            ? today_ - days(random_.between(0, 2))
                            : std::min(fate.close + days(random_.between(5, 15)), today_ - days(1));
                    fate.invoice_date = std::max(invoiced, fate.close);
                }
                fate.instalments = fate.ending == Ending::paid && recency % 3 == 0 ? 2 : 1;
            } else if (fate.ending == Ending::lost) {
                fate.close = today_ - days(5 + 22 * lost++ + random_.between(0, 9));
                static constexpr std::array<std::string_view, 4> stages{
                    "new", "qualified", "proposition", "negotiation"};
                fate.stage = std::string(stages[random_.index(stages.size())]);
            } else {
                const auto [from, to] = fate.stage == "negotiation"   ? std::pair{-10, 30}
                                        : fate.stage == "proposition" ? std::pair{0, 60}
                                        : fate.stage == "qualified"   ? std::pair{15, 90}
                                                                      : std::pair{30, 120};
                fate.close = today_ + days(random_.between(from, to));
            }
        }
    }

    // A deal for a customer of this industry: mostly one made for it, sometimes a general one.
    const Deal& deal_for(const std::string& industry) {
        std::vector<const Deal*> made_for;
        std::vector<const Deal*> general;
        for (const auto& deal : company_.deals) {
            if (deal.industries.empty()) {
                general.push_back(&deal);
            } else if (std::find(deal.industries.begin(), deal.industries.end(), industry) !=
                       deal.industries.end()) {
                made_for.push_back(&deal);
            }
        }
        const bool specific = !made_for.empty() && (general.empty() || random_.between(0, 3) > 0);
        const auto& from = specific ? made_for : general;
        return *from[random_.index(from.size())];
    }

    std::int64_t quantity(const DealLine& line) {
        if (line.max_quantity - line.min_quantity >= 20) {  // round numbers for big orders
            return 5 * random_.between((line.min_quantity + 4) / 5, line.max_quantity / 5);
        }
        return random_.between(line.min_quantity, line.max_quantity);
    }

    // The discount the server gives a line priced from the catalogue (sales.md, discount
    // schedules): the largest of the schedules that match.
    std::int64_t scheduled_discount(const std::string& account_type, std::size_t product,
                                    std::int64_t quantity) const {
        std::int64_t best = 0;
        for (const auto& schedule : company_.discount_schedules) {
            if (schedule.account_type == account_type &&
                (schedule.product.empty() || schedule.product == company_.products[product].code) &&
                quantity >= schedule.min_quantity) {
                best = std::max(best, schedule.discount_basis_points);
            }
        }
        return best;
    }

    // Fills name, description, lines and revenue of a deal with `company_name`.
    void shape_deal(PlannedOpportunity& opportunity, const std::string& company_name,
                    const std::string& industry, const std::string& account_type) {
        const auto& deal = deal_for(industry);
        std::int64_t first_quantity = 0;
        for (const auto& line : deal.lines) {
            PlannedLine planned;
            planned.product = company_.product_index(line.product);
            planned.quantity = line.per_unit ? first_quantity : quantity(line);
            if (opportunity.lines.empty()) {
                first_quantity = planned.quantity;
                const auto haggle = random_.between(0, 99);
                planned.discount = haggle < 25 ? 5 : haggle < 32 ? 10 : 0;
            }
            const auto basis_points =
                planned.discount > 0
                    ? planned.discount * 100
                    : scheduled_discount(account_type, planned.product, planned.quantity);
            const auto list_cents =
                planned.quantity * company_.products[planned.product].list_price * 100;
            opportunity.expected_revenue += (list_cents * (10000 - basis_points) + 5000) / 10000;
            opportunity.lines.push_back(planned);
        }
        const auto fill = [&](const std::string& text) {
            return replace_all(replace_all(text, "{n}", std::to_string(first_quantity)),
                               "{company}", company_name);
        };
        opportunity.name = company_name + ": " + fill(deal.title);
        opportunity.description = fill(deal.memo);
    }

    PlannedOpportunity opportunity_with(const Fate& fate) {
        PlannedOpportunity opportunity;
        opportunity.stage = fate.stage;
        opportunity.ending = fate.ending;
        opportunity.expected_close = fate.close;
        opportunity.invoice_date = fate.invoice_date;
        opportunity.instalments = fate.instalments;
        if (fate.ending == Ending::lost) {
            opportunity.lost_reason =
                company_.lost_reasons[random_.index(company_.lost_reasons.size())];
        }
        if (fate.ending == Ending::open && random_.between(0, 3) == 0) {
            // The salesperson's own estimate (S1 step 5), near the stage's.
            const auto direction = random_.between(0, 1) == 0 ? -1 : 1;
            const auto steps = static_cast<int>(random_.between(1, 2));
            opportunity.probability =
                std::clamp(stage_probability(fate.stage) + 5 * direction * steps, 5, 95);
        }
        return opportunity;
    }

    void add_converted_lead(const Fate& fate, std::optional<std::size_t> account,
                            std::optional<std::size_t> prospect) {
        auto opportunity = opportunity_with(fate);
        opportunity.account = account;
        opportunity.prospect = prospect;
        PlannedLead lead;
        if (account) {
            const auto& customer = company_.accounts[*account];
            opportunity.contact = random_.index(customer.contacts.size());
            describe_account_lead(lead, *account, *opportunity.contact);
            shape_deal(opportunity, customer.name, customer.industry, customer.type);
        } else {
            const auto& company = company_.prospects[*prospect];
            describe_prospect_lead(lead, *prospect);
            shape_deal(opportunity, company.company, company.industry, "customer");
        }
        opportunity.salesperson = lead.salesperson;
        opportunity.source = lead.source;
        lead.title = opportunity.name;
        lead.description = opportunity.description;
        lead.status = "qualified";
        lead.opportunity = plan_.opportunities.size();
        opportunity.lead = plan_.leads.size();
        plan_.leads.push_back(std::move(lead));
        plan_.opportunities.push_back(std::move(opportunity));
    }

    void add_direct_opportunity(const Fate& fate, std::size_t account) {
        auto opportunity = opportunity_with(fate);
        const auto& customer = company_.accounts[account];
        opportunity.account = account;
        opportunity.contact = random_.index(customer.contacts.size());
        opportunity.salesperson = customer.salesperson;
        opportunity.source = company_.repeat_business_source;
        shape_deal(opportunity, customer.name, customer.industry, customer.type);
        plan_.opportunities.push_back(std::move(opportunity));
    }

    void describe_account_lead(PlannedLead& lead, std::size_t account, std::size_t contact) {
        const auto& customer = company_.accounts[account];
        const auto& person = customer.contacts[contact];
        lead.company_name = customer.name;
        lead.contact_name = person.first_name + " " + person.last_name;
        lead.email = email_address(person.first_name, person.last_name, customer.domain);
        lead.phone = customer.phone;
        lead.source = company_.sources[random_.index(company_.sources.size())];
        lead.salesperson = customer.salesperson;
        lead.account = account;
        lead.contact = contact;
    }

    void describe_prospect_lead(PlannedLead& lead, std::size_t prospect) {
        const auto& company = company_.prospects[prospect];
        const auto [first, last] = split_name(company.contact);
        lead.company_name = company.company;
        lead.contact_name = company.contact;
        lead.email = email_address(first, last, company.domain);
        // One draw a statement: the operands of + are evaluated in no fixed order.
        const auto provider = random_.between(1, 3);
        const auto block = random_.between(1000, 9999);
        const auto number = random_.between(1000, 9999);
        lead.phone = "+62 81" + std::to_string(provider) + " " + std::to_string(block) + " " +
                     std::to_string(number);
        lead.source = company_.sources[random_.index(company_.sources.size())];
        lead.salesperson = company.salesperson;
        lead.prospect = prospect;
    }

    // The leads that are not converted (yet): the other prospects, and more business from
    // existing customers, in every status.
    void add_unconverted_leads(const std::vector<std::size_t>& prospects) {
        std::vector<std::string> statuses;
        for (const auto& [status, count] : unconverted_lead_statuses) {
            statuses.insert(statuses.end(), count, std::string(status));
        }
        random_.shuffle(statuses);
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            PlannedLead lead;
            PlannedOpportunity deal;  // only its name and memo are used
            if (i < prospects.size()) {
                const auto& company = company_.prospects[prospects[i]];
                describe_prospect_lead(lead, prospects[i]);
                shape_deal(deal, company.company, company.industry, "customer");
            } else {
                const auto account = random_.index(company_.accounts.size());
                const auto& customer = company_.accounts[account];
                describe_account_lead(lead, account, random_.index(customer.contacts.size()));
                shape_deal(deal, customer.name, customer.industry, customer.type);
            }
            lead.title = deal.name;
            lead.description = deal.description;
            lead.status = statuses[i];
            if (lead.status == "lost") {
                lead.description +=
                    "\n\nLost: " +
                    company_.lost_reasons[random_.index(company_.lost_reasons.size())] + ".";
            }
            plan_.leads.push_back(std::move(lead));
        }
    }

    // A lead list in the order people would have typed them, not grouped by fate.
    void shuffle_leads() {
        std::vector<std::size_t> order(plan_.leads.size());
        std::iota(order.begin(), order.end(), 0);
        random_.shuffle(order);
        std::vector<PlannedLead> leads;
        for (const auto old_index : order) {
            if (const auto opportunity = plan_.leads[old_index].opportunity) {
                plan_.opportunities[*opportunity].lead = leads.size();
            }
            leads.push_back(std::move(plan_.leads[old_index]));
        }
        plan_.leads = std::move(leads);
    }

    void order_closings() {
        for (std::size_t i = 0; i < plan_.opportunities.size(); ++i) {
            if (plan_.opportunities[i].ending != Ending::open) {
                plan_.closing_order.push_back(i);
            }
        }
        std::stable_sort(plan_.closing_order.begin(), plan_.closing_order.end(),
                         [this](std::size_t a, std::size_t b) {
                             return plan_.opportunities[a].expected_close <
                                    plan_.opportunities[b].expected_close;
                         });
    }

    const Company& company_;
    Date today_;
    Random random_;
    Plan plan_;
};

}  // namespace

std::string iso_date(Date date) {
    const std::chrono::year_month_day day(date);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

std::string money(std::int64_t cents) {
    const auto fraction = cents % 100;
    return std::to_string(cents / 100) + (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
}

std::string email_address(const std::string& first_name, const std::string& last_name,
                          const std::string& domain) {
    std::string first;
    for (const auto& word : words_of(first_name)) {
        if (!word.ends_with('.') && word.size() > 1) {
            first = lower_letters(word);
            break;
        }
    }
    const auto last = lower_letters(last_name);
    return (first.empty() ? last : first + "." + last) + "@" + domain;
}

Plan plan_pipeline(const Company& company, Date today) {
    return Planner(company, today).plan();
}

}  // namespace rapport::demo
