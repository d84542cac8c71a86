package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"talaan/internal/app"
	"talaan/internal/config"
	"talaan/storage"
)

// The target for GET /v1/incomes.
const (
	targetRate = 1000.0
	targetP99  = 10 * time.Millisecond
)

// latencyRow is one line of the latency table. Times are milliseconds.
type latencyRow struct {
	Name       string         `json:"name"`
	Requests   int            `json:"requests"`
	Seconds    float64        `json:"seconds"`
	PerSecond  float64        `json:"perSecond"`
	P50        float64        `json:"p50Ms"`
	P90        float64        `json:"p90Ms"`
	P99        float64        `json:"p99Ms"`
	Max        float64        `json:"maxMs"`
	Errors     int            `json:"errors"`
	Non200     int            `json:"non200"`
	Statuses   map[string]int `json:"statuses,omitempty"`
	FirstError string         `json:"firstError,omitempty"`
	// ServerCPUMS is the server's CPU time (user+system) per request.
	ServerCPUMS float64 `json:"serverCpuMsPerRequest,omitempty"`
	// PostgresCPUMS is the PostgreSQL server's CPU time per request (all
	// its processes; on PostgreSQL only): the queries' share, which runs
	// outside the talaan process.
	PostgresCPUMS float64 `json:"postgresCpuMsPerRequest,omitempty"`
	Note          string  `json:"note,omitempty"`
}

type latencyReport struct {
	Database        string  `json:"database"` // sqlite or postgres
	Users           int     `json:"users"`
	Incomes         int     `json:"incomes"`
	ReusedData      bool    `json:"reusedData"`
	SeedSeconds     float64 `json:"seedSeconds"`
	DatabaseMB      float64 `json:"databaseMB"`
	Rate            float64 `json:"rate"`
	DurationSeconds float64 `json:"durationSeconds"`
	WarmupSeconds   float64 `json:"warmupSeconds"`
	Size            int     `json:"size"`
	// Open is the recorded open-loop run, the one the target is about.
	Open latencyRow   `json:"open"`
	Rows []latencyRow `json:"rows"`
	// During the open-loop run: CPU of the server and of this process, in
	// percent of one core, and the server's CPU per request.
	ServerCPUPercent      float64 `json:"serverCpuPercent"`
	ServerCPUPerRequestMS float64 `json:"serverCpuPerRequestMs"`
	PostgresCPUPercent    float64 `json:"postgresCpuPercent,omitempty"`
	// MachineBusyPercent is the whole machine's busy CPU time, in percent
	// of all its cores: near 100 the run competed for CPU.
	MachineBusyPercent float64 `json:"machineBusyPercent"`
	BenchCPUPercent    float64 `json:"benchCpuPercent"`
	LateSends          int     `json:"lateSends"`    // sent more than 1 ms after their scheduled time
	MaxSendLagMS       float64 `json:"maxSendLagMs"` // the latest send, after its scheduled time
	MaxInFlight        int     `json:"maxInFlight"`
	Connections        int     `json:"connections"`    // TCP connections opened in all (warm-up and run)
	NewConnections     int     `json:"newConnections"` // of which during the recorded run
	// The p99 of each second of the open-loop run (by scheduled time): a
	// tail made by one stall shows as one bad second.
	SecondP99Median float64 `json:"secondP99MedianMs"`
	SecondP99Worst  float64 `json:"secondP99WorstMs"`
	WorstSecond     int     `json:"worstSecond"` // 1-based
	ServerRSSMB     float64 `json:"serverRssMB"`
	ServerHWMMB     float64 `json:"serverHwmMB"`
	TargetMet       bool    `json:"targetMet"`
	Target          string  `json:"target"`
}

// sample is the outcome of one request.
type sample struct {
	lat    time.Duration
	status int
	err    error
	done   time.Time
}

// loadClient is an HTTP client for the load: keep-alive, enough idle
// connections for every request in flight, and a count of the connections
// it opens.
func loadClient(conns *atomic.Int64) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conns.Add(1)
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        2048,
		MaxIdleConnsPerHost: 2048,
		MaxConnsPerHost:     2048,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func basicAuth(t tenant) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(t.APIKey+":"+t.APISecret))
}

