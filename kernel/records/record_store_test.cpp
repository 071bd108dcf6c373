#include "records/record_store.hpp"

#include "db/statement.hpp"
#include "records/list_query_parser.hpp"
#include "records/record_json.hpp"
#include "records/record_store_test_fixture.hpp"
#include "records/search_index.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gmock/gmock.h>

#include <chrono>
#include <future>
#include <thread>

namespace rapport::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_P(RecordStoreTest, CreateAppliesDefaultsAndSystemFields) {
    const Record created = account("Universitas Pancasila");
    EXPECT_GT(created.id(), 0);
    EXPECT_EQ(created.version(), 1);
    EXPECT_EQ(created.get("type"), sdk::Value{std::string("customer")});
    EXPECT_EQ(created.get("active"), sdk::Value{true});
    EXPECT_EQ(created.get("created_by"), sdk::Value{std::int64_t{42}});
    EXPECT_FALSE(sdk::is_null(created.get("created_at")));
}

TEST_P(RecordStoreTest, ValuesRoundTripExactly) {
    const auto revenue = *sdk::Decimal::parse("450000000.01", 2);
    const auto founded = *sdk::Date::parse("1966-02-28");
    const auto last_contact = *sdk::Timestamp::parse("2026-11-22T09:41:06.250+07:00");
    const Record created = account(
        "PT. KBE", {{"revenue", revenue}, {"founded", founded}, {"last_contact", last_contact}});
    const Record read = store_.get(caller_, entity("account"), created.id());
    EXPECT_EQ(read.get("revenue"), sdk::Value{revenue});
    EXPECT_EQ(read.get("founded"), sdk::Value{founded});
    EXPECT_EQ(read.get("last_contact"), sdk::Value{last_contact});
}

TEST_P(RecordStoreTest, MissingRequiredFieldsAreRefusedAndNothingIsWritten) {
    const auto error = error_of([&] { store_.create(caller_, entity("account"), {}); });
    EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
    EXPECT_THAT(error.details(), ElementsAre(sdk::FieldError{"name", "is required"}));
    EXPECT_EQ(store_.list(caller_, entity("account"), {}).total, 0);
}

TEST_P(RecordStoreTest, UniqueValuesAreEnforced) {
    account("A", {{"code", std::string("X1")}});
    const auto error = error_of([&] { account("B", {{"code", std::string("X1")}}); });
    EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
    EXPECT_THAT(error.details().at(0).message, HasSubstr("must be unique"));
}

TEST_P(RecordStoreTest, DanglingReferencesAreRefused) {
    const auto error = error_of([&] {
        store_.create(caller_, entity("contact"),
                      values("contact", {{"last_name", std::string("Doe")},
                                         {"account_id", std::int64_t{999}}}));
    });
    EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
    EXPECT_THAT(error.details(),
                ElementsAre(sdk::FieldError{"account_id", "no account with id 999"}));
}

TEST_P(RecordStoreTest, DeletingAReferencedRecordIsAConflict) {
    const Record acme = account("Acme");
    const Record contact = store_.create(
        caller_, entity("contact"),
        values("contact", {{"last_name", std::string("Doe")}, {"account_id", acme.id()}}));
    const auto error = error_of([&] { store_.remove(caller_, entity("account"), acme.id()); });
    EXPECT_EQ(error.code(), sdk::ErrorCode::conflict);
    EXPECT_THAT(error.what(), HasSubstr("referenced by contact " + std::to_string(contact.id())));
    store_.remove(caller_, entity("contact"), contact.id());
    store_.remove(caller_, entity("account"), acme.id());
    EXPECT_EQ(error_of([&] { store_.get(caller_, entity("account"), acme.id()); }).code(),
              sdk::ErrorCode::not_found);
}

TEST_P(RecordStoreTest, UpdateChecksTheVersionAndChangesOnlyWhatDiffers) {
    const Record created = account("Acme");
    const Record updated =
        store_.update(caller_, entity("account"), created.id(),
                      values("account", {{"type", std::string("prospect")}}), {1});
    EXPECT_EQ(updated.version(), 2);
    EXPECT_EQ(updated.get("type"), sdk::Value{std::string("prospect")});
    const auto stale = error_of([&] {
        store_.update(caller_, entity("account"), created.id(),
                      values("account", {{"type", std::string("partner")}}), {1});
    });
    EXPECT_EQ(stale.code(), sdk::ErrorCode::precondition_failed);
    const Record same = store_.update(caller_, entity("account"), created.id(),
                                      values("account", {{"type", std::string("prospect")}}));
    EXPECT_EQ(same.version(), 2);
}

