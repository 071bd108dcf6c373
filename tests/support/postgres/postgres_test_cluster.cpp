#include "postgres/postgres_test_cluster.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <libpq-fe.h>
#include <memory>
#include <random>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace rapport::testing {
namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The script prints the server log to our stderr when it fails, so the test output shows why.
void run_cluster_script(const std::string& action, const std::filesystem::path& dir) {
    std::vector<std::string> args = {"bash", RAPPORT_PG_CLUSTER_SCRIPT, action, dir.string()};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    pid_t pid = 0;
    if (const int error = posix_spawnp(&pid, "bash", nullptr, nullptr, argv.data(), environ)) {
        throw std::runtime_error("cannot run " + args[1] + ": " + std::strerror(error));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error(args[1] + " " + action + " " + args[3] +
                                 " failed; see its output above");
    }
}

std::string read_url_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string url;
    if (!std::getline(in, url) || url.empty()) {
        throw std::runtime_error("cannot read the PostgreSQL test cluster URL from " +
                                 file.string() + "; did the postgres.cluster.start test pass?");
    }
    return url;
}

std::filesystem::path make_temp_dir() {
    std::string pattern = "/tmp/rapport-pg-run.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create " + pattern + ": " + std::strerror(errno));
    }
    return pattern;
}

// The cluster of a test binary run outside ctest, started on first use and stopped at exit.
class PrivateCluster {
  public:
    PrivateCluster() : dir_(make_temp_dir()), owner_(getpid()) {
        try {
            run_cluster_script("start", dir_);
            url_ = read_url_file(dir_ / "url");
        } catch (...) {
            remove();
            throw;
        }
    }

    ~PrivateCluster() {
        // A forked child (a death test) exits too, but must not stop its parent's cluster.
        if (getpid() == owner_) {
            remove();
        }
    }

    PrivateCluster(const PrivateCluster&) = delete;
    PrivateCluster& operator=(const PrivateCluster&) = delete;

    const std::string& url() const { return url_; }

  private:
    void remove() noexcept {
        try {
            run_cluster_script("stop", dir_);
        } catch (const std::exception& error) {
            std::cerr << "warning: " << error.what() << '\n';
        }
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::filesystem::path dir_;
    pid_t owner_;
    std::string url_;
};

Connection connect(const std::string& url) {
    Connection connection(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw std::runtime_error("cannot connect to the PostgreSQL test cluster at " + url + ": " +
                                 PQerrorMessage(connection.get()));
    }
    return connection;
}

void execute(PGconn* connection, const std::string& sql) {
    const Result result(PQexec(connection, sql.c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        throw std::runtime_error(sql + ": " + PQerrorMessage(connection));
    }
}

// The pid and counter keep names unique within a run; the random part keeps them unique
// against databases a crashed earlier process with a recycled pid left behind.
std::string unique_database_name() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    std::ostringstream name;
    name << "t_" << getpid() << '_' << counter++ << '_' << std::hex << random();
    return name.str();
}

// postgresql://user@host/dbname?params with dbname replaced.
std::string with_database(const std::string& url, const std::string& database) {
    const auto scheme_end = url.find("://");
    const auto path = scheme_end == std::string::npos ? scheme_end : url.find('/', scheme_end + 3);
    if (path == std::string::npos) {
        throw std::runtime_error("not a PostgreSQL URL with a database: " + url);
    }
    const auto query = url.find('?', path);
    return url.substr(0, path + 1) + database +
           (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::string postgres_cluster_url() {
    if (const char* file = std::getenv("RAPPORT_TEST_PG_URL_FILE"); file && *file) {
        return read_url_file(file);
    }
    static const PrivateCluster cluster;
    return cluster.url();
}

// Generated names are [a-z0-9_] only, so they need no quoting in SQL.
PostgresTestDatabase::PostgresTestDatabase()
    : cluster_url_(postgres_cluster_url())
    , name_(unique_database_name())
    , url_(with_database(cluster_url_, name_)) {
    execute(connect(cluster_url_).get(), "CREATE DATABASE " + name_);
}

PostgresTestDatabase::~PostgresTestDatabase() {
    try {
        execute(connect(cluster_url_).get(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& error) {
        // Destructors must not throw; a database left behind goes away with the cluster.
        std::cerr << "warning: cannot drop test database " << name_ << ": " << error.what() << '\n';
    }
}

}  // namespace rapport::testing
