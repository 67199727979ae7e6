#include "store/sql.h"

#include <string>

namespace newswatch::sql {

Transaction::Transaction(Connection& db, Turn turn)
    : m_db(db), m_nested(db.m_transaction_depth > 0), m_writer(turn == Turn::take) {
  if (m_nested) {
    // Inside a batch whose transaction the backend already ended, a SAVEPOINT would commit on its own.
    if (m_db.transaction_lost()) throw SqlError("the enclosing transaction was rolled back");
    if (turn == Turn::take && !m_db.m_holds_turn) {
      m_db.take_turn();  // held to the enclosing transaction's end, as a lock taken at its BEGIN would be
      m_db.m_holds_turn = true;
    }
    m_db.exec("SAVEPOINT nested");
  } else {
    m_db.begin(turn);
    m_db.m_holds_turn = turn == Turn::take;
  }
  ++m_db.m_transaction_depth;
}

Transaction::~Transaction() {
  --m_db.m_transaction_depth;
  if (!m_done) {
    m_db.rollback_quietly(m_nested);
    if (m_writer) ++m_db.m_writer_rollbacks;
  }
  if (!m_nested) m_db.m_holds_turn = false;
}

void Transaction::commit() {
  m_db.exec(m_nested ? "RELEASE nested" : "COMMIT");
  m_done = true;
}

std::string json_strings(const Connection& db, std::string_view json, std::string_view alias) {
  std::string out;
  if (db.dialect() == Dialect::postgres) {
    out.append("jsonb_array_elements_text(CAST(").append(json).append(" AS jsonb)) AS ").append(alias);
    out.append("(value)");
  } else {
    out.append("json_each(").append(json).append(") AS ").append(alias);
  }
  return out;
}

std::string json_records(const Connection& db, std::string_view json, std::string_view alias,
                         std::initializer_list<JsonField> fields) {
  std::string out;
  if (db.dialect() == Dialect::postgres) {
    out.append("jsonb_to_recordset(CAST(").append(json).append(" AS jsonb)) AS ").append(alias).append("(");
    for (const JsonField& field : fields) {
      if (&field != fields.begin()) out.append(", ");
      out.append(field.name).append(" ").append(field.type);
    }
    return out.append(")");
  }
  out.append("(SELECT ");
  for (const JsonField& field : fields) {
    if (&field != fields.begin()) out.append(", ");
    out.append("json_extract(value, '$.").append(field.name).append("') AS ").append(field.name);
  }
  return out.append(" FROM json_each(").append(json).append(")) AS ").append(alias);
}

}  // namespace newswatch::sql
