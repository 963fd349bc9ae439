// PostgreSQL implementation of the Db seam (libpqxx 6.x): one connection, READ COMMITTED
// transactions, retried on serialization failures and deadlocks.
#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <thread>

#include "registry/db.h"
#include "registry/internal.h"

namespace mg::registry::internal {
namespace {

// libpq's messages span lines ("could not connect...\n\tIs the server running..."): one line.
std::string OneLine(std::string s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Rewrites ? placeholders to $1, $2, ...
std::string Numbered(const std::string& sql) {
  std::string out;
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PgTxn : public Txn {
 public:
  PgTxn(pqxx::work& w, std::string display) : w_(w), display_(std::move(display)) {}

  Result<std::vector<Row>> Query(const std::string& sql, const std::vector<Param>& params) override {
    std::vector<std::string> strs;
    for (const auto& p : params) {
      strs.push_back(std::holds_alternative<std::string>(p) ? std::get<std::string>(p)
                                                           : std::to_string(std::get<int64_t>(p)));
    }
    try {
      pqxx::result r = w_.exec_params(Numbered(sql), pqxx::prepare::make_dynamic_params(strs));
      std::vector<Row> rows;
      for (const auto& tuple : r) {
        Row row;
        for (const auto& f : tuple) {
          if (f.is_null()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(std::string(f.c_str(), f.size()));
          }
        }
        rows.push_back(std::move(row));
      }
      return rows;
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }

  Status ExecScript(const std::string& sql) override {
    try {
      w_.exec(sql);
      return Status::Ok();
    } catch (const std::exception& e) {
      return Fail(e);
    }
  }

  bool retryable() const { return retryable_; }

 private:
  Status Fail(const std::exception& e) {
    if (dynamic_cast<const pqxx::transaction_rollback*>(&e)) retryable_ = true;
    return Status::Internal(fmt::format("registry {}: postgresql: {}", display_, OneLine(e.what())));
  }
  pqxx::work& w_;
  std::string display_;
  bool retryable_ = false;
};

class PgDb : public Db {
 public:
  PgDb(std::unique_ptr<pqxx::connection> conn, std::string display)
      : conn_(std::move(conn)), display_(std::move(display)) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string DisplayUrl() const override { return display_; }

  Status Transaction(bool /*write: row locks are taken by the statements*/,
                     const std::function<Status(Txn&)>& body) override {
    for (int attempt = 0;; ++attempt) {
      bool retry = false;
      Status st;
      try {
        pqxx::work w(*conn_);
        PgTxn txn(w, display_);
        st = body(txn);
        retry = txn.retryable();
        if (st.ok()) {
          w.commit();
          return st;
        }
        w.abort();
      } catch (const pqxx::transaction_rollback& e) {
        retry = true;
        st = Status::Internal(fmt::format("registry {}: postgresql: {}", display_, OneLine(e.what())));
      } catch (const std::exception& e) {
        return Status::Internal(fmt::format("registry {}: postgresql: {}", display_, OneLine(e.what())));
      }
      if (!retry || attempt >= 20) return st;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5 * attempt));
    }
  }

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::string display_;
};

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgresDb(const std::string& url) {
  std::string display = MaskPassword(url);
  std::string conninfo = url;
  if (conninfo.find("connect_timeout=") == std::string::npos) {
    conninfo += (conninfo.find('?') == std::string::npos ? "?" : "&");
    conninfo += "connect_timeout=10";
  }
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo);
    pqxx::nontransaction n(*conn);
    n.exec("SET client_min_messages TO warning");  // no NOTICE chatter on stderr
    n.commit();
    return std::unique_ptr<Db>(std::make_unique<PgDb>(std::move(conn), display));
  } catch (const std::exception& e) {
    std::string msg = OneLine(e.what());
    // Never echo a password libpq might quote back.
    auto colon = url.find(':', url.find("://") + 3);
    auto at = url.find('@');
    if (colon != std::string::npos && at != std::string::npos && colon < at) {
      std::string pw = url.substr(colon + 1, at - colon - 1);
      for (size_t p; !pw.empty() && (p = msg.find(pw)) != std::string::npos;) msg.replace(p, pw.size(), "***");
    }
    return Status::Input(fmt::format("registry {}: cannot connect to PostgreSQL: {}", display, msg));
  }
}

}  // namespace mg::registry::internal
