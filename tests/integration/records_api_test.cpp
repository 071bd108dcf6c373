// The records API over real HTTP on both backends: the JSON value rules, the error shapes,
// and that a refused request writes nothing.
#include "test_application.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <chrono>
#include <map>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResult;

class RecordsApiTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    RecordsApiTest()
        : application_(GetParam(),
                       [](config::Config& config) { config.server.max_body_bytes = 64 * 1024; })
        , client_(application_.client(true)) {}

    HttpResult post(const std::string& target, const std::string& body) {
        return client_->request("POST", target, body, {{"Content-Type", "application/json"}});
    }
    HttpResult patch(const std::string& target, const std::string& body,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
        headers.emplace_back("Content-Type", "application/json");
        return client_->request("PATCH", target, body, headers);
    }
    static boost::json::value json(const HttpResult& result) {
        return boost::json::parse(result.body);
    }
    static boost::json::object error(const HttpResult& result) {
        return json(result).at("error").as_object();
    }

    std::int64_t create_account(const std::string& body) {
        const auto result = post("/api/v1/records/account", body);
        EXPECT_EQ(result.status, 201) << result.body;
        return json(result).at("id").as_int64();
    }

    std::int64_t account_count() {
        return json(client_->get("/api/v1/records/account")).at("total").as_int64();
    }

    testing::TestApplication application_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(RecordsApiTest, CreateAnswers201WithTheWholeRecord) {
    const auto result =
        post("/api/v1/records/account",
             R"({"name": "Universitas Pancasila", "city": "Jakarta", "type": "prospect"})");
    ASSERT_EQ(result.status, 201) << result.body;
    const auto record = json(result).as_object();
    EXPECT_TRUE(record.at("id").is_int64());
    EXPECT_EQ(record.at("version"), 1);
    EXPECT_EQ(record.at("name"), "Universitas Pancasila");
    EXPECT_EQ(record.at("type"), "prospect");
    EXPECT_TRUE(record.at("email").is_null());
    EXPECT_THAT(std::string(record.at("created_at").as_string()), ::testing::EndsWith("Z"));
    EXPECT_EQ(result.header("etag"), "\"1\"");
}

TEST_P(RecordsApiTest, CreateAnswersExactlyWhatAReadReturns) {
    const auto account = create_account(R"({"name": "PT. KBE", "country": "Indonesia"})");
    const auto created =
        post("/api/v1/records/contact", R"({"last_name": "Wijaya", "first_name": "Rina", "email": )"
                                        R"("rina@kbe.co.id", "account_id": )" +
                                            std::to_string(account) + "}");
    ASSERT_EQ(created.status, 201) << created.body;

    const auto read = client_->get("/api/v1/records/contact/" +
                                   std::to_string(json(created).at("id").as_int64()));

    EXPECT_EQ(json(created), json(read));
}

