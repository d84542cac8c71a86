// Command talaan-servebench measures the talaan service itself, over HTTP,
// against the targets of the service issue, and prints one table per
// benchmark:
//
//   - latency: GET /v1/incomes?userId=… with 1,000,000 stored incomes
//     (10,000 users, 100 each), an open-loop load at a fixed rate (default
//     1000 requests/s; target p99 ≤ 10 ms), then a closed-loop maximum
//     throughput run and a breakdown that says where the time goes (the
//     server's CPU per request, size=10 against size=150, the HTTP floor,
//     and in this process the store's queries and the API handler without
//     TCP);
//     The same data set is measured on SQLite (the embedded default) and on
//     PostgreSQL (-database; both when no -only is given);
//   - upload: the server's peak memory while 20 clients upload a 15 MB file
//     each at once, as multipart/form-data (target: ≤ 100 MB above idle) and,
//     for comparison, as Smile's JSON with base64 fileContent;
//   - throughput: documents per minute of the scale-out setup (one
//     PostgreSQL, one MinIO, an API process without workers) on a batch of
//     100 scanned payslips (20 with -quick), read by one `talaan worker`
//     process, by two (target: at least 1.7 times one), and, for
//     comparison, by one process with TALAAN_WORKERS=2.
//
// The server is `talaan serve` in its own process with TALAAN_WORKERS=0 and
// loopback addresses only; this process is the load generator. It reports;
// it never fails because the machine is slow. Run it from inside the
// repository (it builds ./cmd/talaan unless -bin is given). PostgreSQL
// (make postgres) and MinIO (make minio) are needed for the PostgreSQL and
// throughput parts; every database the bench makes is dropped at the end,
// and every process it starts is stopped, Ctrl-C included.
//
//	talaan-servebench [-quick] [-rate 1000] [-duration 20s] [-size 10]
//	                  [-only latency|upload|throughput|seed] [-database sqlite|postgres]
//	                  [-data DIR] [-pg-db NAME] [-postgres-url URL] [-docs 100]
//	                  [-bin PATH] [-json]
//
// -data DIR keeps the seeded SQLite database in DIR and reuses it on the
// next run (seeding a million incomes takes tens of seconds); -pg-db NAME
// does the same with a PostgreSQL database of that name (created and seeded
// when missing, and then kept). -only seed seeds and stops.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	// Whatever happened, no process of the bench outlives it, and the
	// databases it made are dropped (a second Ctrl-C meanwhile is ignored:
	// the signals stay caught until then).
	killAll()
	runCleanups()
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "talaan-servebench:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	quick    bool
	rate     float64
	duration time.Duration
	warmup   time.Duration
	size     int
	data     string
	bin      string
	only     string
	json     bool
	users    int
	perUser  int
	clients  int
	keep     bool
	// databases are the latency benchmark's: sqlite, postgres or both.
	databases []string
	pgURL     string
	pgDB      string
	docs      int
	tpTimeout time.Duration
}

// report is everything measured, as -json prints it.
type report struct {
	Machine         machineInfo       `json:"machine"`
	Latency         *latencyReport    `json:"latency,omitempty"` // SQLite
	LatencyPostgres *latencyReport    `json:"latencyPostgres,omitempty"`
	Upload          *uploadReport     `json:"upload,omitempty"`
	Throughput      *throughputReport `json:"throughput,omitempty"`
}

