// What a webhook record must hold: an http or https URL and event names subscriptions accept.
#pragma once

namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

// Refuses (422) a webhook whose url is not http/https or whose events are not
// "<entity>.<action>", "<entity>.*" or "*".
void add_webhook_rules(records::RecordStore& store);

}  // namespace rapport::workflow
