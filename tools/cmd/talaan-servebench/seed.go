package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"talaan/internal/ids"
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
	meta      string // external_metadata, JSON
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

// incomeRow is one seeded income, ready for either database.
type incomeRow struct {
	id, userID, archiveID, fileID   string
	employer, start, end, pay, freq string
	base, gross, net                float64
	conf                            string
	created, itemCreated            time.Time
}

// seedPlan is the seeded data set, the same for SQLite and PostgreSQL:
// users (ids sorting by creation time), their archives in time order (as
// they arrive), and, generated on demand by incomeIter, 10 incomes per
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
			meta:      `{"customerRef":"C` + strconv.Itoa(100000+u) + `","branch":"` + strconv.Itoa(1+u%40) + `"}`,
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

// incomeIter hands out the plan's incomes archive by archive, in the
// archives' order: the first archive's n incomes, then the next one's.
type incomeIter struct {
	p   *seedPlan
	rng *rand.Rand
	ai  int // the archive being read
	k   int // incomes of it handed out
	end time.Time
	row incomeRow
}

func (p *seedPlan) incomeIter() *incomeIter {
	return &incomeIter{p: p, rng: rand.New(rand.NewPCG(13, 17))}
}

// next returns the next income, or nil after the last.
func (it *incomeIter) next() *incomeRow {
	for it.ai < len(it.p.archives) && it.k == it.p.archives[it.ai].n {
		it.ai++
		it.k = 0
	}
	if it.ai == len(it.p.archives) {
		return nil
	}
	a := &it.p.archives[it.ai]
	u := &it.p.users[a.user]
	if it.k == 0 {
		it.end = lastPeriodEnd(a.created, u.semi)
	}
	it.k++
	rng := it.rng
	startD, endD, payD := period(it.end, u.semi)
	it.end = startD.AddDate(0, 0, -1)
	base := u.monthly
	freq := "Monthly"
	if u.semi {
		base, freq = u.monthly/2, "Semimonthly"
	}
	gross := cents(base * (1 + u.allowance) * (1 + 0.02*rng.Float64()))
	net := cents(gross * (1 - u.deduct*(0.97+0.06*rng.Float64())))
	conf := fmt.Sprintf(`{"baseAmount":%.2f,"currency":0.99,"employer":%.2f,"endDate":0.99,"frequency":%.2f,"grossAmount":%.2f,"netAmount":%.2f,"payDate":%.2f,"startDate":0.99}`,
		0.9+0.09*rng.Float64(), 0.9+0.09*rng.Float64(), 0.85+0.14*rng.Float64(), 0.95+0.04*rng.Float64(), 0.95+0.04*rng.Float64(), 0.9+0.09*rng.Float64())
	it.row = incomeRow{id: ids.NewAt(ids.Income, a.done), userID: u.id, archiveID: a.id, fileID: a.fileID,
		employer: u.employer, start: startD.Format(time.DateOnly), end: endD.Format(time.DateOnly), pay: payD.Format(time.DateOnly),
		freq: freq, base: cents(base), gross: gross, net: net, conf: conf, created: a.done, itemCreated: a.created}
	return &it.row
}