TEST_P(RecordStoreTest, UpdateCannotClearARequiredField) {
    const Record created = account("Acme");
    const auto error = error_of([&] {
        store_.update(caller_, entity("account"), created.id(),
                      values("account", {{"name", sdk::Value{}}}));
    });
    EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
}

TEST_P(RecordStoreTest, DeletesAreAuditedToo) {
    const Record created = account("Acme");
    store_.remove(caller_, entity("account"), created.id());
    database().with_session([&](soci::session& session) {
        const auto entries = read_audit(session, database().dialect(), "account", created.id());
        ASSERT_EQ(entries.size(), 2u);
        EXPECT_EQ(entries[1].action, "deleted");
        EXPECT_EQ(entries[1].changes,
                  R"({"name":["Acme",null],"type":["customer",null],"active":[true,null]})");
    });
}

TEST_P(RecordStoreTest, HistoryRecordsEveryChangeWithOldAndNewValues) {
    const Record created = account("Acme");
    store_.update(caller_, entity("account"), created.id(),
                  values("account", {{"name", std::string("Acme Ltd")}}));
    const auto history = store_.history(caller_, entity("account"), created.id());
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, "created");
    EXPECT_EQ(history[1].action, "updated");
    EXPECT_EQ(history[1].changes, R"({"name":["Acme","Acme Ltd"]})");
    EXPECT_EQ(history[1].user_id, 42);
}

TEST_P(RecordStoreTest, UpdateReturnsTheRecordAsAReadGivesItBack) {
    const Record account_before = account("Acme");
    const Record account_after = store_.update(
        caller_, entity("account"), account_before.id(),
        values("account",
               {{"code", std::string("A-1")},
                {"revenue", *sdk::Decimal::parse("10.5", 2)},
                {"active", false},
                {"type", std::string("partner")},
                {"founded", *sdk::Date::parse("1966-02-28")},
                {"last_contact", *sdk::Timestamp::parse("2026-11-22T09:41:06.250+07:00")}}));
    EXPECT_EQ(account_after.values,
              store_.get(caller_, entity("account"), account_before.id()).values);
    EXPECT_EQ(account_after.version(), account_before.version() + 1);

    const auto tag =
        store_.create(caller_, entity("tag"), values("tag", {{"label", std::string("hot")}})).id();
    const Record deal =
        store_.create(caller_, entity("deal"), values("deal", {{"title", std::string("Laptops")}}));
    const Record changed =
        store_.update(caller_, entity("deal"), deal.id(),
                      values("deal", {{"tag_ids", sdk::References{tag}},
                                      {"keywords", sdk::Strings{"b2b", "laptops"}},
                                      {"probability", std::int64_t{40}},
                                      {"seats", std::int64_t{12}}}));
    EXPECT_EQ(changed.values, store_.get(caller_, entity("deal"), deal.id()).values);
}

TEST_P(RecordStoreTest, ReferencesListsKeepTheirOrder) {
    const auto first =
        store_.create(caller_, entity("tag"), values("tag", {{"label", std::string("hot")}})).id();
    const auto second =
        store_.create(caller_, entity("tag"), values("tag", {{"label", std::string("lab")}})).id();
    const Record deal = store_.create(
        caller_, entity("deal"),
        values("deal",
               {{"title", std::string("Laptops")}, {"tag_ids", sdk::References{second, first}}}));
    EXPECT_EQ(deal.get("tag_ids"), (sdk::Value{sdk::References{second, first}}));
    ListQuery query;
    query.conditions.push_back({"tag_ids", Operator::eq, false, {sdk::References{first}}});
    EXPECT_EQ(store_.list(caller_, entity("deal"), query).items.size(), 1u);
    const auto error = error_of([&] { store_.remove(caller_, entity("tag"), first); });
    EXPECT_EQ(error.code(), sdk::ErrorCode::conflict);
}

