// Files attached to records: POST /api/v1/attachments stores the raw body and creates its
// `attachment` record, GET /api/v1/attachments/{id}/content serves the bytes back safely. An
// upload whose record is refused leaves its content to `reclaim`.
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

namespace rapport::records {

class AttachmentReclaim;
class AttachmentStorage;
class RecordStore;

void add_attachment_routes(http::Router& router, RecordStore& store,
                           const AttachmentStorage& storage, const AttachmentReclaim& reclaim,
                           Authenticate authenticate);

}  // namespace rapport::records
