#include "records/attachment_storage.hpp"

#include "temp_dir.hpp"

#include <rapport/sdk/error.hpp>

#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/resource.h>
#include <system_error>
#include <vector>

namespace rapport::records {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view abc_sha256 =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class AttachmentStorageTest : public ::testing::Test {
  protected:
    fs::path root() const { return dir_.path() / "attachments"; }

    // Every regular file under the root, relative to it.
    std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::recursive_directory_iterator(root())) {
            if (entry.is_regular_file()) {
                names.push_back(fs::relative(entry.path(), root()).string());
            }
        }
        return names;
    }

    static std::string read(std::ifstream file) {
        return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    }

    testing::TempDir dir_;
    AttachmentStorage storage_{root(), 8};
};

// Lowers the largest file this process may write, so that a write fails half way.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &saved_);
        previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
        rlimit lowered = saved_;
        lowered.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_handler_);
    }

  private:
    rlimit saved_{};
    void (*previous_handler_)(int) = nullptr;
};

TEST_F(AttachmentStorageTest, Store_PutsContentUnderItsSha256) {
    const StoredContent content = storage_.store("abc");

    EXPECT_EQ(content.sha256, abc_sha256);
    EXPECT_EQ(content.size, 3u);
    EXPECT_THAT(files(), ::testing::ElementsAre("ba/" + std::string(abc_sha256)));
}

TEST_F(AttachmentStorageTest, Store_KeepsIdenticalContentOnce) {
    const StoredContent first = storage_.store("abc");
    const StoredContent second = storage_.store("abc");

    EXPECT_EQ(first.sha256, second.sha256);
    EXPECT_EQ(files().size(), 1u);
}

TEST_F(AttachmentStorageTest, Store_AcceptsContentUpToTheLimit) {
    EXPECT_EQ(storage_.store("12345678").size, 8u);
}

TEST_F(AttachmentStorageTest, Store_RefusesContentBeyondTheLimit) {
    try {
        storage_.store("123456789");
        FAIL() << "expected payload_too_large";
    } catch (const sdk::Error& error) {
        EXPECT_EQ(error.code(), sdk::ErrorCode::payload_too_large);
        EXPECT_THAT(error.what(), ::testing::HasSubstr("at most 8 bytes"));
    }
    EXPECT_TRUE(files().empty());
}

TEST_F(AttachmentStorageTest, Store_LeavesOnlyContentFiles) {
    storage_.store("abc");
    storage_.store("");
    storage_.store("abcdefgh");

    for (const auto& name : files()) {
        EXPECT_EQ(fs::path(name).filename().string().size(), 64u) << name;
    }
    EXPECT_EQ(files().size(), 3u);
}

TEST_F(AttachmentStorageTest, Store_FailedWriteLeavesNoFileBehind) {
    {
        const FileSizeLimit limit(4);
        EXPECT_THROW(storage_.store("abcdefgh"), std::system_error);
    }
    EXPECT_TRUE(files().empty());
}

// Makes the stored content's file look as old as an hour.
void age(const fs::path& file) {
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
}

TEST_F(AttachmentStorageTest, Discard_RemovesContentStoredBeforeTheSettlingTime) {
    storage_.store("abc");
    age(root() / "ba" / abc_sha256);

    EXPECT_TRUE(storage_.discard(abc_sha256, std::chrono::minutes(10)));
    EXPECT_TRUE(files().empty());
    EXPECT_FALSE(storage_.discard(abc_sha256, std::chrono::minutes(10)));
}

TEST_F(AttachmentStorageTest, Discard_KeepsContentStoredWithinTheSettlingTime) {
    storage_.store("abc");

    EXPECT_FALSE(storage_.discard(abc_sha256, std::chrono::minutes(10)));
    EXPECT_EQ(files().size(), 1u);
}

TEST_F(AttachmentStorageTest, Store_OfContentStoredLongAgoMakesItFreshAgain) {
    storage_.store("abc");
    age(root() / "ba" / abc_sha256);

    storage_.store("abc");

    EXPECT_FALSE(storage_.discard(abc_sha256, std::chrono::minutes(10)));
    EXPECT_EQ(read(storage_.open(abc_sha256)), "abc");
}

TEST_F(AttachmentStorageTest, Open_ReadsTheStoredBytes) {
    const StoredContent content = storage_.store(std::string("a\0b\xff", 4));

    EXPECT_EQ(read(storage_.open(content.sha256)), std::string("a\0b\xff", 4));
}

TEST_F(AttachmentStorageTest, Open_UnknownKeyIsNotFound) {
    try {
        storage_.open(std::string(64, '0'));
        FAIL() << "expected not_found";
    } catch (const sdk::Error& error) {
        EXPECT_EQ(error.code(), sdk::ErrorCode::not_found);
    }
}

TEST_F(AttachmentStorageTest, Open_RefusesKeysThatAreNotLowercaseSha256) {
    storage_.store("abc");
    std::string uppercase(abc_sha256);
    std::transform(uppercase.begin(), uppercase.end(), uppercase.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });

    for (const std::string& key :
         {std::string("../../etc/passwd"), std::string("ba/../../x"), std::string(),
          std::string(abc_sha256.substr(1)), uppercase, std::string(abc_sha256) + "/",
          "ba/" + std::string(abc_sha256.substr(0, 61))}) {
        EXPECT_THROW(storage_.open(key), std::invalid_argument) << key;
    }
}

}  // namespace
}  // namespace rapport::records