TEST_P(RecordStoreTest, ListFiltersOrdersAndPagesTheSameOnBothBackends) {
    account("beta", {{"revenue", *sdk::Decimal::parse("10.50", 2)}});
    account("Alpha",
            {{"revenue", *sdk::Decimal::parse("200", 2)}, {"type", std::string("partner")}});
    account("gamma_1");
    account("100% Corp", {{"revenue", *sdk::Decimal::parse("10.49", 2)}});

    ListQuery by_name;
    by_name.order = {{"name", false}};
    EXPECT_THAT(names(by_name), ElementsAre("100% Corp", "Alpha", "beta", "gamma_1"));

    ListQuery by_revenue;
    by_revenue.order = {{"revenue", true}};
    EXPECT_THAT(names(by_revenue), ElementsAre("Alpha", "beta", "100% Corp", "gamma_1"));

    ListQuery rich;
    rich.conditions.push_back(
        {"revenue", Operator::gte, false, {*sdk::Decimal::parse("10.50", 2)}});
    rich.order = {{"name", false}};
    EXPECT_THAT(names(rich), ElementsAre("Alpha", "beta"));

    ListQuery like;
    like.conditions.push_back({"name", Operator::ilike, false, {std::string("a*")}});
    like.order = {{"name", false}};
    EXPECT_THAT(names(like), ElementsAre("Alpha"));

    ListQuery literal;
    literal.conditions.push_back({"name", Operator::like, false, {std::string("100%*")}});
    EXPECT_THAT(names(literal), ElementsAre("100% Corp"));

    ListQuery not_in;
    not_in.conditions.push_back(
        {"type", Operator::in, true, {std::string("partner"), std::string("other")}});
    not_in.order = {{"name", true}};
    not_in.limit = 2;
    not_in.offset = 1;
    const auto page = store_.list(caller_, entity("account"), not_in);
    EXPECT_EQ(page.total, 3);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].get("name"), sdk::Value{std::string("beta")});

    ListQuery empty_revenue;
    empty_revenue.conditions.push_back({"revenue", Operator::is_null, false, {}});
    EXPECT_THAT(names(empty_revenue), ElementsAre("gamma_1"));
}

TEST_P(RecordStoreTest, NotIsTrueAndNotIsFalseKeepRecordsWithoutAValue) {
    account("Yes");  // active defaults to true
    account("No", {{"active", false}});
    account("Unknown", {{"active", sdk::Value{}}});
    const auto matching = [&](Operator op, bool negated) {
        ListQuery query;
        query.conditions.push_back({"active", op, negated, {}});
        query.order = {{"name", false}};
        return names(query);
    };
    EXPECT_THAT(matching(Operator::is_true, false), ElementsAre("Yes"));
    EXPECT_THAT(matching(Operator::is_true, true), ElementsAre("No", "Unknown"));
    EXPECT_THAT(matching(Operator::is_false, true), ElementsAre("Unknown", "Yes"));
}

// PostgreSQL reads decimals back as text; ordering and grouping must still follow the numbers.
TEST_P(RecordStoreTest, DecimalsOrderAndGroupByTheirValueNotTheirText) {
    for (const auto* revenue : {"9.00", "10.00", "100.00", "2.50", "9.00"}) {
        account(std::string("Rev ") + revenue, {{"revenue", *sdk::Decimal::parse(revenue, 2)}});
    }
    ListQuery by_revenue;
    by_revenue.order = {{"revenue", false}, {"name", false}};
    EXPECT_THAT(names(by_revenue),
                ElementsAre("Rev 2.50", "Rev 9.00", "Rev 9.00", "Rev 10.00", "Rev 100.00"));
    by_revenue.order = {{"revenue", true}};
    by_revenue.limit = 2;
    EXPECT_THAT(names(by_revenue), ElementsAre("Rev 100.00", "Rev 10.00"));

    AggregateQuery by_amount;
    by_amount.group_by = {{"revenue", DateBucket::none}};
    by_amount.count = true;
    std::vector<std::string> groups;
    for (const auto& row : store_.aggregate(caller_, entity("account"), by_amount)) {
        groups.push_back(std::get<sdk::Decimal>(row.keys[0]).to_string() + " x" +
                         std::to_string(row.count.value_or(0)));
    }
    EXPECT_THAT(groups, ElementsAre("2.50 x1", "9.00 x2", "10.00 x1", "100.00 x1"));
}

