#include "records/record_import.hpp"

#include "db/statement.hpp"
#include "records/record_import_writer.hpp"
#include "records/store_test_fixture.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>

#include <optional>

namespace rapport::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace std::string_literals;

// Small batches, so that a few rows already take several transactions written concurrently.
constexpr std::size_t small_batch = 2;

MATCHER_P3(IsImportError, row, field, message, "") {
    return arg.row == static_cast<std::size_t>(row) && arg.field == field && arg.message == message;
}

class RecordImportTest : public StoreTest {
  protected:
    explicit RecordImportTest(const char* entities_yaml = store_test_entities)
        : StoreTest(entities_yaml) {}

    ImportResult import(const std::string& entity_name, const std::string& csv,
                        std::size_t batch_rows = small_batch) {
        const auto& imported = entity(entity_name);
        return import_csv(database(), store_.schema(), imported, caller_.policy->access(imported),
                          caller_, csv, {batch_rows, {}});
    }

    std::int64_t create(const std::string& entity_name, const std::string& field,
                        const std::string& value) {
        return store_
            .create(caller_, entity(entity_name), {{entity(entity_name).field(field), value}})
            .id();
    }

    // Writes `rows` as a batch whose checks have passed; what the writer refuses it with.
    std::optional<sdk::ErrorCode> write(const std::string& name,
                                        const std::vector<std::string>& columns,
                                        std::vector<PendingRow> rows) {
        const auto& imported = entity(name);
        ImportPlan plan;
        for (const auto& column : columns) {
            plan.columns.push_back(imported.field(column));
        }
        ImportWriter writer(database(), imported, caller_, plan);
        try {
            writer.write(std::move(rows));
            writer.finish();
        } catch (const sdk::Error& error) {
            return error.code();
        }
        return std::nullopt;
    }

    std::vector<Record> all(const std::string& entity_name) {
        return store_.list(caller_, entity(entity_name), {}).items;
    }

    static std::vector<std::string> texts(const std::vector<Record>& records,
                                          const std::string& field) {
        std::vector<std::string> values;
        for (const auto& record : records) {
            values.push_back(std::get<std::string>(record.get(field)));
        }
        return values;
    }

    Caller caller_{42, {}, store_.system_caller().policy};
};

TEST_P(RecordImportTest, RowsOfSeveralBatchesGetDefaultsAuditEntriesAndSearchRows) {
    const auto result = import("account", "name\nAlpha\nBeta\nGamma\nDelta\nEpsilon\n");

    EXPECT_EQ(result.created, 5u);
    EXPECT_THAT(result.errors, IsEmpty());
    const auto accounts = all("account");
    EXPECT_THAT(texts(accounts, "name"),
                UnorderedElementsAre("Alpha", "Beta", "Gamma", "Delta", "Epsilon"));
    EXPECT_THAT(texts(accounts, "type"), ::testing::Each("customer"));
    for (const auto& account : accounts) {
        EXPECT_EQ(account.get("created_by"), sdk::Value{std::int64_t{42}});
        const auto history = store_.history(caller_, entity("account"), account.id());
        ASSERT_EQ(history.size(), 1u);
        EXPECT_EQ(history[0].action, "created");
        EXPECT_THAT(history[0].changes, HasSubstr(R"("name":[null,")"));
    }
    const auto found = store_.search(caller_, "epsil", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].get("name"), sdk::Value{std::string("Epsilon")});
}

TEST_P(RecordImportTest, AMissingReferenceSkipsOnlyItsRowInTheMiddleOfABatch) {
    const auto account = std::to_string(create("account", "name", "Acme"));

    const auto result =
        import("contact",
               "last_name,account_id\nA," + account + "\nB,999999\nC," + account + "\nD,\n", 10);

    EXPECT_EQ(result.created, 3u);
    EXPECT_THAT(result.errors,
                ElementsAre(IsImportError(3, "account_id", "no account with id 999999")));
    EXPECT_THAT(texts(all("contact"), "last_name"), UnorderedElementsAre("A", "C", "D"));
}

