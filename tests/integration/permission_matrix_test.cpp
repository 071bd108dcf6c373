// The permission model of ARCHITECTURE.md §6 over real HTTP on both backends. The matrix walks
// every default role (and a custom team-scoped role that hides a field) × entity × operation ×
// path — get, list, filter, aggregate, export, search, history, and the writes — with users in
// two teams, against an expectation table written out below from default_grants.yaml rather
// than computed from the server's code. The property test checks, on random data, that the ids
// a user sees in a list are exactly the ids they can get one by one.
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;
using ::testing::Not;

using Ids = std::set<std::int64_t>;

// ---------------------------------------------------------------------------------------------
// The expectation table
// ---------------------------------------------------------------------------------------------

enum class Scope { none, own, team, all };

struct Grant {
    Scope create = Scope::none;
    Scope read = Scope::none;
    Scope update = Scope::none;
    Scope remove = Scope::none;
    std::set<std::string> hidden = {};  // fields the role may not read
};

constexpr auto none = Scope::none;
constexpr auto own = Scope::own;
constexpr auto team = Scope::team;
constexpr auto all = Scope::all;

// A custom role as an admin would define it: accounts of the caller's team, every contact but
// without its e-mail address, nothing else.
const std::string team_reader_grants =
    R"({"account": {"create": "all", "read": "team", "update": "team"},
        "contact": {"read": "all", "hidden_fields": ["email"]}})";

// role → entity → what it may do, transcribed from kernel/auth/default_grants.yaml and §6.
// admin may do everything. viewer's "*" reaches account, contact and note but not user, team
// and role: they are admin_only, so only a grant naming them does; every role, team_reader
// included, reads users and teams through the defaults' `every_role`. user.password is
// write-only, so hidden from every role, admin included.
const std::map<std::string, std::map<std::string, Grant>>& expected_grants() {
    // clang-format off
    static const std::map<std::string, std::map<std::string, Grant>> table{
        //                              create  read  update  delete  hidden
        {"admin", {
            {"account",               {all,   all,  all,    all}},
            {"contact",               {all,   all,  all,    all}},
            {"note",                  {all,   all,  all,    all}},
            {"user",                  {all,   all,  all,    all,    {"password"}}},
            {"team",                  {all,   all,  all,    all}},
            {"role",                  {all,   all,  all,    all}}}},
        {"sales_manager", {
            {"account",               {all,   all,  all,    all}},
            {"contact",               {all,   all,  all,    all}},
            {"note",                  {all,   all,  all,    all}},
            {"user",                  {none,  all,  none,   none,   {"password"}}},
            {"team",                  {none,  all,  none,   none}},
            {"role",                  {none,  none, none,   none}}}},
        {"salesperson", {
            {"account",               {all,   all,  own,    none}},
            {"contact",               {all,   all,  own,    none}},
            {"note",                  {all,   all,  own,    own}},
            {"user",                  {none,  all,  none,   none,   {"password"}}},
            {"team",                  {none,  all,  none,   none}},
            {"role",                  {none,  none, none,   none}}}},
        {"support_agent", {
            {"account",               {none,  all,  none,   none}},
            {"contact",               {none,  all,  none,   none}},
            {"note",                  {all,   all,  own,    own}},
            {"user",                  {none,  all,  none,   none,   {"password"}}},
            {"team",                  {none,  all,  none,   none}},
            {"role",                  {none,  none, none,   none}}}},
        {"viewer", {
            {"account",               {none,  all,  none,   none}},
            {"contact",               {none,  all,  none,   none}},
            {"note",                  {none,  all,  none,   none}},
            {"user",                  {none,  all,  none,   none,   {"password"}}},
            {"team",                  {none,  all,  none,   none}},
            {"role",                  {none,  none, none,   none}}}},
        {"team_reader", {
            {"account",               {all,   team, team,   none}},
            {"contact",               {none,  all,  none,   none,   {"email"}}},
            {"note",                  {none,  none, none,   none}},
            {"user",                  {none,  all,  none,   none,   {"password"}}},
            {"team",                  {none,  all,  none,   none}},
            {"role",                  {none,  none, none,   none}}}},
    };
    // clang-format on
    return table;
}

bool is_default_role(const std::string& role) {
    return role != "team_reader";
}

// ---------------------------------------------------------------------------------------------
// HTTP and JSON
// ---------------------------------------------------------------------------------------------

boost::json::value json(const HttpResult& result) {
    return boost::json::parse(result.body);
}

HttpResult post(HttpClient& client, const std::string& target, const boost::json::object& body) {
    return client.request("POST", target, boost::json::serialize(body),
                          {{"Content-Type", "application/json"}});
}

HttpResult patch(HttpClient& client, const std::string& target, const boost::json::object& body) {
    return client.request("PATCH", target, boost::json::serialize(body),
                          {{"Content-Type", "application/json"}});
}

HttpResult remove(HttpClient& client, const std::string& target) {
    return client.request("DELETE", target);
}