TEST_P(RecordStoreTest, StringListItemsCountCharactersAgainstTheirMaximum) {
    std::string longest;
    for (int i = 0; i < 255; ++i) {
        longest += "\xC3\xBC";  // ü: 255 characters, 510 bytes
    }
    const auto parsed = values_from_json(
        entity("deal"),
        boost::json::parse(R"({"title": "T", "keywords": [")" + longest + R"("]})"));
    EXPECT_EQ(store_.create(caller_, entity("deal"), parsed).get("keywords"),
              sdk::Value{sdk::Strings{longest}});
    const auto error = error_of([&] {
        values_from_json(entity("deal"),
                         boost::json::parse(R"({"keywords": [")" + longest + R"(u"]})"));
    });
    EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
}

TEST_P(RecordStoreTest, ReferencesListsTakeIdsSentAsWholeNumbers) {
    const auto parsed =
        values_from_json(entity("deal"), boost::json::parse(R"({"tag_ids": [3.0, 1, 3]})"));
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0].second, (sdk::Value{sdk::References{3, 1}}));
    EXPECT_EQ(error_of([&] {
                  values_from_json(entity("deal"), boost::json::parse(R"({"tag_ids": [1.5]})"));
              }).code(),
              sdk::ErrorCode::validation_failed);
}

TEST_P(RecordStoreTest, ReferencesListsFilterByMembershipAndEmptiness) {
    const auto tag =
        store_.create(caller_, entity("tag"), values("tag", {{"label", std::string("hot")}})).id();
    store_.create(
        caller_, entity("deal"),
        values("deal", {{"title", std::string("Tagged")}, {"tag_ids", sdk::References{tag}}}));
    store_.create(caller_, entity("deal"), values("deal", {{"title", std::string("Bare")}}));
    const auto titles = [&](const char* filter) {
        std::vector<std::string> result;
        const auto query = parse_list_query(entity("deal"), {{"tag_ids", filter}});
        for (const auto& record : store_.list(caller_, entity("deal"), query).items) {
            result.push_back(std::get<std::string>(record.get("title")));
        }
        return result;
    };
    EXPECT_THAT(titles("is.null"), ElementsAre("Bare"));
    EXPECT_THAT(titles("not.is.null"), ElementsAre("Tagged"));
    EXPECT_THAT(titles(("eq." + std::to_string(tag)).c_str()), ElementsAre("Tagged"));
}

TEST_P(RecordStoreTest, StringListsRoundTrip) {
    const Record deal =
        store_.create(caller_, entity("deal"),
                      values("deal", {{"title", std::string("Laptops")},
                                      {"keywords", sdk::Strings{"lab", "laptops, 40 units"}}}));
    EXPECT_EQ(store_.get(caller_, entity("deal"), deal.id()).get("keywords"),
              (sdk::Value{sdk::Strings{"lab", "laptops, 40 units"}}));
}

TEST_P(RecordStoreTest, AggregatesGroupCountAndSumExactly) {
    account("A", {{"revenue", *sdk::Decimal::parse("0.10", 2)},
                  {"last_contact", *sdk::Timestamp::parse("2026-11-30T23:30:00-02:00")}});
    account("B", {{"revenue", *sdk::Decimal::parse("0.20", 2)},
                  {"last_contact", *sdk::Timestamp::parse("2026-11-02T10:00:00Z")}});
    account("C", {{"revenue", *sdk::Decimal::parse("450000000.01", 2)},
                  {"type", std::string("partner")},
                  {"last_contact", *sdk::Timestamp::parse("2026-12-01T10:00:00Z")}});
    AggregateQuery by_type;
    by_type.group_by = {{"type", DateBucket::none}};
    by_type.count = true;
    by_type.measures = {
        {Aggregate::sum, "revenue"}, {Aggregate::avg, "revenue"}, {Aggregate::max, "revenue"}};
    const auto rows = store_.aggregate(caller_, entity("account"), by_type);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].keys[0], sdk::Value{std::string("customer")});
    EXPECT_EQ(rows[0].count, 2);
    EXPECT_EQ(std::get<sdk::Decimal>(rows[0].measures[0]).to_string(), "0.30");
    EXPECT_EQ(std::get<sdk::Decimal>(rows[0].measures[1]).to_string(), "0.15");
    EXPECT_EQ(std::get<sdk::Decimal>(rows[1].measures[2]).to_string(), "450000000.01");

    AggregateQuery by_month;
    by_month.group_by = {{"last_contact", DateBucket::month}};
    by_month.count = true;
    const auto months = store_.aggregate(caller_, entity("account"), by_month);
    ASSERT_EQ(months.size(), 2u);
    EXPECT_EQ(months[0].keys[0], sdk::Value{std::string("2026-11")});
    EXPECT_EQ(months[0].count, 1);
    EXPECT_EQ(months[1].keys[0], sdk::Value{std::string("2026-12")});
    EXPECT_EQ(months[1].count, 2);

    AggregateQuery by_week;
    by_week.group_by = {{"last_contact", DateBucket::week}};
    by_week.count = true;
    const auto weeks = store_.aggregate(caller_, entity("account"), by_week);
    ASSERT_EQ(weeks.size(), 2u);
    EXPECT_EQ(weeks[0].keys[0], sdk::Value{std::string("2026-11-02")});
    EXPECT_EQ(weeks[1].keys[0], sdk::Value{std::string("2026-11-30")});
}

