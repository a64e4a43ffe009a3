#include "services/websocket-service/connection_hub.h"

#include <algorithm>

namespace todo::services::websocket {

void ConnectionHub::add(const std::shared_ptr<net::WsConnection>& conn) {
  std::lock_guard lock(mu_);
  by_user_[conn->user_id()].push_back(conn);
  ++count_;
}

void ConnectionHub::remove(const net::WsConnection& conn) {
  std::lock_guard lock(mu_);
  const auto it = by_user_.find(conn.user_id());
  if (it == by_user_.end()) return;
  auto& list = it->second;
  const auto before = list.size();
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const std::weak_ptr<net::WsConnection>& w) {
                              const auto s = w.lock();
                              return !s || s.get() == &conn;
                            }),
             list.end());
  count_ -= before - list.size();
  if (list.empty()) by_user_.erase(it);
}

size_t ConnectionHub::send_to_user(const std::string& user_id, std::shared_ptr<const std::string> frame) {
  std::vector<std::shared_ptr<net::WsConnection>> targets;
  {
    std::lock_guard lock(mu_);
    const auto it = by_user_.find(user_id);
    if (it == by_user_.end()) return 0;
    targets.reserve(it->second.size());
    for (const auto& w : it->second)
      if (auto s = w.lock()) targets.push_back(std::move(s));
  }
  for (const auto& t : targets) t->send(frame);
  return targets.size();
}

size_t ConnectionHub::connections() const {
  std::lock_guard lock(mu_);
  return count_;
}


}  // namespace todo::services::websocket
