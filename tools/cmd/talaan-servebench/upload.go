package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The target for uploads, and the file of each client: the
// service's limit, 15 MB (15 x 2^20 bytes).
const (
	targetAboveIdleMB = 100.0
	uploadFileBytes   = 15 << 20
)

// uploadRound is one round of simultaneous uploads. Memory is in MB of
// 2^20 bytes.
type uploadRound struct {
	Name            string  `json:"name"`
	ContentType     string  `json:"contentType"`
	Clients         int     `json:"clients"`
	FileBytes       int64   `json:"fileBytes"`
	BodyBytes       int64   `json:"bodyBytes"` // of one request
	IdleRSSMB       float64 `json:"idleRssMB"`
	PeakRSSMB       float64 `json:"peakRssMB"` // highest VmRSS sampled every 10 ms
	HWMMB           float64 `json:"hwmMB"`     // VmHWM at the end: the kernel's high-water mark
	PeakAboveIdleMB float64 `json:"peakAboveIdleMB"`
	RSSSamples      int     `json:"rssSamples"`
	Statuses        []int   `json:"statuses"`
	OK              int     `json:"ok"`
	Stored          int     `json:"stored"` // files of the full size in the blob folder afterwards
	Seconds         float64 `json:"seconds"`
	MBPerSecond     float64 `json:"mbPerSecond"` // file bytes of all clients over the wall time
	SlowestSeconds  float64 `json:"slowestSeconds"`
	FirstError      string  `json:"firstError,omitempty"`
	Target          string  `json:"target,omitempty"`
	TargetMet       *bool   `json:"targetMet,omitempty"`
}

type uploadReport struct {
	Rounds []uploadRound `json:"rounds"`
	Note   string        `json:"note"`
}

func mb(kb int64) float64 { return round3(float64(kb) / 1024) }

func uploadBench(ctx context.Context, o options, bin, work string) (*uploadReport, error) {
	rep := &uploadReport{Note: "talaan serve with TALAAN_WORKERS=0: no workers, so the OCR engine's memory is not counted; " +
		"a fresh server and data dir per round; MB = 2^20 bytes"}
	for _, kind := range []string{"multipart", "json"} {
		r, err := uploadOnce(ctx, o, bin, work, kind)
		if err != nil {
			return nil, err
		}
		rep.Rounds = append(rep.Rounds, r)
	}
	return rep, nil
}

// uploadOnce starts a fresh server, reads its idle RSS, then has o.clients
// goroutines POST /v1/archives with one 15 MB file each, all at once, while
// the server's VmRSS is sampled every 10 ms.
func uploadOnce(ctx context.Context, o options, bin, work, kind string) (uploadRound, error) {
	r := uploadRound{Clients: o.clients, FileBytes: uploadFileBytes}
	switch kind {
	case "multipart":
		r.Name, r.ContentType = "multipart/form-data", "multipart/form-data"
	default:
		r.Name, r.ContentType = "JSON, base64 fileContent (Smile)", "application/json"
	}
	dir := filepath.Join(work, "upload-"+kind)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return r, err
	}
	if !o.keep {
		defer removeAll(dir)
	}
	// JSON uploads are held in memory, so the server runs at most 2 per
	// tenant (and 4 in all): the JSON round spreads its clients over
	// tenants, two each, to measure the global bound rather than 429s.
	tenants := 1
	if kind == "json" {
		tenants = (o.clients + 1) / 2
	}
	auths := make([]string, tenants)
	for i := range auths {
		t, err := createTenant(ctx, bin, fmt.Sprintf("servebench-upload-%d", i+1), "TALAAN_DATA_DIR="+dir)
		if err != nil {
			return r, err
		}
		auths[i] = basicAuth(t)
	}
	progress(fmt.Sprintf("upload (%s): starting talaan serve on a fresh data dir", kind))
	srv, err := startServer(ctx, bin, "TALAAN_DATA_DIR="+dir)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	auth := auths[0]

	// Settle: a few authenticated requests, then a pause.
	plain := &http.Client{Timeout: 10 * time.Second}
	for range 3 {
		if _, err := get(ctx, plain, srv.base+"/v1/incomes?size=1", auth); err != nil {
			return r, fmt.Errorf("warm-up request: %w", err)
		}
	}
	plain.CloseIdleConnections()
	select {
	case <-ctx.Done():
		return r, ctx.Err()
	case <-time.After(2 * time.Second):
	}
	idle := procStatus(srv.pid, "VmRSS")["VmRSS"]
	r.IdleRSSMB = mb(idle)

	client := &http.Client{Timeout: 5 * time.Minute, Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxConnsPerHost:     0,
		MaxIdleConnsPerHost: o.clients,
		DisableCompression:  true,
	}}
	defer client.CloseIdleConnections()

	// The sampler.
	stop := make(chan struct{})
	var peak int64
	var samples int
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if v, ok := procStatus(srv.pid, "VmRSS")["VmRSS"]; ok {
				peak = max(peak, v)
				samples++
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	progress(fmt.Sprintf("upload (%s): %d clients x %d MB at once", kind, o.clients, uploadFileBytes>>20))
	type outcome struct {
		status int
		err    string
		took   time.Duration
	}
	outcomes := make([]outcome, o.clients)
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i := range o.clients {
		name := fmt.Sprintf("payslip-%02d.pdf", i+1)
		var body io.Reader
		var length int64
		var ctype string
		var pw *io.PipeWriter
		if kind == "multipart" {
			body, length, ctype = multipartBody(name, uploadFileBytes)
		} else {
			body, pw, length = jsonBody(name, uploadFileBytes)
			ctype = "application/json"
		}
		r.BodyBytes = length
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.base+"/v1/archives", body)
		if err != nil {
			return r, err
		}
		req.ContentLength = length
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", auths[i%tenants])
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if pw != nil {
				defer pw.Close() // ends the generator if the request stops reading
			}
			<-ready
			t0 := time.Now()
			resp, err := client.Do(req)
			var oc outcome
			if err != nil {
				oc.err = err.Error()
			} else {
				b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
				resp.Body.Close()
				oc.status = resp.StatusCode
				if resp.StatusCode != http.StatusOK {
					oc.err = fmt.Sprintf("%s: %.200s", resp.Status, strings.TrimSpace(string(b)))
				}
			}
			oc.took = time.Since(t0)
			outcomes[i] = oc
		}(i)
	}
	start := time.Now()
	close(ready)
	wg.Wait()
	wall := time.Since(start)
	close(stop)
	<-sampled
	hwm := procStatus(srv.pid, "VmHWM")["VmHWM"]
	srv.stop()
	if ctx.Err() != nil {
		return r, ctx.Err()
	}

	r.PeakRSSMB, r.HWMMB, r.RSSSamples = mb(peak), mb(hwm), samples
	r.PeakAboveIdleMB = round3(mb(max(peak, hwm)) - r.IdleRSSMB)
	r.Seconds = round3(wall.Seconds())
	if wall > 0 {
		r.MBPerSecond = round3(float64(int64(o.clients)*uploadFileBytes) / (1 << 20) / wall.Seconds())
	}
	for _, oc := range outcomes {
		r.Statuses = append(r.Statuses, oc.status)
		if oc.status == http.StatusOK {
			r.OK++
		}
		if oc.err != "" && r.FirstError == "" {
			r.FirstError = oc.err
		}
		r.SlowestSeconds = max(r.SlowestSeconds, round3(oc.took.Seconds()))
	}
	r.Stored = storedFiles(filepath.Join(dir, "files"), uploadFileBytes)
	if kind == "multipart" {
		met := r.PeakAboveIdleMB <= targetAboveIdleMB && r.OK == o.clients
		r.TargetMet = &met
		word := "met"
		if !met {
			word = "not met"
		}
		r.Target = fmt.Sprintf("≤ 100 MB above idle: %s (%.1f MB above idle, %d/%d uploads 200)", word, r.PeakAboveIdleMB, r.OK, o.clients)
	}
	return r, nil
}

