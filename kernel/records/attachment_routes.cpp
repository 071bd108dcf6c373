#include "records/attachment_routes.hpp"

#include "http/json_body.hpp"
#include "http/utf8.hpp"
#include "records/attachment_reclaim.hpp"
#include "records/attachment_storage.hpp"
#include "records/content_type_sniffer.hpp"
#include "records/field_text.hpp"
#include "records/record_access.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rapport::records {
namespace {

using http::Method;
using http::Request;
using http::Response;

constexpr std::string_view attachment_entity = "attachment";

std::optional<std::int64_t> positive_integer(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

// A non-empty query parameter, or nothing.
std::optional<std::string_view> given(const Request& request, std::string_view name) {
    auto value = request.query_param(name);
    return value && !value->empty() ? value : std::nullopt;
}

// The file name goes back out in Content-Disposition as UTF-8 (RFC 5987), so it must be
// well-formed UTF-8 and free of control characters.
bool is_clean_utf8(std::string_view text) {
    const bool has_control = std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
    return !has_control && http::is_well_formed_utf8(text);
}

// file_name, regarding_entity and regarding_id from the query, every problem reported at once:
// 422 when the name is missing, too long or not clean UTF-8, when only one half of the regarding
// pair is given, or when it names no existing record.
FieldValues upload_fields(const Request& request, RecordStore& store, const Caller& caller) {
    const auto& attachment = store.entity(attachment_entity);
    FieldValues values;
    std::vector<sdk::FieldError> problems;

    const auto* file_name_field = attachment.field("file_name");
    if (const auto file_name = given(request, "file_name"); !file_name) {
        problems.push_back({"file_name", "is required: pass it as ?file_name=..."});
    } else if (!is_clean_utf8(*file_name)) {
        problems.push_back({"file_name", "must be UTF-8 without control characters"});
    } else if (auto problem = check_range(*file_name_field, std::string(*file_name))) {
        problems.push_back({"file_name", std::move(*problem)});
    } else {
        values.emplace_back(file_name_field, std::string(*file_name));
    }

    const auto entity_name = given(request, "regarding_entity");
    const auto id_text = given(request, "regarding_id");
    if (entity_name && !id_text) {
        problems.push_back({"regarding_id", "is required with regarding_entity"});
    } else if (id_text && !entity_name) {
        problems.push_back({"regarding_entity", "is required with regarding_id"});
    } else if (entity_name) {
        const auto* regarding = store.schema().find(*entity_name);
        const auto id = positive_integer(*id_text);
        if (regarding == nullptr) {
            problems.push_back(
                {"regarding_entity", "no entity named " + std::string(*entity_name)});
        }
        if (!id) {
            problems.push_back({"regarding_id", "must be a record id (a positive integer)"});
        }
        if (regarding != nullptr && id) {
            try {
                store.get(caller, *regarding, *id);
                values.emplace_back(attachment.field("regarding_entity"), regarding->name);
                values.emplace_back(attachment.field("regarding_id"), *id);
            } catch (const sdk::Error& error) {
                if (error.code() != sdk::ErrorCode::not_found) {
                    throw;
                }
                problems.push_back({"regarding_id",
                                    "no " + regarding->name + " with id " + std::string(*id_text)});
            }
        }
    }

    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "the attachment cannot be created",
                         std::move(problems));
    }
    return values;
}

std::int64_t attachment_id(const Request& request) {
    const std::string_view text = *request.path_param("id");
    const auto id = positive_integer(text);
    if (!id) {
        throw sdk::Error(sdk::ErrorCode::not_found, "no attachment with id " + std::string(text));
    }
    return *id;
}

// RFC 6266: a quoted ASCII fallback for old clients, then the exact name as RFC 5987 UTF-8.
// The fallback turns each non-ASCII character into one '_' and backslashes too (Appendix D:
// user agents disagree on unescaping them), escaping only the quote. The name is clean UTF-8
// (checked on upload), so continuation bytes can simply be skipped.
std::string content_disposition(std::string_view disposition, std::string_view file_name) {
    std::string header(disposition);
    header += "; filename=\"";
    for (const char c : file_name) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xc0) == 0x80) {
            continue;
        }
        if (c == '"') {
            header += "\\\"";
        } else if (byte < 0x20 || byte >= 0x7f || c == '\\') {
            header += '_';
        } else {
            header += c;
        }
    }
    header += "\"; filename*=UTF-8''";
    constexpr std::string_view attr_chars = "!#$&+-.^_`|~";
    constexpr std::string_view hex_digits = "0123456789ABCDEF";
    for (const char c : file_name) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x80 && std::isalnum(byte) != 0) ||
            attr_chars.find(c) != std::string_view::npos) {
            header += c;
        } else {
            header += '%';
            header += hex_digits[byte >> 4];
            header += hex_digits[byte & 0x0f];
        }
    }
    return header;
}