std::string records_path(const std::string& entity) {
    return "/api/v1/records/" + entity;
}

std::string record_path(const std::string& entity, std::int64_t id) {
    return records_path(entity) + "/" + std::to_string(id);
}

Ids ids_of(const boost::json::value& items) {
    Ids ids;
    for (const auto& item : items.as_array()) {
        ids.insert(item.at("id").as_int64());
    }
    return ids;
}

// The header cells and the first column (the id) of each row of a CSV export.
struct CsvExport {
    std::vector<std::string> header;
    Ids ids;
};

CsvExport parse_export(const std::string& csv) {
    CsvExport result;
    std::size_t start = 0;
    bool first = true;
    while (start < csv.size()) {
        auto end = csv.find("\r\n", start);
        if (end == std::string::npos) {
            end = csv.size();
        }
        const std::string line = csv.substr(start, end - start);
        start = end + 2;
        if (first) {
            std::size_t cell = 0;
            while (cell <= line.size()) {
                const auto comma = std::min(line.find(',', cell), line.size());
                result.header.push_back(line.substr(cell, comma - cell));
                cell = comma + 1;
            }
            first = false;
        } else if (!line.empty()) {
            result.ids.insert(std::stoll(line.substr(0, line.find(','))));
        }
    }
    return result;
}

// A signed-in user: their id, their bearer token and a client that sends it.
struct Person {
    std::int64_t id = 0;
    std::string token;
    std::unique_ptr<HttpClient> client;
};

// A running application on a fresh database of one backend, with the first admin signed in.
class RunningApplication {
  public:
    static constexpr const char* password = "correct horse battery staple";

    explicit RunningApplication(db::Backend backend)
        : application_(backend), admin_{0, {}, application_.client()} {
        admin_.token = testing::sign_in(*admin_.client);
        const auto admins = json(admin_.client->get(records_path("user") + "?login=eq.admin"));
        admin_.id = admins.at("items").at(0).at("id").as_int64();
    }

    Person& admin() { return admin_; }

    std::int64_t create_team(const std::string& name) {
        return created_id(post(*admin_.client, records_path("team"), {{"name", name}}));
    }

    std::int64_t create_user(const std::string& login, const std::string& role,
                             std::optional<std::int64_t> team_id) {
        boost::json::object body{{"login", login},
                                 {"name", login},
                                 {"password", password},
                                 {"roles", boost::json::array{boost::json::string(role)}}};
        if (team_id) {
            body["team_id"] = *team_id;
        }
        return created_id(post(*admin_.client, records_path("user"), body));
    }

    void create_role(const std::string& name, const std::string& grants) {
        created_id(post(*admin_.client, records_path("role"),
                        {{"name", name}, {"grants", boost::json::parse(grants)}}));
    }

    Person sign_in(const std::string& login, std::int64_t id) {
        Person person{id, {}, application_.client()};
        person.token = testing::sign_in(*person.client, login, password);
        return person;
    }

    // A GET over a connection of its own: a response the server breaks off mid-body (a
    // streamed export) comes back as status 0 with the reason, not as an exception.
    HttpResult get_once(const Person& person, const std::string& target) const {
        HttpClient client(application_.port());
        client.set_default_header("Authorization", "Bearer " + person.token);
        try {
            return client.get(target);
        } catch (const std::exception& error) {
            HttpResult broken;
            broken.body = std::string("the response broke off: ") + error.what();
            return broken;
        }
    }

    static std::int64_t created_id(const HttpResult& result) {
        EXPECT_EQ(result.status, 201) << result.body;
        return result.status == 201 ? json(result).at("id").as_int64() : 0;
    }

  private:
    testing::TestApplication application_;
    Person admin_;
};

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

// Who owns a seeded record. A (whose view the matrix checks) and A's mate are in team 1, B in
// team 2, and the first admin in no team.
enum class Owner { a, mate, b, admin };

const char* owner_name(Owner owner) {
    switch (owner) {
        case Owner::a:
            return "A";
        case Owner::mate:
            return "A's team mate";
        case Owner::b:
            return "B";
        case Owner::admin:
            break;
    }
    return "the admin";
}

// Whether a scope held by A reaches a record owned by `owner`.
bool reaches(Scope scope, Owner owner) {
    switch (scope) {
        case Scope::all:
            return true;
        case Scope::team:
            return owner == Owner::a || owner == Owner::mate;
        case Scope::own:
            return owner == Owner::a;
        case Scope::none:
            break;
    }
    return false;
}

// What A gets on changing a record: no scope for the operation is 403 whatever the record; a
// record A may not read is 404, as if it did not exist; one A may read but not change is 403.
int change_status(Scope read, Scope change, Owner owner, int success) {
    if (change == Scope::none) {
        return 403;
    }
    if (!reaches(read, owner)) {
        return 404;
    }
    return reaches(change, owner) ? success : 403;
}

const std::vector<std::string> record_entities{"account", "contact", "note"};

