#include "runtime/eventlog/task_group.h"

namespace todo::runtime::eventlog {

TaskGroup::TaskGroup(int helpers) {
  for (int i = 0; i < helpers; ++i) threads_.emplace_back([this] { work(); });
}

TaskGroup::~TaskGroup() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

bool TaskGroup::run_one(std::unique_lock<std::mutex>& lock) {
  if (!jobs_ || next_ >= jobs_->size()) return false;
  const auto& job = (*jobs_)[next_++];
  lock.unlock();
  job();
  lock.lock();
  if (++finished_ == jobs_->size()) done_cv_.notify_all();
  return true;
}

void TaskGroup::run(const std::vector<std::function<void()>>& jobs) {
  if (jobs.empty()) return;
  std::unique_lock lock(mu_);
  jobs_ = &jobs;
  next_ = 0;
  finished_ = 0;
  work_cv_.notify_all();
  while (run_one(lock)) {
  }
  done_cv_.wait(lock, [&] { return finished_ == jobs.size(); });
  jobs_ = nullptr;
}

void TaskGroup::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stopping_ || (jobs_ && next_ < jobs_->size()); });
    if (stopping_) return;
    run_one(lock);
  }
}

}  // namespace todo::runtime::eventlog