// storedFiles counts the files of exactly size bytes under dir.
func storedFiles(dir string, size int64) int {
	n := 0
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.Size() == size {
			n++
		}
		return nil
	})
	return n
}

// pdfHead is what the server's type check looks for.
const pdfHead = "%PDF-1.4\n"

// fileReader generates a size-byte "PDF" without holding it: the header,
// then PDF comment lines.
func fileReader(size int64) io.Reader {
	return io.MultiReader(strings.NewReader(pdfHead), &filler{left: size - int64(len(pdfHead))})
}

var fillerLine = []byte("% talaan-servebench filler 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n")

type filler struct {
	left int64
	pos  int
}

func (f *filler) Read(p []byte) (int, error) {
	if f.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n := 0
	for n < len(p) {
		c := copy(p[n:], fillerLine[f.pos:])
		n += c
		f.pos = (f.pos + c) % len(fillerLine)
	}
	f.left -= int64(n)
	return n, nil
}

// multipartBody is a multipart/form-data body with one file part, streamed.
func multipartBody(name string, size int64) (io.Reader, int64, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_, _ = mw.CreateFormFile("file", name)
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	_ = mw.Close()
	tail := bytes.Clone(buf.Bytes())
	body := io.MultiReader(bytes.NewReader(head), fileReader(size), bytes.NewReader(tail))
	return body, int64(len(head)) + size + int64(len(tail)), mw.FormDataContentType()
}

// jsonBody is Smile's JSON archive request with the file as base64,
// streamed through a pipe as it is encoded.
func jsonBody(name string, size int64) (io.Reader, *io.PipeWriter, int64) {
	prefix := `{"fileType":"PAYSLIP","rawFiles":[{"fileSubtype":"PAYSLIP","fileName":"` + name +
		`","fileExtensionType":"PDF","fileContent":"`
	suffix := `"}]}`
	pr, pw := io.Pipe()
	go func() {
		if _, err := io.WriteString(pw, prefix); err != nil {
			pw.CloseWithError(err)
			return
		}
		enc := base64.NewEncoder(base64.StdEncoding, pw)
		if _, err := io.Copy(enc, fileReader(size)); err != nil {
			pw.CloseWithError(err)
			return
		}
		if err := enc.Close(); err != nil {
			pw.CloseWithError(err)
			return
		}
		_, err := io.WriteString(pw, suffix)
		pw.CloseWithError(err)
	}()
	return pr, pw, int64(len(prefix)) + int64(base64.StdEncoding.EncodedLen(int(size))) + int64(len(suffix))
}