// The fields of those entities base_entities.yaml marks `search: true`.
const std::map<std::string, std::set<std::string>> searchable_fields{
    {"account", {"name", "email", "phone"}},
    {"contact", {"first_name", "last_name", "email", "phone"}},
    {"note", {"subject", "body"}}};

// Every seeded record's searchable text holds this word, and nothing else in the database does.
const std::string seed_word = "quokka";

// The record `owner` seeds in `entity`; notes are about the admin's account.
boost::json::object seed_body(const std::string& entity, Owner owner,
                              std::int64_t regarding_account) {
    const std::string who = owner_name(owner);
    if (entity == "account") {
        return {{"name", seed_word + " account of " + who},
                {"city", "Seedtown"},
                {"email", "owner" + std::to_string(static_cast<int>(owner)) + "@accounts.example"}};
    }
    if (entity == "contact") {
        return {{"first_name", seed_word},
                {"last_name", "contact of " + who},
                {"title", "Seed"},
                {"email", "owner" + std::to_string(static_cast<int>(owner)) + "@contacts.example"}};
    }
    return {{"regarding_entity", "account"},
            {"regarding_id", regarding_account},
            {"subject", seed_word + " note of " + who},
            {"body", "seeded"}};
}

// A filter every seed of the entity matches.
std::string probe_filter(const std::string& entity) {
    return entity == "account" ? "city=eq.Seedtown"
                               : (entity == "contact" ? "title=eq.Seed" : "body=eq.seeded");
}

// A change any seed of the entity takes.
boost::json::object change_of(const std::string& entity) {
    if (entity == "account") {
        return {{"city", "Patchtown"}};
    }
    return entity == "contact" ? boost::json::object{{"title", "Patched"}}
                               : boost::json::object{{"body", "patched"}};
}

struct Seed {
    std::string entity;
    std::int64_t id = 0;
    Owner owner = Owner::admin;
    boost::json::object body;
};

class PermissionMatrixTest : public ::testing::TestWithParam<std::tuple<db::Backend, std::string>> {
  protected:
    PermissionMatrixTest() : app_(std::get<0>(GetParam())) {
        if (!is_default_role(role())) {
            app_.create_role(role(), team_reader_grants);
        }
        const auto team_1 = app_.create_team("Team 1");
        team_2_ = app_.create_team("Team 2");
        const std::vector<std::tuple<Owner, std::string, std::int64_t>> users{
            {Owner::a, "user-a", team_1},
            {Owner::mate, "user-mate", team_1},
            {Owner::b, "user-b", team_2_}};
        for (const auto& [owner, login, team_id] : users) {
            people_.emplace(owner, app_.sign_in(login, app_.create_user(login, role(), team_id)));
        }
    }

    const std::string& role() const { return std::get<1>(GetParam()); }
    const Grant& grant(const std::string& entity) const {
        return expected_grants().at(role()).at(entity);
    }
    Person& person(Owner owner) { return owner == Owner::admin ? app_.admin() : people_.at(owner); }
    HttpClient& a() { return *person(Owner::a).client; }

    // Every owner tries to create a record of every entity; the admin always may, the others
    // as the create column says.
    void seed_records() {
        std::int64_t admin_account = 0;
        for (const auto& entity : record_entities) {
            for (const auto owner : {Owner::admin, Owner::a, Owner::mate, Owner::b}) {
                SCOPED_TRACE(std::string(owner_name(owner)) + " creates a " + entity);
                auto body = seed_body(entity, owner, admin_account);
                const auto result = post(*person(owner).client, records_path(entity), body);
                const bool may_create = owner == Owner::admin || grant(entity).create != none;
                ASSERT_EQ(result.status, may_create ? 201 : 403) << result.body;
                if (may_create) {
                    const auto id = json(result).at("id").as_int64();
                    EXPECT_EQ(json(result).at("owner_id"), person(owner).id);
                    seeds_.push_back({entity, id, owner, std::move(body)});
                    if (entity == "account" && owner == Owner::admin) {
                        admin_account = id;
                    }
                }
            }
        }
    }

    std::vector<const Seed*> seeds_of(const std::string& entity) const {
        std::vector<const Seed*> found;
        for (const auto& seed : seeds_) {
            if (seed.entity == entity) {
                found.push_back(&seed);
            }
        }
        return found;
    }

    // The seeds of an entity A's read scope reaches, optionally only those of one owner.
    Ids visible_ids(const std::string& entity, std::optional<Owner> only = std::nullopt) const {
        Ids ids;
        for (const auto* seed : seeds_of(entity)) {
            if (reaches(grant(entity).read, seed->owner) && (!only || seed->owner == *only)) {
                ids.insert(seed->id);
            }
        }
        return ids;
    }

    // A record as A sees it: the seeded values of the fields A may read, no trace of the others.
    void expect_seeded_fields(const Seed& seed, const boost::json::object& record) const {
        for (const auto& [field, value] : seed.body) {
            if (grant(seed.entity).hidden.contains(std::string(field))) {
                EXPECT_FALSE(record.contains(field)) << field << " leaks: " << record;
            } else {
                EXPECT_EQ(record.contains(field) ? record.at(field) : nullptr, value) << field;
            }
        }
    }

