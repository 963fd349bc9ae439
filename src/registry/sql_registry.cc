// The Registry logic, written once over the Db seam (db.h) for SQLite and PostgreSQL alike.
#include <fmt/core.h>

#include <charconv>

#include "core/sha256.h"
#include "registry/db.h"
#include "registry/internal.h"

namespace mg::registry::internal {
namespace {

constexpr const char* kVersionColumns =
    "version, status, artifact_uri, artifact_sha256, training_image, job_name, eval_data_sha256, "
    "metrics_json, policy_text, policy_sha256, report_json, created_at";

std::string Text(const Row& r, size_t i) { return r.at(i).value_or(""); }

Result<int64_t> Int(const std::optional<std::string>& s) {
  int64_t v = 0;
  if (!s) return Status::Internal("unexpected NULL integer in the registry");
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) {
    return Status::Internal(fmt::format("registry holds a malformed integer '{}'", *s));
  }
  return v;
}

class SqlRegistry : public Registry {
 public:
  explicit SqlRegistry(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  std::string DisplayUrl() const override { return db_->DisplayUrl(); }

  Result<int64_t> Register(const NewVersion& in) override {
    MG_RETURN_IF_ERROR(ValidateNewVersion(in));
    std::string by = in.registered_by.empty() ? "modelgate" : in.registered_by;
    std::string reason = in.reason.empty() ? "registered" : in.reason;
    std::string policy_sha = in.policy_sha256.empty() ? Sha256Hex(in.policy_text) : in.policy_sha256;
    std::string metrics = MetricsToJson(in.metrics);
    std::string report = in.report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    int64_t version = 0;
    Status st = db_->Transaction(true, [&](Txn& t) -> Status {
      std::string now = NowUtc();
      MG_RETURN_IF_ERROR(t.Query("INSERT INTO model_groups (name, created_at) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO NOTHING", {in.group, now}).status());
      // The UPDATE locks the group's row: concurrent registrations queue here (PostgreSQL), or
      // already hold the database's write lock (SQLite, BEGIN IMMEDIATE).
      MG_ASSIGN_OR_RETURN(auto rows, t.Query("UPDATE model_groups SET next_version = next_version + 1 "
                                             "WHERE name = ? RETURNING next_version - 1", {in.group}));
      if (rows.size() != 1) return Status::Internal("version allocation returned no row");
      MG_ASSIGN_OR_RETURN(version, Int(rows[0][0]));
      MG_RETURN_IF_ERROR(t.Query(fmt::format("INSERT INTO model_versions (group_name, {}) VALUES "
                                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kVersionColumns),
                                 {in.group, version, std::string(ToString(in.status)), in.artifact_uri,
                                  in.artifact_sha256, in.training_image, in.job_name,
                                  in.eval_data_sha256, metrics, in.policy_text, policy_sha, report, now})
                             .status());
      MG_RETURN_IF_ERROR(AppendHistory(t, in.group, version, in.status, by, now, reason));
      RunBeforeCommitHook();
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return version;
  }

  Result<std::vector<GroupSummary>> ListGroups() override {
    std::vector<GroupSummary> out;
    MG_RETURN_IF_ERROR(db_->Transaction(false, [&](Txn& t) -> Status {
      out.clear();
      MG_ASSIGN_OR_RETURN(auto rows, t.Query(
          "SELECT g.name, g.created_at, count(v.version), coalesce(max(v.version), 0), "
          "max(CASE WHEN v.status = 'Approved' THEN v.version END) "
          "FROM model_groups g LEFT JOIN model_versions v ON v.group_name = g.name "
          "GROUP BY g.name, g.created_at ORDER BY g.name"));
      for (const auto& r : rows) {
        GroupSummary g{Text(r, 0), Text(r, 1), 0, 0, std::nullopt};
        MG_ASSIGN_OR_RETURN(g.version_count, Int(r[2]));
        MG_ASSIGN_OR_RETURN(g.latest_version, Int(r[3]));
        if (r[4]) {
          MG_ASSIGN_OR_RETURN(int64_t a, Int(r[4]));
          g.latest_approved = a;
        }
        out.push_back(std::move(g));
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<ModelVersion>> ListVersions(const std::string& group) override {
    std::vector<ModelVersion> out;
    MG_RETURN_IF_ERROR(db_->Transaction(false, [&](Txn& t) -> Status {
      out.clear();
      MG_RETURN_IF_ERROR(CheckGroup(t, group));
      MG_ASSIGN_OR_RETURN(auto rows, t.Query(fmt::format("SELECT {} FROM model_versions WHERE "
                                                         "group_name = ? ORDER BY version", kVersionColumns),
                                             {group}));
      for (const auto& r : rows) {
        MG_ASSIGN_OR_RETURN(ModelVersion v, FromRow(t, group, r));
        out.push_back(std::move(v));
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<ModelVersion> GetVersion(const std::string& group, int64_t version) override {
    ModelVersion out;
    MG_RETURN_IF_ERROR(db_->Transaction(false, [&](Txn& t) -> Status {
      MG_ASSIGN_OR_RETURN(out, Fetch(t, group, version));
      return Status::Ok();
    }));
    return out;
  }

  Status SetStatus(const std::string& group, int64_t version, ApprovalStatus status,
                   const std::string& who, const std::string& reason) override {
    MG_RETURN_IF_ERROR(ValidateChange(who, reason));
    return db_->Transaction(true, [&](Txn& t) -> Status {
      MG_RETURN_IF_ERROR(CheckGroup(t, group));
      MG_ASSIGN_OR_RETURN(auto rows, t.Query("SELECT status FROM model_versions WHERE group_name = ? "
                                             "AND version = ?", {group, version}));
      if (rows.empty()) return NoSuchVersion(t, group, version);
      MG_ASSIGN_OR_RETURN(ApprovalStatus from, ParseApprovalStatus(Text(rows[0], 0)));
      MG_RETURN_IF_ERROR(CheckTransition(group, version, from, status));
      MG_RETURN_IF_ERROR(t.Query("UPDATE model_versions SET status = ? WHERE group_name = ? AND version = ?",
                                 {std::string(ToString(status)), group, version}).status());
      return AppendHistory(t, group, version, status, who, NowUtc(), reason);
    });
  }

  Result<std::optional<ModelVersion>> LatestApproved(const std::string& group) override {
    MG_RETURN_IF_ERROR(ValidateGroupName(group));
    std::optional<ModelVersion> out;
    MG_RETURN_IF_ERROR(db_->Transaction(false, [&](Txn& t) -> Status {
      out.reset();
      MG_ASSIGN_OR_RETURN(auto rows, t.Query("SELECT max(version) FROM model_versions WHERE "
                                             "group_name = ? AND status = 'Approved'", {group}));
      if (rows.empty() || !rows[0][0]) return Status::Ok();
      MG_ASSIGN_OR_RETURN(int64_t n, Int(rows[0][0]));
      MG_ASSIGN_OR_RETURN(ModelVersion v, Fetch(t, group, n));
      out = std::move(v);
      return Status::Ok();
    }));
    return out;
  }

 private:
  static Status AppendHistory(Txn& t, const std::string& group, int64_t version, ApprovalStatus s,
                              const std::string& by, const std::string& at, const std::string& reason) {
    return t.Query("INSERT INTO status_history (group_name, version, status, changed_by, changed_at, "
                   "reason) VALUES (?, ?, ?, ?, ?, ?)",
                   {group, version, std::string(ToString(s)), by, at, reason}).status();
  }

  static Status CheckGroup(Txn& t, const std::string& group) {
    MG_RETURN_IF_ERROR(ValidateGroupName(group));
    MG_ASSIGN_OR_RETURN(auto rows, t.Query("SELECT 1 FROM model_groups WHERE name = ?", {group}));
    if (!rows.empty()) return Status::Ok();
    MG_ASSIGN_OR_RETURN(auto all, t.Query("SELECT name FROM model_groups ORDER BY name LIMIT 11"));
    std::string known;
    for (size_t i = 0; i < all.size() && i < 10; ++i) known += (i ? ", " : "") + Text(all[i], 0);
    if (all.size() > 10) known += ", ...";
    return Status::Input(fmt::format("unknown model group '{}' (known: {})", group,
                                     known.empty() ? "none, the registry is empty" : known));
  }

  static Status NoSuchVersion(Txn& t, const std::string& group, int64_t version) {
    MG_ASSIGN_OR_RETURN(auto rows, t.Query("SELECT max(version) FROM model_versions WHERE group_name = ?", {group}));
    std::string latest = rows.empty() || !rows[0][0] ? "it has no versions yet"
                                                     : "versions are 1.." + *rows[0][0];
    return Status::Input(fmt::format("model group '{}' has no version {} ({})", group, version, latest));
  }

  static Result<ModelVersion> Fetch(Txn& t, const std::string& group, int64_t version) {
    MG_RETURN_IF_ERROR(CheckGroup(t, group));
    MG_ASSIGN_OR_RETURN(auto rows, t.Query(fmt::format("SELECT {} FROM model_versions WHERE group_name = ? "
                                                       "AND version = ?", kVersionColumns), {group, version}));
    if (rows.empty()) return NoSuchVersion(t, group, version);
    return FromRow(t, group, rows[0]);
  }

  static Result<ModelVersion> FromRow(Txn& t, const std::string& group, const Row& r) {
    ModelVersion v;
    v.group = group;
    MG_ASSIGN_OR_RETURN(v.version, Int(r[0]));
    MG_ASSIGN_OR_RETURN(v.status, ParseApprovalStatus(Text(r, 1)));
    v.artifact_uri = Text(r, 2);
    v.artifact_sha256 = Text(r, 3);
    v.training_image = Text(r, 4);
    v.job_name = Text(r, 5);
    v.eval_data_sha256 = Text(r, 6);
    MG_ASSIGN_OR_RETURN(v.metrics, MetricsFromJson(Text(r, 7)));
    v.policy_text = Text(r, 8);
    v.policy_sha256 = Text(r, 9);
    v.report = nlohmann::json::parse(Text(r, 10), nullptr, /*allow_exceptions=*/false);
    if (v.report.is_discarded()) return Status::Internal(fmt::format("{}: stored report is not JSON", Name(group, v.version)));
    v.created_at = Text(r, 11);
    MG_ASSIGN_OR_RETURN(auto hist, t.Query("SELECT status, changed_by, changed_at, reason FROM status_history "
                                           "WHERE group_name = ? AND version = ? ORDER BY id", {group, v.version}));
    for (const auto& h : hist) {
      MG_ASSIGN_OR_RETURN(ApprovalStatus s, ParseApprovalStatus(Text(h, 0)));
      v.history.push_back({s, Text(h, 1), Text(h, 2), Text(h, 3)});
    }
    return v;
  }

  std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<Registry>> OpenSqlRegistry(std::unique_ptr<Db> db) {
  MG_RETURN_IF_ERROR(Migrate(*db));
  return std::unique_ptr<Registry>(std::make_unique<SqlRegistry>(std::move(db)));
}

}  // namespace mg::registry::internal