std::string read_all(std::ifstream& file) {
    file.seekg(0, std::ios::end);
    const std::streamoff end = file.tellg();
    if (end < 0) {
        throw std::runtime_error("could not measure a stored attachment");
    }
    const auto size = static_cast<std::size_t>(end);
    file.seekg(0);
    std::string bytes(size, '\0');
    file.read(bytes.data(), static_cast<std::streamsize>(size));
    if (!file) {
        throw std::runtime_error("could not read a stored attachment");
    }
    return bytes;
}

std::string text_of(const Record& record, std::string_view field) {
    const auto* text = std::get_if<std::string>(&record.get(field));
    return text != nullptr ? *text : std::string();
}

Response content_response(const Record& record, std::string bytes) {
    std::string content_type = text_of(record, "content_type");
    if (content_type.empty() || is_dangerous_content_type(content_type)) {
        content_type = "application/octet-stream";
    }
    const bool show_inline = displays_inline(content_type);
    Response response{200, {}, std::move(bytes)};
    response.headers.set("Content-Type", content_type);
    response.headers.set(
        "Content-Disposition",
        content_disposition(show_inline ? "inline" : "attachment", text_of(record, "file_name")));
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("Cache-Control", "private, max-age=0");
    return response;
}

// Queues the removal of content an upload stored for nothing. The upload's own error is what
// its client needs to see: one here is only logged.
void reclaim_quietly(const AttachmentReclaim& reclaim, const std::string& sha256) noexcept {
    try {
        reclaim.schedule(sha256);
    } catch (const std::exception& error) {
        spdlog::warn("attachment content {} stays on disk: queueing its removal failed: {}", sha256,
                     error.what());
    }
}

// POST /api/v1/attachments?file_name=...&regarding_entity=...&regarding_id=... with the raw
// file as the body. The declared Content-Type is ignored: the stored type is the sniffed one.
Response upload(Request& request, RecordStore& store, const AttachmentStorage& storage,
                const AttachmentReclaim& reclaim, const Caller& caller) {
    const auto declared_type = request.header("Content-Type");
    if (declared_type && declared_type->starts_with("multipart/form-data")) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "send the file itself as the request body, not a multipart form");
    }
    const auto& attachment = store.entity(attachment_entity);
    // Before anything is written to disk: a caller who may not attach files cannot fill it.
    const RecordAccess creating(caller, attachment, Operation::create);
    FieldValues values = upload_fields(request, store, caller);
    // Stored before the record exists. If creating the record fails the file is left to the
    // reclaim job, not removed here: it is content-addressed, so another attachment may refer
    // to the same bytes.
    const StoredContent content = storage.store(request.body);
    values.emplace_back(attachment.field("content_type"), sniff_content_type(request.body));
    values.emplace_back(attachment.field("size"), static_cast<std::int64_t>(content.size));
    values.emplace_back(attachment.field("sha256"), content.sha256);
    std::optional<Record> record;
    try {
        record = store.create(caller, attachment, std::move(values));
    } catch (...) {
        reclaim_quietly(reclaim, content.sha256);
        throw;
    }
    auto response = http::json_response(201, record_to_json(*record));
    response.headers.set("ETag", "\"" + std::to_string(record->version()) + "\"");
    return response;
}

// GET /api/v1/attachments/{id}/content
Response download(Request& request, RecordStore& store, const AttachmentStorage& storage,
                  const Caller& caller) {
    const auto id = attachment_id(request);
    const Record record = store.get(caller, store.entity(attachment_entity), id);
    const std::string sha256 = text_of(record, "sha256");
    if (sha256.empty()) {
        throw sdk::Error(sdk::ErrorCode::not_found,
                         "attachment " + std::to_string(id) + " has no content");
    }
    std::ifstream file = storage.open(sha256);
    return content_response(record, read_all(file));
}

}  // namespace

void add_attachment_routes(http::Router& router, RecordStore& store,
                           const AttachmentStorage& storage, const AttachmentReclaim& reclaim,
                           Authenticate authenticate) {
    router.add(
        Method::post, "/api/v1/attachments",
        [&store, &storage, &reclaim, authenticate](Request& request) {
            return upload(request, store, storage, reclaim, authenticate(request));
        },
        http::RouteOptions(http::Execution::worker_pool, storage.max_bytes()));
    router.add(Method::get, "/api/v1/attachments/{id}/content",
               [&store, &storage, authenticate](Request& request) {
                   return download(request, store, storage, authenticate(request));
               });
}

}  // namespace rapport::records