TEST_P(RecordImportTest, ARegardingPairMustNameAnExistingRecordOfAnExistingEntity) {
    const auto account = std::to_string(create("account", "name", "Acme"));

    const auto csv = fmt::format(
        "regarding_entity,regarding_id,text\n"
        "account,{0},Called them\n"
        "account,999999,Nobody there\n"
        "spaceship,1,Out of this world\n"
        "account,{0},Called again\n",
        account);
    const auto result = import("comment", csv, 10);

    EXPECT_EQ(result.created, 2u);
    EXPECT_THAT(result.errors,
                ElementsAre(IsImportError(3, "regarding_id", "no account with id 999999"),
                            IsImportError(4, "regarding_entity", "no entity named spaceship")));
    EXPECT_THAT(texts(all("comment"), "text"), UnorderedElementsAre("Called them", "Called again"));
}

TEST_P(RecordImportTest, HalfARegardingPairIsRefused) {
    const auto result = import("comment",
                               "regarding_entity,regarding_id,text\n"
                               "account,,First\n"
                               ",1,Second\n"
                               ",,Third\n");

    EXPECT_EQ(result.created, 1u);
    EXPECT_THAT(result.errors,
                ElementsAre(IsImportError(2, "regarding_id", "is required with regarding_entity"),
                            IsImportError(3, "regarding_entity", "is required with regarding_id")));
}

TEST_P(RecordImportTest, ValuesTakenInTheTableOrByAnEarlierRowAreRefused) {
    store_.create(caller_, entity("account"),
                  {{entity("account").field("name"), std::string("Old")},
                   {entity("account").field("code"), std::string("X1")}});

    const auto result = import("account", "name,code\nB,X1\nC,X2\nD,X2\nE,\nF,\n");

    EXPECT_EQ(result.created, 3u);
    const std::string taken = "must be unique: another record has the same value";
    EXPECT_THAT(result.errors,
                ElementsAre(IsImportError(2, "code", taken), IsImportError(4, "code", taken)));
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("Old", "C", "E", "F"));
}

TEST_P(RecordImportTest, ARefusedRowLeavesItsOtherUniqueValuesToLaterRows) {
    store_.create(caller_, entity("account"),
                  {{entity("account").field("name"), std::string("Old")},
                   {entity("account").field("tax_id"), std::string("T1")}});

    const auto result = import("account", "name,code,tax_id\nA,X1,T1\nB,X1,T2\n", 10);

    EXPECT_EQ(result.created, 1u);
    EXPECT_THAT(result.errors,
                ElementsAre(IsImportError(2, "tax_id",
                                          "must be unique: another record has the same value")));
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("Old", "B"));
}

TEST_P(RecordImportTest, TextThatIsNotUtf8IsRefusedWithoutFailingItsBatch) {
    const auto result = import("account", "name\nZo\xEB\nGood\nNul\0byte\nAlso good\n"s, 10);

    EXPECT_EQ(result.created, 2u);
    EXPECT_THAT(result.errors, ElementsAre(IsImportError(2, "name", "is not valid UTF-8 text"),
                                           IsImportError(4, "name", "is not valid UTF-8 text")));
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("Good", "Also good"));
}

TEST_P(RecordImportTest, ReferencesListsKeepTheirOrderAndMustAllExist) {
    const auto first = create("tag", "label", "hot");
    const auto second = create("tag", "label", "cold");
    // A record named twice is in the list once, at its first place.
    const std::string listed =
        std::to_string(second) + "," + std::to_string(first) + "," + std::to_string(second);

    const auto result = import("deal", "title,tag_ids\nBig,\"" + listed + "\"\nSmall,\"" +
                                           std::to_string(first) + ",424242\"\n");

    EXPECT_EQ(result.created, 1u);
    EXPECT_THAT(result.errors, ElementsAre(IsImportError(3, "tag_ids", "no tag with id 424242")));
    const auto deals = all("deal");
    ASSERT_EQ(deals.size(), 1u);
    const sdk::References in_order{second, first};
    EXPECT_EQ(deals[0].get("tag_ids"), sdk::Value{in_order});
}

TEST_P(RecordImportTest, AMalformedRowIsSkippedAndTheRowsAfterItAreImported) {
    const auto result = import("account", "name\nQ1\nQ\"2\nQ3\n");
    EXPECT_EQ(result.created, 2u);
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("Q1", "Q3"));
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].row, 3u);
    EXPECT_THAT(result.errors[0].message,
                HasSubstr("malformed CSV: quote inside unquoted field 1"));
    EXPECT_THAT(result.errors[0].message, HasSubstr("the row was skipped"));
}

