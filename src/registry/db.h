// A minimal SQL seam under the registry: one implementation per database, so the registry's
// logic (sql_registry.cc) is written once and behaves the same on SQLite and PostgreSQL.
//
// Contract:
//  - SQL uses `?` placeholders (the PostgreSQL side rewrites them to $1, $2...); the SQL text
//    never contains a literal '?'.
//  - Transaction(write, body) runs body inside one transaction and commits when body returns
//    OK, rolls back otherwise and returns body's Status. write=true takes the write lock up
//    front (SQLite: BEGIN IMMEDIATE). A busy/serialization conflict before body's domain
//    errors is retried, re-running body from scratch; body must therefore be re-runnable.
//  - Query returns every row as text (NULL -> nullopt); database errors are Status::Internal.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "registry/registry.h"

namespace mg::registry::internal {

using Param = std::variant<std::string, int64_t>;
using Row = std::vector<std::optional<std::string>>;

class Txn {
 public:
  virtual ~Txn() = default;
  virtual Result<std::vector<Row>> Query(const std::string& sql, const std::vector<Param>& params = {}) = 0;
  // Runs several ;-separated statements without parameters (migrations).
  virtual Status ExecScript(const std::string& sql) = 0;
};

class Db {
 public:
  enum class Dialect { kSqlite, kPostgres };
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;
  virtual Status Transaction(bool write, const std::function<Status(Txn&)>& body) = 0;
  virtual std::string DisplayUrl() const = 0;
};

Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& url, const std::string& path);
Result<std::unique_ptr<Db>> OpenPostgresDb(const std::string& url);
// Creates or migrates the schema (schema.cc); safe when several processes do it at once.
Status Migrate(Db& db);
// Migrate(), then wraps db in the Registry logic of sql_registry.cc.
Result<std::unique_ptr<Registry>> OpenSqlRegistry(std::unique_ptr<Db> db);

}  // namespace mg::registry::internal
