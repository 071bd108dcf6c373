// rapport_datagen: deterministic CSV test data for the record benchmarks (bench/records.sh,
// bench/pipeline.sh). The same arguments print the same bytes on every machine and standard
// library.
//
//   rapport_datagen accounts N [SEED]                N accounts, one CSV row each, after a header
//   rapport_datagen contacts N ACCOUNTS [SEED]       N contacts, account_id uniform in 1..ACCOUNTS
//   rapport_datagen opportunities N ACCOUNTS [SEED]  N opportunities of the sales plugin, likewise

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Words = std::vector<std::string_view>;

// std::uniform_int_distribution's output differs between standard libraries, so values are
// mapped by hand: the high bits of generator() * bound (Lemire's multiply-shift; the bias is
// below 2^-40 for the small bounds used here, irrelevant for test data).
class Random {
  public:
    explicit Random(std::uint64_t seed) : generator_(seed) {}

    std::uint64_t below(std::uint64_t bound) {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(generator_()) * bound) >>
                                          64);
    }

    std::string_view pick(const Words& words) { return words[below(words.size())]; }

  private:
    std::mt19937_64 generator_;
};

// One of `items` (with a `per_mille` share each, adding up to 1000) with the odds of its share.
template <typename Item, std::size_t size>
const Item& pick_weighted(Random& random, const std::array<Item, size>& items) {
    auto roll = random.below(1000);
    for (const Item& item : items) {
        if (roll < item.per_mille) {
            return item;
        }
        roll -= item.per_mille;
    }
    return items.front();
}

// A country with its share of the accounts (in per mille), cities, phone prefix and domain.
struct Country {
    std::string_view name;
    unsigned per_mille;
    Words cities;
    std::string_view phone_prefix;
    std::string_view domain;
};

// Skewed like a CRM of an Indonesian company: most accounts at home, a long tail abroad.
const std::array<Country, 10> countries{{
    {"Indonesia",
     450,
     {"Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Yogyakarta", "Denpasar",
      "Palembang", "Balikpapan"},
     "+62",
     "co.id"},
    {"Singapore", 120, {"Singapore"}, "+65", "com.sg"},
    {"Malaysia",
     100,
     {"Kuala Lumpur", "George Town", "Johor Bahru", "Kota Kinabalu"},
     "+60",
     "com.my"},
    {"Australia", 70, {"Sydney", "Melbourne", "Perth", "Brisbane"}, "+61", "com.au"},
    {"Germany", 60, {"Berlin", "München", "Köln", "Düsseldorf", "Hamburg"}, "+49", "de"},
    {"Netherlands", 50, {"Amsterdam", "Rotterdam", "Den Haag", "Utrecht"}, "+31", "nl"},
    {"Japan", 50, {"Tokyo", "Osaka", "Nagoya", "Fukuoka"}, "+81", "co.jp"},
    {"United States", 50, {"New York", "San Francisco", "Chicago", "Austin"}, "+1", "com"},
    {"France", 30, {"Paris", "Lyon", "Marseille", "Toulouse"}, "+33", "fr"},
    {"Viet Nam", 20, {"Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng"}, "+84", "vn"},
}};

const Words name_words{"Kreasi",  "Bumi",     "Energi",  "Nusantara", "Sinar",   "Mandiri",
                       "Jaya",    "Abadi",    "Sentosa", "Makmur",    "Global",  "Prima",
                       "Karya",   "Cahaya",   "Teknik",  "Maju",      "Harapan", "Samudra",
                       "Pacific", "Northern", "Blue",    "Summit",    "Harbor",  "Atlas",
                       "Müller",  "Schäfer",  "Lumière", "Nordic",    "Orion",   "Delta"};
const Words company_prefixes{"PT.", "PT", "CV."};
const Words company_suffixes{"Group",   "Holdings", "Solutions", "Logistik GmbH", "Trading",
                             "Systems", "& Co.",    "S.A.",      "Ltd",           "Sdn. Bhd."};
const Words university_names{"Pancasila", "Indonesia",   "Gadjah Mada", "Airlangga",
                             "Brawijaya", "Padjadjaran", "Diponegoro",  "Hasanuddin"};
const Words industries{"Manufacturing", "Retail",      "Energy",       "Education",
                       "Finance",       "Healthcare",  "Logistics",    "Hospitality",
                       "Software",      "Agriculture", "Construction", "Government"};
const Words account_types{"customer", "prospect", "partner", "other"};
const Words street_names{"Jl. Sudirman", "Jl. Thamrin",    "Jl. Gatot Subroto", "Main Street",
                         "Hauptstraße",  "Rue de la Paix", "Orchard Road",      "Jalan Ampang"};
const Words first_names{"Budi",   "Siti",   "Agus",      "Dewi",    "Putri", "Rizky", "Wayan",
                        "Nurul",  "Andi",   "Ayu",       "John",    "Maria", "José",  "Zoë",
                        "Łukasz", "Jürgen", "Françoise", "Hiroshi", "Mei",   "Nguyễn"};