    void expect_no_hidden_fields(const std::string& entity, const boost::json::value& items) const {
        for (const auto& item : items.as_array()) {
            for (const auto& field : grant(entity).hidden) {
                EXPECT_FALSE(item.as_object().contains(field)) << field << " leaks: " << item;
            }
        }
    }

    void expect_get_and_history(const std::string& entity) {
        const Scope read = grant(entity).read;
        for (const auto* seed : seeds_of(entity)) {
            SCOPED_TRACE(std::string("the ") + entity + " of " + owner_name(seed->owner));
            const auto got = a().get(record_path(entity, seed->id));
            const auto history = a().get(record_path(entity, seed->id) + "/history");
            if (read == none || !reaches(read, seed->owner)) {
                EXPECT_EQ(got.status, read == none ? 403 : 404) << got.body;
                EXPECT_EQ(history.status, read == none ? 403 : 404) << history.body;
                EXPECT_THAT(got.body + history.body, Not(HasSubstr(seed_word)));
                continue;
            }
            ASSERT_EQ(got.status, 200) << got.body;
            expect_seeded_fields(*seed, json(got).as_object());
            ASSERT_EQ(history.status, 200) << history.body;
            const auto items = json(history).at("items").as_array();
            ASSERT_EQ(items.size(), 1u);
            EXPECT_EQ(items[0].at("action"), "created");
            for (const auto& field : grant(entity).hidden) {
                EXPECT_FALSE(items[0].at("changes").as_object().contains(field))
                    << field << " leaks through the history: " << items[0];
            }
        }
    }

    void expect_list_and_filters(const std::string& entity) {
        const std::string path = records_path(entity);
        const std::vector<std::string> targets{path, path + "?" + probe_filter(entity),
                                               path + "?select=id&order=id.desc&limit=100"};
        if (grant(entity).read == none) {
            for (const auto& target : targets) {
                EXPECT_EQ(a().get(target).status, 403) << target;
            }
            return;
        }
        for (const auto& target : targets) {
            const auto listed = a().get(target);
            ASSERT_EQ(listed.status, 200) << target << ": " << listed.body;
            EXPECT_EQ(ids_of(json(listed).at("items")), visible_ids(entity)) << target;
            EXPECT_EQ(json(listed).at("total"), visible_ids(entity).size()) << target;
            expect_no_hidden_fields(entity, json(listed).at("items"));
        }
        for (const auto owner : {Owner::a, Owner::mate, Owner::b, Owner::admin}) {
            const auto target = path + "?owner_id=eq." + std::to_string(person(owner).id);
            const auto listed = json(a().get(target));
            EXPECT_EQ(ids_of(listed.at("items")), visible_ids(entity, owner)) << target;
            EXPECT_EQ(listed.at("total"), visible_ids(entity, owner).size()) << target;
        }
        for (const auto* seed : seeds_of(entity)) {
            const auto target = path + "?id=eq." + std::to_string(seed->id);
            EXPECT_EQ(json(a().get(target)).at("total"),
                      reaches(grant(entity).read, seed->owner) ? 1 : 0)
                << target;
        }
    }

    void expect_aggregate(const std::string& entity) {
        const auto result =
            a().get(records_path(entity) + "/aggregate?group_by=owner_id&count=true");
        if (grant(entity).read == none) {
            EXPECT_EQ(result.status, 403) << result.body;
            return;
        }
        ASSERT_EQ(result.status, 200) << result.body;
        std::map<std::int64_t, std::int64_t> counted;
        const auto body = json(result);
        for (const auto& group : body.at("groups").as_array()) {
            counted[group.at("owner_id").as_int64()] = group.at("count").as_int64();
        }
        std::map<std::int64_t, std::int64_t> expected;
        for (const auto owner : {Owner::a, Owner::mate, Owner::b, Owner::admin}) {
            if (const auto count = visible_ids(entity, owner).size(); count > 0) {
                expected[person(owner).id] = static_cast<std::int64_t>(count);
            }
        }
        EXPECT_EQ(counted, expected);
    }

    void expect_export(const std::string& entity) {
        const auto result =
            app_.get_once(person(Owner::a), records_path(entity) + "/export?format=csv");
        if (grant(entity).read == none) {
            EXPECT_EQ(result.status, 403) << result.body;
            return;
        }
        ASSERT_EQ(result.status, 200) << result.body;
        const auto csv = parse_export(result.body);
        ASSERT_FALSE(csv.header.empty());
        EXPECT_EQ(csv.header.front(), "id");
        for (const auto& field : grant(entity).hidden) {
            EXPECT_THAT(csv.header, Not(::testing::Contains(field)));
        }
        EXPECT_EQ(csv.ids, visible_ids(entity));
    }

