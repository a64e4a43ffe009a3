#pragma once
// Job handlers by name prefix, as every Scheduler adapter keeps them: a job
// goes to the handler of the longest prefix of its name, so that
// "reminder-sweep" is not taken for a "reminder-<task id>".
#include <string>
#include <utility>
#include <vector>

#include "runtime/scheduler.h"

namespace todo::runtime {

class JobHandlers {
 public:
  void add(std::string prefix, JobHandler handler) { handlers_.emplace_back(std::move(prefix), std::move(handler)); }
  // The handler for `name`, or null.
  const JobHandler* find(const std::string& name) const {
    const JobHandler* best = nullptr;
    size_t best_len = 0;
    for (const auto& [prefix, h] : handlers_) {
      if (name.starts_with(prefix) && (!best || prefix.size() > best_len)) {
        best = &h;
        best_len = prefix.size();
      }
    }
    return best;
  }
  bool empty() const { return handlers_.empty(); }
  const std::vector<std::pair<std::string, JobHandler>>& all() const { return handlers_; }

 private:
  std::vector<std::pair<std::string, JobHandler>> handlers_;
};

}  // namespace todo::runtime
