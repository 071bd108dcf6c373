// The demo company of `rapport demo load`: its people, catalogue and customers, read from
// demo_company.yaml, which is built into the binary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::demo {

struct Team {
    std::string name;
    std::string leader;               // a user's login
    std::int64_t monthly_target = 0;  // IDR
};

struct User {
    std::string login;
    std::string name;
    std::string role;
    std::string team;
};

struct Product {
    std::string code;
    std::string name;
    std::int64_t list_price = 0;  // IDR
    std::int64_t cost = 0;
    int tax_rate = 0;  // percent
    bool active = true;
};

struct DiscountSchedule {
    std::string name;
    std::string account_type;
    std::string product;  // a product code; empty: every product
    std::int64_t min_quantity = 0;
    std::int64_t discount_basis_points = 0;  // 7.5 % is 750
};

struct DealLine {
    std::string product;  // a product code
    std::int64_t min_quantity = 1;
    std::int64_t max_quantity = 1;
    bool per_unit = false;  // as many as the deal's first line
};

// Something customers buy; `title` and `memo` hold {n} (the first line's quantity) and
// {company}.
struct Deal {
    std::string title;
    std::string memo;
    std::vector<std::string> industries;  // empty: every industry
    std::vector<DealLine> lines;
};

struct Contact {
    std::string first_name;
    std::string last_name;
    std::string title;
};

struct Account {
    std::string name;
    std::string salesperson;  // a user's login
    std::string industry;
    std::string type = "customer";
    std::string city;
    std::string street;
    std::string phone;
    std::string domain;
    std::vector<Contact> contacts;
};

// A company that is only a lead so far.
struct Prospect {
    std::string company;
    std::string contact;  // the full name, as a lead has it
    std::string salesperson;
    std::string industry;
    std::string city;
    std::string domain;
};

struct Company {
    std::string name;
    std::uint64_t seed = 0;
    std::string password;
    std::string email_domain;
    std::vector<Team> teams;
    std::vector<User> users;
    std::vector<Product> products;
    std::vector<DiscountSchedule> discount_schedules;
    std::vector<Deal> deals;
    std::vector<std::string> sources;
    std::string repeat_business_source;
    std::vector<std::string> lost_reasons;
    std::vector<Account> accounts;
    std::vector<Prospect> prospects;

    const User& user(std::string_view login) const;
    const Team& team_of(std::string_view login) const;
    std::size_t product_index(std::string_view code) const;
};

// Throws std::runtime_error naming every problem: a missing key, a reference to an unknown user,
// team or product.
Company parse_company(std::string_view yaml);

// demo_company.yaml, parsed once.
const Company& demo_company();

}  // namespace rapport::demo