// get sends one GET and reads the whole answer.
func get(ctx context.Context, client *http.Client, url, auth string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// openLoopStats is what the open-loop generator saw besides the samples.
type openLoopStats struct {
	lateSends   int
	maxLag      time.Duration
	maxInFlight int
	start, end  time.Time
}

// openLoop sends rate requests per second for dur, each at its scheduled
// time whatever happened to the ones before (a goroutine per request, on a
// pool of keep-alive connections that grows as needed). Latency runs from
// the scheduled time, so queueing in this process or the server counts.
func openLoop(ctx context.Context, client *http.Client, nextURL func() string, auth string, rate float64, dur time.Duration) ([]sample, openLoopStats) {
	n := int(rate * dur.Seconds())
	samples := make([]sample, n)
	interval := float64(time.Second) / rate
	var st openLoopStats
	var lateMu sync.Mutex
	var inflight, maxInflight atomic.Int64
	var wg sync.WaitGroup
	st.start = time.Now().Add(5 * time.Millisecond)
	sent := 0
	for i := 0; i < n; i++ {
		due := st.start.Add(time.Duration(float64(i) * interval))
		if d := time.Until(due); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			break
		}
		url := nextURL()
		wg.Add(1)
		sent++
		go func(i int, due time.Time) {
			defer wg.Done()
			cur := inflight.Add(1)
			for {
				m := maxInflight.Load()
				if cur <= m || maxInflight.CompareAndSwap(m, cur) {
					break
				}
			}
			if lag := time.Since(due); lag > time.Millisecond {
				lateMu.Lock()
				st.lateSends++
				st.maxLag = max(st.maxLag, lag)
				lateMu.Unlock()
			}
			status, err := get(ctx, client, url, auth)
			now := time.Now()
			inflight.Add(-1)
			samples[i] = sample{lat: now.Sub(due), status: status, err: err, done: now}
		}(i, due)
	}
	wg.Wait()
	samples = samples[:sent]
	st.maxInFlight = int(maxInflight.Load())
	st.end = st.start
	for _, s := range samples {
		if s.done.After(st.end) {
			st.end = s.done
		}
	}
	return samples, st
}

// closedLoop runs workers that each send the next request as soon as the
// previous one is answered, for dur.
func closedLoop(ctx context.Context, client *http.Client, workers int, nextURL func(rng *rand.Rand) string, auth string, dur time.Duration) ([]sample, time.Duration) {
	var mu sync.Mutex
	var all []sample
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(dur)
	for w := range workers {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 99))
			var mine []sample
			for time.Now().Before(deadline) && ctx.Err() == nil {
				url := nextURL(rng)
				t0 := time.Now()
				status, err := get(ctx, client, url, auth)
				now := time.Now()
				mine = append(mine, sample{lat: now.Sub(t0), status: status, err: err, done: now})
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	return all, time.Since(start)
}

// summarize turns samples into a table row.
func summarize(name string, samples []sample, seconds float64) latencyRow {
	r := latencyRow{Name: name, Requests: len(samples), Seconds: round3(seconds), Statuses: map[string]int{}}
	lats := make([]time.Duration, 0, len(samples))
	ok := 0
	for _, s := range samples {
		lats = append(lats, s.lat)
		switch {
		case s.err != nil:
			r.Errors++
			if r.FirstError == "" {
				r.FirstError = s.err.Error()
			}
		case s.status != http.StatusOK:
			r.Non200++
			r.Statuses[strconv.Itoa(s.status)]++
		default:
			ok++
			r.Statuses["200"]++
		}
	}
	if seconds > 0 {
		r.PerSecond = round3(float64(ok) / seconds)
	}
	r.P50, r.P90, r.P99, r.Max = percentiles(lats)
	return r
}

// perSecondP99 splits the open-loop samples (in scheduled order) into
// seconds and returns the median and the worst of their p99s, and which
// second was worst.
func perSecondP99(samples []sample, rate float64) (median, worst float64, worstSecond int) {
	per := int(rate)
	if per < 1 || len(samples) < per {
		return 0, 0, 0
	}
	var p99s []float64
	for i := 0; i+per <= len(samples); i += per {
		lats := make([]time.Duration, per)
		for j := range per {
			lats[j] = samples[i+j].lat
		}
		_, _, p99, _ := percentiles(lats)
		p99s = append(p99s, p99)
		if p99 > worst {
			worst, worstSecond = p99, len(p99s)
		}
	}
	sorted := append([]float64(nil), p99s...)
	sort.Float64s(sorted)
	return sorted[len(sorted)/2], worst, worstSecond
}