    // Filtering, ordering, selecting, grouping or exporting by a hidden field would tell its
    // values apart: each is refused, on every path.
    void expect_hidden_fields_refused(const std::string& entity) {
        const std::string path = records_path(entity);
        for (const auto& field : grant(entity).hidden) {
            for (const auto& target :
                 {path + "?" + field + "=like.*o*", path + "?order=" + field,
                  path + "?" + field + "=is.null", path + "?select=id," + field,
                  path + "/aggregate?count=true&group_by=" + field,
                  path + "/aggregate?count=true&" + field + "=like.*o*"}) {
                const auto result = a().get(target);
                EXPECT_EQ(result.status, 403) << target << ": " << result.body;
            }
            for (const auto& target :
                 {path + "/export?" + field + "=like.*o*", path + "/export?select=id," + field}) {
                const auto result = app_.get_once(person(Owner::a), target);
                EXPECT_EQ(result.status, 403) << target << ": " << result.body;
            }
        }
    }

    // Search finds the seeds A may read, except in an entity whose searchable text is partly
    // hidden from A: that entity is left out, so a hit never tells what the hidden text holds.
    void expect_search() {
        std::set<std::pair<std::string, std::int64_t>> expected;
        for (const auto& seed : seeds_) {
            const auto& hidden = grant(seed.entity).hidden;
            const auto& searched = searchable_fields.at(seed.entity);
            const bool partly_hidden = std::any_of(
                hidden.begin(), hidden.end(), [&](const auto& f) { return searched.contains(f); });
            if (reaches(grant(seed.entity).read, seed.owner) && !partly_hidden) {
                expected.emplace(seed.entity, seed.id);
            }
        }
        const auto result = a().get("/api/v1/search?q=" + seed_word + "&limit=100");
        ASSERT_EQ(result.status, 200) << result.body;
        std::set<std::pair<std::string, std::int64_t>> found;
        const auto body = json(result);
        for (const auto& item : body.at("items").as_array()) {
            const std::string entity(item.at("entity").as_string());
            found.emplace(entity, item.at("id").as_int64());
            expect_no_hidden_fields(entity, boost::json::array{item.at("record")});
        }
        EXPECT_EQ(found, expected);
    }

    // Users, teams and roles: readable as the table says, written by admins only, and a user's
    // own roles are no way up.
    void expect_identity_entities() {
        const Person& b = person(Owner::b);
        const std::map<std::string, std::int64_t> counts{
            {"user", 4}, {"team", 2}, {"role", is_default_role(role()) ? 5 : 6}};
        const std::map<std::string, std::int64_t> b_side{{"user", b.id}, {"team", team_2_}};
        for (const auto& [entity, count] : counts) {
            SCOPED_TRACE(role() + " on " + entity);
            const Grant& granted = grant(entity);
            const auto listed = a().get(records_path(entity));
            const auto exported = app_.get_once(person(Owner::a), records_path(entity) + "/export");
            if (granted.read == none) {
                EXPECT_EQ(listed.status, 403) << listed.body;
                EXPECT_EQ(exported.status, 403) << exported.body;
            } else {
                ASSERT_EQ(listed.status, 200) << listed.body;
                EXPECT_EQ(json(listed).at("total"), count);
                expect_no_hidden_fields(entity, json(listed).at("items"));
                ASSERT_EQ(exported.status, 200) << exported.body;
                for (const auto& field : granted.hidden) {
                    EXPECT_THAT(parse_export(exported.body).header,
                                Not(::testing::Contains(field)));
                }
            }
            if (const auto it = b_side.find(entity); it != b_side.end()) {
                const auto got = a().get(record_path(entity, it->second));
                const auto history = a().get(record_path(entity, it->second) + "/history");
                EXPECT_EQ(got.status, granted.read == none ? 403 : 200) << got.body;
                EXPECT_EQ(history.status, granted.read == none ? 403 : 200) << history.body;
                for (const auto& field : granted.hidden) {
                    EXPECT_THAT(got.body + history.body, Not(HasSubstr("\"" + field + "\"")));
                }
            }
            for (const auto& field : granted.hidden) {
                const auto target = records_path(entity) + "?" + field + "=like.*";
                EXPECT_EQ(a().get(target).status, 403) << target;
            }
        }
        // The admin's own writes to users, teams and roles are what the fixture's setup does.
        if (grant("user").update != none) {
            return;
        }
        const Person& self = person(Owner::a);
        EXPECT_EQ(post(a(), records_path("user"),
                       {{"login", "intruder"},
                        {"name", "Intruder"},
                        {"password", RunningApplication::password},
                        {"roles", boost::json::array{"admin"}}})
                      .status,
                  403);
        EXPECT_EQ(patch(a(), record_path("user", self.id), {{"roles", boost::json::array{"admin"}}})
                      .status,
                  403);
        EXPECT_EQ(patch(a(), record_path("user", self.id), {{"name", "Renamed"}}).status, 403);
        EXPECT_EQ(
            patch(a(), record_path("user", b.id), {{"roles", boost::json::array{"viewer"}}}).status,
            403);
        EXPECT_EQ(remove(a(), record_path("user", b.id)).status, 403);
        EXPECT_EQ(post(a(), records_path("team"), {{"name", "Team 3"}}).status, 403);
        EXPECT_EQ(patch(a(), record_path("team", team_2_), {{"name", "Team 2b"}}).status, 403);
        EXPECT_EQ(remove(a(), record_path("team", team_2_)).status, 403);
        EXPECT_EQ(post(a(), records_path("role"),
                       {{"name", "escalated"},
                        {"grants", boost::json::parse(R"({"*": {"read": "all"}})")}})
                      .status,
                  403);
        const auto roles =
            json(app_.admin().client->get(records_path("role") + "?name=eq." + role()));
        const auto role_id = roles.at("items").at(0).at("id").as_int64();
        EXPECT_EQ(patch(a(), record_path("role", role_id),
                        {{"grants", boost::json::parse(R"({"*": {"update": "all"}})")}})
                      .status,
                  403);
        EXPECT_EQ(remove(a(), record_path("role", role_id)).status, 403);

        const auto unchanged = json(app_.admin().client->get(record_path("user", self.id)));
        EXPECT_EQ(unchanged.at("roles"), boost::json::array{boost::json::string(role())});
        EXPECT_EQ(unchanged.at("version"), 1);
        EXPECT_EQ(json(app_.admin().client->get(record_path("user", b.id))).at("version"), 1);
        EXPECT_EQ(json(app_.admin().client->get(records_path("team"))).at("total"), 2);
        EXPECT_EQ(json(app_.admin().client->get(records_path("role"))).at("total"),
                  counts.at("role"));
    }

