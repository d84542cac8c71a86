package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/jackc/pgx/v5"

	"talaan/internal/ids"
	"talaan/storage"
	"talaan/storage/postgres"
	"talaan/tools/miniotest"
)

// scanOf renders a digital payslip (net pay net, the numbers adding up)
// and rasterises it like a scan, so that each document costs real OCR.
func scanOf(t *testing.T, dir string, i int) []byte {
	t.Helper()
	net := 10000 + i
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
		t.Fatal(err)
	}
	out := filepath.Join(dir, fmt.Sprintf("slip%03d", i))
	if b, err := exec.Command("pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", pdf, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	b, err := os.ReadFile(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// freshDatabase makes a database for the test on the PostgreSQL server of
// TALAAN_TEST_DATABASE_URL and drops it afterwards.
func freshDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TALAAN_TEST_DATABASE_URL")
	if base == "" {
		base = "postgres://root:talaan@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("PostgreSQL is needed (run make postgres): %v", err)
	}
	name := "talaan_so_" + ids.Secret(6)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// Stateless API processes and two workers on one PostgreSQL and one MinIO:
// 100 documents are each published exactly once although a worker is
// killed with SIGKILL mid-batch and the API is restarted mid-upload.
func TestScaleOutOnPostgresAndMinIO(t *testing.T) {
	t.Parallel()
	minio := miniotest.Start(t)
	bucket := minio.Bucket(t)
	dbURL := freshDatabase(t)
	work := t.TempDir()
	env := []string{
		"TALAAN_DATABASE_URL=" + dbURL,
		"TALAAN_BLOB_URL=s3://" + bucket + "?endpoint=" + minio.Endpoint + "&region=" + minio.Region,
		"AWS_ACCESS_KEY_ID=" + minio.AccessKey, "AWS_SECRET_ACCESS_KEY=" + minio.SecretKey,
		"TALAAN_RETRY_BASE=100ms", "TALAAN_JOB_TIMEOUT=40s", "TALAAN_RESCUE_AFTER=41s",
	}
	c := createTenant(t, work, env...)

	const n = 100
	docs := make([][]byte, n)
	for i := range docs {
		docs[i] = scanOf(t, work, i)
	}
	addr := freeAddr(t)
	api := start(t, "serve", "talaan is serving", work, addr, append(env, "TALAAN_WORKERS=0")...)
	w1 := start(t, "worker", "workers started", work, "", append(env, "TALAAN_WORKERS=1")...)
	w2 := start(t, "worker", "workers started", work, "", append(env, "TALAAN_WORKERS=1")...)

	ids := make([]string, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			ids[i] = upload(t, api, c, fmt.Sprintf("slip%03d.png", i), docs[i])
		}(i)
	}
	wg.Wait()

	// Kill worker 1 while it reads a document.
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(w1.log(), "archive processed") < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("worker 1 processed nothing:\n%s", w1.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	w1.stop(syscall.SIGKILL, 5*time.Second)

	// Stop the API while an upload is on the wire; it must still be accepted.
	last := make(chan string, 1)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, api.url+"/v1/archives", pr)
		req.SetBasicAuth(c.APIKey, c.APISecret)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			last <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		last <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	fw, _ := mw.CreateFormFile("file", "late.png")
	extra := scanOf(t, work, n)
	fw.Write(extra[:len(extra)/2])
	time.Sleep(200 * time.Millisecond)
	api.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	fw.Write(extra[len(extra)/2:])
	mw.Close()
	pw.Close()
	res := <-last
	var late struct {
		Data struct{ ID string } `json:"data"`
	}
	if !strings.HasPrefix(res, "200 ") || json.Unmarshal([]byte(strings.TrimPrefix(res, "200 ")), &late) != nil || late.Data.ID == "" {
		t.Fatalf("upload in flight while the API stopped: %s", res)
	}
	lateID := late.Data.ID
	select {
	case <-api.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the API did not stop")
	}
	api2 := start(t, "serve", "talaan is serving", work, addr, append(env, "TALAAN_WORKERS=0")...)

	all := append(ids, lateID)
	for _, id := range all {
		waitDone(t, api2, c, id, 3*time.Minute)
	}

	// Exactly once: one income per document, with its own net pay, and one
	// "archive processed" line across all workers.
	ctx := context.Background()
	st, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	logs := w1.log() + w2.log()
	for i, id := range all {
		a, err := st.GetArchive(ctx, "", id)
		if err != nil {
			t.Fatal(err)
		}
		in, _, err := st.ListIncomes(ctx, storage.IncomeFilter{TenantID: a.TenantID, SourceID: id, Page: storage.Page{Size: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != storage.StatusAnalyzed || len(in) != 1 {
			t.Errorf("document %d (%s): %s (review %v) with %d incomes, want ANALYZED with 1", i, id, a.Status, a.Review, len(in))
			continue
		}
		if want := float64(10000 + i); in[0].NetAmount == nil || *in[0].NetAmount != want {
			t.Errorf("document %d: net %v, want %v", i, in[0].NetAmount, want)
		}
		if got := strings.Count(logs, "msg=\"archive processed\" archive_id="+id); got != 1 {
			t.Errorf("document %d published %d times by the workers", i, got)
		}
	}
	t.Logf("worker 1 processed %d before its kill, worker 2 %d", strings.Count(w1.log(), "archive processed"), strings.Count(w2.log(), "archive processed"))
	w2.stop(syscall.SIGTERM, 30*time.Second)
	api2.stop(syscall.SIGTERM, 30*time.Second)

}