// percentiles returns p50, p90, p99 and max in milliseconds (nearest rank).
func percentiles(lats []time.Duration) (p50, p90, p99, mx float64) {
	if len(lats) == 0 {
		return
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	at := func(q float64) float64 {
		i := int(q*float64(len(lats))+0.999999) - 1
		i = min(max(i, 0), len(lats)-1)
		return ms(lats[i])
	}
	return at(0.50), at(0.90), at(0.99), ms(lats[len(lats)-1])
}

func ms(d time.Duration) float64 { return round3(float64(d) / float64(time.Millisecond)) }

// latencyBench runs the latency benchmark against `talaan serve` on the
// seeded data set.
func latencyBench(ctx context.Context, o options, bin string, data seeded) (*latencyReport, error) {
	rep := &latencyReport{Database: data.database, Users: data.info.Users, Incomes: data.info.Incomes, ReusedData: data.reused,
		SeedSeconds: data.info.SeedSeconds, DatabaseMB: round3(float64(data.dbBytes) / 1e6), Rate: o.rate,
		DurationSeconds: o.duration.Seconds(), WarmupSeconds: o.warmup.Seconds(), Size: o.size}

	progress("starting talaan serve on the seeded data (" + data.database + ")")
	srv, err := startServer(ctx, bin, data.serverEnv()...)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	auth := basicAuth(data.info.Tenant)
	users := data.userIDs
	incomesURL := func(user string, size int) string {
		return srv.base + "/v1/incomes?userId=" + user + "&size=" + strconv.Itoa(size)
	}
	if err := checkIncomes(ctx, incomesURL(users[0], o.size), auth, min(o.size, data.info.PerUser)); err != nil {
		return nil, err
	}

	var conns atomic.Int64
	client := loadClient(&conns)
	defer client.CloseIdleConnections()
	rng := rand.New(rand.NewPCG(1, 2))
	next := func() string { return incomesURL(users[rng.IntN(len(users))], o.size) }

	progress(fmt.Sprintf("warm-up: %.0f req/s for %s (not recorded)", o.rate, o.warmup))
	openLoop(ctx, client, next, auth, o.rate, o.warmup)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	progress(fmt.Sprintf("open loop: %.0f req/s for %s, size=%d", o.rate, o.duration, o.size))
	warmConns := conns.Load()
	// The PostgreSQL server's CPU, on PostgreSQL (0 otherwise).
	dbCPU := func() time.Duration {
		if data.database == "postgres" {
			return postgresCPU()
		}
		return 0
	}
	cpu0, db0, m0, self0, t0 := cpuTime(srv.pid), dbCPU(), machineCPU(), selfCPU(), time.Now()
	samples, st := openLoop(ctx, client, next, auth, o.rate, o.duration)
	cpu1, db1, m1, self1, wall := cpuTime(srv.pid), dbCPU(), machineCPU(), selfCPU(), time.Since(t0)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	rep.Connections, rep.NewConnections = int(conns.Load()), int(conns.Load()-warmConns)
	rep.Open = summarize(fmt.Sprintf("open loop %.0f req/s, size=%d", o.rate, o.size), samples, st.end.Sub(st.start).Seconds())
	rep.Open.Note = fmt.Sprintf("%d sent in %.0f s", len(samples), o.duration.Seconds())
	rep.ServerCPUPercent = round3(100 * float64(cpu1-cpu0) / float64(wall))
	rep.BenchCPUPercent = round3(100 * float64(self1-self0) / float64(wall))
	rep.PostgresCPUPercent = round3(100 * float64(db1-db0) / float64(wall))
	if m1.total > m0.total {
		rep.MachineBusyPercent = round3(100 * float64(m1.busy-m0.busy) / float64(m1.total-m0.total))
	}
	if len(samples) > 0 {
		rep.ServerCPUPerRequestMS = round3(float64(cpu1-cpu0) / float64(time.Millisecond) / float64(len(samples)))
		rep.Open.ServerCPUMS = rep.ServerCPUPerRequestMS
		rep.Open.PostgresCPUMS = round3(float64(db1-db0) / float64(time.Millisecond) / float64(len(samples)))
	}
	rep.LateSends, rep.MaxSendLagMS, rep.MaxInFlight = st.lateSends, ms(st.maxLag), st.maxInFlight
	rep.SecondP99Median, rep.SecondP99Worst, rep.WorstSecond = perSecondP99(samples, o.rate)
	rep.Rows = append(rep.Rows, rep.Open)
	setTarget(rep)

	closedDur := 5 * time.Second
	if o.quick {
		closedDur = 3 * time.Second
	}
	const workers = 16
	closed := func(name string, dur time.Duration, url func(rng *rand.Rand) string, auth string) {
		progress(fmt.Sprintf("closed loop: %s for %s", name, dur))
		cpu0, db0 := cpuTime(srv.pid), dbCPU()
		s, d := closedLoop(ctx, client, workers, url, auth, dur)
		row := summarize(name, s, d.Seconds())
		if len(s) > 0 {
			row.ServerCPUMS = round3(float64(cpuTime(srv.pid)-cpu0) / float64(time.Millisecond) / float64(len(s)))
			row.PostgresCPUMS = round3(float64(dbCPU()-db0) / float64(time.Millisecond) / float64(len(s)))
		}
		rep.Rows = append(rep.Rows, row)
	}
	closed(fmt.Sprintf("closed loop %d workers, size=%d", workers, o.size), closedDur,
		func(r *rand.Rand) string { return incomesURL(users[r.IntN(len(users))], o.size) }, auth)
	if o.size != 150 {
		closed(fmt.Sprintf("closed loop %d workers, size=150", workers), closedDur,
			func(r *rand.Rand) string { return incomesURL(users[r.IntN(len(users))], 150) }, auth)
	}
	closed(fmt.Sprintf("closed loop %d workers, GET /healthz", workers), 3*time.Second,
		func(*rand.Rand) string { return srv.base + "/healthz" }, "")
	rep.Rows[len(rep.Rows)-1].Note = "HTTP only: no auth, no SQL"
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if m := procStatus(srv.pid, "VmRSS", "VmHWM"); m != nil {
		rep.ServerRSSMB, rep.ServerHWMMB = round3(float64(m["VmRSS"])/1024), round3(float64(m["VmHWM"])/1024)
	}
	if n := srv.logs.warnings(); n > 0 {
		progress(fmt.Sprintf("the server logged %d warnings or errors; last: %s", n, srv.logs.lastLines(3)))
	}
	srv.stop()

	// Where the time goes.
	progress("in process: the store's queries and the API handler, without TCP")
	rows, err := inProcess(ctx, data, o)
	if err != nil {
		return nil, err
	}
	rep.Rows = append(rep.Rows, rows...)
	return rep, nil
}

// checkIncomes makes sure the server answers the seeded incomes before the
// load starts.
func checkIncomes(ctx context.Context, url, auth string, want int) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Code string `json:"code"`
		Data struct {
			Items []json.RawMessage `json:"items"`
		} `json:"data"`
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	if err := json.Unmarshal(body, &env); err != nil || len(env.Data.Items) != want {
		return fmt.Errorf("GET %s: want %d incomes, got %d (%v): %.300s", url, want, len(env.Data.Items), err, body)
	}
	return nil
}