const Words last_names{"Santoso", "Wijaya",   "Saputra", "Hidayat", "Pratama",  "Kusuma",
                       "Siregar", "Nasution", "Halim",   "Tan",     "Smith",    "García",
                       "Müller",  "Dubois",   "Tanaka",  "Trần",    "Kowalski", "O'Brien"};
const Words titles{"Director",
                   "Purchasing Manager",
                   "CEO",
                   "CFO",
                   "IT Manager",
                   "Sales Executive",
                   "Procurement Officer",
                   "Head of Operations",
                   ""};

// An opportunity stage with its share of the pipeline (in per mille) and the probability the
// sales plugin gives it (docs/sales.md): new 10, qualified 30, proposition 60, negotiation 80,
// won 100, lost 0.
struct Stage {
    std::string_view name;
    unsigned per_mille;
    unsigned probability;
};

const std::array<Stage, 6> stages{{{"new", 250, 10},
                                   {"qualified", 200, 30},
                                   {"proposition", 150, 60},
                                   {"negotiation", 100, 80},
                                   {"won", 180, 100},
                                   {"lost", 120, 0}}};

const Words deals{"Lab laptops",     "ERP rollout",     "Fleet tracking", "Cloud migration",
                  "Annual support",  "Network upgrade", "Solar panels",   "Training program",
                  "POS terminals",   "Data centre",     "Security audit", "Printer lease",
                  "Smart classroom", "CRM licences",    "Cold chain",     "Warehouse robots"};
const Words sources{"Website", "Referral", "Trade fair", "Cold call", "Partner", "E-mail", ""};

// Lower-case ASCII letters and digits of text, for e-mail addresses and host names: the other
// bytes (spaces, punctuation, UTF-8 sequences) are dropped.
std::string slug(std::string_view text) {
    std::string result;
    for (const char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            result += c;
        } else if (c >= 'A' && c <= 'Z') {
            result += static_cast<char>(c - 'A' + 'a');
        }
    }
    return result;
}

std::string company_name(Random& random, const Country& country) {
    const std::string first{random.pick(name_words)};
    const std::string second{random.pick(name_words)};
    if (country.name == "Indonesia") {
        switch (random.below(4)) {
            case 0:
                return "Universitas " + std::string(random.pick(university_names));
            case 1:
                return std::string(random.pick(company_prefixes)) + " " + first + " " + second +
                       " " + std::string(random.pick(name_words));
            default:
                return std::string(random.pick(company_prefixes)) + " " + first + " " + second;
        }
    }
    return first + " " + second + " " + std::string(random.pick(company_suffixes));
}

std::string phone(Random& random, std::string_view prefix) {
    return std::string(prefix) + " " + std::to_string(200 + random.below(800)) + " " +
           std::to_string(1000000 + random.below(9000000));
}

// Writes rows as CSV (RFC 4180), quoting only the fields that need it.
class CsvWriter {
  public:
    ~CsvWriter() { flush(); }

    void field(std::string_view value) {
        if (!at_line_start_) {
            buffer_ += ',';
        }
        at_line_start_ = false;
        if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
            buffer_ += value;
            return;
        }
        buffer_ += '"';
        for (const char c : value) {
            buffer_ += c;
            if (c == '"') {
                buffer_ += '"';
            }
        }
        buffer_ += '"';
    }

    void end_row() {
        buffer_ += '\n';
        at_line_start_ = true;
        if (buffer_.size() >= flush_bytes) {
            flush();
        }
    }

  private:
    static constexpr std::size_t flush_bytes = 1 << 20;

    void flush() {
        std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
        buffer_.clear();
    }

    std::string buffer_;
    bool at_line_start_ = true;
};

void write_header(CsvWriter& csv, const Words& names) {
    for (const std::string_view name : names) {
        csv.field(name);
    }
    csv.end_row();
}

void write_accounts(std::uint64_t count, std::uint64_t seed) {
    Random random(seed);
    CsvWriter csv;
    write_header(csv, {"name", "email", "phone", "website", "street", "city", "country", "industry",
                       "type"});
    for (std::uint64_t row = 1; row <= count; ++row) {
        const Country& country = pick_weighted(random, countries);
        const std::string name = company_name(random, country);
        // The row number keeps host names apart: many companies share a name.
        const std::string host =
            slug(name) + std::to_string(row) + "." + std::string(country.domain);
        csv.field(name);
        csv.field("info@" + host);
        csv.field(phone(random, country.phone_prefix));
        csv.field("https://www." + host);
        csv.field(std::string(random.pick(street_names)) + " " +
                  std::to_string(1 + random.below(300)));
        csv.field(random.pick(country.cities));
        csv.field(country.name);
        csv.field(random.pick(industries));
        // Mostly customers and prospects.
        const std::uint64_t kind = random.below(10);
        csv.field(account_types[kind < 5 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : 3]);
        csv.end_row();
    }
}