TEST_P(RecordsApiTest, GetPatchDeleteAndHistory) {
    const auto id = std::to_string(create_account(R"({"name": "PT. KBE"})"));
    EXPECT_EQ(json(client_->get("/api/v1/records/account/" + id)).at("name"), "PT. KBE");

    const auto patched =
        patch("/api/v1/records/account/" + id, R"({"city": "Bandung"})", {{"If-Match", "\"1\""}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(json(patched).at("city"), "Bandung");
    EXPECT_EQ(json(patched).at("version"), 2);

    const auto stale =
        patch("/api/v1/records/account/" + id, R"({"city": "Bogor"})", {{"If-Match", "1"}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(error(stale).at("code"), "precondition_failed");
    const auto weak =
        patch("/api/v1/records/account/" + id, R"({"city": "Bogor"})", {{"If-Match", "W/\"2\""}});
    EXPECT_EQ(weak.status, 412);  // If-Match compares strongly
    EXPECT_EQ(json(client_->get("/api/v1/records/account/" + id)).at("city"), "Bandung");

    const auto history =
        json(client_->get("/api/v1/records/account/" + id + "/history")).at("items").as_array();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].at("action"), "updated");
    EXPECT_EQ(history[1].at("changes"), boost::json::parse(R"({"city": [null, "Bandung"]})"));

    // A deletion based on a version since changed is refused like such a PATCH.
    const auto stale_delete =
        client_->request("DELETE", "/api/v1/records/account/" + id, "", {{"If-Match", "\"1\""}});
    EXPECT_EQ(stale_delete.status, 412);
    EXPECT_EQ(
        client_->request("DELETE", "/api/v1/records/account/" + id, "", {{"If-Match", "\"2\""}})
            .status,
        204);
    EXPECT_EQ(client_->get("/api/v1/records/account/" + id).status, 404);
    // Who deleted it, and what it held, stays readable to one who reads every account.
    const auto after =
        json(client_->get("/api/v1/records/account/" + id + "/history")).at("items").as_array();
    ASSERT_EQ(after.size(), 3u);
    EXPECT_EQ(after[2].at("action"), "deleted");
    EXPECT_EQ(after[2].at("changes").at("city"), boost::json::parse(R"(["Bandung", null])"));
    EXPECT_EQ(client_->get("/api/v1/records/account/999999/history").status, 404);
}

TEST_P(RecordsApiTest, InvalidValuesAnswer422WithADetailPerFieldAndWriteNothing) {
    const auto result =
        post("/api/v1/records/account",
             R"({"email": "not-an-email", "type": "enemy", "colour": "red", "id": 5})");
    EXPECT_EQ(result.status, 422);
    const auto details = error(result).at("details").as_array();
    std::vector<std::string> fields;
    for (const auto& detail : details) {
        fields.emplace_back(detail.at("field").as_string());
    }
    // The required name too: one answer names every field to fix.
    EXPECT_THAT(fields, ::testing::UnorderedElementsAre("email", "type", "colour", "id", "name"));
    EXPECT_EQ(account_count(), 0);

    const auto missing = post("/api/v1/records/account", R"({"city": "Jakarta"})");
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(error(missing).at("details").as_array().at(0).at("field"), "name");
    const auto blank = post("/api/v1/records/account", R"({"name": " \t "})");
    EXPECT_EQ(blank.status, 422);
    EXPECT_EQ(error(blank).at("details").as_array().at(0).at("message"), "is required");
    EXPECT_EQ(account_count(), 0);

    // Each type takes the JSON kind of §7: no text for an id, no number for text.
    const auto account = std::to_string(create_account(R"({"name": "PT. KBE"})"));
    const auto kinds =
        post("/api/v1/records/contact",
             R"({"last_name": 5, "title": true, "account_id": ")" + account + R"("})");
    EXPECT_EQ(kinds.status, 422);
    std::map<std::string, std::string> kind_problems;
    const auto kind_details = error(kinds).at("details").as_array();
    for (const auto& detail : kind_details) {
        kind_problems.emplace(detail.at("field").as_string(), detail.at("message").as_string());
    }
    EXPECT_EQ(kind_problems, (std::map<std::string, std::string>{
                                 {"last_name", "expected a string"},
                                 {"title", "expected a string"},
                                 {"account_id", "expected a record id (a positive integer)"}}));
    EXPECT_EQ(json(client_->get("/api/v1/records/contact")).at("total"), 0);
    EXPECT_EQ(client_->request("DELETE", "/api/v1/records/account/" + account).status, 204);

    // What an import refuses and PostgreSQL cannot store.
    const auto nul = post("/api/v1/records/account", R"({"name": "a\u0000b"})");
    EXPECT_EQ(nul.status, 422);
    EXPECT_EQ(error(nul).at("details").as_array().at(0).at("field"), "name");
    // A number a double would round, wherever it is.
    const auto rounded =
        post("/api/v1/records/account", R"({"name": "Precise", "phone": 1000.50000000000001})");
    EXPECT_EQ(rounded.status, 422);
    EXPECT_THAT(std::string(error(rounded).at("message").as_string()),
                HasSubstr("1000.50000000000001"));
    EXPECT_EQ(account_count(), 0);
    // A date-time past 9999 in UTC has no canonical text: a filter on it is refused too.
    EXPECT_EQ(
        client_->get("/api/v1/records/account?created_at=gte.9999-12-31T23:59:59-01:00").status,
        400);
}

TEST_P(RecordsApiTest, MalformedJsonAnswers400) {
    const auto result = post("/api/v1/records/account", R"({"name": "unterminated)");
    EXPECT_EQ(result.status, 400);
    EXPECT_THAT(std::string(error(result).at("message").as_string()), HasSubstr("malformed JSON"));
    EXPECT_EQ(post("/api/v1/records/account", "[1, 2]").status, 400);
}

TEST_P(RecordsApiTest, UnknownEntitiesAndIdsAnswer404) {
    EXPECT_EQ(client_->get("/api/v1/records/spaceship").status, 404);
    EXPECT_EQ(client_->get("/api/v1/records/account/999").status, 404);
    EXPECT_EQ(client_->get("/api/v1/records/account/abc").status, 404);
}

TEST_P(RecordsApiTest, DanglingReferenceAnswers422AndReferencedDeleteAnswers409) {
    const auto dangling =
        post("/api/v1/records/contact", R"({"last_name": "Doe", "account_id": 4242})");
    EXPECT_EQ(dangling.status, 422);
    const auto account = std::to_string(create_account(R"({"name": "Acme"})"));
    EXPECT_EQ(
        post("/api/v1/records/contact", R"({"last_name": "Doe", "account_id": )" + account + "}")
            .status,
        201);
    const auto refused = client_->request("DELETE", "/api/v1/records/account/" + account);
    EXPECT_EQ(refused.status, 409);
    EXPECT_THAT(std::string(error(refused).at("message").as_string()),
                HasSubstr("referenced by contact"));
}

// A note names what it is about with regarding_entity + regarding_id: both or neither, and a
// record that exists, on create and on update.
TEST_P(RecordsApiTest, ANoteRegardingNoRecordAnswers422) {
    const auto problem_of = [&](const HttpResult& result) {
        const auto problem = error(result);
        const auto& detail = problem.at("details").as_array().at(0);
        return std::string(detail.at("field").as_string()) + " " +
               std::string(detail.at("message").as_string());
    };
    const auto note = [&](const std::string& regarding) {
        return post("/api/v1/records/note", R"({"body": "Called", )" + regarding + "}");
    };
    const auto unknown = note(R"("regarding_entity": "planet", "regarding_id": 1)");
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(problem_of(unknown), "regarding_entity no entity named planet");
    const auto missing = note(R"("regarding_entity": "account", "regarding_id": 4242)");
    EXPECT_EQ(missing.status, 422);
    EXPECT_EQ(problem_of(missing), "regarding_id no account with id 4242");

    const auto account = std::to_string(create_account(R"({"name": "Acme"})"));
    const auto created = note(R"("regarding_entity": "account", "regarding_id": )" + account);
    ASSERT_EQ(created.status, 201) << created.body;
    const auto target = "/api/v1/records/note/" + std::to_string(json(created).at("id").as_int64());
    const auto moved = patch(target, R"({"regarding_id": 4242})");
    EXPECT_EQ(moved.status, 422);
    EXPECT_EQ(problem_of(moved), "regarding_id no account with id 4242");
    EXPECT_EQ(patch(target, R"({"body": "Called back"})").status, 200);
    EXPECT_EQ(json(client_->get(target)).at("regarding_id").as_int64(), std::stoll(account));
    EXPECT_EQ(json(client_->get("/api/v1/records/note")).at("total"), 1);

    const auto imported = client_->request(
        "POST", "/api/v1/records/note/import",
        "body,regarding_entity,regarding_id\nKept,account," + account + "\nLost,account,4242\n",
        {{"Content-Type", "text/csv"}});
    ASSERT_EQ(imported.status, 200) << imported.body;
    const auto outcome = json(imported);
    EXPECT_EQ(outcome.at("created"), 1);
    const auto& row_error = outcome.at("errors").at(0);
    EXPECT_EQ(row_error.at("row"), 3);
    EXPECT_EQ(row_error.at("field"), "regarding_id");
}

// A note is nothing without its record and goes with it; an attachment stays, regarding nothing.
TEST_P(RecordsApiTest, DeletingARecordTakesItsNotesAndUnlinksItsAttachments) {
    const auto account = std::to_string(create_account(R"({"name": "Acme"})"));
    const auto regarding = R"("regarding_entity": "account", "regarding_id": )" + account;
    const auto note = post("/api/v1/records/note", R"({"body": "Called", )" + regarding + "}");
    ASSERT_EQ(note.status, 201) << note.body;
    const auto uploaded = client_->request(
        "POST",
        "/api/v1/attachments?file_name=offer.txt&regarding_entity=account&regarding_id=" + account,
        "the offer", {{"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;

    ASSERT_EQ(client_->request("DELETE", "/api/v1/records/account/" + account).status, 204);

    const auto note_id = std::to_string(json(note).at("id").as_int64());
    EXPECT_EQ(client_->get("/api/v1/records/note/" + note_id).status, 404);
    const auto attachment = json(client_->get("/api/v1/records/attachment/" +
                                              std::to_string(json(uploaded).at("id").as_int64())));
    EXPECT_TRUE(attachment.at("regarding_entity").is_null());
    EXPECT_TRUE(attachment.at("regarding_id").is_null());
    EXPECT_EQ(attachment.at("version"), 2);
}

TEST_P(RecordsApiTest, DeletingAnAttachmentQueuesTheRemovalOfItsContent) {
    const auto uploaded = client_->request("POST", "/api/v1/attachments?file_name=offer.txt",
                                           "the offer", {{"Content-Type", "text/plain"}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const auto attachment = json(uploaded);
    const auto jobs = [&] {
        return json(client_->get("/api/v1/admin/jobs?state=pending&kind=attachment.reclaim"))
            .at("items")
            .as_array();
    };
    EXPECT_TRUE(jobs().empty());

    const auto deleted_at = sdk::Timestamp::now();
    ASSERT_EQ(client_
                  ->request("DELETE", "/api/v1/records/attachment/" +
                                          std::to_string(attachment.at("id").as_int64()))
                  .status,
              204);

    const auto queued = jobs();
    ASSERT_EQ(queued.size(), 1U);
    EXPECT_EQ(queued.at(0).at("payload"), attachment.at("sha256"));
    // Due once an upload of the same bytes running now would have committed its record.
    const auto due = sdk::Timestamp::parse(std::string(queued.at(0).at("run_at").as_string()));
    ASSERT_TRUE(due);
    EXPECT_GE(due->time_point() - deleted_at.time_point(), std::chrono::minutes(9));
}

TEST_P(RecordsApiTest, ListFiltersOrdersSelectsAndCounts) {
    create_account(R"({"name": "Alpha", "city": "Jakarta", "type": "partner"})");
    create_account(R"({"name": "beta", "city": "Jakarta"})");
    create_account(R"({"name": "Gamma", "city": "Bandung"})");
    const auto result = json(
        client_->get("/api/v1/records/"
                     "account?city=eq.Jakarta&order=name.desc&select=name,type&limit=1&offset=0"));
    EXPECT_EQ(result.at("total"), 2);
    EXPECT_EQ(result.at("items"), boost::json::parse(R"([{"name": "beta", "type": "customer"}])"));
    const auto uncounted = json(client_->get("/api/v1/records/account?count=none&name=ilike.*A*"));
    EXPECT_FALSE(uncounted.as_object().contains("total"));
    EXPECT_EQ(uncounted.at("items").as_array().size(), 3u);
}

TEST_P(RecordsApiTest, BadQueriesAnswer400NamingTheParameter) {
    const auto result =
        client_->get("/api/v1/records/account?colour=eq.red&name=contains.x&offset=-1");
    EXPECT_EQ(result.status, 400);
    std::vector<std::string> fields;
    const auto details = error(result).at("details").as_array();
    for (const auto& detail : details) {
        fields.emplace_back(detail.at("field").as_string());
    }
    EXPECT_THAT(fields, ::testing::UnorderedElementsAre("colour", "name", "offset"));
}

TEST_P(RecordsApiTest, InjectionAttemptsAreJustValues) {
    create_account(R"({"name": "Acme"})");
    const auto attempt = client_->get(
        "/api/v1/records/account?name=eq.x'%3B%20DROP%20TABLE%20account%3B--&order=name.asc");
    EXPECT_EQ(attempt.status, 200);
    EXPECT_EQ(json(attempt).at("total"), 0);
    EXPECT_EQ(client_->get("/api/v1/records/account?order=name%3BDROP%20TABLE%20account").status,
              400);
    EXPECT_EQ(client_->get("/api/v1/records/account?select=name,(SELECT%201)").status, 400);
    EXPECT_EQ(account_count(), 1);
}

TEST_P(RecordsApiTest, HostileTextInEveryParameterRunsNothing) {
    create_account(R"({"name": "Acme"})");
    const std::string drop = "x%27%3B%20DROP%20TABLE%20account%3B--";
    const std::vector<std::string> targets{
        "/api/v1/records/account?name=eq." + drop,
        "/api/v1/records/account?name=in.(" + drop + ",b)",
        "/api/v1/records/account?name=like." + drop,
        "/api/v1/records/account?" + drop + "=eq.1",
        "/api/v1/records/account?order=" + drop,
        "/api/v1/records/account?select=" + drop,
        "/api/v1/records/account?limit=" + drop + "&offset=" + drop,
        "/api/v1/records/account/aggregate?group_by=" + drop,
        "/api/v1/records/account/aggregate?sum=" + drop + "&count=" + drop,
        "/api/v1/records/account/aggregate?group_by=created_at:" + drop,
        "/api/v1/records/account/export?format=csv&name=eq." + drop,
        "/api/v1/records/account/export?format=" + drop,
        "/api/v1/search?q=" + drop,
        "/api/v1/search?q=%22*)%20OR%20(&limit=" + drop,
        "/api/v1/records/" + drop,
        "/api/v1/records/account/" + drop,
        "/api/v1/records/account/1%20OR%201%3D1",
        "/api/v1/meta/entities/" + drop,
    };
    for (const auto& target : targets) {
        const auto result = client_->get(target);
        EXPECT_LT(result.status, 500) << target;
    }
    const auto import = client_->request("POST", "/api/v1/records/account/import",
                                         "name,\"x'); DROP TABLE account;--\"\nA,B\n",
                                         {{"Content-Type", "text/csv"}});
    EXPECT_EQ(import.status, 400);
    EXPECT_EQ(
        patch("/api/v1/records/account/1", R"({"name'); DROP TABLE account;--": "x"})").status,
        422);
    EXPECT_EQ(account_count(), 1);
    EXPECT_EQ(json(client_->get("/api/v1/records/contact")).at("total"), 0);
}

TEST_P(RecordsApiTest, AFilterLongerThanItsFieldFindsNothingWithoutAnError) {
    create_account(R"({"name": "PT. KBE"})");
    const auto long_name = client_->get("/api/v1/records/account?name=eq." + std::string(500, 'x'));
    ASSERT_EQ(long_name.status, 200) << long_name.body;
    EXPECT_EQ(json(long_name).at("total"), 0);
}

TEST_P(RecordsApiTest, HugeLimitsAreCapped) {
    create_account(R"({"name": "Acme"})");
    EXPECT_EQ(client_->get("/api/v1/records/account?limit=100000000").status, 200);
}

TEST_P(RecordsApiTest, MetadataDescribesEntitiesAndFields) {
    const auto entities = json(client_->get("/api/v1/meta/entities")).at("items").as_array();
    EXPECT_GE(entities.size(), 4u);
    const auto account = json(client_->get("/api/v1/meta/entities/account")).as_object();
    EXPECT_EQ(account.at("label"), "Account");
    bool found_type = false;
    for (const auto& field : account.at("fields").as_array()) {
        if (field.at("name") == "type") {
            found_type = true;
            EXPECT_EQ(field.at("type"), "enum");
            EXPECT_EQ(field.at("default"), "customer");
        }
    }
    EXPECT_TRUE(found_type);
}

TEST_P(RecordsApiTest, ImportCreatesGoodRowsAndReportsBadOnes) {
    const auto account = std::to_string(create_account(R"({"name": "Universitas Pancasila"})"));
    const std::string csv =
        "first_name,last_name,email,account_id\r\n"
        "Siti,Rahayu,siti@univpancasila.ac.id," +
        account +
        "\r\n"
        "Budi,,budi@example.com,\r\n"
        "\"Dewi, S.Kom\",\"Lestari\nLab\",not-an-email,\r\n"
        "Agus,Santoso,agus@example.com,999999\r\n"
        "Rina,Wati\r\n"
        "Joko,Widodo,,\r\n";
    const auto result = client_->request("POST", "/api/v1/records/contact/import", csv,
                                         {{"Content-Type", "text/csv"}});
    ASSERT_EQ(result.status, 200) << result.body;
    const auto body = json(result).as_object();
    EXPECT_EQ(body.at("created"), 2);
    EXPECT_EQ(body.at("error_count"), 4);
    std::vector<std::pair<std::int64_t, std::string>> errors;
    for (const auto& error : body.at("errors").as_array()) {
        errors.emplace_back(error.at("row").as_int64(), std::string(error.at("field").as_string()));
    }
    EXPECT_THAT(errors, ::testing::UnorderedElementsAre(
                            std::pair<std::int64_t, std::string>{3, "last_name"},
                            std::pair<std::int64_t, std::string>{4, "email"},
                            std::pair<std::int64_t, std::string>{6, "account_id"},
                            std::pair<std::int64_t, std::string>{7, ""}));
    const auto imported =
        json(client_->get("/api/v1/records/contact?order=id.asc")).at("items").as_array();
    ASSERT_EQ(imported.size(), 2u);
    EXPECT_EQ(imported[0].at("last_name"), "Rahayu");
    EXPECT_EQ(imported[0].at("account_id").as_int64(), std::stoll(account));
    const auto id = std::to_string(imported[0].at("id").as_int64());
    const auto history =
        json(client_->get("/api/v1/records/contact/" + id + "/history")).at("items").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at("action"), "created");
    const auto found = json(client_->get("/api/v1/search?q=siti%20rahay")).at("items").as_array();
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].at("entity"), "contact");
    const auto later = post("/api/v1/records/contact", R"({"last_name": "Later"})");
    ASSERT_EQ(later.status, 201) << later.body;
    EXPECT_GT(json(later).at("id").as_int64(), imported[1].at("id").as_int64());
}

TEST_P(RecordsApiTest, ImportRefusesAHeaderThatDoesNotFit) {
    const auto result =
        client_->request("POST", "/api/v1/records/contact/import",
                         "first_name,colour,id\nA,red,5\n", {{"Content-Type", "text/csv"}});
    EXPECT_EQ(result.status, 400);
    const auto details = error(result).at("details").as_array();
    std::vector<std::string> fields;
    for (const auto& detail : details) {
        fields.emplace_back(detail.at("field").as_string());
    }
    EXPECT_THAT(fields, ::testing::UnorderedElementsAre("colour", "id", "last_name"));
    EXPECT_EQ(json(client_->get("/api/v1/records/contact")).at("total"), 0);
}

TEST_P(RecordsApiTest, ImportsMayExceedTheOrdinaryBodyLimit) {
    std::string csv = "last_name,first_name\n";
    while (csv.size() < 100 * 1024) {
        csv += "Santoso,Agus Budi Cahyono Dwi Eko Fajar Gunawan\n";
    }
    const auto result = client_->request("POST", "/api/v1/records/contact/import", csv,
                                         {{"Content-Type", "text/csv"}});
    ASSERT_EQ(result.status, 200) << result.body.substr(0, 300);
    EXPECT_GT(json(result).at("created").as_int64(), 2000);
    // Refused on the declared length alone, before any of the body is read.
    const auto refused = client_->raw(
        "POST /api/v1/records/contact HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nContent-Length: 102400\r\n\r\n");
    EXPECT_EQ(refused.status, 413);
}

TEST_P(RecordsApiTest, SearchFindsRecordsAcrossEntities) {
    create_account(R"({"name": "Universitas Pancasila"})");
    ASSERT_EQ(post("/api/v1/records/contact", R"({"first_name": "Pancawati", "last_name": "Dewi"})")
                  .status,
              201);
    const auto items = json(client_->get("/api/v1/search?q=panca")).at("items").as_array();
    EXPECT_EQ(items.size(), 2u);
    EXPECT_EQ(client_->get("/api/v1/search").status, 400);
    const auto twice = client_->get("/api/v1/search?q=panca&q=dewi");
    EXPECT_EQ(twice.status, 400);
    EXPECT_EQ(error(twice).at("details").at(0).at("field"), "q");
}

TEST_P(RecordsApiTest, AggregateAnswersGroupsWithCountsAndBuckets) {
    create_account(R"({"name": "A", "type": "partner"})");
    create_account(R"({"name": "B"})");
    create_account(R"({"name": "C"})");
    const auto groups =
        json(client_->get("/api/v1/records/account/aggregate?group_by=type&count=true"))
            .at("groups");
    EXPECT_EQ(groups,
              boost::json::parse(
                  R"([{"type": "customer", "count": 2}, {"type": "partner", "count": 1}])"));
    const auto by_month =
        json(client_->get("/api/v1/records/account/aggregate?group_by=created_at:year&count=true"));
    EXPECT_EQ(by_month.at("groups").as_array().size(), 1u);
    EXPECT_EQ(client_->get("/api/v1/records/account/aggregate?sum=name").status, 400);
}

TEST_P(RecordsApiTest, ExportStreamsEveryMatchingRowAsCsvThatImportsBack) {
    std::string csv = "name,city,type\n";
    for (int i = 0; i < 12000; ++i) {
        csv += "\"Company " + std::to_string(i) + ", Ltd\"," +
               (i % 3 == 0 ? "Jakarta" : "Bandung") + ",customer\n";
    }
    ASSERT_EQ(
        client_
            ->request("POST", "/api/v1/records/account/import", csv, {{"Content-Type", "text/csv"}})
            .status,
        200);
    const auto exported =
        client_->get("/api/v1/records/account/export?format=csv&city=eq.Jakarta&select=city,name");
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(exported.header("transfer-encoding"), "chunked");
    // The columns in the order `select` names them.
    EXPECT_THAT(exported.body,
                ::testing::StartsWith("city,name\r\nJakarta,\"Company 0, Ltd\"\r\n"));
    EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 4001);
    EXPECT_TRUE(client_->connection_open());
    EXPECT_EQ(client_->get("/api/v1/records/account/export?format=xlsx").status, 400);
    // Every matching row in id order: what would cut or reorder them is refused, not ignored.
    for (const char* parameter : {"limit=1", "offset=5", "order=name.desc"}) {
        EXPECT_EQ(client_->get(std::string("/api/v1/records/account/export?") + parameter).status,
                  400)
            << parameter;
    }
}

// A spreadsheet would run "=1+1" as a formula: the export writes it behind an apostrophe, and
// the import takes the apostrophe off again.
TEST_P(RecordsApiTest, AnExportOfFormulaLikeTextImportsBackUnchanged) {
    const std::string values = R"x({"name": "=1+1", "city": "'@SUM(A1)", "phone": "+62 21 555", )x"
                               R"x("street": "-cmd|' /C calc'!A0", "industry": "'plain"})x";
    const auto id = create_account(values);
    const std::string select = "select=name,city,phone,street,industry";
    const auto exported = client_->get("/api/v1/records/account/export?" + select);
    ASSERT_EQ(exported.status, 200);
    EXPECT_THAT(exported.body, HasSubstr("'=1+1,"));
    ASSERT_EQ(client_->request("DELETE", "/api/v1/records/account/" + std::to_string(id)).status,
              204);

    const auto imported = client_->request("POST", "/api/v1/records/account/import", exported.body,
                                           {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    const auto items = json(client_->get("/api/v1/records/account?" + select)).at("items");
    EXPECT_EQ(items, boost::json::array{boost::json::parse(values)});
}

TEST_P(RecordsApiTest, OpenApiDocumentDescribesTheLiveEntities) {
    const auto result = client_->get("/api/v1/openapi.json");
    ASSERT_EQ(result.status, 200);
    const auto document = json(result).as_object();
    EXPECT_EQ(document.at("openapi"), "3.0.3");
    EXPECT_TRUE(document.at("paths").as_object().contains("/api/v1/records/account/{id}"));
    EXPECT_TRUE(document.at("components").at("schemas").as_object().contains("contact_input"));
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordsApiTest);

}  // namespace
}  // namespace rapport
