// One suite, two backends: every test runs on SQLite (a temp dir) and on PostgreSQL
// ($MODELGATE_TEST_POSTGRES_URL, one fresh schema per test). Without that variable the
// PostgreSQL cases fail, unless MODELGATE_ALLOW_NO_SERVERS=1 (then they are skipped).
#include "registry/registry.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <set>

#include "core/sha256.h"
#include "core/testing.h"
#include "registry/internal.h"

namespace mg::registry {
namespace {

using ::mg::testing::TempDir;

std::string Hex64(char c) { return std::string(64, c); }

NewVersion Sample(const std::string& group, double acc = 0.912) {
  NewVersion v;
  v.group = group;
  v.artifact_uri = "s3://bucket/jobs/j1/output/model.tar.gz";
  v.artifact_sha256 = Hex64('a');
  v.training_image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
  v.job_name = "breast-cancer-xgboost-2026-12-03";
  v.eval_data_sha256 = Hex64('e');
  v.metrics = {{"accuracy", acc}, {"f1", 0.905}, {"log_loss", 0.25}};
  v.policy_text = "thresholds:\n  accuracy: {min: 0.9}\n";
  v.report = {{"verdict", "approved"}, {"checks", nlohmann::json::array({{{"name", "accuracy"}}})}};
  v.registered_by = "ci";
  v.reason = "policy passed";
  return v;
}

class RegistryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* base = std::getenv("MODELGATE_TEST_POSTGRES_URL");
      if (base == nullptr || *base == '\0') {
        const char* allow = std::getenv("MODELGATE_ALLOW_NO_SERVERS");
        if (allow && std::string(allow) == "1") GTEST_SKIP() << "MODELGATE_TEST_POSTGRES_URL unset";
        FAIL() << "MODELGATE_TEST_POSTGRES_URL is not set: run the tests through "
                  "scripts/with-test-servers (or set MODELGATE_ALLOW_NO_SERVERS=1 to skip)";
      }
      pg_base_ = base;
    }
    url_ = NewUrl();
    auto r = OpenRegistry(url_);
    ASSERT_TRUE(r.ok()) << r.status().message();
    reg_ = std::move(r).value();
  }

  void TearDown() override {
    reg_.reset();
    for (const auto& s : schemas_) {
      try {
        pqxx::connection c(pg_base_);
        pqxx::nontransaction n(c);
        n.exec("DROP SCHEMA " + s + " CASCADE");
      } catch (const std::exception&) {
      }
    }
  }

  // A URL for a database nobody has opened yet.
  std::string NewUrl() {
    if (GetParam() == "sqlite") return "sqlite:///" + tmp_.Path("r" + std::to_string(n_++) + ".db");
    std::random_device rd;
    std::string schema = "mgtest_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 1000000);
    pqxx::connection c(pg_base_);
    pqxx::nontransaction n(c);
    n.exec("CREATE SCHEMA " + schema);
    schemas_.push_back(schema);
    return pg_base_ + (pg_base_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema;
  }

  // Runs raw SQL on the backend behind url_ (to prove what the API cannot do).
  std::string RawExec(const std::string& sql) {
    if (GetParam() == "sqlite") {
      sqlite3* db = nullptr;
      sqlite3_open(url_.substr(10).c_str(), &db);
      char* err = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
      std::string msg = rc == SQLITE_OK ? "" : (err ? err : "error");
      sqlite3_free(err);
      sqlite3_close(db);
      return msg;
    }
    try {
      pqxx::connection c(pg_base_);
      pqxx::work w(c);
      w.exec("SET search_path TO " + schemas_.front());
      w.exec(sql);
      w.commit();
      return "";
    } catch (const std::exception& e) {
      return e.what();
    }
  }

  TempDir tmp_;
  int n_ = 0;
  std::string pg_base_, url_;
  std::vector<std::string> schemas_;
  std::unique_ptr<Registry> reg_;
};

