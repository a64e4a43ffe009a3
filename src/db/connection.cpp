#include "db/connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <cstring>

#include "core/waiter.h"
#include "db/error.h"

namespace todo::db {

namespace {

std::atomic<long long> statement_timeout_ms{30000};

constexpr size_t kMaxPrepared = 512;  // dynamic list queries have a bounded number of shapes
constexpr auto kConnectTimeout = std::chrono::seconds(3);

Error::Kind classify(const char* sqlstate) {
  if (!sqlstate) return Error::Kind::Query;
  const std::string_view s(sqlstate);
  if (s == "23505") return Error::Kind::UniqueViolation;
  if (s == "40001" || s == "40P01") return Error::Kind::Conflict;
  // The database cannot do it now, and the same request may work later
  // (503 + Retry-After, not 500): 08 connection exceptions; 53 insufficient
  // resources (disk full, out of memory, too many connections); 57014 the
  // statement timeout (stuck behind a lock, or overloaded); 57P01-03 admin
  // shutdown, crash shutdown, cannot connect now; 25006 a read-only database
  // (a standby, default_transaction_read_only); 55P03 a lock not available.
  const auto cls = s.substr(0, 2);
  if (cls == "08" || cls == "53" || s == "57014" || s == "57P01" || s == "57P02" || s == "57P03" || s == "25006" ||
      s == "55P03")
    return Error::Kind::Unavailable;
  return Error::Kind::Query;
}

}  // namespace

void set_statement_timeout(std::chrono::milliseconds timeout) { statement_timeout_ms = timeout.count(); }

Connection::Connection(std::string url) : url_(std::move(url)) {}

Connection::~Connection() { disconnect(); }

void Connection::disconnect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  pending_begin_ = false;
  deferred_.clear();
}

bool Connection::connected() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

int Connection::backend_pid() const { return conn_ ? PQbackendPID(conn_) : 0; }

void Connection::ensure_connected() {
  if (connected()) return;
  // A transaction whose BEGIN has not been sent yet can start on the new
  // connection: none of its statements ran on the old one.
  const bool pending = pending_begin_;
  auto deferred = pending ? std::move(deferred_) : std::vector<Deferred>{};
  disconnect();
  connect();
  // Server NOTICEs ("relation … already exists, skipping" from idempotent
  // migrations) are informational; libpq would print them raw on stderr,
  // where they read like errors.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // Timestamps are exchanged in UTC ISO text; a runaway statement is cut off.
  exec_script("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET statement_timeout = '" +
              std::to_string(statement_timeout_ms.load()) + "ms'");
  for (const auto& channel : listening_) exec_script("LISTEN \"" + channel + "\"");
  pending_begin_ = pending;
  deferred_ = std::move(deferred);
}

// libpq's non-blocking connect, waiting through core::wait_io: on a handler
// fiber a connect (after a restart of the database) suspends the fiber
// instead of stalling the network thread.
void Connection::connect() {
  const char* keys[] = {"dbname", "application_name", "keepalives_idle", nullptr};
  const char* vals[] = {url_.c_str(), "todo-platform", "30", nullptr};
  conn_ = PQconnectStartParams(keys, vals, /*expand_dbname=*/1);
  const auto deadline = std::chrono::steady_clock::now() + kConnectTimeout;
  std::string msg;
  if (!conn_) {
    msg = "out of memory";
  } else {
    for (auto status = PGRES_POLLING_WRITING; msg.empty();) {
      if (status == PGRES_POLLING_OK) break;
      if (status == PGRES_POLLING_FAILED || PQstatus(conn_) == CONNECTION_BAD) {
        msg = PQerrorMessage(conn_);
      } else if (!core::wait_io(PQsocket(conn_), status == PGRES_POLLING_READING ? core::Io::Read : core::Io::Write,
                                deadline)) {
        msg = "timeout expired";
      } else {
        status = PQconnectPoll(conn_);
      }
    }
  }
  if (msg.empty()) return;
  disconnect();
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  throw Error(Error::Kind::Unavailable, "08006", "cannot connect to PostgreSQL: " + msg);
}

