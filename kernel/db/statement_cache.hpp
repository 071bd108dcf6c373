// The prepared statements of one connection, by their SQL. The set of distinct statements is
// open-ended (lists differ by their filters, their page), so a full cache lets go of the one
// used least recently: the hot statements of every request stay prepared.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rapport::db {

template <typename Handle>
class StatementCache {
  public:
    explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // The handle for `sql`: the cached one, else `prepare(sql)`'s, after which the least
    // recently used handle goes to `drop` if the cache was full. What `prepare` throws
    // propagates and changes nothing. The reference stays valid until that handle is dropped.
    template <typename Prepare, typename Drop>
    Handle& get(std::string_view sql, Prepare&& prepare, Drop&& drop) {
        if (const auto found = index_.find(sql); found != index_.end()) {
            entries_.splice(entries_.begin(), entries_, found->second);
            return found->second->second;
        }
        Handle handle = prepare(sql);
        try {
            entries_.emplace_front(std::string(sql), handle);
            index_.emplace(entries_.front().first, entries_.begin());
        } catch (...) {
            if (!entries_.empty() && entries_.front().first == sql) {
                entries_.pop_front();
            }
            drop(handle);
            throw;
        }
        if (entries_.size() > capacity_) {
            drop(entries_.back().second);
            index_.erase(entries_.back().first);
            entries_.pop_back();
        }
        return entries_.front().second;
    }

    // Hands every handle to `drop` and forgets them.
    template <typename Drop>
    void clear(Drop&& drop) {
        for (auto& entry : entries_) {
            drop(entry.second);
        }
        index_.clear();
        entries_.clear();
    }

    std::size_t size() const { return entries_.size(); }

  private:
    using Entries = std::list<std::pair<std::string, Handle>>;  // most recently used first

    std::size_t capacity_;
    Entries entries_;
    // Keys view the strings in entries_, whose nodes never move.
    std::unordered_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace rapport::db