TEST_P(RegistryTest, RegisterListShow) {
  NewVersion in = Sample("churn-xgb");
  auto n = reg_->Register(in);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);

  auto v = reg_->GetVersion("churn-xgb", 1);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->group, "churn-xgb");
  EXPECT_EQ(v->version, 1);
  EXPECT_EQ(v->status, ApprovalStatus::kPendingManualApproval);
  EXPECT_EQ(v->artifact_uri, in.artifact_uri);
  EXPECT_EQ(v->artifact_sha256, in.artifact_sha256);
  EXPECT_EQ(v->training_image, in.training_image);
  EXPECT_EQ(v->job_name, in.job_name);
  EXPECT_EQ(v->eval_data_sha256, in.eval_data_sha256);
  EXPECT_EQ(v->metrics, in.metrics);
  EXPECT_EQ(v->policy_text, in.policy_text);
  EXPECT_EQ(v->policy_sha256, Sha256Hex(in.policy_text));
  EXPECT_EQ(v->report, in.report);
  EXPECT_EQ(v->created_at.size(), 24u) << v->created_at;
  ASSERT_EQ(v->history.size(), 1u);
  EXPECT_EQ(v->history[0].status, ApprovalStatus::kPendingManualApproval);
  EXPECT_EQ(v->history[0].by, "ci");
  EXPECT_EQ(v->history[0].reason, "policy passed");

  auto groups = reg_->ListGroups();
  ASSERT_TRUE(groups.ok()) << groups.status().message();
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].name, "churn-xgb");
  EXPECT_EQ((*groups)[0].version_count, 1);
  EXPECT_EQ((*groups)[0].latest_version, 1);
  EXPECT_FALSE((*groups)[0].latest_approved.has_value());

  auto list = reg_->ListVersions("churn-xgb");
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].metrics.at("accuracy"), 0.912);
}

TEST_P(RegistryTest, VersionsAreNumberedPerGroup) {
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(*reg_->Register(Sample("a")), i);
  for (int i = 1; i <= 2; ++i) EXPECT_EQ(*reg_->Register(Sample("b")), i);
  EXPECT_EQ(*reg_->Register(Sample("a")), 4);
  auto groups = reg_->ListGroups();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].latest_version, 4);
  EXPECT_EQ((*groups)[1].version_count, 2);
  auto list = reg_->ListVersions("a");
  ASSERT_TRUE(list.ok());
  std::vector<int64_t> nums;
  for (const auto& v : *list) nums.push_back(v.version);
  EXPECT_EQ(nums, (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_P(RegistryTest, StatusHistoryIsAppendOnly) {
  ASSERT_TRUE(reg_->Register(Sample("g")).ok());
  auto before = reg_->GetVersion("g", 1);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(reg_->SetStatus("g", 1, ApprovalStatus::kApproved, "alice", "looks good").ok());
  Status again = reg_->SetStatus("g", 1, ApprovalStatus::kApproved, "alice", "twice");
  EXPECT_EQ(again.code(), Status::Code::kInput);
  EXPECT_EQ(again.message(), "model group 'g' version 1 is already Approved");
  ASSERT_TRUE(reg_->SetStatus("g", 1, ApprovalStatus::kRejected, "bob", "drift in prod").ok());
  Status back = reg_->SetStatus("g", 1, ApprovalStatus::kPendingManualApproval, "bob", "undo");
  EXPECT_EQ(back.code(), Status::Code::kInput);
  EXPECT_NE(back.message().find("invalid transition Rejected -> PendingManualApproval"), std::string::npos)
      << back.message();
  EXPECT_EQ(reg_->SetStatus("g", 1, ApprovalStatus::kApproved, "bob", "").code(), Status::Code::kInput);
  EXPECT_EQ(reg_->SetStatus("g", 1, ApprovalStatus::kApproved, "", "ok").code(), Status::Code::kInput);

  auto v = reg_->GetVersion("g", 1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->status, ApprovalStatus::kRejected);
  ASSERT_EQ(v->history.size(), 3u);
  EXPECT_EQ(v->history[0].status, before->history[0].status);
  EXPECT_EQ(v->history[0].at, before->history[0].at);
  EXPECT_EQ(v->history[0].reason, before->history[0].reason);
  EXPECT_EQ(v->history[1].status, ApprovalStatus::kApproved);
  EXPECT_EQ(v->history[1].by, "alice");
  EXPECT_EQ(v->history[1].reason, "looks good");
  EXPECT_EQ(v->history[2].status, ApprovalStatus::kRejected);
  EXPECT_EQ(v->history[2].by, "bob");
  EXPECT_LE(v->history[1].at, v->history[2].at);

  // The schema itself refuses edits and deletions of history.
  EXPECT_NE(RawExec("UPDATE status_history SET reason = 'rewritten'").find("append-only"), std::string::npos);
  EXPECT_NE(RawExec("DELETE FROM status_history").find("append-only"), std::string::npos);
  EXPECT_EQ(reg_->GetVersion("g", 1)->history.size(), 3u);
}

TEST_P(RegistryTest, LatestApprovedIsTheBaseline) {
  auto none = reg_->LatestApproved("never-registered");
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_FALSE(none->has_value());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reg_->Register(Sample("m", 0.9 + i / 100.0)).ok());
  EXPECT_FALSE(reg_->LatestApproved("m")->has_value());
  ASSERT_TRUE(reg_->SetStatus("m", 1, ApprovalStatus::kApproved, "a", "r").ok());
  ASSERT_TRUE(reg_->SetStatus("m", 3, ApprovalStatus::kApproved, "a", "r").ok());
  auto latest = reg_->LatestApproved("m");
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->version, 3);
  EXPECT_DOUBLE_EQ((*latest)->metrics.at("accuracy"), 0.92);
  ASSERT_TRUE(reg_->SetStatus("m", 3, ApprovalStatus::kRejected, "a", "regression").ok());
  EXPECT_EQ((*reg_->LatestApproved("m"))->version, 1);
  EXPECT_EQ(reg_->ListGroups()->at(0).latest_approved, 1);

  NewVersion approved = Sample("m");
  approved.status = ApprovalStatus::kApproved;
  EXPECT_EQ(*reg_->Register(approved), 4);
  EXPECT_EQ((*reg_->LatestApproved("m"))->version, 4);
}

