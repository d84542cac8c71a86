#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use answers at $TALAAN_TEST_DATABASE_URL:
# starts the local cluster, or installs PostgreSQL from Debian's packages,
# then creates the role root (password "talaan") and the database test.
set -euo pipefail
url="${TALAAN_TEST_DATABASE_URL:-postgres://root:talaan@127.0.0.1:5432/test?sslmode=disable}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
	if ! command -v pg_ctlcluster >/dev/null; then
		echo "installing PostgreSQL"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
	fi
	as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
	for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql "$url" -qtAc 'select 1' >/dev/null 2>&1; then
	echo "creating the PostgreSQL role root and database test"
	as_root su postgres -c 'psql -q -v ON_ERROR_STOP=1' <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'root') THEN CREATE ROLE root LOGIN SUPERUSER; END IF;
END $$;
ALTER ROLE root PASSWORD 'talaan';
SQL
	as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\" | grep -q 1 || createdb -O root test"
	psql "$url" -qtAc 'select 1' >/dev/null
fi
