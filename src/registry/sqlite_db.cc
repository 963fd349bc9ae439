// SQLite implementation of the Db seam: WAL, a busy timeout, BEGIN IMMEDIATE for writers and a
// retry loop for the busy cases the timeout does not cover.
#include <sqlite3.h>
#include <unistd.h>

#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <thread>

#include "registry/db.h"
#include "registry/internal.h"

namespace mg::registry::internal {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr auto kMaxWait = std::chrono::seconds(60);

bool IsBusy(int rc) {
  int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

class SqliteTxn : public Txn {
 public:
  SqliteTxn(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  Result<std::vector<Row>> Query(const std::string& sql, const std::vector<Param>& params) override {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    if (rc != SQLITE_OK) return Error(rc);
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(raw, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_int64(raw, idx, std::get<int64_t>(params[i]));
      }
      if (rc != SQLITE_OK) return Error(rc);
    }
    std::vector<Row> rows;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      Row row;
      int n = sqlite3_column_count(raw);
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
          row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(raw, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return Error(rc);
    return rows;
  }

  Status ExecScript(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return Error(rc);
    return Status::Ok();
  }

  int last_rc() const { return last_rc_; }

 private:
  Status Error(int rc) {
    last_rc_ = rc;
    return Status::Internal(fmt::format("{}: sqlite: {}", path_, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  std::string path_;
  int last_rc_ = SQLITE_OK;
};

class SqliteDb : public Db {
 public:
  SqliteDb(sqlite3* db, std::string url, std::string path)
      : db_(db), url_(std::move(url)), path_(std::move(path)) {}
  ~SqliteDb() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string DisplayUrl() const override { return url_; }

  Status Transaction(bool write, const std::function<Status(Txn&)>& body) override {
    auto deadline = std::chrono::steady_clock::now() + kMaxWait;
    for (int attempt = 0;; ++attempt) {
      SqliteTxn txn(db_, path_);
      Status st = txn.ExecScript(write ? "BEGIN IMMEDIATE" : "BEGIN");
      if (st.ok()) st = body(txn);
      if (st.ok()) st = txn.ExecScript("COMMIT");
      if (st.ok()) return st;
      if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      if (!IsBusy(txn.last_rc()) || std::chrono::steady_clock::now() > deadline) return st;
      // Busy despite the timeout (e.g. a lock upgrade): back off a little and start over.
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5 * (attempt % 10)));
    }
  }

 private:
  sqlite3* db_;
  std::string url_, path_;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& url, const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                  SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Input(fmt::format("registry {}: cannot open {}: {}", url, path, msg));
  }
  auto out = std::make_unique<SqliteDb>(db, url, path);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  // journal_mode needs a lock of its own: retry while another process holds it.
  auto deadline = std::chrono::steady_clock::now() + kMaxWait;
  for (;;) {
    char* err = nullptr;
    rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                      nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    if (err) sqlite3_free(err);
    if (rc == SQLITE_OK) break;
    if (!IsBusy(rc) || std::chrono::steady_clock::now() > deadline) {
      return Status::Input(fmt::format("registry {}: cannot use {} as a SQLite database: {}", url, path, msg));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::unique_ptr<Db>(std::move(out));
}

}  // namespace mg::registry::internal
