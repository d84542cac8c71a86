package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"talaan/storage"
)

// planNode is one node of EXPLAIN (FORMAT JSON).
type planNode struct {
	NodeType     string     `json:"Node Type"`
	RelationName string     `json:"Relation Name"`
	IndexName    string     `json:"Index Name"`
	Plans        []planNode `json:"Plans"`
}

func (n planNode) walk(fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		c.walk(fn)
	}
}

func (n planNode) String() string {
	var b strings.Builder
	var rec func(n planNode, depth int)
	rec = func(n planNode, depth int) {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), n.NodeType)
		if n.IndexName != "" {
			fmt.Fprintf(&b, " using %s", n.IndexName)
		}
		if n.RelationName != "" {
			fmt.Fprintf(&b, " on %s", n.RelationName)
		}
		b.WriteByte('\n')
		for _, c := range n.Plans {
			rec(c, depth+1)
		}
	}
	rec(n, 0)
	return b.String()
}

// explain returns the plan PostgreSQL makes for the query with its
// arguments (a custom plan).
func explain(ctx context.Context, t *testing.T, pool *pgxpool.Pool, query string, args ...any) planNode {
	t.Helper()
	var out []byte
	if err := pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&out); err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	return decodePlan(t, out)
}

// decodePlan decodes the output of EXPLAIN (FORMAT JSON).
func decodePlan(t testing.TB, out []byte) planNode {
	t.Helper()
	var plans []struct{ Plan planNode }
	if err := json.Unmarshal(out, &plans); err != nil || len(plans) != 1 {
		t.Fatalf("decode plan %s: %v", out, err)
	}
	return plans[0].Plan
}

// Seed shape of the plan test: enough rows that the planner weighs its
// choices as it would in production (a hundred incomes and ten archives per
// user, most users in one big tenant), small enough to seed in about a
// second.
const (
	planUsers   = 300
	planIncomes = 30_000
	planTenants = 2_000 // small tenants besides "ten", with webhooks
)

// planTenantOf spreads the users: three in four belong to the big tenant
// "ten", the others to the small ones.
func planTenantOf(user int) string {
	if user%4 == 3 {
		return fmt.Sprintf("ten-%04d", user%planTenants)
	}
	return "ten"
}

// seedConn returns a connection for seeding with COPY. When the role may,
// it skips the foreign key triggers (session_replication_role = replica),
// which would otherwise check every row one by one; the seeds are
// consistent either way.
func seedConn(ctx context.Context, t testing.TB, pool *pgxpool.Pool) *pgxpool.Conn {
	t.Helper()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Logf("seeding with foreign key checks: %v", err)
	}
	t.Cleanup(func() {
		_, _ = conn.Exec(context.Background(), `RESET session_replication_role`)
		conn.Release()
	})
	return conn
}

// copyRows fills table with n rows made by row, with COPY.
func copyRows(ctx context.Context, t testing.TB, conn *pgxpool.Conn, table string, cols []string, n int, row func(i int) []any) {
	t.Helper()
	i := 0
	_, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	}))
	if err != nil {
		t.Fatalf("copy %s: %v", table, err)
	}
}

