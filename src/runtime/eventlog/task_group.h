#pragma once
// A fixed set of helper threads that run a batch of jobs together with the
// calling thread and return when all are done. Used by a dispatcher to
// deliver events of different partition keys in parallel.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace todo::runtime::eventlog {

class TaskGroup {
 public:
  explicit TaskGroup(int helpers);
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Runs every job (the caller takes part) and returns when all finished.
  // Jobs must not throw.
  void run(const std::vector<std::function<void()>>& jobs);

 private:
  void work();
  // Takes the next job of the current batch; false when there is none.
  bool run_one(std::unique_lock<std::mutex>& lock);

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  const std::vector<std::function<void()>>* jobs_ = nullptr;
  size_t next_ = 0;
  size_t finished_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace todo::runtime::eventlog