// The checks find every record a batch refers to before it waits for the write lock. One
// deleted in between (here before the writer starts, the checks having run earlier) fails the
// batch with a conflict and nothing of it is written: on SQLite the writer looks them up again
// itself, on PostgreSQL the foreign keys refuse the rows.
TEST_P(RecordImportTest, ARecordDeletedBetweenTheChecksAndTheWriteFailsTheBatch) {
    const auto kept = create("tag", "label", "kept");
    const auto deleted = create("tag", "label", "deleted");
    const auto account = create("account", "name", "Gone");
    store_.remove(caller_, entity("tag"), deleted);
    store_.remove(caller_, entity("account"), account);
    EXPECT_EQ(write("deal", {"title", "tag_ids"},
                    {{2, {"Fine"s, sdk::References{kept}}},
                     {3, {"Late"s, sdk::References{kept, deleted}}}}),
              sdk::ErrorCode::conflict);
    EXPECT_EQ(
        write("contact", {"last_name", "account_id"}, {{2, {"Late"s, std::int64_t{account}}}}),
        sdk::ErrorCode::conflict);
    // No foreign key covers a regarding pair: the batch looks the record up itself.
    EXPECT_EQ(write("comment", {"text", "regarding_entity", "regarding_id"},
                    {{2, {"Late"s, "account"s, std::int64_t{account}}}}),
              sdk::ErrorCode::conflict);

    EXPECT_THAT(all("deal"), IsEmpty());
    EXPECT_THAT(all("contact"), IsEmpty());
    EXPECT_THAT(all("comment"), IsEmpty());
}

// A unique value another write took after the checks passed: the index refuses the batch,
// which is a conflict, and nothing of it is written.
TEST_P(RecordImportTest, AUniqueValueTakenBetweenTheChecksAndTheWriteFailsTheBatch) {
    store_.create(
        caller_, entity("account"),
        {{entity("account").field("name"), "First"s}, {entity("account").field("code"), "K1"s}});
    EXPECT_EQ(write("account", {"name", "code"}, {{2, {"Fine"s, "K2"s}}, {3, {"Late"s, "K1"s}}}),
              sdk::ErrorCode::conflict);
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("First"));
}

// Fields an import fills from their defaults, among them references: the first tag a test
// creates has id 1, and no tag has id 999.
class RecordImportDefaultsTest : public RecordImportTest {
  protected:
    RecordImportDefaultsTest()
        : RecordImportTest(R"(
tag:
  fields:
    label: {type: string, required: true}
deal:
  fields:
    title: {type: string, required: true}
    tag_ids: {type: references, to: tag, default: [1]}
    main_tag_id: {type: reference, to: tag, default: 1}
task:
  fields:
    title: {type: string, required: true}
    tag_id: {type: reference, to: tag, default: 999}
)") {}
};

TEST_P(RecordImportDefaultsTest, DefaultedReferencesAreWrittenWithTheirListsAndMustExist) {
    const auto tag = create("tag", "label", "hot");
    ASSERT_EQ(tag, 1);

    const auto deals = import("deal", "title\nBig\nSmall\n");
    const auto tasks = import("task", "title\nCall\n");

    EXPECT_EQ(deals.created, 2u);
    for (const auto& deal : all("deal")) {
        EXPECT_EQ(deal.get("tag_ids"), sdk::Value{sdk::References{tag}});
        EXPECT_EQ(deal.get("main_tag_id"), sdk::Value{tag});
    }
    EXPECT_EQ(tasks.created, 0u);
    EXPECT_THAT(tasks.errors, ElementsAre(IsImportError(2, "tag_id", "no tag with id 999")));
}

