// rapportd's exit codes, documented in --help and docs/admin-guide.md.
#pragma once

namespace rapport::rapportd {

enum ExitCode : int {
    exit_ok = 0,          // stopped by SIGTERM/SIGINT after a graceful shutdown
    exit_unexpected = 1,  // an unexpected error; the log says which
    exit_bad_config = 2,  // invalid command line, environment or configuration file
    exit_database = 3,    // the database cannot be opened or migrated
    exit_listen = 4,      // the address cannot be bound
    exit_data_dir = 5,    // the data directory cannot be created
};

}  // namespace rapport::rapportd
