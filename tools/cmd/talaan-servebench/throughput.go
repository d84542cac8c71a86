package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/go-pdf/fpdf"
	"github.com/jackc/pgx/v5"

	"talaan/internal/ids"
	"talaan/tools/miniotest"
)

// The target: two worker processes read a batch at least 1.7 times
// as fast as one.
const targetScaleUp = 1.7

// throughputRound is one batch read by one configuration of workers.
type throughputRound struct {
	Name        string `json:"name"`
	Processes   int    `json:"processes"`
	WorkersEach int    `json:"workersEach"` // TALAAN_WORKERS of each process
	Documents   int    `json:"documents"`
	Final       int    `json:"final"` // archives no longer processing when the clock stopped
	Complete    bool   `json:"complete"`
	// Seconds runs from the start of the worker processes (the uploads
	// were all accepted before) to the moment every archive was final.
	Seconds          float64        `json:"seconds"`
	DocsPerMinute    float64        `json:"docsPerMinute"`
	StartupSeconds   float64        `json:"startupSeconds"`   // until every process logged "workers started"
	FirstDoneSeconds float64        `json:"firstDoneSeconds"` // until the first archive was final
	UploadSeconds    float64        `json:"uploadSeconds"`    // the batch's uploads, before the clock (not counted)
	Statuses         map[string]int `json:"statuses"`
	NetRight         int            `json:"netRight"` // archives with one income whose net pay is the one printed
	Workers          []workerProc   `json:"workers"`
	// CPU seconds (user+system) during the measured time.
	APICPUSeconds      float64 `json:"apiCpuSeconds"`
	PostgresCPUSeconds float64 `json:"postgresCpuSeconds"` // every process of the PostgreSQL server (other databases' work included)
	MinioCPUSeconds    float64 `json:"minioCpuSeconds"`
	BenchCPUSeconds    float64 `json:"benchCpuSeconds"`
	// The machine's CPU time (all processes, from /proc/stat) and its
	// capacity (cores x seconds) over the measured time: what the processes
	// above do not account for is someone else's.
	MachineBusyCPUSeconds float64 `json:"machineBusyCpuSeconds"`
	MachineCPUSeconds     float64 `json:"machineCpuSeconds"`
	// OtherCPUSeconds is the machine's busy time not spent by the
	// processes above: someone else's work, competing for the cores.
	OtherCPUSeconds float64 `json:"otherCpuSeconds"`
	// WorkerCPUPerDoc is the workers' CPU seconds per document.
	WorkerCPUPerDoc float64 `json:"workerCpuSecondsPerDocument"`
	LoadBefore      string  `json:"loadAverageBefore"`
	LoadAfter       string  `json:"loadAverageAfter"`
	Note            string  `json:"note,omitempty"`
}

// workerProc is one `talaan worker` process of a round.
type workerProc struct {
	PID        int     `json:"pid"`
	Processed  int     `json:"processed"` // "archive processed" lines it logged
	CPUSeconds float64 `json:"cpuSeconds"`
	PeakRSSMB  float64 `json:"peakRssMB"`
}

type throughputReport struct {
	Documents    int               `json:"documents"`
	DocumentKind string            `json:"documentKind"`
	Rounds       []throughputRound `json:"rounds"`
	// ScaleUp is the documents per minute of two processes over one.
	ScaleUp   float64 `json:"scaleUp"`
	TargetMet *bool   `json:"targetMet,omitempty"`
	Target    string  `json:"target"`
	Clock     string  `json:"clock"`
	Note      string  `json:"note,omitempty"`
}

