#include "logging/json_line_formatter.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace rapport::logging {
namespace {

boost::json::object format_line(spdlog::formatter& formatter, std::string_view payload) {
    const spdlog::details::log_msg message("rapport", spdlog::level::warn, payload);
    spdlog::memory_buf_t out;
    formatter.format(message, out);
    const std::string line(out.data(), out.size());
    EXPECT_EQ(line.back(), '\n');
    return boost::json::parse(line).as_object();
}

TEST(JsonLineFormatter, WritesOneValidObjectPerLine) {
    JsonLineFormatter formatter;
    const auto line = format_line(formatter, "quote \" backslash \\ newline \n control \x01");
    EXPECT_EQ(line.at("level"), "warning");
    EXPECT_EQ(line.at("logger"), "rapport");
    EXPECT_EQ(line.at("msg"), "quote \" backslash \\ newline \n control \x01");
    EXPECT_TRUE(line.at("ts").as_string().ends_with("Z"));
}

TEST(JsonFieldsFormatter, SplicesPreformattedMembers) {
    JsonFieldsFormatter formatter;
    const auto line = format_line(formatter, R"("status":200,"path":"/api/v1/health")");
    EXPECT_EQ(line.at("status"), 200);
    EXPECT_EQ(line.at("path"), "/api/v1/health");
}

}  // namespace
}  // namespace rapport::logging
