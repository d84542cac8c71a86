package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talaan/storage"
	"talaan/storage/sqlite"
)

// Seed shape of BenchmarkListIncomesByUser: one tenant, benchUsers users
// with one archive each, benchIncomes incomes whose ids (creation order)
// interleave the users, as real traffic does.
const (
	benchUsers   = 10_000
	benchIncomes = 1_000_000 // a multiple of the insert batch
)

// seedIncomes fills the store in one transaction of prepared inserts.
func seedIncomes(ctx context.Context, b *testing.B, s *sqlite.Store) {
	b.Helper()
	start := time.Now()
	// A big page cache keeps the randomly ordered index inserts in memory
	// (the writer pool is one connection, so this is the seed's connection).
	if _, err := s.DB().ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		b.Fatal(err)
	}
	defer func() { _, _ = s.DB().ExecContext(ctx, `PRAGMA cache_size = -2000`) }()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	if _, err := tx.ExecContext(ctx, `INSERT INTO tenants (id, name, api_key, secret_hash, created_at) VALUES ('ten', 'T', 'k', x'00', ?)`, now); err != nil {
		b.Fatal(err)
	}
	arc, err := tx.PrepareContext(ctx, `INSERT INTO archives (id, tenant_id, user_id, source, provider_id, file_type, status, created_at, updated_at)
		VALUES (?, 'ten', ?, 'ARCHIVE', 'tenant-provided', 'PAYSLIP', 'ANALYZED', ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for u := range benchUsers {
		if _, err := arc.ExecContext(ctx, fmt.Sprintf("arc-%05d", u), fmt.Sprintf("usr-%05d", u), now, now); err != nil {
			b.Fatal(err)
		}
	}
	// Many rows per statement: the per-call overhead of database/sql and
	// the driver would otherwise dominate.
	const batch = 100
	row := `(?, 'ten', ?, ?, 'file', 'ARCHIVE', 'tenant-provided', 'Payslip', 'ACME Corp', ?, ?, 'PHP', 'MONTHLY',
		50000.5, 42000.25, '{"employer":0.9}', 0, ?, ?)`
	inc, err := tx.PrepareContext(ctx, `INSERT INTO incomes (id, tenant_id, user_id, archive_id, file_id, source_type, provider_id,
		work_item, employer, start_date, end_date, currency, frequency, gross_amount, net_amount, confidence, reviewed,
		created_at, item_created_at) VALUES `+strings.TrimSuffix(strings.Repeat(row+", ", batch), ", "))
	if err != nil {
		b.Fatal(err)
	}
	args := make([]any, 0, 7*batch)
	for i := range benchIncomes {
		u := i % benchUsers
		month := i / benchUsers % 12
		args = append(args, fmt.Sprintf("inc-%010d", i), fmt.Sprintf("usr-%05d", u), fmt.Sprintf("arc-%05d", u),
			fmt.Sprintf("2024-%02d-01", month+1), fmt.Sprintf("2024-%02d-28", month+1), now+int64(i), now)
		if len(args) == cap(args) {
			if _, err := inc.ExecContext(ctx, args...); err != nil {
				b.Fatal(err)
			}
			args = args[:0]
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d incomes of %d users in %s", benchIncomes, benchUsers, time.Since(start).Round(time.Millisecond))
}

// BenchmarkListIncomesByUser measures one page of one user's incomes on a
// table of a million incomes. The seed runs only when the benchmark does
// (go test -bench ListIncomes -run '^$' ./storage/sqlite/).
func BenchmarkListIncomesByUser(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	seedIncomes(ctx, b, s)

	const user = "usr-04242"
	first, next, err := s.ListIncomes(ctx, storage.IncomeFilter{TenantID: "ten", UserID: user, Page: storage.Page{Size: 10}})
	if err != nil || len(first) != 10 || next == "" {
		b.Fatalf("first page: %d items, next %q, err %v", len(first), next, err)
	}
	for _, bc := range []struct {
		name string
		f    storage.IncomeFilter
	}{
		{"first page", storage.IncomeFilter{TenantID: "ten", UserID: user, Page: storage.Page{Size: 10}}},
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