func setTarget(rep *latencyReport) {
	r := rep.Open
	p99 := time.Duration(r.P99 * float64(time.Millisecond))
	clean := r.Errors == 0 && r.Non200 == 0
	kept := r.PerSecond >= 0.98*rep.Rate
	switch {
	case rep.Rate < targetRate:
		rep.Target = fmt.Sprintf("p99 ≤ 10 ms at 1000 req/s: not measured (ran at %.0f req/s; p99 %.2f ms there)", rep.Rate, r.P99)
	case p99 <= targetP99 && clean && kept:
		rep.TargetMet = true
		rep.Target = fmt.Sprintf("p99 ≤ 10 ms at 1000 req/s: met (p99 %.2f ms at %.0f req/s)", r.P99, r.PerSecond)
	default:
		var why []string
		if p99 > targetP99 {
			why = append(why, fmt.Sprintf("p99 %.2f ms", r.P99))
		}
		if !clean {
			why = append(why, fmt.Sprintf("%d errors, %d non-200", r.Errors, r.Non200))
		}
		if !kept {
			why = append(why, fmt.Sprintf("only %.0f req/s answered", r.PerSecond))
		}
		rep.Target = fmt.Sprintf("p99 ≤ 10 ms at 1000 req/s: not met (%s)", joinAll(why))
	}
}

