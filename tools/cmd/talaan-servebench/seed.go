package main

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"talaan/internal/ids"
	"talaan/storage"
	"talaan/storage/sqlite"
)

// markerName is the file in a seeded data dir that says what was seeded
// and holds the tenant's credentials (the database keeps only the secret's
// hash).
const markerName = "servebench.json"

// seedInfo is the content of the marker file.
type seedInfo struct {
	Tenant      tenant  `json:"tenant"`
	Users       int     `json:"users"`
	PerUser     int     `json:"perUser"`
	Archives    int     `json:"archives"`
	Incomes     int     `json:"incomes"`
	SeededAt    string  `json:"seededAt"`
	SeedSeconds float64 `json:"seedSeconds"`
}

// seeded is a data set ready for the latency benchmark: a SQLite data dir,
// or a PostgreSQL database (and a data dir for the server's files).
type seeded struct {
	database string // "sqlite" or "postgres"
	dir      string // TALAAN_DATA_DIR of the server
	dbURL    string // PostgreSQL: TALAAN_DATABASE_URL
	dbName   string // PostgreSQL: the database's name
	info     seedInfo
	userIDs  []string
	reused   bool
	dbBytes  int64
}

// serverEnv is the environment of a `talaan serve` on the data set.
func (s seeded) serverEnv() []string {
	env := []string{"TALAAN_DATA_DIR=" + s.dir}
	if s.dbURL != "" {
		env = append(env, "TALAAN_DATABASE_URL="+s.dbURL)
	}
	return env
}

func dbPath(dir string) string { return filepath.Join(dir, "talaan.db") }