// seedForPlans fills the store with COPY and analyzes the tables.
func seedForPlans(ctx context.Context, t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	conn := seedConn(ctx, t, pool)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	user := func(u int) string { return fmt.Sprintf("usr-%05d", u) }
	archive := func(a int) string { return fmt.Sprintf("arc-%06d", a) }
	copyRows(ctx, t, conn, "tenants", []string{"id", "api_key", "secret_hash", "created_at"}, planTenants+1, func(i int) []any {
		id := fmt.Sprintf("ten-%04d", i)
		if i == planTenants {
			id = "ten"
		}
		return []any{id, "key-" + id, []byte{1}, now}
	})
	copyRows(ctx, t, conn, "users", []string{"id", "tenant_id", "created_at"}, planUsers, func(u int) []any {
		return []any{user(u), planTenantOf(u), now}
	})
	// Ten tokens per user (token k is user k%planUsers's).
	copyRows(ctx, t, conn, "tokens", []string{"id", "tenant_id", "user_id", "hash", "expires_at", "created_at"}, 10*planUsers, func(k int) []any {
		u := k % planUsers
		return []any{fmt.Sprintf("tok-%05d", k), planTenantOf(u), user(u), []byte(fmt.Sprintf("hash-%05d", k)), now, now}
	})
	// Ten archives per user (archive a is user a%planUsers's), one in ten
	// in review, the others analyzed.
	copyRows(ctx, t, conn, "archives", []string{"id", "tenant_id", "user_id", "source", "file_type", "status", "review", "created_at", "updated_at"},
		10*planUsers, func(a int) []any {
			status, review := storage.StatusAnalyzed, false
			if a%10 == 3 {
				status, review = storage.StatusStarted, true
			}
			u := a % planUsers
			return []any{archive(a), planTenantOf(u), user(u), storage.SourceArchive, "PAYSLIP",
				status, review, now.Add(time.Duration(a) * time.Second), now}
		})
	// Two files per archive; most have expired and are deleted.
	copyRows(ctx, t, conn, "raw_files", []string{"id", "archive_id", "tenant_id", "blob_key", "created_at", "expires_at", "deleted_at"}, 20*planUsers, func(i int) []any {
		expires := now.Add(time.Duration(i) * time.Minute)
		var deleted any
		if i < 18*planUsers {
			deleted = expires
		}
		tenant := planTenantOf(i / 2 % planUsers)
		return []any{fmt.Sprintf("fil-%06d", i), archive(i / 2), tenant, fmt.Sprintf("t/%s/fil-%06d-x", tenant, i), now, expires, deleted}
	})
	// Incomes interleave the users, as real traffic does; income i is of
	// user i%planUsers, in one of its archives.
	copyRows(ctx, t, conn, "incomes", []string{"id", "tenant_id", "user_id", "archive_id", "start_date", "end_date", "created_at", "item_created_at"},
		planIncomes, func(i int) []any {
			u := i % planUsers
			month := i / planUsers % 12
			return []any{fmt.Sprintf("inc-%010d", i), planTenantOf(u), user(u), archive(u + planUsers*(i/planUsers%10)),
				fmt.Sprintf("2024-%02d-01", month+1), fmt.Sprintf("2024-%02d-28", month+1), now, now}
		})
	copyRows(ctx, t, conn, "webhooks", []string{"id", "tenant_id", "url", "event_types", "created_at", "updated_at"}, 2*planTenants, func(i int) []any {
		return []any{fmt.Sprintf("whk-%05d", i), fmt.Sprintf("ten-%04d", i%planTenants), "https://example.test", `["ALL_EVENTS"]`, now, now}
	})
	for _, table := range []string{"tenants", "users", "tokens", "archives", "raw_files", "incomes", "webhooks"} {
		if _, err := conn.Exec(ctx, `ANALYZE `+table); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQueryPlans checks that the hot queries walk an index in order: no
// sequential scan of a big table and no sort under the LIMIT, so that a page
// costs the same with millions of rows. The plans are those made for the
// arguments, which the store's connections always use (plan_cache_mode).
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := t.Context()
	var mode string
	if err := s.Pool().QueryRow(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode is %s, want force_custom_plan", mode)
	}
	start := time.Now()
	seedForPlans(ctx, t, s.Pool())
	t.Logf("seeded %d incomes in %s", planIncomes, time.Since(start).Round(time.Millisecond))

	fromArgs := func(q string, args []any) func() (string, []any) { return func() (string, []any) { return q, args } }
	getArchive := func() (string, []any) { return getArchiveQuery("ten", "arc-000042") }
	for _, tc := range []struct {
		name  string
		query func() (string, []any)
		// index is the index the plan must use, or alternatives joined
		// by "|" (a page of a big tenant's incomes may walk the primary
		// key just as well: most rows are that tenant's).
		index string
		sorts sortRule
	}{
		{"ListIncomes by user", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", UserID: "usr-00042", Page: storage.Page{Size: 10}})
		}, "incomes_tenant_user", noSort},
		{"ListIncomes by user, date window", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", UserID: "usr-00042", From: "2024-03-01", To: "2024-04-30"})
		}, "incomes_tenant_user", sortsUserRows},
		{"ListIncomes by user, next page", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", UserID: "usr-00042", Page: storage.Page{Size: 10, After: "inc-0000015042"}})
		}, "incomes_tenant_user", noSort},
		{"ListIncomes by user, largest page", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", UserID: "usr-00042", Page: storage.Page{Size: 150}})
		}, "incomes_tenant_user", sortsUserRows},
		{"ListIncomes by tenant", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", Page: storage.Page{After: "inc-0000015000"}})
		}, "incomes_tenant|incomes_pkey", noSort},
		{"ListIncomes by source", func() (string, []any) {
			return listIncomesQuery(storage.IncomeFilter{TenantID: "ten", SourceID: "arc-000042"})
		}, "incomes_tenant_archive", noSort},
		{"ListArchives by tenant", func() (string, []any) {
			return listArchivesQuery(storage.ArchiveFilter{TenantID: "ten", Page: storage.Page{After: "arc-001500"}})
		}, "archives_tenant|archives_pkey", sortsFewRows},
		{"ListArchives by user", func() (string, []any) {
			return listArchivesQuery(storage.ArchiveFilter{TenantID: "ten", UserID: "usr-00042"})
		}, "archives_tenant_user", sortsUserRows},
		{"ListArchives review queue", func() (string, []any) {
			return listArchivesQuery(storage.ArchiveFilter{TenantID: "ten", Review: ptr(true), Status: storage.StatusStarted})
		}, "archives_tenant_review", sortsFewRows},
		{"GetArchive with its files", getArchive, "raw_files_archive", sortsFewRows},
		{"ExpiredFiles", func() (string, []any) {
			return expiredFilesQuery(time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC), 100)
		}, "raw_files_expiry", noSort},
		{"KnownBlobKeys", fromArgs(knownBlobKeysQuery, []any{[]string{"t/ten/fil-005500-x", "t/ten/fil-005501-x", "t/ten/gone"}}), "raw_files_blob_key", noSort},
		{"TokenByHash", fromArgs(`SELECT id FROM tokens WHERE hash = $1`, []any{"\\x686173682d3030303432"}), "tokens_hash", noSort},
		{"TenantByAPIKey", fromArgs(`SELECT id FROM tenants WHERE api_key = $1`, []any{"key-ten"}), "tenants_api_key", noSort},
		{"WebhooksFor", fromArgs(webhooksForQuery, []any{"ten-0042", "ARCHIVE_ANALYZED"}), "webhooks_tenant", sortsFewRows},
		{"delete incomes of an archive", fromArgs(`DELETE FROM incomes WHERE archive_id = $1`, []any{"arc-000042"}), "incomes_archive", noSort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, args := tc.query()
			plan := explain(ctx, t, s.Pool(), query, args...)
			t.Logf("plan of %s\n%s", query, plan)
			checkPlan(t, plan, tc.index, tc.sorts)
		})
	}
}

