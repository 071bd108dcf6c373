// SIGINT/SIGTERM handling without a signal handler: the signals are blocked in every thread
// and the main thread waits for one, so shutdown runs as ordinary code.
#pragma once

namespace rapport::runtime {

// Call before starting any thread, so that every thread inherits the blocked mask.
void block_termination_signals();
// Returns the signal number that arrived.
int wait_for_termination_signal();

}  // namespace rapport::runtime