    void expect_updates(const std::string& entity) {
        const Grant& granted = grant(entity);
        for (const auto* seed : seeds_of(entity)) {
            SCOPED_TRACE(std::string("A updates the ") + entity + " of " + owner_name(seed->owner));
            const auto result = patch(a(), record_path(entity, seed->id), change_of(entity));
            const int expected = change_status(granted.read, granted.update, seed->owner, 200);
            EXPECT_EQ(result.status, expected) << result.body;
            if (result.status != 200) {
                EXPECT_THAT(result.body, Not(HasSubstr(seed_word)));
            }
            const auto stored = json(app_.admin().client->get(record_path(entity, seed->id)));
            EXPECT_EQ(stored.at("version"), expected == 200 ? 2 : 1);
        }
    }

    void expect_deletes(const std::string& entity) {
        const Grant& granted = grant(entity);
        for (const auto* seed : seeds_of(entity)) {
            SCOPED_TRACE(std::string("A deletes the ") + entity + " of " + owner_name(seed->owner));
            const auto result = remove(a(), record_path(entity, seed->id));
            const int expected = change_status(granted.read, granted.remove, seed->owner, 204);
            EXPECT_EQ(result.status, expected) << result.body;
            EXPECT_EQ(app_.admin().client->get(record_path(entity, seed->id)).status,
                      expected == 204 ? 404 : 200);
        }
    }

    RunningApplication app_;
    std::int64_t team_2_ = 0;
    std::map<Owner, Person> people_;
    std::vector<Seed> seeds_;
};

TEST_P(PermissionMatrixTest, EveryPathAgreesWithTheExpectationTable) {
    seed_records();
    ASSERT_FALSE(HasFatalFailure());

    for (const auto& entity : record_entities) {
        SCOPED_TRACE(role() + " reads " + entity);
        expect_get_and_history(entity);
        expect_list_and_filters(entity);
        expect_aggregate(entity);
        expect_export(entity);
        expect_hidden_fields_refused(entity);
    }
    expect_search();
    expect_identity_entities();
    EXPECT_EQ(a().get("/api/v1/admin/security-events").status, role() == "admin" ? 200 : 403);
    for (const auto& entity : record_entities) {
        expect_updates(entity);
    }
    // Last entity first: the notes before the account they regard, which would take them along.
    for (auto entity = record_entities.rbegin(); entity != record_entities.rend(); ++entity) {
        expect_deletes(*entity);
    }
}

