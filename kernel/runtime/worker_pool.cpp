#include "runtime/worker_pool.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <utility>

namespace rapport::runtime {

struct WorkerPool::Impl {
    explicit Impl(unsigned threads) : pool(threads) {}
    boost::asio::thread_pool pool;
};

WorkerPool::WorkerPool(unsigned threads)
    : impl_(std::make_unique<Impl>(threads)), threads_(threads) {}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::post(std::function<void()> task) {
    boost::asio::post(impl_->pool, std::move(task));
}

void WorkerPool::stop() {
    impl_->pool.join();
}

}  // namespace rapport::runtime