void Connection::await_ready() {
  while (PQisBusy(conn_)) {
    core::wait_io(PQsocket(conn_), core::Io::Read);
    if (!PQconsumeInput(conn_)) return;  // the connection failed: PQgetResult reports it
  }
}

// The results of what was sent, as PQexec gives them: the last one, or the
// first error.
void* Connection::await_result() {
  PGresult* kept = nullptr;
  for (;;) {
    await_ready();
    PGresult* r = PQgetResult(conn_);
    if (!r) break;
    const bool kept_error = kept && PQresultStatus(kept) == PGRES_FATAL_ERROR;
    if (kept_error) {
      PQclear(r);
    } else {
      if (kept) PQclear(kept);
      kept = r;
    }
    if (PQstatus(conn_) == CONNECTION_BAD) break;
  }
  return kept;
}

void Connection::fail(void* res, std::string_view what) {
  auto* r = static_cast<PGresult*>(res);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = r ? PQresultErrorMessage(r) : "";
  if (message.empty() && conn_) message = PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  std::string constraint;
  if (r) {
    if (const char* c = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME)) constraint = c;
  }
  auto kind = classify(state);
  const bool lost = !conn_ || PQstatus(conn_) != CONNECTION_OK;
  if (lost) kind = Error::Kind::Unavailable;
  std::string sqlstate = state ? state : (lost ? "08006" : "");
  // Built before anything is freed: `what` may be the text of a deferred
  // statement or of the prepared-statement cache, which disconnect() clears.
  Error e(kind, sqlstate, message + " [" + std::string(what.substr(0, 120)) + "]");
  e.constraint = std::move(constraint);
  if (r) PQclear(r);
  if (lost) disconnect();
  throw e;
}

Result Connection::finish_sent(int sent, std::string_view sql) {
  if (sent != 1) fail(nullptr, sql);
  return check(await_result(), sql);
}

Result Connection::check(void* res, std::string_view sql) {
  auto* r = static_cast<PGresult*>(res);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Result(r);
  fail(r, sql);
}

const char* Connection::prepared_name(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    if (prepared_.size() >= kMaxPrepared) return nullptr;
    std::string key(sql);
    std::string name = "s" + std::to_string(prepared_.size());
    finish_sent(PQsendPrepare(conn_, name.c_str(), key.c_str(), 0, nullptr), sql);
    it = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  return it->second.c_str();
}

int Connection::send(const char* name, std::string_view sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
  const int n = static_cast<int>(values.size());
  return name ? PQsendQueryPrepared(conn_, name, n, values.data(), nullptr, nullptr, 0)
              : PQsendQueryParams(conn_, std::string(sql).c_str(), n, nullptr, values.data(), nullptr, nullptr, 0);
}

Result Connection::exec(std::string_view sql, const Params& params) {
  ensure_connected();
  if (pending_begin_ || !deferred_.empty()) return exec_pipeline(sql, &params);
  return finish_sent(send(prepared_name(sql), sql, params), sql);
}

void Connection::exec_deferred(std::string_view sql, const Params& params) {
  if (!in_transaction()) {
    exec(sql, params);
    return;
  }
  deferred_.push_back({std::string(sql), params});
}

