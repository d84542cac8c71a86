package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"talaan/storage"
)

// Seed shape of BenchmarkListIncomesByUser, the SQLite store's: one tenant,
// benchUsers users with one archive each, benchIncomes incomes whose ids
// (creation order) interleave the users, as real traffic does.
const (
	benchUsers   = 10_000
	benchIncomes = 1_000_000
)

// seedIncomes fills the store with COPY. The incomes' secondary indexes are
// dropped for the copy and built again after it from their own definitions
// (one sort each instead of a million random inserts: seconds instead of
// about a minute); the schema the benchmark reads is the migrated one.
func seedIncomes(ctx context.Context, b *testing.B, s *Store) {
	b.Helper()
	start := time.Now()
	conn := seedConn(ctx, b, s.Pool())
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := conn.Exec(ctx, `INSERT INTO tenants (id, name, api_key, secret_hash, created_at) VALUES ('ten', 'T', 'k', '\x00', $1)`, now); err != nil {
		b.Fatal(err)
	}
	copyRows(ctx, b, conn, "archives", []string{"id", "tenant_id", "user_id", "source", "provider_id", "file_type", "status", "created_at", "updated_at"},
		benchUsers, func(u int) []any {
			return []any{fmt.Sprintf("arc-%05d", u), "ten", fmt.Sprintf("usr-%05d", u), "ARCHIVE", "tenant-provided", "PAYSLIP", "ANALYZED", now, now}
		})

	rows, err := conn.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = 'incomes' AND indexname <> 'incomes_pkey'`)
	if err != nil {
		b.Fatal(err)
	}
	type index struct{ name, def string }
	indexes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var i index
		return i, r.Scan(&i.name, &i.def)
	})
	if err != nil || len(indexes) == 0 {
		b.Fatalf("incomes' indexes: %v %v", indexes, err)
	}
	for _, i := range indexes {
		if _, err := conn.Exec(ctx, `DROP INDEX `+pgx.Identifier{i.name}.Sanitize()); err != nil {
			b.Fatal(err)
		}
	}
	copyRows(ctx, b, conn, "incomes", []string{"id", "tenant_id", "user_id", "archive_id", "file_id", "source_type", "provider_id",
		"work_item", "employer", "start_date", "end_date", "currency", "frequency", "gross_amount", "net_amount", "confidence",
		"reviewed", "created_at", "item_created_at"}, benchIncomes, func(i int) []any {
		u := i % benchUsers
		month := i / benchUsers % 12
		return []any{fmt.Sprintf("inc-%010d", i), "ten", fmt.Sprintf("usr-%05d", u), fmt.Sprintf("arc-%05d", u), "file", "ARCHIVE",
			"tenant-provided", "Payslip", "ACME Corp", fmt.Sprintf("2024-%02d-01", month+1), fmt.Sprintf("2024-%02d-28", month+1),
			"PHP", "MONTHLY", 50000.5, 42000.25, `{"employer":0.9}`, false, now.Add(time.Duration(i) * time.Microsecond), now}
	})
	if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '256MB'`); err != nil {
		b.Fatal(err)
	}
	for _, i := range indexes {
		if _, err := conn.Exec(ctx, i.def); err != nil {
			b.Fatalf("%s: %v", i.def, err)
		}
	}
	if _, err := conn.Exec(ctx, `RESET maintenance_work_mem`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `VACUUM ANALYZE incomes`); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE archives`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d incomes of %d users in %s", benchIncomes, benchUsers, time.Since(start).Round(time.Millisecond))
}

// BenchmarkListIncomesByUser measures one page of one user's incomes on a
// table of a million incomes, and checks the plan of the first page on it.
// The seed runs only when the benchmark does
// (go test -bench ListIncomes -run '^$' ./storage/postgres/); it takes a
// database of its own, dropped at the end.
func BenchmarkListIncomesByUser(b *testing.B) {
	ctx := context.Background()
	s := openURL(b, freshDatabase(b))
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	seedIncomes(ctx, b, s)

	const user = "usr-04242"
	firstPage := storage.IncomeFilter{TenantID: "ten", UserID: user, Page: storage.Page{Size: 10}}
	first, next, err := s.ListIncomes(ctx, firstPage)
	if err != nil || len(first) != 10 || next == "" {
		b.Fatalf("first page: %d items, next %q, err %v", len(first), next, err)
	}
	query, args := listIncomesQuery(firstPage)
	rows, err := s.Pool().Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args...)
	if err != nil {
		b.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	out := strings.Join(lines, "\n")
	b.Logf("first page of one user on %d incomes:\n%s", benchIncomes, out)
	var plan []byte
	if err := s.Pool().QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&plan); err != nil {
		b.Fatal(err)
	}
	node := decodePlan(b, plan)
	uses, sorts := false, false
	node.walk(func(n planNode) {
		uses = uses || n.IndexName == "incomes_tenant_user"
		sorts = sorts || n.NodeType == "Sort" || n.NodeType == "Incremental Sort" || n.NodeType == "Seq Scan"
	})
	if !uses || sorts {
		// A plan that sorts or scans, or walks another index.
		b.Fatalf("the first page of one user does not walk incomes_tenant_user in order:\n%s", node)
	}

	for _, bc := range []struct {
		name string
		f    storage.IncomeFilter
	}{
		{"first page", firstPage},
		{"next page", storage.IncomeFilter{TenantID: "ten", UserID: user, Page: storage.Page{Size: 10, After: next}}},
		{"date window", storage.IncomeFilter{TenantID: "ten", UserID: user, From: "2024-03-01", To: "2024-04-30", Page: storage.Page{Size: 10}}},
		{"tenant first page", storage.IncomeFilter{TenantID: "ten", Page: storage.Page{Size: 10}}},
		{"source first page", storage.IncomeFilter{TenantID: "ten", SourceID: "arc-04242", Page: storage.Page{Size: 10}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				items, _, err := s.ListIncomes(ctx, bc.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(items) != 10 {
					b.Fatalf("%d items, want 10", len(items))
				}
			}
		})
	}
}