TEST_P(RegistryTest, ClearErrorsForUnknownGroupAndVersion) {
  auto g = reg_->GetVersion("nope", 1);
  EXPECT_EQ(g.status().code(), Status::Code::kInput);
  EXPECT_EQ(g.status().message(), "unknown model group 'nope' (known: none, the registry is empty)");
  ASSERT_TRUE(reg_->Register(Sample("yes")).ok());
  EXPECT_EQ(reg_->ListVersions("nope").status().message(), "unknown model group 'nope' (known: yes)");
  auto v = reg_->GetVersion("yes", 7);
  EXPECT_EQ(v.status().message(), "model group 'yes' has no version 7 (versions are 1..1)");
  EXPECT_EQ(reg_->SetStatus("yes", 7, ApprovalStatus::kApproved, "a", "r").message(),
            "model group 'yes' has no version 7 (versions are 1..1)");
  NewVersion bad = Sample("bad name!");
  EXPECT_EQ(reg_->Register(bad).status().code(), Status::Code::kInput);
  bad = Sample("ok");
  bad.artifact_sha256 = "xyz";
  EXPECT_NE(reg_->Register(bad).status().message().find("artifact_sha256"), std::string::npos);
  bad = Sample("ok");
  bad.metrics["nan"] = std::nan("");
  EXPECT_NE(reg_->Register(bad).status().message().find("metric 'nan'"), std::string::npos);
  EXPECT_FALSE(reg_->ListVersions("ok").ok());  // nothing half-registered
}

TEST_P(RegistryTest, MigrationsAreIdempotent) {
  ASSERT_TRUE(reg_->Register(Sample("keep")).ok());
  reg_.reset();
  for (int i = 0; i < 2; ++i) {
    auto again = OpenRegistry(url_);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ((*again)->ListVersions("keep")->size(), 1u);
  }
  EXPECT_EQ(RawExec("INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')"), "");
  auto newer = OpenRegistry(url_);
  EXPECT_EQ(newer.status().code(), Status::Code::kInput);
  EXPECT_NE(newer.status().message().find("schema version 99 is newer"), std::string::npos)
      << newer.status().message();
}

// Forks `n` processes that wait on a barrier, open `url` and run `work`; returns each child's
// output line (a version number or an error) once all have exited.
std::vector<std::string> RunChildren(int n, const std::function<std::string()>& work) {
  int barrier[2], results[2];
  if (pipe(barrier) != 0 || pipe(results) != 0) return {};
  std::vector<pid_t> pids;
  for (int i = 0; i < n; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      close(barrier[1]);
      char c;
      while (read(barrier[0], &c, 1) > 0) {
      }
      std::string line = work() + "\n";
      ssize_t w = write(results[1], line.data(), line.size());  // < PIPE_BUF: atomic
      _exit(w == static_cast<ssize_t>(line.size()) ? 0 : 1);
    }
    pids.push_back(pid);
  }
  close(barrier[0]);
  close(barrier[1]);  // go
  close(results[1]);
  std::string all;
  char buf[512];
  for (ssize_t r; (r = read(results[0], buf, sizeof buf)) > 0;) all.append(buf, static_cast<size_t>(r));
  close(results[0]);
  for (pid_t p : pids) waitpid(p, nullptr, 0);
  std::vector<std::string> lines;
  for (size_t s = 0, e; (e = all.find('\n', s)) != std::string::npos; s = e + 1) lines.push_back(all.substr(s, e - s));
  return lines;
}