void write_contacts(std::uint64_t count, std::uint64_t accounts, std::uint64_t seed) {
    Random random(seed);
    CsvWriter csv;
    write_header(csv, {"first_name", "last_name", "email", "phone", "title", "account_id"});
    for (std::uint64_t row = 1; row <= count; ++row) {
        const std::string_view first = random.pick(first_names);
        const std::string_view last = random.pick(last_names);
        const Country& country = pick_weighted(random, countries);
        csv.field(first);
        csv.field(last);
        csv.field(slug(first) + "." + slug(last) + std::to_string(row) + "@example." +
                  std::string(country.domain));
        csv.field(phone(random, country.phone_prefix));
        csv.field(random.pick(titles));
        csv.field(std::to_string(1 + random.below(accounts)));
        csv.end_row();
    }
}

// 7 -> "07", for values below 100.
std::string two_digits(std::uint64_t value) {
    return std::to_string(100 + value).substr(1);
}

// Money with two decimals from integer units (cents): 123456 -> "1234.56".
std::string money_text(std::uint64_t units) {
    return std::to_string(units / 100) + "." + two_digits(units % 100);
}

// Revenue spread over three orders of magnitude, from 5 million to 5 billion (rupiah), mostly
// round sums with a tail of awkward ones; 3 % of the opportunities have none yet. A million of
// them add up to about 10^15: SQLite's 64-bit sum of the cents has room for ~90 million.
std::string expected_revenue(Random& random) {
    if (random.below(100) < 3) {
        return "";
    }
    std::uint64_t units = 500'000'000;  // 5,000,000.00
    for (std::uint64_t magnitude = random.below(3); magnitude > 0; --magnitude) {
        units *= 10;
    }
    units *= 1 + random.below(10);
    if (random.below(5) == 0) {
        units += random.below(100'000'000);
    }
    return money_text(units);
}

// A closing date in 2026 or 2027; 5 % of the opportunities have none.
std::string expected_close_date(Random& random) {
    if (random.below(100) < 5) {
        return "";
    }
    static constexpr std::array<unsigned, 12> month_days{31, 28, 31, 30, 31, 30,
                                                         31, 31, 30, 31, 30, 31};
    const std::uint64_t month = random.below(12);
    const std::uint64_t day = 1 + random.below(month_days[month]);
    return std::to_string(2026 + random.below(2)) + "-" + two_digits(month + 1) + "-" +
           two_digits(day);
}

void write_opportunities(std::uint64_t count, std::uint64_t accounts, std::uint64_t seed) {
    Random random(seed);
    CsvWriter csv;
    write_header(csv, {"name", "account_id", "stage", "probability", "expected_revenue",
                       "expected_close_date", "source"});
    for (std::uint64_t row = 1; row <= count; ++row) {
        const Stage& stage = pick_weighted(random, stages);
        csv.field(std::string(random.pick(deals)) + " #" + std::to_string(row));
        csv.field(std::to_string(1 + random.below(accounts)));
        csv.field(stage.name);
        // A salesperson overrides the stage's probability on one open opportunity in five.
        const bool open = stage.probability % 100 != 0;
        csv.field(std::to_string(open && random.below(5) == 0 ? 5 * (1 + random.below(19))
                                                              : stage.probability));
        csv.field(expected_revenue(random));
        csv.field(expected_close_date(random));
        csv.field(random.pick(sources));
        csv.end_row();
    }
}

bool parse_number(std::string_view text, std::uint64_t& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

int usage(const char* program) {
    std::cerr << "usage: " << program << " accounts N [SEED]\n"
              << "       " << program << " contacts N ACCOUNTS [SEED]\n"
              << "       " << program << " opportunities N ACCOUNTS [SEED]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view kind = argc > 1 ? argv[1] : "";
    const int numbers = kind == "accounts"                              ? 1
                        : kind == "contacts" || kind == "opportunities" ? 2
                                                                        : 0;
    if (numbers == 0 || argc < numbers + 2 || argc > numbers + 3) {
        return usage(argv[0]);
    }
    std::uint64_t count = 0;
    std::uint64_t accounts = 1;
    std::uint64_t seed = 1;
    if (!parse_number(argv[2], count) || (numbers == 2 && !parse_number(argv[3], accounts)) ||
        (argc == numbers + 3 && !parse_number(argv[numbers + 2], seed)) || accounts == 0) {
        return usage(argv[0]);
    }
    if (kind == "accounts") {
        write_accounts(count, seed);
    } else if (kind == "contacts") {
        write_contacts(count, accounts, seed);
    } else {
        write_opportunities(count, accounts, seed);
    }
    return 0;
}