TEST_P(RecordStoreTest, AggregatesRespectFiltersAndIntegerMeasures) {
    for (int seats : {10, 20, 25}) {
        store_.create(
            caller_, entity("deal"),
            values("deal", {{"title", std::string("d")}, {"seats", std::int64_t{seats}}}));
    }
    AggregateQuery query;
    query.measures = {
        {Aggregate::sum, "seats"}, {Aggregate::avg, "seats"}, {Aggregate::min, "seats"}};
    query.conditions.push_back({"seats", Operator::gt, false, {std::int64_t{10}}});
    const auto rows = store_.aggregate(caller_, entity("deal"), query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].measures[0], sdk::Value{std::int64_t{45}});
    EXPECT_EQ(rows[0].measures[1], sdk::Value{std::int64_t{23}});
    EXPECT_EQ(rows[0].measures[2], sdk::Value{std::int64_t{20}});
}

TEST_P(RecordStoreTest, AggregatesOfLargeAmountsAreExactOrRefusedAsOutOfRange) {
    const auto revenue = [](const char* text) { return *sdk::Decimal::parse(text, 2); };
    account("A", {{"revenue", revenue("4000000000000000.01")}});
    account("B", {{"revenue", revenue("4000000000000000.02")}});
    AggregateQuery query;
    query.measures = {{Aggregate::sum, "revenue"}, {Aggregate::avg, "revenue"}};

    const auto rows = store_.aggregate(caller_, entity("account"), query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(std::get<sdk::Decimal>(rows[0].measures[0]).to_string(), "8000000000000000.03");
    // 4000000000000000.015, rounded half away from zero; a double would have lost the cents.
    EXPECT_EQ(std::get<sdk::Decimal>(rows[0].measures[1]).to_string(), "4000000000000000.02");

    // Past 18 digits, then (on SQLite) past 64 bits.
    for (const int accounts : {8, 2}) {
        for (int i = 0; i < accounts; ++i) {
            account("Big", {{"revenue", revenue("9999999999999999.99")}});
        }
        const auto error = error_of([&] { store_.aggregate(caller_, entity("account"), query); });
        EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
        EXPECT_THAT(error.what(), HasSubstr("is beyond the values a field of its type holds"));
    }
}

TEST_P(RecordStoreTest, SearchFindsRecordsByWordPrefixesAndForgetsDeletedOnes) {
    const Record university = account("Universitas Pancasila");
    account("Pancake House");
    const Record kbe = account("PT. Kreasi Bumi Energi");
    auto found = store_.search(caller_, "univ panc", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id(), university.id());
    EXPECT_EQ(store_.search(caller_, "panc", 10).size(), 2u);
    EXPECT_TRUE(store_.search(caller_, "\"*) OR (", 10).empty());
    store_.update(caller_, entity("account"), kbe.id(),
                  values("account", {{"name", std::string("PT. KBE")}}));
    EXPECT_TRUE(store_.search(caller_, "kreasi", 10).empty());
    EXPECT_EQ(store_.search(caller_, "kbe", 10).size(), 1u);
    store_.remove(caller_, entity("account"), university.id());
    EXPECT_EQ(store_.search(caller_, "panc", 10).size(), 1u);
}

// On SQLite the text waits in a queue and enters FTS5 a batch at a time, and before every
// search; a record changed or deleted while its text waits keeps only its last text. On
// PostgreSQL every record's row is written with it.
TEST_P(RecordStoreTest, SearchTextEntersTheIndexABatchAtATimeAndBeforeEverySearch) {
    const bool sqlite = database().backend() == db::Backend::sqlite;
    std::vector<std::int64_t> ids;
    for (long long i = 0; i < search_queue_batch + 3; ++i) {
        ids.push_back(account("Universitas " + std::to_string(i)).id());
    }
    EXPECT_EQ(rows_in("rapport_search"), sqlite ? search_queue_batch : search_queue_batch + 3);
    if (sqlite) {
        EXPECT_EQ(rows_in("rapport_search_queue"), 3);
    }
    store_.update(caller_, entity("account"), ids.back(),
                  values("account", {{"name", std::string("Kampus Merdeka")}}));
    store_.remove(caller_, entity("account"), ids[ids.size() - 2]);

    EXPECT_EQ(store_.search(caller_, "universitas", 500).size(),
              static_cast<std::size_t>(search_queue_batch + 1));
    const auto renamed = store_.search(caller_, "kampus", 10);
    ASSERT_EQ(renamed.size(), 1u);
    EXPECT_EQ(renamed[0].id(), ids.back());
    EXPECT_EQ(rows_in("rapport_search"), search_queue_batch + 2);
    if (sqlite) {
        EXPECT_EQ(rows_in("rapport_search_queue"), 0);
    }
}

TEST_P(RecordStoreTest, ASearchInsideAWriteTransactionFindsTheTextItWrote) {
    database().write_transaction([&](soci::session&) {
        const Record university = account("Universitas Pancasila");
        const auto found = store_.search(caller_, "pancasila", 10);
        ASSERT_EQ(found.size(), 1u);
        EXPECT_EQ(found[0].id(), university.id());
    });
}

// Not only hidden from search results: a deleted record's text leaves the index, and so does
// the text of the records deleted with it by cascade.
TEST_P(RecordStoreTest, DeletingARecordRemovesItsSearchTextAndItsCascadesText) {
    const Record university = account("Universitas Pancasila");
    const Record kept = account("Pancake House");
    const auto memo = [&](const std::string& text, std::int64_t account_id,
                          std::optional<std::int64_t> parent) {
        FieldValues fields =
            values("memo", {{"text", text}, {"account_id", sdk::Value{account_id}}});
        if (parent) {
            fields.emplace_back(entity("memo").field("parent_id"), sdk::Value{*parent});
        }
        return store_.create(caller_, entity("memo"), std::move(fields)).id();
    };
    const auto visit = memo("campus visit", university.id(), std::nullopt);
    memo("campus reply", kept.id(), visit);  // goes with its parent memo
    memo("campus tour", kept.id(), std::nullopt);
    const bool sqlite = database().backend() == db::Backend::sqlite;
    const auto indexed = [&] { return rows_in(sqlite ? "rapport_search_docs" : "rapport_search"); };
    ASSERT_EQ(indexed(), 5);

    store_.remove(caller_, entity("account"), university.id());

    EXPECT_EQ(indexed(), 2);
    EXPECT_EQ(store_.search(caller_, "campus", 10).size(), 1u);
    if (sqlite) {  // the FTS5 rows, not only their map
        EXPECT_EQ(rows_in("rapport_search"), 2);
    }
}

// A delete's consequences are changes of their own: the records deleted by cascade and the
// references cleared (set_null, lists) each get an audit entry and an event, as if deleted or
// updated one by one, in the delete's transaction.
TEST_P(RecordStoreTest, ADeleteAuditsAndAnnouncesWhatItDeletesAndClearsWithTheRecord) {
    std::vector<std::string> events;
    store_.set_event_hooks({[&](const RecordEvent& event) {
                                events.push_back(event.name() + " " + std::to_string(event.id()));
                            },
                            {}});
    const Record university = account("Universitas Pancasila");
    const auto memo = [&](std::optional<std::int64_t> parent) {
        FieldValues fields = values("memo", {{"account_id", sdk::Value{university.id()}}});
        if (parent) {
            fields.emplace_back(entity("memo").field("parent_id"), sdk::Value{*parent});
        }
        return store_.create(caller_, entity("memo"), std::move(fields)).id();
    };
    const auto visit = memo(std::nullopt);
    const auto reply = memo(visit);
    const auto unrelated = store_.create(caller_, entity("memo"), {}).id();
    const auto deal =
        store_.create(caller_, entity("deal"),
                      values("deal", {{"title", std::string("Campus licence")},
                                      {"memo_id", sdk::Value{reply}},
                                      {"memo_ids", sdk::References{visit, unrelated, reply}}}));
    events.clear();

    store_.remove(caller_, entity("account"), university.id());

    const auto id = [](std::int64_t value) { return std::to_string(value); };
    EXPECT_THAT(events, ElementsAre("deal.updated " + id(deal.id()),
                                    "account.deleted " + id(university.id()),
                                    "memo.deleted " + id(visit), "memo.deleted " + id(reply)));
    const Record cleared = store_.get(caller_, entity("deal"), deal.id());
    EXPECT_EQ(cleared.version(), 2);
    EXPECT_TRUE(sdk::is_null(cleared.get("memo_id")));
    EXPECT_EQ(cleared.get("memo_ids"), sdk::Value{sdk::References{unrelated}});
    const auto history = store_.history(caller_, entity("deal"), deal.id());
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].action, "updated");
    EXPECT_EQ(history[1].user_id, 42);
    EXPECT_EQ(history[1].changes,
              fmt::format(R"({{"memo_id":[{},null],"memo_ids":[[{},{},{}],[{}]]}})", reply, visit,
                          unrelated, reply, unrelated));
    database().with_session([&](soci::session& session) {
        const auto entries = read_audit(session, database().dialect(), "memo", reply);
        ASSERT_EQ(entries.size(), 2u);
        EXPECT_EQ(entries[1].action, "deleted");
        EXPECT_EQ(entries[1].user_id, 42);
        EXPECT_EQ(entries[1].changes,
                  fmt::format(R"({{"account_id":[{},null],"parent_id":[{},null]}})",
                              university.id(), visit));
    });
}