type machineInfo struct {
	Cores       int     `json:"cores"`
	OS          string  `json:"os"`
	LoadBefore  string  `json:"loadAverageBefore"`
	LoadAfter   string  `json:"loadAverageAfter"`
	Binary      string  `json:"binary"`
	StartedAt   string  `json:"startedAt"`
	WallSeconds float64 `json:"wallSeconds"`
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("talaan-servebench", flag.ContinueOnError)
	fs.BoolVar(&o.quick, "quick", false, "a rough figure: 5 s of open-loop load instead of 20 s, shorter closed-loop runs")
	fs.Float64Var(&o.rate, "rate", 1000, "open-loop request rate, requests per second")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "length of the recorded open-loop run (5s with -quick unless given)")
	fs.IntVar(&o.size, "size", 10, "page size of GET /v1/incomes (1..150)")
	fs.StringVar(&o.data, "data", "", "keep the seeded data in DIR and reuse it on the next run (default: a temporary folder)")
	fs.StringVar(&o.bin, "bin", "", "the talaan binary (default: build ./cmd/talaan into a temporary folder)")
	fs.StringVar(&o.only, "only", "", "run one benchmark: latency, upload or throughput; or seed: seed -data DIR (or -pg-db NAME) and stop")
	database := fs.String("database", "sqlite", "the latency benchmark's database: sqlite or postgres (without -only: both, unless given)")
	pgDefault := os.Getenv("TALAAN_TEST_DATABASE_URL")
	if pgDefault == "" {
		pgDefault = defaultPostgresURL
	}
	fs.StringVar(&o.pgURL, "postgres-url", pgDefault, "a PostgreSQL server where the bench may create databases (default $TALAAN_TEST_DATABASE_URL, else the tests' server)")
	fs.StringVar(&o.pgDB, "pg-db", "", "keep the PostgreSQL latency data in the database NAME and reuse it on the next run (default: a fresh database, dropped at the end)")
	fs.IntVar(&o.docs, "docs", 100, "documents of the throughput batch (20 with -quick unless given)")
	fs.DurationVar(&o.tpTimeout, "throughput-timeout", 30*time.Minute, "longest wait for one throughput round")
	fs.BoolVar(&o.json, "json", false, "print the results as one JSON document instead of tables")
	fs.IntVar(&o.users, "users", 10000, "seeded users")
	fs.IntVar(&o.perUser, "per-user", 100, "seeded incomes per user")
	fs.IntVar(&o.clients, "clients", 20, "concurrent uploads")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary folders (data dirs, binary) and print where they are")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if o.quick && !explicit["duration"] {
		o.duration = 5 * time.Second
	}
	if o.quick && !explicit["docs"] {
		o.docs = 20
	}
	switch {
	case *database != "sqlite" && *database != "postgres":
		return o, fmt.Errorf("-database %q: must be sqlite or postgres", *database)
	case o.only == "" && !explicit["database"]:
		o.databases = []string{"sqlite", "postgres"}
	default:
		o.databases = []string{*database}
	}
	o.warmup = 2 * time.Second
	switch {
	case o.rate <= 0 || o.rate > 100000:
		return o, fmt.Errorf("-rate %g: must be from 1 to 100000 requests per second", o.rate)
	case o.duration < time.Second:
		return o, fmt.Errorf("-duration %s: must be at least 1s", o.duration)
	case o.size < 1 || o.size > 150:
		return o, fmt.Errorf("-size %d: must be from 1 to 150", o.size)
	case o.only != "" && o.only != "latency" && o.only != "upload" && o.only != "throughput" && o.only != "seed":
		return o, fmt.Errorf("-only %q: must be latency, upload, throughput or seed", o.only)
	case o.only == "seed" && *database == "sqlite" && o.data == "":
		return o, errors.New("-only seed needs -data DIR (the folder to seed), or -database postgres -pg-db NAME")
	case o.only == "seed" && *database == "postgres" && o.pgDB == "":
		return o, errors.New("-only seed -database postgres needs -pg-db NAME (the database to seed)")
	case o.pgDB != "" && !dbNameRE.MatchString(o.pgDB):
		return o, fmt.Errorf("-pg-db %q: a plain lower-case name (letters, digits, _)", o.pgDB)
	case o.docs < 1 || o.docs > 10000:
		return o, fmt.Errorf("-docs %d: must be from 1 to 10000", o.docs)
	case o.tpTimeout < time.Minute:
		return o, fmt.Errorf("-throughput-timeout %s: at least 1m", o.tpTimeout)
	case o.users < 1 || o.perUser < 1 || o.users*o.perUser > 50_000_000:
		return o, fmt.Errorf("-users %d -per-user %d: both at least 1, at most 50,000,000 incomes", o.users, o.perUser)
	case o.clients < 1 || o.clients > 200:
		return o, fmt.Errorf("-clients %d: must be from 1 to 200", o.clients)
	}
	return o, nil
}

