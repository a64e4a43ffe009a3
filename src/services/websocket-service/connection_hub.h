#pragma once
// Live connections by user. Fan-out copies the connection list under the
// lock and sends outside it; each connection queues the same immutable frame
// (one allocation per event, not per connection), as in Beast's chat-multi.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/websocket.h"

namespace todo::services::websocket {

class ConnectionHub {
 public:
  void add(const std::shared_ptr<net::WsConnection>& conn);
  void remove(const net::WsConnection& conn);
  // Sends `frame` to every connection of `user_id`; returns how many.
  size_t send_to_user(const std::string& user_id, std::shared_ptr<const std::string> frame);
  size_t connections() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<net::WsConnection>>> by_user_;
  size_t count_ = 0;
};

}  // namespace todo::services::websocket
