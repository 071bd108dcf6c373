#include "records/content_type_sniffer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace rapport::records {
namespace {

const std::string pdf(
    "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
const std::string png(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
const std::string text("Meeting notes: call the customer back on Monday about the renewal.\n");
const std::string html(
    "<!DOCTYPE html>\n<html><head><title>Quote</title></head>"
    "<body><script>fetch('/api/v1/auth/session')</script></body></html>\n");

TEST(ContentTypeSnifferTest, Sniff_RecognisesPdfByItsHeader) {
    EXPECT_EQ(sniff_content_type(pdf), "application/pdf");
}

TEST(ContentTypeSnifferTest, Sniff_RecognisesPngByItsSignature) {
    EXPECT_EQ(sniff_content_type(png), "image/png");
}

TEST(ContentTypeSnifferTest, Sniff_RecognisesPlainText) {
    EXPECT_EQ(sniff_content_type(text), "text/plain");
}

TEST(ContentTypeSnifferTest, Sniff_RecognisesHtmlAsDangerous) {
    const std::string type = sniff_content_type(html);

    EXPECT_EQ(type, "text/html");
    EXPECT_TRUE(is_dangerous_content_type(type));
}

TEST(ContentTypeSnifferTest, Sniff_IsSafeFromManyThreads) {
    std::vector<std::string> types(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < types.size(); ++i) {
        threads.emplace_back([&types, i] {
            for (int round = 0; round < 20; ++round) {
                types[i] = sniff_content_type(i % 2 == 0 ? pdf : png);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }

    for (std::size_t i = 0; i < types.size(); ++i) {
        EXPECT_EQ(types[i], i % 2 == 0 ? "application/pdf" : "image/png");
    }
}

TEST(ContentTypeSnifferTest, Dangerous_CoversTypesThatRunScript) {
    for (const char* type :
         {"text/html", "Text/HTML; charset=utf-8", "application/xhtml+xml", "image/svg+xml",
          "text/xml", "application/xml", "application/javascript", "text/javascript"}) {
        EXPECT_TRUE(is_dangerous_content_type(type)) << type;
    }
    for (const char* type : {"image/png", "application/pdf", "text/plain", "application/zip"}) {
        EXPECT_FALSE(is_dangerous_content_type(type)) << type;
    }
}

TEST(ContentTypeSnifferTest, DisplaysInline_OnlyImagesPdfPlainTextAndMedia) {
    for (const char* type :
         {"image/png", "image/jpeg", "application/pdf", "text/plain", "audio/mpeg", "video/mp4"}) {
        EXPECT_TRUE(displays_inline(type)) << type;
    }
    for (const char* type : {"image/svg+xml", "text/html", "application/zip",
                             "application/octet-stream", "text/csv"}) {
        EXPECT_FALSE(displays_inline(type)) << type;
    }
}

}  // namespace
}  // namespace rapport::records
