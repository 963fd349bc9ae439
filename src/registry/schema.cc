// The registry's schema and its migrations. Each migration runs once, in order, inside one
// transaction together with the bump of schema_version; a database newer than this binary is
// refused rather than guessed at. Add a migration by appending to kMigrations (never edit one
// that has shipped).
#include <fmt/core.h>

#include <string>
#include <vector>

#include "registry/db.h"
#include "registry/internal.h"

namespace mg::registry::internal {
namespace {

struct Migration {
  const char* sqlite;
  const char* postgres;
};

// Tables common to both dialects; only the history key and the append-only triggers differ.
#define MG_REGISTRY_TABLES_V1                                                                 \
  "CREATE TABLE model_groups ("                                                               \
  "  name TEXT PRIMARY KEY,"                                                                  \
  "  created_at TEXT NOT NULL,"                                                               \
  "  next_version BIGINT NOT NULL DEFAULT 1);"                                                \
  "CREATE TABLE model_versions ("                                                             \
  "  group_name TEXT NOT NULL REFERENCES model_groups(name),"                                 \
  "  version BIGINT NOT NULL,"                                                                \
  "  status TEXT NOT NULL CHECK (status IN ('PendingManualApproval','Approved','Rejected')),"  \
  "  artifact_uri TEXT NOT NULL,"                                                             \
  "  artifact_sha256 TEXT NOT NULL,"                                                          \
  "  training_image TEXT NOT NULL,"                                                           \
  "  job_name TEXT NOT NULL,"                                                                 \
  "  eval_data_sha256 TEXT NOT NULL,"                                                         \
  "  metrics_json TEXT NOT NULL,"                                                             \
  "  policy_text TEXT NOT NULL,"                                                              \
  "  policy_sha256 TEXT NOT NULL,"                                                            \
  "  report_json TEXT NOT NULL,"                                                              \
  "  created_at TEXT NOT NULL,"                                                               \
  "  PRIMARY KEY (group_name, version));"

#define MG_REGISTRY_HISTORY_V1                                                                \
  "  group_name TEXT NOT NULL,"                                                               \
  "  version BIGINT NOT NULL,"                                                                \
  "  status TEXT NOT NULL CHECK (status IN ('PendingManualApproval','Approved','Rejected')),"  \
  "  changed_by TEXT NOT NULL,"                                                               \
  "  changed_at TEXT NOT NULL,"                                                               \
  "  reason TEXT NOT NULL,"                                                                   \
  "  FOREIGN KEY (group_name, version) REFERENCES model_versions(group_name, version));"      \
  "CREATE INDEX status_history_by_version ON status_history (group_name, version, id);"

const std::vector<Migration> kMigrations = {
    {// 1: groups, versions, append-only status history.
     MG_REGISTRY_TABLES_V1
     "CREATE TABLE status_history (id INTEGER PRIMARY KEY AUTOINCREMENT," MG_REGISTRY_HISTORY_V1
     "CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history "
     "BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;"
     "CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history "
     "BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;",
     MG_REGISTRY_TABLES_V1
     "CREATE TABLE status_history (id BIGSERIAL PRIMARY KEY," MG_REGISTRY_HISTORY_V1
     "CREATE FUNCTION status_history_append_only() RETURNS trigger LANGUAGE plpgsql AS "
     "$$ BEGIN RAISE EXCEPTION 'status_history is append-only'; END $$;"
     "CREATE TRIGGER status_history_no_change BEFORE UPDATE OR DELETE ON status_history "
     "FOR EACH ROW EXECUTE FUNCTION status_history_append_only();"},
};

const int kLatest = static_cast<int>(kMigrations.size());

Result<int> ReadVersion(Txn& t) {
  MG_ASSIGN_OR_RETURN(auto rows, t.Query("SELECT max(version) FROM schema_version"));
  if (rows.empty() || !rows[0][0]) return 0;
  return std::stoi(*rows[0][0]);
}

Status TooNew(const Db& db, int v) {
  return Status::Input(fmt::format(
      "registry {}: schema version {} is newer than this modelgate understands ({}); upgrade "
      "modelgate", db.DisplayUrl(), v, kLatest));
}

}  // namespace

Status Migrate(Db& db) {
  // Fast path: already current (a read transaction, no write lock).
  int current = -1;
  Status read = db.Transaction(false, [&](Txn& t) -> Status {
    MG_ASSIGN_OR_RETURN(current, ReadVersion(t));
    return Status::Ok();
  });
  if (read.ok() && current == kLatest) return Status::Ok();
  if (read.ok() && current > kLatest) return TooNew(db, current);

  return db.Transaction(true, [&](Txn& t) -> Status {
    if (db.dialect() == Db::Dialect::kPostgres) {
      // Serialises concurrent migrators (CREATE TABLE IF NOT EXISTS alone races in PostgreSQL).
      MG_RETURN_IF_ERROR(t.Query("SELECT pg_advisory_xact_lock(727165)").status());
    }
    MG_RETURN_IF_ERROR(t.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)"));
    MG_ASSIGN_OR_RETURN(int v, ReadVersion(t));
    if (v > kLatest) return TooNew(db, v);
    for (; v < kLatest; ++v) {
      const Migration& m = kMigrations[static_cast<size_t>(v)];
      MG_RETURN_IF_ERROR(t.ExecScript(db.dialect() == Db::Dialect::kSqlite ? m.sqlite : m.postgres)
                             .Annotate(fmt::format("schema migration {}", v + 1)));
      MG_RETURN_IF_ERROR(t.Query("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                                 {int64_t{v + 1}, NowUtc()})
                             .status());
    }
    return Status::Ok();
  });
}

}  // namespace mg::registry::internal