// A subscriber that refuses one of the consequences refuses the whole delete.
TEST_P(RecordStoreTest, ARefusedConsequenceLeavesEverythingAsItWas) {
    const Record university = account("Universitas Pancasila");
    const auto visit = create("memo", {{"account_id", sdk::Value{university.id()}}});
    store_.set_event_hooks({[](const RecordEvent& event) {
                                if (event.name() == "memo.deleted") {
                                    throw sdk::Error(sdk::ErrorCode::conflict, "memos stay");
                                }
                            },
                            {}});

    const auto error =
        error_of([&] { store_.remove(caller_, entity("account"), university.id()); });

    EXPECT_EQ(error.code(), sdk::ErrorCode::conflict);
    EXPECT_EQ(store_.get(caller_, entity("account"), university.id()).id(), university.id());
    EXPECT_EQ(store_.get(caller_, entity("memo"), visit).id(), visit);
    database().with_session([&](soci::session& session) {
        EXPECT_EQ(read_audit(session, database().dialect(), "account", university.id()).size(), 1u);
    });
}

// A record the delete would take along but that another refers to (restrict) refuses it, and
// says which.
TEST_P(RecordStoreTest, ADeleteThatWouldTakeAReferencedRecordAlongIsRefused) {
    const Record university = account("Universitas Pancasila");
    const auto visit = create("memo", {{"account_id", sdk::Value{university.id()}}});
    const auto tag =
        create("tag", {{"label", std::string("visited")}, {"memo_id", sdk::Value{visit}}});

    const auto error =
        error_of([&] { store_.remove(caller_, entity("account"), university.id()); });

    EXPECT_EQ(error.code(), sdk::ErrorCode::conflict);
    EXPECT_EQ(std::string(error.what()),
              fmt::format("account {} cannot be deleted: memo {}, which would go with it, is "
                          "still referenced by tag {} (tag.memo_id, owned by test)",
                          university.id(), visit, tag));
    EXPECT_EQ(store_.get(caller_, entity("memo"), visit).id(), visit);

    store_.remove(caller_, entity("tag"), tag);
    store_.remove(caller_, entity("account"), university.id());
    EXPECT_EQ(error_of([&] { store_.get(caller_, entity("memo"), visit); }).code(),
              sdk::ErrorCode::not_found);
}

