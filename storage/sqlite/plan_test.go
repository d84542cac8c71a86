package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"talaan/storage"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReaderRefusesWrites(t *testing.T) {
	t.Parallel()
	s := openInternal(t)
	_, err := s.reader.ExecContext(t.Context(), `INSERT INTO settings (name, value) VALUES ('x', x'00')`)
	if err == nil {
		t.Fatal("the reader pool accepted a write")
	}
}

// plan returns the EXPLAIN QUERY PLAN details of a query, one per line.
func plan(ctx context.Context, t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// TestQueryPlans checks that the hot queries walk an index in order: no
// table scan and no sort, so a page costs the same with millions of rows.
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	s := openInternal(t)
	incomes := func(f storage.IncomeFilter) (string, []any) { return listIncomesQuery(f) }
	for _, tc := range []struct {
		name  string
		query string
		args  []any
		index string
		sorts bool // a sort of a few rows is fine
	}{
		{"ListIncomes by user", "", nil, "incomes_tenant_user", false},
		{"ListIncomes by user, next page", "", nil, "incomes_tenant_user", false},
		{"ListIncomes by tenant", "", nil, "incomes_tenant", false},
		{"ListIncomes by source", "", nil, "incomes_tenant_archive", false},
		{"ListArchives by tenant", `SELECT id FROM archives WHERE tenant_id = ? AND id < ? ORDER BY id DESC LIMIT 11`, []any{"t", "z"}, "archives_tenant", false},
		{"ListArchives by user", `SELECT id FROM archives WHERE tenant_id = ? AND user_id = ? ORDER BY id DESC LIMIT 11`, []any{"t", "u"}, "archives_tenant_user", false},
		{"ListArchives review queue", `SELECT id FROM archives WHERE tenant_id = ? AND review = ? AND status = ? ORDER BY id DESC LIMIT 11`, []any{"t", true, "STARTED"}, "archives_tenant_review", false},
		{"ExpiredFiles", `SELECT id FROM raw_files WHERE deleted_at IS NULL AND expires_at <= ? ORDER BY expires_at, id LIMIT 100`, []any{int64(1)}, "raw_files_expiry", false},
		{"files of an archive", `SELECT id FROM raw_files WHERE archive_id IN (?, ?) ORDER BY created_at, rowid`, []any{"a", "b"}, "raw_files_archive", true},
		{"KnownBlobKeys", knownBlobKeysQuery, []any{`["t/x/f-1","t/x/f-2"]`}, "raw_files_blob_key", false},
		{"TokenByHash", `SELECT id FROM tokens WHERE hash = ?`, []any{[]byte("h")}, "tokens_hash", false},
		{"TenantByAPIKey", `SELECT id FROM tenants WHERE api_key = ?`, []any{"k"}, "tenants_api_key", false},
		{"WebhooksFor", `SELECT id FROM webhooks WHERE tenant_id = ? AND active = 1 ORDER BY id`, []any{"t"}, "webhooks_tenant", false},
		{"delete incomes of an archive", `DELETE FROM incomes WHERE archive_id = ?`, []any{"a"}, "incomes_archive", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, args := tc.query, tc.args
			switch tc.name {
			case "ListIncomes by user":
				query, args = incomes(storage.IncomeFilter{TenantID: "t", UserID: "u", From: "2024-01-01", To: "2024-12-31"})
			case "ListIncomes by user, next page":
				query, args = incomes(storage.IncomeFilter{TenantID: "t", UserID: "u", Page: storage.Page{After: "inc-5"}})
			case "ListIncomes by tenant":
				query, args = incomes(storage.IncomeFilter{TenantID: "t", Page: storage.Page{After: "inc-5"}})
			case "ListIncomes by source":
				query, args = incomes(storage.IncomeFilter{TenantID: "t", SourceID: "a"})
			}
			got := plan(t.Context(), t, s, query, args...)
			if !strings.Contains(got, "INDEX "+tc.index+" ") {
				t.Errorf("plan does not use %s:\n%s", tc.index, got)
			}
			t.Logf("%s\n%s", query, got)
			if (!tc.sorts && strings.Contains(got, "TEMP B-TREE")) || strings.Contains(got, "SCAN incomes") || strings.Contains(got, "SCAN archives") || strings.Contains(got, "SCAN raw_files") {
				t.Errorf("plan sorts or scans:\n%s", got)
			}
		})
	}
}
