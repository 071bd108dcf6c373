# The SQL that the baselines of bench/records.sh run, written once so that pgbench,
# rapport_sqlite_loop and psql/sqlite3 do the same work on both backends.
# shellcheck shell=bash disable=SC2034  # used by the other libraries

# The columns rapportd returns for an account, in its order.
readonly account_columns='id, created_at, updated_at, created_by, owner_id, version, name, email,
phone, website, street, city, country, industry, type'

# What bench/wrk/create.lua posts, as one INSERT. The timestamps are constants: rapportd
# computes its own, which costs it a little more.
readonly account_insert="INSERT INTO account (created_at, updated_at, version, name, email,
phone, website, street, city, country, industry, type) VALUES ('2026-11-22T09:41:06.000Z',
'2026-11-22T09:41:06.000Z', 1, 'PT. Kreasi Bumi Energi', 'info@kreasibumi.co.id',
'+62 21 5550123', 'https://www.kreasibumi.co.id', 'Jl. Sudirman 52', 'Jakarta', 'Indonesia',
'Energy', 'prospect')"

# What GET /api/v1/records/account/aggregate?group_by=type,country&count=true runs
# (kernel/records/aggregate_sql.cpp).
readonly account_aggregate='SELECT "type", "country", count(*) FROM "account"
GROUP BY "type", "country" ORDER BY 1 ASC NULLS LAST, 2 ASC NULLS LAST'

# The timestamp bulk-loaded rows get, in the canonical form rapportd stores on SQLite.
readonly load_timestamp='2026-11-22T09:41:06.000Z'