Result Connection::exec_pipeline(std::string_view last_sql, const Params* last_params) {
  // What goes out, in order: BEGIN (if pending), the deferred statements,
  // the last one. Prepared first (a round trip each, once per connection
  // and statement): the pipeline then carries only executions.
  struct Statement {
    std::string_view sql;
    const Params* params;
    const char* name;
  };
  static const Params kNone;
  std::vector<Statement> statements;
  statements.reserve(deferred_.size() + 2);
  if (pending_begin_) statements.push_back({"BEGIN", &kNone, nullptr});  // unprepared, like any BEGIN
  for (const auto& d : deferred_) statements.push_back({d.sql, &d.params, prepared_name(d.sql)});
  if (last_params) statements.push_back({last_sql, last_params, prepared_name(last_sql)});
  pending_begin_ = false;

  bool sent = PQenterPipelineMode(conn_) == 1;
  for (size_t i = 0; sent && i < statements.size(); ++i)
    sent = send(statements[i].name, statements[i].sql, *statements[i].params) == 1;
  sent = sent && PQpipelineSync(conn_) == 1;
  if (!sent) {
    const std::string first(statements.front().sql);
    deferred_.clear();
    PQexitPipelineMode(conn_);
    fail(nullptr, first);
  }

  // Each statement: its result, then the end of its results; then the sync
  // point. The first error is kept (what follows it reports "aborted").
  const auto next = [this] {
    await_ready();
    return PQgetResult(conn_);
  };
  PGresult* error = nullptr;
  std::string error_sql;
  PGresult* result = nullptr;
  bool lost = false;
  const size_t count = statements.size();
  for (size_t i = 0; i < count && !lost; ++i) {
    const std::string_view sql = statements[i].sql;
    PGresult* r = next();
    if (!r) {
      lost = true;
      if (!error) error_sql = sql;
      break;
    }
    PQclear(next());
    const auto status = PQresultStatus(r);
    if (status == PGRES_FATAL_ERROR && !error) {
      error = r;
      error_sql = sql;
    } else if (i + 1 == count && last_params && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
      result = r;
    } else {
      PQclear(r);
    }
  }
  if (!lost) {
    for (PGresult* r = next(); r; r = next()) {
      const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
  }
  PQexitPipelineMode(conn_);
  deferred_.clear();  // after the results: `statements` pointed into it
  if (error || lost) {
    if (result) PQclear(result);
    fail(error, error_sql);
  }
  if (!last_params) return Result();
  return check(result, last_sql);
}

void Connection::exec_script(std::string_view sql) {
  if (!conn_) ensure_connected();
  // Scripts run inside the transaction too, after what was deferred.
  if (pending_begin_ || !deferred_.empty()) exec_pipeline({}, nullptr);
  const std::string text(sql);
  finish_sent(PQsendQuery(conn_, text.c_str()), sql);  // the Result destructor frees it
}

bool Connection::in_transaction() const {
  return pending_begin_ || !deferred_.empty() ||
         (conn_ && PQtransactionStatus(conn_) != PQTRANS_IDLE && PQtransactionStatus(conn_) != PQTRANS_UNKNOWN);
}

void Connection::listen(std::string_view channel) {
  listening_.emplace_back(channel);
  if (connected()) exec_script("LISTEN \"" + std::string(channel) + "\"");
  else ensure_connected();
}

std::vector<Notification> Connection::drain_notifications() {
  std::vector<Notification> out;
  while (PGnotify* n = PQnotifies(conn_)) {
    out.push_back({n->relname, n->extra ? n->extra : "", n->be_pid});
    PQfreemem(n);
  }
  return out;
}

std::vector<Notification> Connection::wait_notifications(std::chrono::milliseconds timeout, int wake_fd,
                                                         bool* woken) {
  ensure_connected();
  auto out = drain_notifications();
  if (!out.empty()) return out;
  pollfd pfd[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  const int rc = ::poll(pfd, wake_fd >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
  if (rc > 0 && wake_fd >= 0 && (pfd[1].revents & POLLIN) && woken) *woken = true;
  if (rc > 0 && pfd[0].revents) {
    if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) {
      const std::string msg = PQerrorMessage(conn_);
      disconnect();
      throw Error(Error::Kind::Unavailable, "08006", "notification connection lost: " + msg);
    }
    out = drain_notifications();
  }
  return out;
}

}  // namespace todo::db
