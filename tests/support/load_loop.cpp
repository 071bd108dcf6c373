#include "load_loop.hpp"

#include "http_client.hpp"

namespace rapport::testing {

LoadLoop::LoadLoop(std::uint16_t port, std::string token, std::string target, int clients) {
    for (int i = 0; i < clients; ++i) {
        clients_.emplace_back([this, port, token, target] {
            HttpClient client(port);
            client.set_default_header("Authorization", "Bearer " + token);
            while (!stopping_) {
                ++requests_;
                if (client.get(target).status != 200) {
                    ++failures_;
                }
            }
        });
    }
}

LoadLoop::~LoadLoop() {
    stop();
}

void LoadLoop::stop() {
    stopping_ = true;
    for (auto& client : clients_) {
        if (client.joinable()) {
            client.join();
        }
    }
}

}  // namespace rapport::testing