func run(ctx context.Context) error {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		return err
	}
	started := time.Now()
	rep := report{Machine: machineInfo{Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		LoadBefore: loadAverage(), StartedAt: started.UTC().Format(time.RFC3339)}}

	work, err := os.MkdirTemp("", "talaan-servebench-")
	if err != nil {
		return fmt.Errorf("create work folder: %w", err)
	}
	if o.keep {
		progress("work folder " + work)
	} else {
		defer removeAll(work)
	}

	bin := o.bin
	if bin == "" {
		root, err := repoRoot()
		if err != nil {
			return err
		}
		bin = filepath.Join(work, "talaan")
		progress("building ./cmd/talaan")
		if err := build(ctx, root, bin); err != nil {
			return err
		}
		rep.Machine.Binary = "built from " + root
	} else {
		if bin, err = filepath.Abs(bin); err != nil {
			return err
		}
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("-bin: %w", err)
		}
		rep.Machine.Binary = bin
	}

	if o.only == "seed" {
		if o.databases[0] == "postgres" {
			data, _, err := preparePGData(ctx, o, bin, work)
			if err != nil {
				return err
			}
			progress(fmt.Sprintf("the database %s holds %d incomes of %d users (%.0f MB); run with -pg-db %s to use it",
				data.dbName, data.info.Incomes, data.info.Users, float64(data.dbBytes)/1e6, data.dbName))
			return nil
		}
		data, err := prepareData(ctx, o, bin, work)
		if err != nil {
			return err
		}
		progress(fmt.Sprintf("%s holds %d incomes of %d users (database %.0f MB); run with -data %s to use it",
			data.dir, data.info.Incomes, data.info.Users, float64(data.dbBytes)/1e6, data.dir))
		return nil
	}
	printed := false
	section := func() {
		if printed {
			fmt.Println()
		}
		printed = true
	}
	if o.only == "" || o.only == "latency" {
		for _, database := range o.databases {
			var data seeded
			release := func() {}
			if database == "postgres" {
				data, release, err = preparePGData(ctx, o, bin, work)
			} else {
				data, err = prepareData(ctx, o, bin, work)
			}
			if err != nil {
				return fmt.Errorf("latency benchmark (%s): %w", database, err)
			}
			lr, err := latencyBench(ctx, o, bin, data)
			release()
			if err != nil {
				return fmt.Errorf("latency benchmark (%s): %w", database, err)
			}
			if database == "postgres" {
				rep.LatencyPostgres = lr
			} else {
				rep.Latency = lr
			}
			if !o.json {
				section()
				writeLatency(os.Stdout, lr)
			}
		}
	}
	if o.only == "" || o.only == "upload" {
		ur, err := uploadBench(ctx, o, bin, work)
		if err != nil {
			return fmt.Errorf("upload benchmark: %w", err)
		}
		rep.Upload = ur
		if !o.json {
			section()
			writeUpload(os.Stdout, ur)
		}
	}
	if o.only == "" || o.only == "throughput" {
		tr, err := throughputBench(ctx, o, bin, work)
		if err != nil {
			return fmt.Errorf("throughput benchmark: %w", err)
		}
		rep.Throughput = tr
		if !o.json {
			section()
			writeThroughput(os.Stdout, tr)
		}
	}
	rep.Machine.LoadAfter = loadAverage()
	rep.Machine.WallSeconds = round3(time.Since(started).Seconds())
	if o.json {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Printf("\nmachine: %d cores, %s, load average %s before and %s after; the server and this load generator share the machine; figures are wall time\n",
		rep.Machine.Cores, rep.Machine.OS, rep.Machine.LoadBefore, rep.Machine.LoadAfter)
	return nil
}

// removeAll deletes a work folder, trying again once (a child that has
// just exited may still be closing files in it), and says so if it cannot.
func removeAll(dir string) {
	err := os.RemoveAll(dir)
	if err != nil {
		time.Sleep(200 * time.Millisecond)
		err = os.RemoveAll(dir)
	}
	if err != nil {
		progress("could not delete " + dir + ": " + err.Error())
	}
}

func progress(msg string) { fmt.Fprintln(os.Stderr, "talaan-servebench:", msg) }

// loadAverage is the one-minute load average, "?" when unknown: a busy
// machine explains slow figures.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	var f string
	if _, err := fmt.Sscan(string(raw), &f); err != nil {
		return "?"
	}
	return f
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