// throughputBench: one PostgreSQL database, one MinIO, one API process
// without workers; then, per round, the same batch of scanned payslips is
// uploaded again (with no worker running) and read by fresh worker
// processes, timed from their start until every archive is final.
func throughputBench(ctx context.Context, o options, bin, work string) (*throughputReport, error) {
	n := o.docs
	rep := &throughputReport{Documents: n,
		Clock: "from the start of the worker processes (their start-up, Tesseract's first load included) until every archive of the batch is final; " +
			"the batch was uploaded before, with no worker running, and the upload is not counted"}

	// The documents, once for all rounds.
	docsDir := filepath.Join(work, "throughput-docs")
	progress(fmt.Sprintf("throughput: rendering %d scanned payslips (fpdf, then pdftoppm -r 150 -gray)", n))
	docs, err := makeScans(ctx, docsDir, n)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	rep.DocumentKind = fmt.Sprintf("one-page A5 payslip, rasterised to a 150 dpi grey PNG (%.0f KB on average), numbers different on each", float64(total)/float64(n)/1024)

	// PostgreSQL, MinIO, the tenant, the API.
	name := newDatabaseName("tp")
	dbURL, dropDB, _, err := createDatabase(ctx, o.pgURL, name)
	if err != nil {
		return nil, err
	}
	defer dropDB()
	progress("throughput: starting MinIO")
	minio, stopMinio, err := miniotest.StartMain()
	if err != nil {
		return nil, fmt.Errorf("MinIO (make minio builds it): %w", err)
	}
	stopMinioNow, _ := atExit(stopMinio)
	defer stopMinioNow()
	bucket := "talaan-bench-" + ids.Secret(4)
	bctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, err = minio.Client().CreateBucket(bctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	cancel()
	if err != nil {
		return nil, fmt.Errorf("create bucket: %w", err)
	}
	dataDir := filepath.Join(work, "throughput-data")
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	env := []string{
		"TALAAN_DATA_DIR=" + dataDir,
		"TALAAN_DATABASE_URL=" + dbURL,
		"TALAAN_BLOB_URL=s3://" + bucket + "?endpoint=" + minio.Endpoint + "&region=" + minio.Region,
		"AWS_ACCESS_KEY_ID=" + minio.AccessKey, "AWS_SECRET_ACCESS_KEY=" + minio.SecretKey,
	}
	t, err := createTenant(ctx, bin, "servebench-throughput", env...)
	if err != nil {
		return nil, err
	}
	progress("throughput: starting the API (talaan serve, TALAAN_WORKERS=0)")
	api, err := startServer(ctx, bin, env...)
	if err != nil {
		return nil, err
	}
	defer api.stop()
	db, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close(context.Background())
	minioPID := childPID("minio")

	rounds := []struct {
		name       string
		processes  int
		workerEach int
	}{
		{"A: 1 process, TALAAN_WORKERS=1", 1, 1},
		{"B: 2 processes, TALAAN_WORKERS=1 each", 2, 1},
		{"C: 1 process, TALAAN_WORKERS=2", 1, 2},
	}
	for _, rd := range rounds {
		r, err := throughputRoundRun(ctx, o, bin, env, api, t, db, minioPID, docs, rd.name, rd.processes, rd.workerEach)
		if err != nil {
			return nil, err
		}
		rep.Rounds = append(rep.Rounds, r)
		if !r.Complete {
			rep.Note = fmt.Sprintf("stopped after round %q: not every archive was final within -throughput-timeout %s (the next round would have read its leftovers)", r.Name, o.tpTimeout)
			break
		}
	}
	if n := api.logs.warnings(); n > 0 {
		progress(fmt.Sprintf("the API logged %d warnings or errors; last: %s", n, api.logs.lastLines(3)))
	}

	if len(rep.Rounds) >= 2 && rep.Rounds[0].Complete && rep.Rounds[1].Complete && rep.Rounds[0].DocsPerMinute > 0 {
		a, b := rep.Rounds[0], rep.Rounds[1]
		rep.ScaleUp = round3(b.DocsPerMinute / a.DocsPerMinute)
		met := rep.ScaleUp >= targetScaleUp
		rep.TargetMet = &met
		word := "met"
		if !met {
			word = "not met"
		}
		rep.Target = fmt.Sprintf("two processes ≥ %.1fx one: %s (%.2fx: %.1f against %.1f documents/minute)", targetScaleUp, word, rep.ScaleUp, b.DocsPerMinute, a.DocsPerMinute)
	} else {
		rep.Target = fmt.Sprintf("two processes ≥ %.1fx one: not measured (a round did not finish)", targetScaleUp)
	}
	return rep, nil
}

// throughputRoundRun uploads the batch, starts the workers, and waits
// until every archive is final.
func throughputRoundRun(ctx context.Context, o options, bin string, env []string, api *server, t tenant, db *pgx.Conn,
	minioPID int, docs [][]byte, name string, processes, workersEach int) (throughputRound, error) {
	r := throughputRound{Name: name, Processes: processes, WorkersEach: workersEach, Documents: len(docs), Statuses: map[string]int{}}

	progress(fmt.Sprintf("throughput %s: uploading %d documents (no worker running)", name, len(docs)))
	t0 := time.Now()
	archiveIDs, err := uploadBatch(ctx, api.base, basicAuth(t), docs)
	if err != nil {
		return r, err
	}
	r.UploadSeconds = round3(time.Since(t0).Seconds())
	index := map[string]int{}
	for i, id := range archiveIDs {
		index[id] = i
	}
	// Let the uploads' own work (and the database) settle before the clock.
	select {
	case <-ctx.Done():
		return r, ctx.Err()
	case <-time.After(2 * time.Second):
	}

	progress(fmt.Sprintf("throughput %s: starting %d worker process(es) with TALAAN_WORKERS=%d", name, processes, workersEach))
	r.LoadBefore = loadAverage()
	api0, pg0, minio0, self0, m0 := cpuTime(api.pid), postgresCPU(), cpuTimeAll(minioPID), selfCPU(), machineCPU()
	start := time.Now()
	wenv := append(append([]string(nil), env...), "TALAAN_WORKERS="+strconv.Itoa(workersEach), "TALAAN_LOG_LEVEL=info")
	var workers []*server
	defer func() {
		for _, w := range workers {
			w.stop()
		}
	}()
	for range processes {
		w, err := startChild(bin, "worker", wenv, 4<<20)
		if err != nil {
			return r, err
		}
		w.grace = 40 * time.Second // running documents get 15 s, then are cancelled
		workers = append(workers, w)
	}

	deadline := start.Add(o.tpTimeout)
	var startup, firstDone time.Duration
	final := 0
	for {
		if startup == 0 {
			ready := 0
			for _, w := range workers {
				if w.logs.contains(`msg="workers started"`) {
					ready++
				}
			}
			if ready == len(workers) {
				startup = time.Since(start)
			}
		}
		var err error
		final, err = countFinal(ctx, db, archiveIDs)
		if err != nil {
			return r, err
		}
		if final > 0 && firstDone == 0 {
			firstDone = time.Since(start)
		}
		if final == len(archiveIDs) {
			break
		}
		alive := 0
		for _, w := range workers {
			if w.alive() {
				alive++
			}
		}
		if alive == 0 {
			return r, fmt.Errorf("every worker process exited (%v) with %d of %d archives final: %s", workers[0].err, final, len(archiveIDs), workers[0].logs.lastLines(5))
		}
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	wall := time.Since(start)
	// Before the processes exit: their CPU and peak memory.
	for _, w := range workers {
		wp := workerProc{PID: w.pid, CPUSeconds: round3(cpuTimeAll(w.pid).Seconds())}
		if m := procStatus(w.pid, "VmHWM"); m != nil {
			wp.PeakRSSMB = mb(m["VmHWM"])
		}
		r.Workers = append(r.Workers, wp)
	}
	api1, pg1, minio1, self1, m1 := cpuTime(api.pid), postgresCPU(), cpuTimeAll(minioPID), selfCPU(), machineCPU()
	r.LoadAfter = loadAverage()

	r.Final = final
	r.Complete = final == len(archiveIDs)
	r.Seconds = round3(wall.Seconds())
	if r.Complete && wall > 0 {
		r.DocsPerMinute = round3(float64(final) / wall.Minutes())
	}
	r.StartupSeconds = round3(startup.Seconds())
	r.FirstDoneSeconds = round3(firstDone.Seconds())
	r.APICPUSeconds = round3((api1 - api0).Seconds())
	r.PostgresCPUSeconds = round3((pg1 - pg0).Seconds())
	if minioPID > 0 {
		r.MinioCPUSeconds = round3((minio1 - minio0).Seconds())
	}
	r.BenchCPUSeconds = round3((self1 - self0).Seconds())
	if m1.total > m0.total {
		r.MachineBusyCPUSeconds = round3((m1.busy - m0.busy).Seconds())
		r.MachineCPUSeconds = round3((m1.total - m0.total).Seconds())
		ours := r.APICPUSeconds + r.PostgresCPUSeconds + r.MinioCPUSeconds + r.BenchCPUSeconds
		for _, w := range r.Workers {
			ours += w.CPUSeconds
		}
		r.OtherCPUSeconds = round3(max(0, r.MachineBusyCPUSeconds-ours))
	}
	if final > 0 {
		var cpu float64
		for _, w := range r.Workers {
			cpu += w.CPUSeconds
		}
		r.WorkerCPUPerDoc = round3(cpu / float64(final))
	}

	progress(fmt.Sprintf("throughput %s: %d of %d final in %.1f s; stopping the workers", name, final, len(archiveIDs), wall.Seconds()))
	for i, w := range workers {
		w.stop()
		r.Workers[i].Processed = w.logs.count(`msg="archive processed"`)
		if n := w.logs.warnings(); n > 0 {
			progress(fmt.Sprintf("worker %d logged %d warnings or errors; last: %s", w.pid, n, w.logs.lastLines(3)))
		}
	}

	// What the batch came to: statuses, and the net pay read from each.
	rows, err := db.Query(ctx, `SELECT status, review, count(*) FROM archives WHERE id = ANY($1) GROUP BY 1, 2 ORDER BY 1, 2`, archiveIDs)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var status string
		var review bool
		var c int
		if err := rows.Scan(&status, &review, &c); err != nil {
			rows.Close()
			return r, err
		}
		if review {
			status += " (review)"
		}
		r.Statuses[status] += c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	rows, err = db.Query(ctx, `SELECT archive_id, count(*), min(net_amount) FROM incomes WHERE archive_id = ANY($1) GROUP BY 1`, archiveIDs)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var id string
		var c int
		var net *float64
		if err := rows.Scan(&id, &c, &net); err != nil {
			rows.Close()
			return r, err
		}
		if i, ok := index[id]; ok && c == 1 && net != nil && *net == float64(scanNet(i)) {
			r.NetRight++
		}
	}
	rows.Close()
	return r, rows.Err()
}

// countFinal counts the archives no longer processing: a status other than
// STARTED, or held for review.
func countFinal(ctx context.Context, db *pgx.Conn, archiveIDs []string) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM archives WHERE id = ANY($1) AND (status <> 'STARTED' OR review)`, archiveIDs).Scan(&n)
	return n, err
}

// uploadBatch posts each document as its own archive (multipart), four at
// a time, and returns the archives' ids in the documents' order.
func uploadBatch(ctx context.Context, base, auth string, docs [][]byte) ([]string, error) {
	client := &http.Client{Timeout: time.Minute}
	defer client.CloseIdleConnections()
	out := make([]string, len(docs))
	errs := make([]error, len(docs))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, doc := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = uploadOne(ctx, client, base, auth, fmt.Sprintf("slip%03d.png", i), doc)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func uploadOne(ctx context.Context, client *http.Client, base, auth, name string, doc []byte) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(doc)
	_ = mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/archives", &buf)
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", auth)
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var env struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &env) != nil || env.Data.ID == "" {
		return "", fmt.Errorf("upload %s: %s: %.300s", name, resp.Status, body)
	}
	return env.Data.ID, nil
}

// scanNet is the net pay printed on document i.
func scanNet(i int) int { return 10000 + i }

// makeScans renders n digital payslips with fpdf (the numbers differ per
// document and add up) and rasterises each like a scan, as the scale-out
// test does, two at a time; it returns the PNGs.
func makeScans(ctx context.Context, dir string, n int) ([][]byte, error) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return nil, errors.New("pdftoppm (poppler-utils) is needed to make the scanned documents: make deps installs it")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	out := make([][]byte, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = makeScan(ctx, dir, i)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func makeScan(ctx context.Context, dir string, i int) ([]byte, error) {
	net := scanNet(i)
	p := fpdf.New("P", "mm", "A5", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 10)
	y := 15.0
	for _, l := range [][2]string{
		{"BAYANIHAN FOODS CORP.", ""}, {"PAYSLIP", ""}, {fmt.Sprintf("Employee: Worker %03d", i), ""},
		{"Pay Period: November 1-15, 2026", ""}, {"Pay Date: November 15, 2026", ""},
		{"Basic Pay", fmt.Sprintf("%d.00", net+1500)}, {"Gross Pay", fmt.Sprintf("%d.00", net+1500)},
		{"Total Deductions", "1500.00"}, {"Net Pay", fmt.Sprintf("PHP %d.00", net)},
	} {
		p.Text(12, y, l[0])
		if l[1] != "" {
			p.Text(90, y, l[1])
		}
		y += 7
	}
	pdf := filepath.Join(dir, fmt.Sprintf("slip%03d.pdf", i))
	if err := p.OutputFileAndClose(pdf); err != nil {
		return nil, err
	}
	png := filepath.Join(dir, fmt.Sprintf("slip%03d", i))
	if b, err := exec.CommandContext(ctx, "pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", pdf, png).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %w: %s", err, strings.TrimSpace(string(b)))
	}
	return os.ReadFile(png + ".png")
}