// prepareData returns a seeded data dir: o.data when it was seeded before
// with the same sizes, else a fresh one (o.data, or a folder in work).
func prepareData(ctx context.Context, o options, bin, work string) (seeded, error) {
	dir := filepath.Join(work, "latency-data")
	if o.data != "" {
		abs, err := filepath.Abs(o.data)
		if err != nil {
			return seeded{}, err
		}
		dir = abs
		if raw, err := os.ReadFile(filepath.Join(dir, markerName)); err == nil {
			var info seedInfo
			if err := json.Unmarshal(raw, &info); err != nil {
				return seeded{}, fmt.Errorf("-data %s: %s is not valid: %w", dir, markerName, err)
			}
			if info.Users != o.users || info.PerUser != o.perUser {
				return seeded{}, fmt.Errorf("-data %s holds %d users x %d incomes, not %d x %d; give another folder",
					dir, info.Users, info.PerUser, o.users, o.perUser)
			}
			progress(fmt.Sprintf("reusing the seeded data in %s (%d incomes)", dir, info.Incomes))
			users, err := loadUsers(ctx, dir, info)
			if err != nil {
				return seeded{}, err
			}
			return seeded{database: "sqlite", dir: dir, info: info, userIDs: users, reused: true, dbBytes: fileSize(dbPath(dir))}, nil
		}
		if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
			return seeded{}, fmt.Errorf("-data %s is not empty and has no %s: give a new or empty folder (it will be seeded) or one seeded before", dir, markerName)
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return seeded{}, fmt.Errorf("create data dir: %w", err)
	}
	s, err := seed(ctx, o, bin, dir)
	if err != nil {
		// The folder was new or empty: leave it so, and the next run seeds
		// it again instead of refusing a half-seeded folder.
		if entries, rerr := os.ReadDir(dir); rerr == nil {
			for _, e := range entries {
				_ = os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		}
		return seeded{}, err
	}
	s.dbBytes = fileSize(dbPath(dir))
	return s, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// loadUsers reads the seeded users' ids and checks the incomes are there.
func loadUsers(ctx context.Context, dir string, info seedInfo) ([]string, error) {
	st, err := sqlite.Open(ctx, dbPath(dir))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	db := st.DB()
	rows, err := db.QueryContext(ctx, `SELECT id FROM users WHERE tenant_id = ? ORDER BY id`, info.Tenant.TenantID)
	if err != nil {
		return nil, fmt.Errorf("read seeded users: %w", err)
	}
	defer rows.Close()
	var users []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		users = append(users, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM incomes WHERE tenant_id = ?`, info.Tenant.TenantID).Scan(&n); err != nil {
		return nil, fmt.Errorf("count seeded incomes: %w", err)
	}
	if len(users) != info.Users || n != info.Incomes {
		return nil, fmt.Errorf("the seeded data in %s is incomplete (%d users, %d incomes; want %d, %d): give a new folder",
			dir, len(users), n, info.Users, info.Incomes)
	}
	return users, nil
}

var employers = []string{
	"Ginhawa Wellness Spa, Inc.", "Bayanihan Logistics Corp.", "Kalinaw Software Solutions, Inc.",
	"Mabuhay Food Services Corp.", "Tala Retail Group, Inc.", "Pag-asa BPO Services, Inc.",
	"Luzon Steel Fabricators Corp.", "Visayas Maritime Agency, Inc.", "Mindanao Agri Ventures Corp.",
	"Sampaguita Hotels and Resorts, Inc.", "Dagat Seafood Exporters, Inc.", "Araw Solar Power Corp.",
	"Bituin Pharmacy Chain, Inc.", "Kapatid Construction Corp.", "Habagat Telecom Services, Inc.",
	"Silangan Medical Center, Inc.", "Lakbay Travel and Tours Corp.", "Hiraya Creative Studio, Inc.",
	"Tanglaw Learning Center, Inc.", "Malaya Security Agency, Inc.", "Sinag Printing Press Corp.",
	"Ilog Water Utilities, Inc.", "Bukid Fresh Produce Corp.", "Alon Shipping Lines, Inc.",
	"Dalisay Cleaning Services Corp.", "Likha Furniture Makers, Inc.", "Kislap Electronics Assembly Corp.",
	"Pinoy Fastfood Ventures, Inc.", "Diwa Insurance Brokers, Inc.", "Ulap Cloud Services, Inc.",
}

// userProfile is what one seeded user's payslips have in common.
type userProfile struct {
	id        string
	created   time.Time
	meta      map[string]string // external metadata
	employer  string
	monthly   float64 // monthly base pay, PHP
	semi      bool    // semimonthly, else monthly
	allowance float64 // share of base
	deduct    float64 // share of gross
}

// plannedArchive is one seeded archive and how many incomes it holds.
type plannedArchive struct {
	user    int
	id      string
	created time.Time
	done    time.Time // when it was analyzed: its incomes' created_at
	fileID  string
	n       int
}

// seedPlan is the seeded data set, the same for SQLite and PostgreSQL:
// users (ids sorting by creation time), their archives in time order (as
// they arrive), and, generated batch by batch (batches), 10 incomes per
// archive over consecutive pay periods.
type seedPlan struct {
	now      time.Time
	users    []userProfile
	archives []plannedArchive
	incomes  int
}

const perArchive = 10

func newSeedPlan(nUsers, perUser int) *seedPlan {
	rng := rand.New(rand.NewPCG(7, 11))
	now := time.Now().UTC()
	span := 2 * 365 * 24 * time.Hour
	origin := now.Add(-span)
	archivesPerUser := (perUser + perArchive - 1) / perArchive

	p := &seedPlan{now: now, users: make([]userProfile, nUsers)}
	created := make([]time.Time, nUsers)
	for u := range created {
		created[u] = origin.Add(time.Duration(rng.Int64N(int64(span / 2))))
	}
	// User ids sort by their creation time, as the service makes them.
	sort.Slice(created, func(i, j int) bool { return created[i].Before(created[j]) })
	type archiveAt struct {
		user    int
		created time.Time
	}
	var archives []archiveAt
	for u := range p.users {
		p.users[u] = userProfile{
			id:        ids.NewAt(ids.User, created[u]),
			created:   created[u],
			meta:      map[string]string{"customerRef": "C" + strconv.Itoa(100000+u), "branch": strconv.Itoa(1 + u%40)},
			employer:  employers[rng.IntN(len(employers))],
			monthly:   float64(12000 + 500*rng.IntN(277)), // 12,000 to 150,000 PHP
			semi:      rng.IntN(10) < 7,
			allowance: 0.1 * rng.Float64(),
			deduct:    0.08 + 0.14*rng.Float64(),
		}
		left := now.Sub(created[u]) - time.Hour
		for range archivesPerUser {
			archives = append(archives, archiveAt{user: u, created: created[u].Add(time.Hour + time.Duration(rng.Int64N(int64(left))))})
		}
	}
	// Archives (and so incomes) are inserted in time order, as they arrive.
	sort.Slice(archives, func(i, j int) bool { return archives[i].created.Before(archives[j].created) })
	remaining := make([]int, nUsers)
	for u := range remaining {
		remaining[u] = perUser
	}
	for _, a := range archives {
		n := min(perArchive, remaining[a.user])
		if n == 0 {
			continue
		}
		remaining[a.user] -= n
		p.archives = append(p.archives, plannedArchive{user: a.user, id: ids.NewAt(ids.Archive, a.created), created: a.created,
			done: a.created.Add(time.Duration(3+rng.IntN(40)) * time.Second), fileID: ids.NewAt(ids.File, a.created), n: n})
		p.incomes += n
	}
	return p
}

// batchRows is about the number of users, or of incomes (with their
// archives), of one batch of the load: what the seed holds in memory at
// once.
const batchRows = 10000

// batches yields the plan as the tenant's rows: the users, then the
// archives in time order with their incomes, about batchRows a batch,
// reusing one batch's slices (Loader.Load takes a batch only once
// the previous one is stored). loaded is told the incomes yielded so far.
func (p *seedPlan) batches(tenantID string, loaded func(incomes int)) iter.Seq[storage.Batch] {
	return func(yield func(storage.Batch) bool) {
		var b storage.Batch
		for i, u := range p.users {
			b.Users = append(b.Users, storage.User{ID: u.id, TenantID: tenantID, ExternalMetadata: u.meta, CreatedAt: u.created})
			if len(b.Users) == batchRows || i == len(p.users)-1 {
				if !yield(b) {
					return
				}
				b.Users = b.Users[:0]
			}
		}
		b.Users = nil
		g := incomeGen{rng: rand.New(rand.NewPCG(13, 17)), currency: "PHP"}
		n := 0
		for i := range p.archives {
			a := &p.archives[i]
			b.Archives = append(b.Archives, storage.Archive{ID: a.id, TenantID: tenantID, UserID: p.users[a.user].id,
				Source: storage.SourceArchive, ProviderID: "tenant-provided", FileType: "PAYSLIP",
				Status: storage.StatusAnalyzed, CreatedAt: a.created, UpdatedAt: a.done})
			b.Incomes = g.add(b.Incomes, tenantID, a, &p.users[a.user])
			if len(b.Incomes) >= batchRows || i == len(p.archives)-1 {
				if !yield(b) {
					return
				}
				n += len(b.Incomes)
				loaded(n)
				b.Archives, b.Incomes = b.Archives[:0], b.Incomes[:0]
			}
		}
	}
}

// incomeGen makes the incomes of the plan's archives, in the archives'
// order.
type incomeGen struct {
	rng      *rand.Rand
	currency string
}

// add appends the n incomes of archive a of user u to dst: consecutive
// pay periods back from the last one completed before the archive.
func (g *incomeGen) add(dst []storage.Income, tenantID string, a *plannedArchive, u *userProfile) []storage.Income {
	rng := g.rng
	end := lastPeriodEnd(a.created, u.semi)
	base, freq := u.monthly, "Monthly"
	if u.semi {
		base, freq = u.monthly/2, "Semimonthly"
	}
	for range a.n {
		startD, endD, payD := period(end, u.semi)
		end = startD.AddDate(0, 0, -1)
		gross := cents(base * (1 + u.allowance) * (1 + 0.02*rng.Float64()))
		net := cents(gross * (1 - u.deduct*(0.97+0.06*rng.Float64())))
		conf := fmt.Sprintf(`{"baseAmount":%.2f,"currency":0.99,"employer":%.2f,"endDate":0.99,"frequency":%.2f,"grossAmount":%.2f,"netAmount":%.2f,"payDate":%.2f,"startDate":0.99}`,
			0.9+0.09*rng.Float64(), 0.9+0.09*rng.Float64(), 0.85+0.14*rng.Float64(), 0.95+0.04*rng.Float64(), 0.95+0.04*rng.Float64(), 0.9+0.09*rng.Float64())
		dst = append(dst, storage.Income{ID: ids.NewAt(ids.Income, a.done), TenantID: tenantID, UserID: u.id, ArchiveID: a.id,
			FileID: a.fileID, SourceType: storage.SourceArchive, ProviderID: "tenant-provided", Employer: &u.employer,
			StartDate: ptr(startD.Format(time.DateOnly)), EndDate: ptr(endD.Format(time.DateOnly)),
			PayDate: ptr(payD.Format(time.DateOnly)), Currency: &g.currency, Frequency: ptr(freq),
			BaseAmount: ptr(cents(base)), GrossAmount: ptr(gross), NetAmount: ptr(net), Confidence: json.RawMessage(conf),
			CreatedAt: a.done, ItemCreatedAt: a.created})
	}
	return dst
}

func ptr[T any](v T) *T { return &v }

// loadPlan seeds the plan for the tenant through the store's Loader,
// telling the progress every 100,000 incomes.
func loadPlan(ctx context.Context, l storage.Loader, plan *seedPlan, tenantID string, start time.Time) error {
	next := 100000
	err := l.Load(ctx, plan.batches(tenantID, func(n int) {
		if n >= next {
			progress(fmt.Sprintf("  %d incomes (%.0f s)", n, time.Since(start).Seconds()))
			next += 100000
		}
	}))
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("  %d users, %d archives and %d incomes loaded (%.0f s)", len(plan.users), len(plan.archives),
		plan.incomes, time.Since(start).Seconds()))
	return nil
}

// seed creates the tenant through the binary, then loads the users,
// archives and incomes through the store.
func seed(ctx context.Context, o options, bin, dir string) (seeded, error) {
	start := time.Now()
	progress(fmt.Sprintf("seeding %s: tenant, %d users, %d incomes", dir, o.users, o.users*o.perUser))
	t, err := createTenant(ctx, bin, "servebench", "TALAAN_DATA_DIR="+dir)
	if err != nil {
		return seeded{}, err
	}
	st, err := sqlite.Open(ctx, dbPath(dir))
	if err != nil {
		return seeded{}, err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return seeded{}, err
	}
	plan := newSeedPlan(o.users, o.perUser)
	if err := loadPlan(ctx, st, plan, t.TenantID, start); err != nil {
		return seeded{}, fmt.Errorf("seed: %w", err)
	}
	info := seedInfo{Tenant: t, Users: o.users, PerUser: o.perUser, Archives: len(plan.archives), Incomes: plan.incomes,
		SeededAt: plan.now.Format(time.RFC3339), SeedSeconds: round3(time.Since(start).Seconds())}
	if err := st.Close(); err != nil {
		return seeded{}, fmt.Errorf("seed: close: %w", err)
	}
	raw, _ := json.MarshalIndent(info, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, markerName), append(raw, '\n'), 0o600); err != nil {
		return seeded{}, fmt.Errorf("seed: write %s: %w", markerName, err)
	}
	progress(fmt.Sprintf("  seeded in %.1f s", info.SeedSeconds))
	return seeded{database: "sqlite", dir: dir, info: info, userIDs: plan.userIDs()}, nil
}

// userIDs are the plan's users' ids, in creation order.
func (p *seedPlan) userIDs() []string {
	out := make([]string, len(p.users))
	for i, u := range p.users {
		out[i] = u.id
	}
	return out
}

func cents(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// lastPeriodEnd is the end of the last pay period completed before t.
func lastPeriodEnd(t time.Time, semi bool) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	if semi && d > 15 {
		return first.AddDate(0, 0, 14)
	}
	return first.AddDate(0, 0, -1)
}

// period returns the pay period ending on end and its pay date.
func period(end time.Time, semi bool) (start, endOut, pay time.Time) {
	y, m, d := end.Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	switch {
	case !semi:
		start, pay = first, end.AddDate(0, 0, 5)
	case d <= 15:
		start, pay = first, end
	default:
		start, pay = first.AddDate(0, 0, 15), end
	}
	return start, end, pay
}
