#include "records/attachment_routes.hpp"

#include "db/database.hpp"
#include "db/migrations.hpp"
#include "http/error_response.hpp"
#include "jobs/job_queue.hpp"
#include "records/attachment_reclaim.hpp"
#include "records/attachment_storage.hpp"
#include "records/audit_log.hpp"
#include "records/entity_definition.hpp"
#include "records/record_store.hpp"
#include "records/schema_migrations.hpp"
#include "records/search_index.hpp"
#include "temp_dir.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rapport::records {
namespace {

using http::Method;
using Query = std::vector<std::pair<std::string, std::string>>;

const std::string pdf(
    "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
const std::string html(
    "<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script>"
    "</body></html>\n");

// The key content is stored under, as a storage of its own works it out.
std::string sha256_of(const std::string& bytes) {
    testing::TempDir dir;
    return AttachmentStorage(dir.path()).store(bytes).sha256;
}

class AttachmentRoutesTest : public ::testing::Test {
  protected:
    AttachmentRoutesTest()
        : database_("sqlite:" + (dir_.path() / "rapport.db").string(), db::DatabaseOptions{4, 5000})
        , schema_(std::make_shared<const Schema>(base_entities()))
        , store_(database_, schema_)
        , storage_(dir_.path() / "attachments", 1024) {
        auto migrations = schema_migrations(*schema_);
        migrations.insert(migrations.begin(),
                          {audit_log_migration(), search_index_migration(),
                           search_queue_migration(), jobs::job_queue_migration()});
        db::apply_migrations(database_, migrations);
        add_attachment_routes(router_, store_, storage_, reclaim_,
                              [this](http::Request&) { return uploader_; });
    }

    // The route's response as a client sees it, errors mapped as the kernel maps them.
    http::Response call(Method method, const std::string& path, Query query = {},
                        std::string body = {}, std::string content_type = {}) {
        http::Request request;
        request.method = method;
        request.path = path;
        for (std::size_t start = 1; start <= path.size();) {
            const auto end = std::min(path.find('/', start), path.size());
            request.path_segments.push_back(path.substr(start, end - start));
            start = end + 1;
        }
        request.query = std::move(query);
        request.body = std::move(body);
        if (!content_type.empty()) {
            request.headers.set("Content-Type", std::move(content_type));
        }
        auto match = router_.match(method, request.path_segments);
        if (match.route == nullptr) {
            ADD_FAILURE() << "no route for " << path;
            return {};
        }
        request.path_params = std::move(match.params);
        auto handler = [&match](http::Request& r) { return match.route->handler(r); };
        return http::error_translation()(request, http::Next(handler));
    }

    http::Response upload(Query query, std::string body, std::string content_type = {}) {
        return call(Method::post, "/api/v1/attachments", std::move(query), std::move(body),
                    std::move(content_type));
    }

    http::Response download(std::int64_t id) {
        return call(Method::get, "/api/v1/attachments/" + std::to_string(id) + "/content");
    }

    std::int64_t uploaded(const std::string& bytes) {
        const auto response = upload({{"file_name", "a.pdf"}}, bytes);
        EXPECT_EQ(response.status, 201) << response.body;
        return json_of(response).at("id").as_int64();
    }

    bool stored(const std::string& sha256) const {
        return std::filesystem::exists(dir_.path() / "attachments" / sha256.substr(0, 2) / sha256);
    }

    // The reclaim jobs queued, each one's payload.
    std::vector<std::string> reclaims_queued() {
        std::vector<std::string> payloads;
        for (const auto& job :
             queue_.list(jobs::JobState::pending, std::string(attachment_reclaim_job_kind), 100)) {
            payloads.push_back(job.payload);
        }
        return payloads;
    }

    std::int64_t account(const std::string& name) {
        const auto& entity = store_.entity("account");
        return store_.create(caller_, entity, {{entity.field("name"), name}}).id();
    }

    static boost::json::object json_of(const http::Response& response) {
        return boost::json::parse(response.body).as_object();
    }

    // The fields the 422 names, in order.
    static std::vector<std::string> fields_in_error(const http::Response& response) {
        const auto body = json_of(response);
        std::vector<std::string> fields;
        for (const auto& detail : body.at("error").at("details").as_array()) {
            fields.emplace_back(detail.at("field").as_string());
        }
        return fields;
    }

    testing::TempDir dir_;
    db::Database database_;
    std::shared_ptr<const Schema> schema_;
    RecordStore store_;
    AttachmentStorage storage_;
    jobs::JobQueue queue_{database_};
    // Content settles at once here: whether a file is fresh is the storage's test.
    AttachmentReclaim reclaim_{storage_, queue_, std::chrono::seconds(0)};
    http::Router router_;
    Caller caller_ = store_.system_caller();
    Caller uploader_ = caller_;  // who the routes see
};

TEST_F(AttachmentRoutesTest, Upload_CreatesTheRecordWithSniffedTypeSizeAndHash) {
    const auto account_id = account("Acme");

    const auto response = upload({{"file_name", "quote.pdf"},
                                  {"regarding_entity", "account"},
                                  {"regarding_id", std::to_string(account_id)}},
                                 pdf, "text/plain");

    ASSERT_EQ(response.status, 201) << response.body;
    const auto record = json_of(response);
    EXPECT_EQ(record.at("file_name"), "quote.pdf");
    EXPECT_EQ(record.at("content_type"), "application/pdf");
    EXPECT_EQ(record.at("size"), static_cast<std::int64_t>(pdf.size()));
    EXPECT_EQ(record.at("sha256").as_string().size(), 64u);
    EXPECT_EQ(record.at("regarding_entity"), "account");
    EXPECT_EQ(record.at("regarding_id"), account_id);
}

TEST_F(AttachmentRoutesTest, Download_ReturnsTheUploadedBytesInline) {
    const auto id = json_of(upload({{"file_name", "quote.pdf"}}, pdf)).at("id").as_int64();

    const auto response = download(id);

    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.body, pdf);
    EXPECT_EQ(response.headers.get("Content-Type"), "application/pdf");
    EXPECT_EQ(response.headers.get("Content-Disposition"),
              "inline; filename=\"quote.pdf\"; filename*=UTF-8''quote.pdf");
    EXPECT_EQ(response.headers.get("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.headers.get("Cache-Control"), "private, max-age=0");
}

TEST_F(AttachmentRoutesTest, Download_ServesHtmlOnlyAsAnOctetStreamDownload) {
    const auto uploaded = json_of(upload({{"file_name", "invoice.png"}}, html, "image/png"));
    EXPECT_EQ(uploaded.at("content_type"), "text/html");

    const auto response = download(uploaded.at("id").as_int64());

    EXPECT_EQ(response.body, html);
    EXPECT_EQ(response.headers.get("Content-Type"), "application/octet-stream");
    EXPECT_THAT(std::string(*response.headers.get("Content-Disposition")),
                ::testing::StartsWith("attachment; "));
}

TEST_F(AttachmentRoutesTest, Download_QuotesAndEncodesTheFileName) {
    const auto id = json_of(upload({{"file_name", "Angebot \"final\" M\xc3\xa4rz\\2024.pdf"}}, pdf))
                        .at("id")
                        .as_int64();

    EXPECT_EQ(download(id).headers.get("Content-Disposition"),
              "inline; filename=\"Angebot \\\"final\\\" M_rz_2024.pdf\"; "
              "filename*=UTF-8''Angebot%20%22final%22%20M%C3%A4rz%5C2024.pdf");
}

TEST_F(AttachmentRoutesTest, Download_UnknownAttachmentIsNotFound) {
    EXPECT_EQ(download(999).status, 404);
}

TEST_F(AttachmentRoutesTest, Download_RecordWithoutContentIsNotFound) {
    const auto& entity = store_.entity("attachment");
    const auto id =
        store_.create(caller_, entity, {{entity.field("file_name"), std::string("empty.txt")}})
            .id();

    EXPECT_EQ(download(id).status, 404);
}

TEST_F(AttachmentRoutesTest, Upload_WithoutFileNameIsRefused) {
    const auto missing = upload({}, pdf);
    const auto empty = upload({{"file_name", ""}}, pdf);

    EXPECT_EQ(missing.status, 422);
    EXPECT_THAT(fields_in_error(missing), ::testing::ElementsAre("file_name"));
    EXPECT_EQ(empty.status, 422);
}

TEST_F(AttachmentRoutesTest, Upload_FileNameWithControlCharactersIsRefused) {
    const auto response = upload({{"file_name", "quote.pdf\r\nSet-Cookie: a=b"}}, pdf);

    EXPECT_EQ(response.status, 422);
    EXPECT_THAT(fields_in_error(response), ::testing::ElementsAre("file_name"));
}

TEST_F(AttachmentRoutesTest, Upload_RegardingAMissingRecordIsRefused) {
    const auto unknown_entity = upload(
        {{"file_name", "a.pdf"}, {"regarding_entity", "spaceship"}, {"regarding_id", "1"}}, pdf);
    const auto unknown_record = upload(
        {{"file_name", "a.pdf"}, {"regarding_entity", "account"}, {"regarding_id", "42"}}, pdf);
    const auto half_pair = upload({{"file_name", "a.pdf"}, {"regarding_entity", "account"}}, pdf);

    EXPECT_EQ(unknown_entity.status, 422);
    EXPECT_THAT(fields_in_error(unknown_entity), ::testing::ElementsAre("regarding_entity"));
    EXPECT_EQ(unknown_record.status, 422);
    EXPECT_THAT(fields_in_error(unknown_record), ::testing::ElementsAre("regarding_id"));
    EXPECT_EQ(half_pair.status, 422);
    EXPECT_THAT(fields_in_error(half_pair), ::testing::ElementsAre("regarding_id"));
}

TEST_F(AttachmentRoutesTest, Upload_ReportsEveryProblemAtOnce) {
    const auto response = upload({{"regarding_entity", "account"}, {"regarding_id", "x"}}, pdf);

    EXPECT_EQ(response.status, 422);
    EXPECT_THAT(fields_in_error(response), ::testing::ElementsAre("file_name", "regarding_id"));
}

TEST_F(AttachmentRoutesTest, Upload_BeyondTheSizeLimitIsTooLarge) {
    const auto response = upload({{"file_name", "big.bin"}}, std::string(1025, 'x'));

    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(json_of(response).at("error").at("code"), "payload_too_large");
}

TEST_F(AttachmentRoutesTest, Upload_RouteAcceptsBodiesUpToTheStorageLimit) {
    const auto match = router_.match(Method::post, {"api", "v1", "attachments"});

    ASSERT_NE(match.route, nullptr);
    EXPECT_EQ(match.route->options.max_body_bytes, 1024u);
}

TEST_F(AttachmentRoutesTest, Upload_MultipartFormIsRefused) {
    const auto response = upload({{"file_name", "a.pdf"}}, pdf, "multipart/form-data; boundary=x");

    EXPECT_EQ(response.status, 400);
}

TEST_F(AttachmentRoutesTest, Upload_ByACallerWhoMayNotAttachFilesStoresNothing) {
    uploader_ = Caller{};

    EXPECT_EQ(upload({{"file_name", "a.pdf"}}, pdf).status, 403);
    EXPECT_FALSE(
        std::filesystem::exists(dir_.path() / "attachments" / sha256_of(pdf).substr(0, 2)));
}

TEST_F(AttachmentRoutesTest, Upload_RefusedQueuesTheRemovalOfTheContentItStored) {
    // Refused once the content is stored, as a plugin's validator may refuse the record.
    store_.on_before_write("attachment", [](const Caller&, const EntityDefinition&,
                                            std::optional<std::int64_t>, FieldValues&) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "no attachments today");
    });
    const auto refused = upload({{"file_name", "a.pdf"}}, pdf);
    ASSERT_EQ(refused.status, 422);
    const auto sha256 = sha256_of(pdf);
    ASSERT_TRUE(stored(sha256));

    EXPECT_THAT(reclaims_queued(), ::testing::ElementsAre(sha256));
    EXPECT_TRUE(reclaim_.reclaim(store_, sha256));
    EXPECT_FALSE(stored(sha256));
}

TEST_F(AttachmentRoutesTest, Reclaim_KeepsContentWhileAnAttachmentRefersToIt) {
    const auto& attachment = store_.entity("attachment");
    const auto first = uploaded(pdf);
    const auto second = uploaded(pdf);
    const auto sha256 = sha256_of(pdf);

    store_.remove(caller_, attachment, first);
    EXPECT_FALSE(reclaim_.reclaim(store_, sha256));
    EXPECT_TRUE(stored(sha256));
    EXPECT_EQ(download(second).body, pdf);

    store_.remove(caller_, attachment, second);
    EXPECT_TRUE(reclaim_.reclaim(store_, sha256));
    EXPECT_FALSE(stored(sha256));
    EXPECT_FALSE(reclaim_.reclaim(store_, sha256));  // run twice: nothing left to do
}

TEST_F(AttachmentRoutesTest, Reclaim_LeavesContentToAnUploadThatJustStoredItAgain) {
    const auto sha256 = sha256_of(pdf);
    store_.remove(caller_, store_.entity("attachment"), uploaded(pdf));
    const AttachmentReclaim settling(storage_, queue_, std::chrono::seconds(60));

    EXPECT_FALSE(settling.reclaim(store_, sha256));
    EXPECT_TRUE(stored(sha256));
}

}  // namespace
}  // namespace rapport::records
