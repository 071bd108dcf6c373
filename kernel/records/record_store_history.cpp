// The record store's /history: the audit entries of one record, as the caller may see them.
#include "db/database.hpp"
#include "records/audit_log.hpp"
#include "records/record_access.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <exception>

namespace rapport::records {
namespace {

// The changes of an audit entry without the fields the reader may not see.
std::string without_hidden_fields(const EntityDefinition& entity, const EntityAccess& access,
                                  const std::string& changes) {
    auto json = boost::json::parse(changes);
    auto& object = json.as_object();
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (!access.readable(i)) {
            object.erase(entity.fields[i].name);
        }
    }
    return boost::json::serialize(object);
}

}  // namespace

std::vector<AuditEntry> RecordStore::history(const Caller& caller, const EntityDefinition& entity,
                                             std::int64_t id) {
    // The history of a record is readable where the record is; a deleted one's (who deleted
    // it, what it held) by those who read every record of its entity.
    const RecordAccess access(caller, entity, Operation::read);
    std::exception_ptr missing;
    try {
        get(caller, entity, id);
    } catch (const sdk::Error& error) {
        if (error.code() != sdk::ErrorCode::not_found || access.scope() != Scope::all) {
            throw;
        }
        missing = std::current_exception();
    }
    std::vector<AuditEntry> entries;
    database_.with_session([&](soci::session& session) {
        entries = read_audit(session, database_.dialect(), entity.name, id);
    });
    if (missing && entries.empty()) {  // never was
        std::rethrow_exception(missing);
    }
    for (auto& entry : entries) {
        entry.changes = without_hidden_fields(entity, access.access(), entry.changes);
    }
    return entries;
}

}  // namespace rapport::records