// sortRule says which sorts a plan may have.
type sortRule int

const (
	// noSort: none.
	noSort sortRule = iota
	// sortsFewRows: a sort of a few rows, never under a LIMIT
	// (ListArchives orders the files of its page; GetArchive and
	// WebhooksFor order a handful of rows).
	sortsFewRows
	// sortsUserRows: a sort under the LIMIT too, of one user's rows found
	// through index: a user has ten archives and a hundred incomes, and
	// for a page as big as that (or a filter that skips most of them) the
	// planner may rightly prefer sorting them to walking the index in
	// order. A page of 10 of them must never sort.
	sortsUserRows
)

// checkPlan fails unless the plan uses index (or one of its alternatives),
// scans no table in full, and sorts only as the rule allows.
func checkPlan(t *testing.T, plan planNode, index string, sorts sortRule) {
	t.Helper()
	uses := false
	plan.walk(func(n planNode) {
		if n.IndexName != "" && slices.Contains(strings.Split(index, "|"), n.IndexName) {
			uses = true
		}
		if n.NodeType == "Seq Scan" && n.RelationName != "" {
			t.Errorf("the plan scans %s in full", n.RelationName)
		}
		isSort := n.NodeType == "Sort" || n.NodeType == "Incremental Sort"
		if isSort && sorts == noSort {
			t.Error("the plan sorts")
		}
		if n.NodeType == "Limit" && sorts != sortsUserRows {
			n.walk(func(m planNode) {
				if m.NodeType == "Sort" || m.NodeType == "Incremental Sort" {
					t.Error("the plan sorts under its LIMIT")
				}
			})
		}
	})
	if !uses {
		t.Errorf("the plan does not use %s", index)
	}
}

func ptr[T any](v T) *T { return &v }
