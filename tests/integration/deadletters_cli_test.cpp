// The operator commands of the real binary: todo-platform deadletters
// list | replay <id> | replay-all, against a running platform that hosts the
// subscriber.
#include <boost/json.hpp>

#include "api_fixture.h"
#include "core/events.h"
#include "core/task.h"
#include "core/uuid.h"
#include "db/connection.h"

namespace todo::test {
namespace json = boost::json;

namespace {

// A dead letter of audit-service holding a real task.created event.
std::pair<long long, std::string> insert_dead_letter(db::Connection& sql, int seq) {
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  core::Task t;
  t.id = core::new_uuid();
  t.user_id = core::new_uuid();
  t.title = "replay me";
  t.created_at = t.updated_at = now;
  const auto e = core::make_event(core::event_types::kTaskCreated, t.user_id, t.id, now, {"todo-api", "r", ""},
                                  json::object{{"task_id", t.id}, {"task", core::to_json(t)}});
  const auto id = sql.exec("INSERT INTO event_dead_letters (subscriber, topic, seq, event_id, event_type, partition_key,"
                           " payload, attempts, last_error, dead_at) VALUES ('audit-service', 'task-events', $4, $1,"
                           " 'task.created', $2, $3, 8, 'boom', now()) RETURNING id",
                           db::Params(e.id, t.user_id, json::serialize(e.to_cloud_event()), seq))
                      .front()
                      .int64(0);
  return {id, e.id};
}

}  // namespace

TEST(DeadLettersCli, ListReplayAndReplayAll) {
  TestDatabase db;
  PlatformProcess p(db.url(), {{"SERVICES", "audit-service"}});
  p.start();
  db::Connection sql(db.url());
  const auto [id, event_id] = insert_dead_letter(sql, 1001);
  const std::map<std::string, std::string> env = {{"DATABASE_URL", db.url()}};
  std::string out;

  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters list", out), 0) << out;
  EXPECT_NE(out.find(event_id), std::string::npos) << out;
  EXPECT_NE(out.find("boom"), std::string::npos);
  EXPECT_NE(out.find("1 dead letter(s)"), std::string::npos);
  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters list --subscriber notification-service", out), 0);
  EXPECT_NE(out.find("0 dead letter(s)"), std::string::npos);

  // Replayed by the running platform, once; the effect appears.
  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters replay " + std::to_string(id), out), 0) << out << p.log();
  EXPECT_NE(out.find("delivered"), std::string::npos) << out;
  EXPECT_EQ(sql.exec("SELECT count(*) FROM audit_log WHERE event_id = $1", db::Params(event_id)).front().int64(0), 1);
  EXPECT_EQ(PlatformProcess::run_command(env, "deadletters replay " + std::to_string(id), out), 1);
  EXPECT_NE(out.find("not dead"), std::string::npos) << out;
  EXPECT_EQ(PlatformProcess::run_command(env, "deadletters replay 987654", out), 1);
  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters list", out), 0);
  EXPECT_NE(out.find("0 dead letter(s)"), std::string::npos);
  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters list --all", out), 0);
  EXPECT_NE(out.find("replayed"), std::string::npos);

  // replay-all marks every dead one; the platform delivers them.
  const auto second = insert_dead_letter(sql, 1002);
  const auto third = insert_dead_letter(sql, 1003);
  ASSERT_EQ(PlatformProcess::run_command(env, "deadletters replay-all", out), 0);
  EXPECT_NE(out.find("2 dead letter(s) queued"), std::string::npos) << out;
  EXPECT_TRUE(wait_until([&] {
    return sql.exec("SELECT count(*) FROM audit_log WHERE event_id IN ($1, $2)", db::Params(second.second, third.second))
               .front()
               .int64(0) == 2;
  }));
  EXPECT_EQ(PlatformProcess::run_command(env, "deadletters frobnicate", out), 2);
  EXPECT_EQ(PlatformProcess::run_command({}, "deadletters list", out), 2);  // no DATABASE_URL
}

}  // namespace todo::test
