// rapport_sqlite_loop: the SQLite counterpart of pgbench with a custom script, the baseline
// bench/records.sh measures rapportd's SQLite backend against. CLIENTS threads, each with its
// own connection set up like rapportd's (WAL, synchronous=NORMAL, foreign keys, busy timeout),
// run one prepared statement in a loop for SECONDS and read every column of every row. A
// statement that writes runs in its own BEGIN IMMEDIATE ... COMMIT transaction, as rapportd's
// writes do. Parameter ?1, if the statement has one, is a random id from 1 to MAX_ID.
//
//   rapport_sqlite_loop DB CLIENTS SECONDS MAX_ID SQL
//
// Prints the statements (transactions) per second to stdout.

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <random>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
    std::string database;
    unsigned clients = 0;
    unsigned seconds = 0;
    std::uint64_t max_id = 0;
    std::string sql;
};

class Connection {
  public:
    explicit Connection(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            fail("cannot open " + path);
        }
        execute("PRAGMA journal_mode = WAL");
        execute("PRAGMA synchronous = NORMAL");
        execute("PRAGMA foreign_keys = ON");
        execute("PRAGMA busy_timeout = 5000");
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { sqlite3_close_v2(db_); }

    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement,
                               nullptr) != SQLITE_OK) {
            fail("cannot prepare '" + sql + "'");
        }
        return statement;
    }

    // Steps through all rows, reading each column as rapportd's driver would, then resets.
    void run(sqlite3_stmt* statement) {
        int status = SQLITE_ROW;
        while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
            const int columns = sqlite3_column_count(statement);
            for (int i = 0; i < columns; ++i) {
                sqlite3_column_text(statement, i);
            }
        }
        if (status != SQLITE_DONE) {
            fail("statement failed");
        }
        sqlite3_reset(statement);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
    }

  private:
    void execute(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            fail(sql);
        }
    }

    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement(Connection& connection, const std::string& sql)
        : statement_(connection.prepare(sql)) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(statement_); }

    sqlite3_stmt* get() const { return statement_; }

  private:
    sqlite3_stmt* statement_;
};

// Runs the statement until the deadline and returns how often it ran.
std::uint64_t run_client(const Options& options, unsigned client,
                         std::chrono::steady_clock::time_point deadline) {
    Connection connection(options.database);
    Statement statement(connection, options.sql);
    Statement begin(connection, "BEGIN IMMEDIATE");
    Statement commit(connection, "COMMIT");
    const bool writes = sqlite3_stmt_readonly(statement.get()) == 0;
    const bool takes_id = sqlite3_bind_parameter_count(statement.get()) > 0;
    std::mt19937_64 generator(client + 1);
    std::uint64_t count = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (takes_id) {
            // The high bits of generator() * max_id: uniform in 0..max_id-1 up to 2^-40.
            const auto id = static_cast<sqlite3_int64>(
                (static_cast<unsigned __int128>(generator()) * options.max_id) >> 64);
            sqlite3_bind_int64(statement.get(), 1, id + 1);
        }
        if (writes) {
            connection.run(begin.get());
        }
        connection.run(statement.get());
        if (writes) {
            connection.run(commit.get());
        }
        ++count;
    }
    return count;
}

template <typename Number>
bool parse_positive(std::string_view text, Number& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && value > 0;
}

bool parse_options(int argc, char** argv, Options& options) {
    if (argc != 6) {
        return false;
    }
    options.database = argv[1];
    options.sql = argv[5];
    return parse_positive(argv[2], options.clients) && parse_positive(argv[3], options.seconds) &&
           parse_positive(argv[4], options.max_id);
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::cerr << "usage: " << argv[0] << " DB CLIENTS SECONDS MAX_ID SQL\n";
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::seconds(options.seconds);
    std::atomic<std::uint64_t> total{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> clients;
    for (unsigned client = 0; client < options.clients; ++client) {
        clients.emplace_back([&, client] {
            try {
                total += run_client(options, client, deadline);
            } catch (const std::exception& error) {
                std::cerr << "rapport_sqlite_loop: " << error.what() << '\n';
                failed = true;
            }
        });
    }
    for (std::thread& thread : clients) {
        thread.join();
    }
    if (failed) {
        return 1;
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::cout << static_cast<std::uint64_t>(static_cast<double>(total) / elapsed.count()) << '\n';
    return 0;
}