// A record whose reference the delete clears may be deleted by another transaction meanwhile
// (on PostgreSQL, which runs them side by side): the delete goes on without it.
TEST_P(RecordStoreTest, ARecordDeletedMeanwhileIsNotClearedButTheDeleteGoesOn) {
    const auto memo = create("memo", {{"text", std::string("visit")}});
    const auto deal =
        create("deal", {{"title", std::string("Laptops")}, {"memo_id", sdk::Value{memo}}});
    std::promise<void> deal_deleted;
    std::thread other([&] {
        database().write_transaction([&](soci::session&) {
            store_.remove(caller_, entity("deal"), deal);
            deal_deleted.set_value();
            // Long enough for the memo's delete to read the deal and wait for its row lock.
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        });
    });
    deal_deleted.get_future().wait();

    store_.remove(caller_, entity("memo"), memo);
    other.join();

    EXPECT_EQ(error_of([&] { store_.get(caller_, entity("memo"), memo); }).code(),
              sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of([&] { store_.get(caller_, entity("deal"), deal); }).code(),
              sdk::ErrorCode::not_found);
}

// A plugin upgrade that turns a set_null reference into a cascade leaves the database's foreign
// key as it was: the referring record stays, and is not reported deleted.
TEST_P(RecordStoreTest, ARecordTheDatabaseKeepsIsNotReportedDeleted) {
    std::string upgraded = store_test_entities;
    const std::string set_null = "to: memo, on_delete: set_null";
    upgraded.replace(upgraded.find(set_null), set_null.size(), "to: memo, on_delete: cascade");
    RecordStore store(database(), std::make_shared<const Schema>(
                                      parse_entities_yaml(upgraded, "test", "upgraded.yaml")));
    std::vector<std::string> events;
    store.set_event_hooks({[&](const RecordEvent& event) { events.push_back(event.name()); }, {}});
    const auto memo = store_.create(caller_, entity("memo"), {}).id();
    const auto deal = store_.create(
        caller_, entity("deal"),
        values("deal", {{"title", std::string("Campus licence")}, {"memo_id", sdk::Value{memo}}}));

    store.remove({42, {}, store.system_caller().policy}, store.entity("memo"), memo);

    EXPECT_THAT(events, ElementsAre("memo.deleted"));
    EXPECT_TRUE(sdk::is_null(store_.get(caller_, entity("deal"), deal.id()).get("memo_id")));
}