TEST_P(RegistryTest, EightProcessesGetEightConsecutiveVersions) {
  std::string url = NewUrl();  // fresh: the children also race to create the schema
  auto lines = RunChildren(8, [&] {
    auto r = OpenRegistry(url);
    if (!r.ok()) return "open: " + r.status().message();
    auto n = (*r)->Register(Sample("race"));
    return n.ok() ? std::to_string(*n) : "register: " + n.status().message();
  });
  ASSERT_EQ(lines.size(), 8u);
  std::set<std::string> got(lines.begin(), lines.end());
  EXPECT_EQ(got, (std::set<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}));
  auto reg = OpenRegistry(url);
  ASSERT_TRUE(reg.ok());
  EXPECT_EQ((*reg)->ListVersions("race")->size(), 8u);
  EXPECT_EQ((*reg)->ListGroups()->at(0).latest_version, 8);
}

TEST_P(RegistryTest, CrashMidWriteLeavesNoHalfVersion) {
  ASSERT_EQ(*reg_->Register(Sample("crash")), 1);
  auto lines = RunChildren(1, [&] {
    auto r = OpenRegistry(url_);
    if (!r.ok()) return r.status().message();
    internal::SetBeforeCommitHookForTesting([] { raise(SIGKILL); });
    auto n = (*r)->Register(Sample("crash"));  // dies inside the transaction
    return std::string("survived");
  });
  EXPECT_TRUE(lines.empty());  // killed before writing anything
  auto list = reg_->ListVersions("crash");
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->size(), 1u);
  EXPECT_EQ(*reg_->Register(Sample("crash")), 2);  // no gap, no duplicate
  EXPECT_EQ(reg_->GetVersion("crash", 2)->history.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenRegistryTest, BadSchemeIsAnInputErrorWithoutThePassword) {
  auto r = OpenRegistry("mysql://root:hunter2@db/models");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInput);
  EXPECT_EQ(r.status().message(),
            "registry URL 'mysql://root:***@db/models': unsupported scheme (expected sqlite:///PATH "
            "or postgresql://USER:PASSWORD@HOST:PORT/DB)");
  EXPECT_EQ(OpenRegistry("sqlite:///").status().code(), Status::Code::kInput);
}

TEST(OpenRegistryTest, PasswordsAreMaskedInDisplayedUrls) {
  using internal::MaskPassword;
  EXPECT_EQ(MaskPassword("postgresql://u:s3cr@t@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(MaskPassword("postgresql://u@h/db?sslmode=require&password=pw&x=1"),
            "postgresql://u@h/db?sslmode=require&password=***&x=1");
  EXPECT_EQ(MaskPassword("postgresql://h/db"), "postgresql://h/db");
  EXPECT_EQ(MaskPassword("sqlite:///./a:b@c.db"), "sqlite:///./a:b@c.db");
}

TEST(OpenRegistryTest, UnreachablePostgresSaysSoWithoutThePassword) {
  auto r = OpenRegistry("postgresql://mg:hunter2@127.0.0.1:1/models");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInput);
  const std::string& m = r.status().message();
  EXPECT_EQ(m.rfind("registry postgresql://mg:***@127.0.0.1:1/models: cannot connect to PostgreSQL: ", 0), 0u) << m;
  EXPECT_NE(m.find("Connection refused"), std::string::npos) << m;
  EXPECT_EQ(m.find("hunter2"), std::string::npos);
  EXPECT_EQ(m.find('\n'), std::string::npos);
}

TEST(OpenRegistryTest, SqliteRefusesAFileThatIsNotADatabase) {
  TempDir tmp;
  std::string path = tmp.Write("notes.txt", std::string(4096, 'x'));
  auto r = OpenRegistry("sqlite:///" + path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a database"), std::string::npos) << r.status().message();
  auto missing = OpenRegistry("sqlite:///" + tmp.Path("no/such/dir/r.db"));
  EXPECT_EQ(missing.status().code(), Status::Code::kInput);
}

}  // namespace
}  // namespace mg::registry