// seed creates the tenant through the binary, then inserts the users,
// archives and incomes in one transaction on the store's writer.
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
	// The writer pool is one connection, so these settings stay on it for
	// the load and end with it: a page cache big enough for the indexes'
	// work, no fsync (a crash mid-seed leaves no marker, so the folder is
	// never reused), and the sorter's and statement journal's temporary
	// data in memory. The table's pages spill to the WAL as it grows; they
	// are written once either way.
	db := st.DB()
	for _, p := range []string{"PRAGMA cache_size = -131072", "PRAGMA synchronous = OFF", "PRAGMA temp_store = MEMORY"} {
		if _, err := db.ExecContext(ctx, p); err != nil {
			return seeded{}, fmt.Errorf("%s: %w", p, err)
		}
	}
	plan := newSeedPlan(o.users, o.perUser)

	err = func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		// The incomes' secondary indexes are dropped during the load and
		// made again from their own stored definitions before the commit:
		// building an index from the finished table (a sort) is several
		// times faster than updating it row by row, and the schema ends up
		// exactly as the migrations made it.
		indexes, err := dropIndexes(ctx, tx, "incomes")
		if err != nil {
			return err
		}
		insUser, err := tx.PrepareContext(ctx, `INSERT INTO users (id, tenant_id, external_metadata, created_at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insUser.Close()
		insArchive, err := tx.PrepareContext(ctx, `INSERT INTO archives (id, tenant_id, user_id, source, provider_id, file_type,
			status, review, created_at, updated_at) VALUES (?, ?, ?, 'ARCHIVE', 'tenant-provided', 'PAYSLIP', 'ANALYZED', 0, ?, ?)`)
		if err != nil {
			return err
		}
		defer insArchive.Close()
		// One INSERT per archive, with a row per income: fewer statements
		// to step through than rows.
		incomeStmts := map[int]*sql.Stmt{}
		defer func() {
			for _, st := range incomeStmts {
				_ = st.Close()
			}
		}()
		insIncomes := func(rows int) (*sql.Stmt, error) {
			if st, ok := incomeStmts[rows]; ok {
				return st, nil
			}
			values := strings.Repeat(`(?, ?, ?, ?, ?, 'ARCHIVE', 'tenant-provided', NULL, ?, ?, ?, ?, 'PHP', ?, ?, ?, ?, ?, 0, ?, ?),`, rows)
			st, err := tx.PrepareContext(ctx, `INSERT INTO incomes (id, tenant_id, user_id, archive_id, file_id, source_type,
				provider_id, work_item, employer, start_date, end_date, pay_date, currency, frequency, base_amount, gross_amount,
				net_amount, confidence, reviewed, created_at, item_created_at) VALUES `+strings.TrimSuffix(values, ","))
			if err != nil {
				return nil, err
			}
			incomeStmts[rows] = st
			return st, nil
		}
		args := make([]any, 0, perArchive*16)

		for _, p := range plan.users {
			if _, err := insUser.ExecContext(ctx, p.id, t.TenantID, p.meta, p.created.UnixMicro()); err != nil {
				return fmt.Errorf("insert user: %w", err)
			}
		}
		it := plan.incomeIter()
		incomes, next := 0, 100000
		for _, a := range plan.archives {
			if _, err := insArchive.ExecContext(ctx, a.id, t.TenantID, plan.users[a.user].id, a.created.UnixMicro(), a.done.UnixMicro()); err != nil {
				return fmt.Errorf("insert archive: %w", err)
			}
			for range a.n {
				r := it.next()
				args = append(args, r.id, t.TenantID, r.userID, r.archiveID, r.fileID, r.employer, r.start, r.end, r.pay,
					r.freq, r.base, r.gross, r.net, r.conf, r.created.UnixMicro(), r.itemCreated.UnixMicro())
			}
			st, err := insIncomes(a.n)
			if err != nil {
				return fmt.Errorf("prepare insert incomes: %w", err)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("insert incomes: %w", err)
			}
			args = args[:0]
			incomes += a.n
			if incomes >= next {
				progress(fmt.Sprintf("  %d incomes (%.0f s)", incomes, time.Since(start).Seconds()))
				next += 100000
			}
		}
		progress(fmt.Sprintf("  %d incomes inserted (%.0f s); making the indexes again", incomes, time.Since(start).Seconds()))
		for _, ix := range indexes {
			if _, err := tx.ExecContext(ctx, ix.sql); err != nil {
				return fmt.Errorf("create index %s: %w", ix.name, err)
			}
		}
		progress(fmt.Sprintf("  committing (%.0f s)", time.Since(start).Seconds()))
		return tx.Commit()
	}()
	if err != nil {
		return seeded{}, fmt.Errorf("seed: %w", err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return seeded{}, fmt.Errorf("seed: checkpoint: %w", err)
	}
	userIDs := make([]string, len(plan.users))
	for i, p := range plan.users {
		userIDs[i] = p.id
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
	return seeded{database: "sqlite", dir: dir, info: info, userIDs: userIDs}, nil
}

// index is one index's name and CREATE statement.
type index struct{ name, sql string }

// dropIndexes drops the explicitly created indexes of table (not the
// primary key's) and returns their definitions.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string) ([]index, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, table)
	if err != nil {
		return nil, fmt.Errorf("list indexes of %s: %w", table, err)
	}
	var out []index
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.sql); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ix := range out {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(ix.name, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", ix.name, err)
		}
	}
	return out, nil
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
