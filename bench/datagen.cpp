// rapport_datagen: deterministic CSV test data for the record benchmarks (bench/records.sh).
// The same arguments print the same bytes on every machine and standard library.
//
//   rapport_datagen accounts N [SEED]           N accounts, one CSV row each, after a header
//   rapport_datagen contacts N ACCOUNTS [SEED]  N contacts, account_id uniform in 1..ACCOUNTS

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

const Country& pick_country(Random& random) {
    unsigned roll = static_cast<unsigned>(random.below(1000));
    for (const Country& country : countries) {
        if (roll < country.per_mille) {
            return country;
        }
        roll -= country.per_mille;
    }
    return countries.front();
}

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
        const Country& country = pick_country(random);
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
        const Country& country = pick_country(random);
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

bool parse_number(std::string_view text, std::uint64_t& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

int usage(const char* program) {
    std::cerr << "usage: " << program << " accounts N [SEED]\n"
              << "       " << program << " contacts N ACCOUNTS [SEED]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view kind = argc > 1 ? argv[1] : "";
    const int numbers = kind == "accounts" ? 1 : kind == "contacts" ? 2 : 0;
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
    } else {
        write_contacts(count, accounts, seed);
    }
    return 0;
}