TEST_P(RecordStoreTest, SearchKeepsFindingARecordWhoseOtherFieldsChange) {
    const Record university = account("Universitas Pancasila");
    store_.update(caller_, entity("account"), university.id(),
                  values("account", {{"code", std::string("UP-1")},
                                     {"revenue", *sdk::Decimal::parse("10.00", 2)}}));
    store_.update(caller_, entity("account"), university.id(),
                  values("account", {{"code", std::string("UP-2")}}));

    const auto found = store_.search(caller_, "pancasila", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id(), university.id());
    EXPECT_EQ(found[0].get("code"), sdk::Value{std::string("UP-2")});
    EXPECT_TRUE(store_.search(caller_, "up", 10).empty());  // code is not a search field
}

TEST_P(RecordStoreTest, AFieldThatBecomesSearchableFindsTheRecordsWrittenBefore) {
    const Record university = account("Universitas Pancasila", {{"code", std::string("UP-1")}});
    std::string upgraded_yaml = store_test_entities;
    const auto mark_searched = [&](const std::string& field) {
        upgraded_yaml.replace(upgraded_yaml.find(field + "}"), field.size() + 1,
                              field + ", search: true}");
    };
    mark_searched("code: {type: string, unique: true");
    mark_searched("tag_ids: {type: references, to: tag");  // a list has no text to index
    const auto upgraded_schema =
        std::make_shared<const Schema>(parse_entities_yaml(upgraded_yaml, "test", "test.yaml"));

    db::apply_migrations(database(), schema_migrations(*upgraded_schema));

    RecordStore upgraded(database(), upgraded_schema);
    const Caller caller{42, {}, upgraded.system_caller().policy};
    const auto found = upgraded.search(caller, "up", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id(), university.id());
    EXPECT_EQ(upgraded.search(caller, "pancasila", 10).size(), 1u);

    // Back to the fields searched before: the code is no longer found.
    db::apply_migrations(database(), schema_migrations(*schema_));
    EXPECT_TRUE(store_.search(caller_, "up", 10).empty());
    EXPECT_EQ(store_.search(caller_, "pancasila", 10).size(), 1u);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordStoreTest);

}  // namespace
}  // namespace rapport::records
