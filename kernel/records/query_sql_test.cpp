#include "records/query_sql.hpp"

#include "database_fixture.hpp"
#include "records/query_test_entity.hpp"
#include "records/schema.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rapport::records {
namespace {

ListQuery first_page() {
    ListQuery query;
    query.conditions.push_back({"id", Operator::eq, false, {sdk::Value{std::int64_t{7}}}});
    return query;
}

class SelectHeadsTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    const db::Dialect& dialect() const { return db::dialect_for(GetParam()); }
};

TEST_P(SelectHeadsTest, AHeadWrittenOnceReadsAsOneWrittenForTheQuery) {
    const Schema schema(base_entities());
    const SelectHeads heads(dialect(), schema);
    const SelectHeads no_heads(dialect(), Schema({}));
    const EntityDefinition& account = *schema.find("account");

    const auto sql = list_sql(heads, account, first_page()).sql;

    EXPECT_EQ(sql, list_sql(no_heads, account, first_page()).sql);
    EXPECT_EQ(sql.rfind("SELECT ", 0), 0U) << sql;
    EXPECT_NE(sql.find(" FROM \"account\" WHERE "), std::string::npos) << sql;
}

// A head belongs to the entity definition it was written for, not to its name: a definition
// from elsewhere (another generation of the schema, a test's own) gets its own columns.
TEST_P(SelectHeadsTest, AnEntityOutsideTheSchemaGetsItsOwnColumns) {
    const Schema schema(base_entities());
    const SelectHeads heads(dialect(), schema);
    auto wider = *schema.find("account");
    wider.fields.push_back(test_entities::make_field("nickname", sdk::FieldType::string));

    EXPECT_EQ(list_sql(heads, *schema.find("account"), first_page()).sql.find("\"nickname\""),
              std::string::npos);
    EXPECT_NE(list_sql(heads, wider, first_page()).sql.find("\"nickname\""), std::string::npos);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SelectHeadsTest);

}  // namespace
}  // namespace rapport::records