std::string matrix_test_name(
    const ::testing::TestParamInfo<std::tuple<db::Backend, std::string>>& info) {
    return std::get<1>(info.param) + "_" + std::string(db::backend_name(std::get<0>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(
    Roles, PermissionMatrixTest,
    ::testing::Combine(::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                       ::testing::Values("admin", "sales_manager", "salesperson", "support_agent",
                                         "viewer", "team_reader")),
    matrix_test_name);

// ---------------------------------------------------------------------------------------------
// Team scope and hidden fields beyond the matrix
// ---------------------------------------------------------------------------------------------

class ScopedAccessTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    ScopedAccessTest() : app_(GetParam()) { app_.create_role("team_reader", team_reader_grants); }

    Person user(const std::string& login, std::optional<std::int64_t> team_id) {
        return app_.sign_in(login, app_.create_user(login, "team_reader", team_id));
    }

    std::int64_t create_account(Person& owner, const std::string& name) {
        return RunningApplication::created_id(
            post(*owner.client, records_path("account"), {{"name", name}}));
    }

    RunningApplication app_;
};

TEST_P(ScopedAccessTest, TeamScope_ReachesTheLeaderAndTheListedMembersOfTheCallersTeam) {
    const auto team_1 = app_.create_team("Team 1");
    const auto team_2 = app_.create_team("Team 2");
    auto member = user("member-by-team-id", team_1);
    auto leader = user("leader", std::nullopt);
    auto listed = user("listed-member", std::nullopt);
    auto outsider = user("outsider", team_2);
    ASSERT_EQ(patch(*app_.admin().client, record_path("team", team_1),
                    {{"leader_id", leader.id}, {"member_ids", boost::json::array{listed.id}}})
                  .status,
              200);
    const Ids team_accounts{create_account(member, "Member's"), create_account(leader, "Leader's"),
                            create_account(listed, "Listed member's")};
    const auto outside = create_account(outsider, "Outsider's");
    const auto admins = create_account(app_.admin(), "Admin's");

    for (auto* person : {&member, &leader, &listed}) {
        const auto seen = json(person->client->get(records_path("account")));
        EXPECT_EQ(ids_of(seen.at("items")), team_accounts) << "user " << person->id;
        EXPECT_EQ(person->client->get(record_path("account", outside)).status, 404);
        EXPECT_EQ(person->client->get(record_path("account", admins)).status, 404);
    }
    const auto outsider_sees = json(outsider.client->get(records_path("account")));
    EXPECT_EQ(ids_of(outsider_sees.at("items")), Ids{outside});
}

TEST_P(ScopedAccessTest, Search_LeavesOutAnEntityWhoseSearchableTextIsPartlyHidden) {
    auto reader = user("reader", std::nullopt);
    ASSERT_EQ(post(*app_.admin().client, records_path("contact"),
                   {{"last_name", "Plain"}, {"email", "wombat@contacts.example"}})
                  .status,
              201);
    create_account(reader, "Plain Trading");

    // A hit on a word of the hidden address would tell the reader what the address holds, and
    // a hit on the name could have come from the address as well.
    for (const std::string word : {"wombat", "plain"}) {
        const auto found = reader.client->get("/api/v1/search?q=" + word);
        ASSERT_EQ(found.status, 200) << found.body;
        const auto items = json(found).at("items").as_array();
        for (const auto& item : items) {
            EXPECT_NE(item.at("entity"), "contact") << word << ": " << item;
        }
        EXPECT_EQ(items.size(), word == "plain" ? 1u : 0u) << found.body;
        const auto admin_items = json(app_.admin().client->get("/api/v1/search?q=" + word));
        EXPECT_EQ(admin_items.at("items").as_array().size(), word == "plain" ? 2u : 1u);
    }
    // The contact itself stays readable, without the address.
    const auto listed = json(reader.client->get(records_path("contact"))).at("items");
    ASSERT_EQ(listed.as_array().size(), 1u);
    EXPECT_FALSE(listed.at(0).as_object().contains("email"));
}

// An export streams its rows after the status line, so its checks must come first: a refusal
// is a 403, not a 200 that breaks off.
TEST_P(ScopedAccessTest, Export_RefusesFilteringOrSelectingByAHiddenFieldWith403) {
    auto reader = user("reader", std::nullopt);
    ASSERT_EQ(post(*app_.admin().client, records_path("contact"),
                   {{"last_name", "Plain"}, {"email", "wombat@contacts.example"}})
                  .status,
              201);

    for (const std::string query : {"email=like.wombat*", "select=id,email"}) {
        const auto result = app_.get_once(reader, records_path("contact") + "/export?" + query);
        EXPECT_EQ(result.status, 403) << query << ": " << result.body;
    }
    // Write-only fields are hidden from admins too: no password hash guessing by filter.
    for (const std::string query : {"password=like.*", "select=id,password"}) {
        const auto result = app_.get_once(app_.admin(), records_path("user") + "/export?" + query);
        EXPECT_EQ(result.status, 403) << query << ": " << result.body;
    }
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(ScopedAccessTest);

// ---------------------------------------------------------------------------------------------
// Property: list = get one by one
// ---------------------------------------------------------------------------------------------

class ListGetPropertyTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    ListGetPropertyTest() : app_(GetParam()) {}

    RunningApplication app_;
};

// Pages through the list as `person` sees it, checking that the total holds on every page.
Ids listed_page_by_page(Person& person, const std::string& filter = {}) {
    Ids ids;
    std::int64_t total = -1;
    for (std::size_t offset = 0;; offset += 50) {
        const auto page = person.client->get(records_path("account") +
                                             "?limit=50&offset=" + std::to_string(offset) + filter);
        EXPECT_EQ(page.status, 200) << page.body;
        if (page.status != 200) {
            break;
        }
        const auto body = json(page);
        if (total < 0) {
            total = body.at("total").as_int64();
        }
        EXPECT_EQ(body.at("total"), total) << "offset " << offset;
        const auto& items = body.at("items").as_array();
        for (const auto& item : items) {
            EXPECT_TRUE(ids.insert(item.at("id").as_int64()).second)
                << "listed twice: " << item.at("id");
        }
        if (items.size() < 50) {
            break;
        }
    }
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
    return ids;
}

TEST_P(ListGetPropertyTest, TheIdsAUserListsAreExactlyTheIdsTheyCanGetOneByOne) {
    app_.create_role("team_reader", team_reader_grants);
    app_.create_role("own_reader", R"({"account": {"create": "all", "read": "own"}})");
    const auto team_1 = app_.create_team("Team 1");
    const auto team_2 = app_.create_team("Team 2");
    // Two teams of two; what each may read of the others' accounts differs by role.
    std::vector<Person> people;
    std::vector<std::int64_t> team_of;
    for (const auto& [login, role, team_id] :
         std::vector<std::tuple<std::string, std::string, std::int64_t>>{
             {"team-reader-1", "team_reader", team_1},
             {"own-reader-1", "own_reader", team_1},
             {"salesperson-2", "salesperson", team_2},
             {"team-reader-2", "team_reader", team_2}}) {
        people.push_back(app_.sign_in(login, app_.create_user(login, role, team_id)));
        team_of.push_back(team_id);
    }

    std::mt19937 random(20240607);
    const std::vector<std::string> syllables{"ka", "lo", "mi", "ran", "su", "tek", "wa", "yo"};
    const std::vector<std::string> cities{"Jakarta", "Bandung", "Surabaya", "Medan", "Makassar"};
    struct Account {
        std::size_t owner;
        std::string city;
    };
    std::map<std::int64_t, Account> accounts;
    for (int i = 0; i < 60; ++i) {
        const std::size_t owner = random() % people.size();
        std::string name;
        for (std::size_t s = 0; s < 2 + random() % 3; ++s) {
            name += syllables[random() % syllables.size()];
        }
        const std::string city = cities[random() % cities.size()];
        const auto id = RunningApplication::created_id(
            post(*people[owner].client, records_path("account"),
                 {{"name", "Kopi " + name + " " + std::to_string(i)}, {"city", city}}));
        accounts[id] = {owner, city};
    }
    // Gaps in the ids, so "every id up to the largest" includes ids of no record at all.
    for (auto it = accounts.begin(); it != accounts.end();) {
        if (random() % 6 == 0) {
            EXPECT_EQ(remove(*app_.admin().client, record_path("account", it->first)).status, 204);
            it = accounts.erase(it);
        } else {
            ++it;
        }
    }
    const std::int64_t largest_id = accounts.rbegin()->first + 3;
    const auto model = [&](std::size_t reader) {  // what the roles say `reader` may see
        Ids ids;
        for (const auto& [id, account] : accounts) {
            const bool same_team = team_of[account.owner] == team_of[reader];
            const bool reads = reader == 2 || account.owner == reader || (reader != 1 && same_team);
            if (reads) {
                ids.insert(id);
            }
        }
        return ids;
    };

    for (std::size_t reader = 0; reader < people.size(); ++reader) {
        SCOPED_TRACE("user " + std::to_string(reader));
        Person& person = people[reader];
        const Ids listed = listed_page_by_page(person);

        Ids fetched;
        std::map<std::string, Ids> fetched_by_city;
        for (std::int64_t id = 1; id <= largest_id; ++id) {
            const auto got = person.client->get(record_path("account", id));
            if (got.status == 200) {
                fetched.insert(id);
                fetched_by_city[std::string(json(got).at("city").as_string())].insert(id);
            } else {
                EXPECT_EQ(got.status, 404) << "account " << id << ": " << got.body;
            }
        }
        EXPECT_EQ(listed, fetched);
        EXPECT_EQ(listed, model(reader));

        for (const auto& city : cities) {
            EXPECT_EQ(listed_page_by_page(person, "&city=eq." + city), fetched_by_city[city])
                << city;
        }
        // Every name holds "Kopi"; out-of-scope hits must neither show nor crowd out the rest.
        const auto searched = json(person.client->get("/api/v1/search?q=kopi&limit=100"));
        EXPECT_EQ(ids_of(searched.at("items")), fetched);

        const auto exported =
            app_.get_once(person, records_path("account") + "/export?format=csv&select=id");
        ASSERT_EQ(exported.status, 200) << exported.body;
        EXPECT_EQ(parse_export(exported.body).ids, fetched);

        const auto counted = json(
            person.client->get(records_path("account") + "/aggregate?count=true&group_by=city"));
        std::map<std::string, std::size_t> by_city;
        for (const auto& group : counted.at("groups").as_array()) {
            by_city[std::string(group.at("city").as_string())] =
                static_cast<std::size_t>(group.at("count").as_int64());
        }
        std::map<std::string, std::size_t> expected_by_city;
        for (const auto& [city, ids] : fetched_by_city) {
            expected_by_city[city] = ids.size();
        }
        EXPECT_EQ(by_city, expected_by_city);
    }
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(ListGetPropertyTest);

}  // namespace
}  // namespace rapport