// What the workflow engine would do: a validator refusing one name, and a subscriber noting
// what committed.
class RecordImportEventsTest : public RecordImportTest {
  protected:
    void listen(std::function<bool(std::string_view)> wanted) {
        store_.set_event_hooks({[this](const RecordEvent& event) {
                                    before_.push_back(event.name());
                                    if (event.record.get("name") == sdk::Value{"Forbidden"s}) {
                                        throw sdk::Error(sdk::ErrorCode::validation_failed,
                                                         "refused", {{"name", "is forbidden"}});
                                    }
                                },
                                [this](const RecordEvent& event) {
                                    after_.push_back(
                                        std::get<std::string>(event.record.get("name")));
                                    committed_.push_back(all("account").size());
                                },
                                std::move(wanted)});
    }

    ImportResult import_through_store(const std::string& csv) {
        return store_.import_csv(caller_, entity("account"), csv);
    }

    std::vector<std::string> before_;
    std::vector<std::string> after_;
    std::vector<std::size_t> committed_;  // the accounts there when each subscriber ran
};

TEST_P(RecordImportEventsTest, RowsWhoseEventsAreHandledAreCreatedOneByOneWithTheirEvents) {
    listen([](std::string_view event) { return event == "account.created"; });

    const auto result =
        import_through_store("name,code\nAlpha,A\nForbidden,F\nBeta,B\nGamma,A\nDelta,F\n");

    // The refused row left nothing behind, not even its code.
    EXPECT_EQ(result.created, 3u);
    EXPECT_THAT(
        result.errors,
        ElementsAre(IsImportError(3, "name", "is forbidden"),
                    IsImportError(5, "code", "must be unique: account 1 has the same value")));
    EXPECT_THAT(texts(all("account"), "name"), UnorderedElementsAre("Alpha", "Beta", "Delta"));
    EXPECT_EQ(before_.size(), 4u);
    // After the batch's commit, not after each row.
    EXPECT_THAT(after_, ElementsAre("Alpha", "Beta", "Delta"));
    EXPECT_THAT(committed_, ElementsAre(3u, 3u, 3u));
    const auto alpha = all("account").front();
    EXPECT_EQ(store_.history(caller_, entity("account"), alpha.id()).size(), 1u);
}

TEST_P(RecordImportEventsTest, RowsWhoseEventsNobodyHandlesTakeTheFastPathWithoutEvents) {
    listen([](std::string_view event) { return event == "contact.created"; });

    const auto result = import_through_store("name\nAlpha\nForbidden\n");

    EXPECT_EQ(result.created, 2u);
    EXPECT_THAT(result.errors, IsEmpty());
    EXPECT_THAT(before_, IsEmpty());
    EXPECT_THAT(after_, IsEmpty());
}

TEST_P(RecordImportEventsTest, AnAfterWriteHookHearsOfEveryImportedRecordOnceItCommitted) {
    std::vector<std::size_t> seen;
    store_.on_after_write("account", [&](const Caller&, const EntityDefinition&, std::int64_t,
                                         std::string_view action, const FieldValues&) {
        EXPECT_EQ(action, "created");
        seen.push_back(all("account").size());
    });

    const auto result = import_through_store("name\nAlpha\nBeta\n");

    EXPECT_EQ(result.created, 2u);
    EXPECT_THAT(seen, ElementsAre(2u, 2u));
}

// SQLite's full-text index merges its segments less eagerly during an import, where merging
// would cost a third of the writing; ordinary writes find it eager again.
using SqliteRecordImportTest = RecordImportTest;

TEST_P(SqliteRecordImportTest, AnImportLeavesTheSearchIndexMergingAsEagerlyAsBefore) {
    const auto automerge = [&] {
        long long segments = 0;
        database().with_session([&](soci::session& session) {
            const auto rows =
                db::query(session, "SELECT v FROM rapport_search_config WHERE k = 'automerge'");
            segments = rows.empty() ? 4 : db::as_integer(rows.at(0).at(0));
        });
        return segments;
    };
    ASSERT_EQ(automerge(), 4);

    ASSERT_EQ(import("account", "name\nAlpha\nBeta\nGamma\n").created, 3u);

    EXPECT_EQ(automerge(), 4);
    EXPECT_EQ(store_.search(caller_, "gamm", 10).size(), 1u);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordImportTest);
INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteRecordImportTest, ::testing::Values(db::Backend::sqlite),
                         ::rapport::testing::backend_test_name);
RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordImportEventsTest);
RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordImportDefaultsTest);

}  // namespace
}  // namespace rapport::records