func joinAll(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "; "
		}
		out += p
	}
	return out
}

// inProcess times, in this process on the same file and one at a time,
// the two store queries of each request (TenantByAPIKey for the Basic
// auth, ListIncomes) and the API's whole handler without TCP (auth, query,
// the views, JSON), with their allocations: what is left of the server's
// time is HTTP and TCP (the /healthz row) and contention.
func inProcess(ctx context.Context, data seeded, o options) ([]latencyRow, error) {
	// The process as `talaan serve` wires it (internal/app), without workers.
	cfg := config.Config{DataDir: data.dir, DatabaseURL: "sqlite://" + dbPath(data.dir),
		BlobURL: "file://" + filepath.Join(data.dir, "files"), PublicURL: "http://127.0.0.1:8080", Retention: 168 * time.Hour,
		TokenTTL: time.Hour, LinkTTL: time.Hour, MaxFiles: 10}
	if data.database == "postgres" {
		cfg.DatabaseURL = data.dbURL
	}
	a, err := app.Open(ctx, cfg, nil)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	web, err := a.Web(ctx, app.Options{})
	if err != nil {
		return nil, err
	}
	st, handler := a.Store, web.Handler
	auth := basicAuth(data.info.Tenant)

	n := 3000
	if o.quick {
		n = 1000
	}
	rng := rand.New(rand.NewPCG(3, 4))
	user := func() string { return data.userIDs[rng.IntN(len(data.userIDs))] }
	want := func(size int) int { return min(size, data.info.PerUser) }
	tenantID := data.info.Tenant.TenantID
	timeIt := func(name string, op func() error) latencyRow {
		for range 200 { // warm the statement cache and the page cache
			_ = op()
		}
		samples := make([]sample, 0, n)
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		for range n {
			t0 := time.Now()
			err := op()
			samples = append(samples, sample{lat: time.Since(t0), status: http.StatusOK, err: err})
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&m1)
		r := summarize(name, samples, elapsed.Seconds())
		r.Statuses = nil
		r.Note = fmt.Sprintf("in process, no TCP, 1 at a time; %d allocs, %.1f KB per call",
			(m1.Mallocs-m0.Mallocs)/uint64(n), float64(m1.TotalAlloc-m0.TotalAlloc)/1024/float64(n))
		return r
	}
	sizes := []int{o.size}
	if o.size != 150 {
		sizes = append(sizes, 150)
	}
	var rows []latencyRow
	rows = append(rows, timeIt("store.TenantByAPIKey (auth)", func() error {
		_, err := st.TenantByAPIKey(ctx, data.info.Tenant.APIKey)
		return err
	}))
	for _, size := range sizes {
		rows = append(rows, timeIt(fmt.Sprintf("store.ListIncomes size=%d", size), func() error {
			items, _, err := st.ListIncomes(ctx, storage.IncomeFilter{TenantID: tenantID, UserID: user(),
				Page: storage.Page{Size: size}})
			if err == nil && len(items) != want(size) {
				err = fmt.Errorf("got %d incomes, want %d", len(items), want(size))
			}
			return err
		}))
	}
	for _, size := range sizes {
		rows = append(rows, timeIt(fmt.Sprintf("API handler size=%d", size), func() error {
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/v1/incomes?userId="+user()+"&size="+strconv.Itoa(size), nil)
			req.Header.Set("Authorization", auth)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				return fmt.Errorf("handler: %d: %.200s", rec.Code, rec.Body.String())
			}
			return nil
		}))
	}
	return rows, ctx.Err()
}
