#pragma once
// One PostgreSQL connection (libpq). Calls block the caller; every wait
// goes through core::wait_io, so on a handler fiber it suspends the fiber
// instead of the thread. Statements are prepared on
// first use and cached per connection. A lost connection is re-established
// on the next use; the failed call throws Error{Unavailable}.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/params.h"
#include "db/result.h"

struct pg_conn;

namespace todo::db {

struct Notification {
  std::string channel;
  std::string payload;
  int sender_pid = 0;  // the backend that sent it (compare with backend_pid())
};

// The statement timeout of every connection opened from now on (default
// 30 s): a runaway statement, or one stuck behind a lock, is cut off and
// fails instead of holding its thread forever. DB_STATEMENT_TIMEOUT_MS.
void set_statement_timeout(std::chrono::milliseconds timeout);

class Connection {
 public:
  explicit Connection(std::string url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects if not connected (or reconnects after a failure). Throws Error{Unavailable}.
  void ensure_connected();
  bool connected() const;
  // The server process of this connection (0 when not connected): a
  // notification whose sender_pid equals it was sent on this connection.
  int backend_pid() const;

  Result exec(std::string_view sql, const Params& params = Params{});
  // A statement inside a transaction whose result nobody reads (an INSERT of
  // a row, the outbox write): it is sent with the next statement that is
  // read, or with COMMIT, in one pipeline, in order, so a transaction's
  // writes cost one round trip between them. Its error is thrown by that
  // later call (and rolls the transaction back like any other). Outside a
  // transaction it runs at once.
  void exec_deferred(std::string_view sql, const Params& params = Params{});
  bool has_deferred() const { return !deferred_.empty(); }
  // Several statements, no parameters (migrations, LISTEN).
  void exec_script(std::string_view sql);

  void listen(std::string_view channel);
  // Waits up to `timeout` for notifications (returns early on the first).
  // Throws Error{Unavailable} if the connection is lost.
  // `wake_fd`, when given, is polled too and sets *woken when readable.
  std::vector<Notification> wait_notifications(std::chrono::milliseconds timeout, int wake_fd = -1,
                                               bool* woken = nullptr);

  // True if the server is in a transaction on this connection (or one is
  // about to begin with the next statement).
  bool in_transaction() const;

  // BEGIN travels with the next statement (one round trip instead of two,
  // through libpq's pipeline mode). Used by db::Transaction.
  void begin_deferred() { pending_begin_ = true; }
  // Drops a deferred BEGIN that no statement used; true if there was one.
  bool cancel_deferred_begin() { return std::exchange(pending_begin_, false); }
  // Forgets deferred statements that were never sent (a rollback).
  void drop_deferred() { deferred_.clear(); }

 private:
  void connect();
  // Waits (through core::wait_io) until a result can be read without blocking.
  void await_ready();
  void* await_result();
  // What was just sent (`sent`: libpq's PQsend* answer): its result, or Error.
  Result finish_sent(int sent, std::string_view sql);
  [[noreturn]] void fail(void* pg_result, std::string_view what);
  // The statement name of `sql`, prepared on first use; nullptr past the
  // cache's bound (then it is sent unprepared).
  const char* prepared_name(std::string_view sql);
  int send(const char* name, std::string_view sql, const Params& params);
  struct Deferred {
    std::string sql;
    Params params;
  };
  // A deferred BEGIN, the deferred statements and the last statement (if
  // `last_params`) in one pipeline; the last one's result, or the first error.
  Result exec_pipeline(std::string_view last_sql, const Params* last_params);
  Result check(void* pg_result, std::string_view sql);
  void disconnect();
  std::vector<Notification> drain_notifications();

  std::string url_;
  pg_conn* conn_ = nullptr;
  // sql -> statement name; looked up by string_view without copying the SQL.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> prepared_;
  std::vector<std::string> listening_;
  bool pending_begin_ = false;
  std::vector<Deferred> deferred_;
};

}  // namespace todo::db
