package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"talaan/extract"
	"talaan/internal/api"
	"talaan/internal/pipeline"
)

// slowAnswer is what a slow upload got back.
type slowAnswer struct {
	status     int
	code, msg  string
	retryAfter string
	err        error
}

// slowUpload posts to path a body that starts with head and then sends one
// byte every 50 ms, never finishing on its own. The answer arrives on the
// channel; the request is abandoned at the test's end.
func slowUpload(t *testing.T, e *env, c creds, path, contentType string, head []byte) <-chan slowAnswer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	go func() {
		if _, err := pw.Write(head); err != nil {
			return
		}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				pw.CloseWithError(ctx.Err())
				return
			case <-tick.C:
				if _, err := pw.Write([]byte("A")); err != nil {
					return
				}
			}
		}
	}()
	out := make(chan slowAnswer, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.url+path, pr)
		req.Header.Set("Content-Type", contentType)
		req.SetBasicAuth(c.key, c.secret)
		// Not the validating client: it would read the whole body first.
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- slowAnswer{err: err}
			return
		}
		defer resp.Body.Close()
		var env struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		out <- slowAnswer{status: resp.StatusCode, code: env.Code, msg: env.Message, retryAfter: resp.Header.Get("Retry-After"), err: err}
	}()
	return out
}

// slowJSONHead is the start of a JSON archive whose base64 never ends.
const slowJSONHead = `{"rawFiles":[{"fileExtensionType":"PDF","fileName":"slow.pdf","fileContent":"`

// One tenant's slow JSON uploads hold at most its own share of the JSON
// slots: its further ones are refused with 429 at once, another tenant's
// JSON upload goes through while they are still open, and the slow ones
// are cut for their rate with TIME_LIMIT_EXCEEDED. A slow multipart body
// is cut the same way.
func TestSlowUploadsDoNotStallOtherTenants(t *testing.T) {
	t.Parallel()
	e, _ := setupBare(t, bare{cfg: api.Config{MinBodyRate: 1 << 10, BodyRateGrace: 3 * time.Second}})
	acme, bravo := e.tenant("Acme Lending"), e.tenant("Bravo Credit")

	type numbered struct {
		i int
		a slowAnswer
	}
	answers := make(chan numbered, 5)
	for i := range 5 {
		ch := slowUpload(t, e, acme, "/v1/archives", "application/json", []byte(slowJSONHead))
		go func() { answers <- numbered{i, <-ch} }()
	}
	// Acme's share is 2: three of its uploads are refused at once.
	for range 3 {
		select {
		case n := <-answers:
			if a := n.a; a.status != 429 || a.code != "REQUEST_LIMIT_EXCEEDED" || a.retryAfter == "" {
				t.Fatalf("an upload past the tenant's share: %+v, want 429 REQUEST_LIMIT_EXCEEDED with Retry-After", a)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Acme's uploads past its share were not refused")
		}
	}

	// Bravo's JSON upload completes while Acme's two are still open.
	var acmeDone atomic.Int32
	go func() {
		for range 2 {
			a := (<-answers).a
			acmeDone.Add(1)
			if a.status != 408 || a.code != "TIME_LIMIT_EXCEEDED" || !strings.Contains(a.msg, "too slowly") || !strings.Contains(a.msg, "1 KB") {
				t.Errorf("a slow body: %+v, want 408 TIME_LIMIT_EXCEEDED saying it arrived too slowly", a)
			}
		}
	}()
	r := e.postJSON("/v1/archives", &bravo, jsonArchive("", part{name: "b.pdf", data: payslipPDF(t, "1,234.00")}))
	if r.status != 200 {
		t.Fatalf("Bravo's upload: %d %s", r.status, r.raw)
	}
	if n := acmeDone.Load(); n != 0 {
		t.Fatalf("%d of Acme's slow uploads ended before Bravo's was answered; the test needs them open", n)
	}

	// A slow multipart body is cut too.
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	w, _ := mw.CreateFormFile("file", "slow.pdf")
	w.Write([]byte("%PDF-1.4\n"))
	a := <-slowUpload(t, e, bravo, "/v1/archives", mw.FormDataContentType(), head.Bytes())
	if a.status != 408 || a.code != "TIME_LIMIT_EXCEEDED" {
		t.Fatalf("a slow multipart body: %+v, want 408 TIME_LIMIT_EXCEEDED", a)
	}
	for acmeDone.Load() != 2 {
		time.Sleep(10 * time.Millisecond)
	}
	if n := countFiles(t, e); n != 1 {
		t.Fatalf("%d blobs stored, want Bravo's one: cut uploads store nothing", n)
	}
}

// blockingClassifier blocks on files whose name starts with "a-" until
// release is closed, and classifies every other file at once.
type blockingClassifier struct {
	entered chan string
	release chan struct{}
}

func (c *blockingClassifier) Process(ctx context.Context, name string, data []byte) (pipeline.Output, error) {
	if strings.HasPrefix(name, "a-") {
		c.entered <- name
		select {
		case <-c.release:
		case <-ctx.Done():
			return pipeline.Output{}, ctx.Err()
		}
	}
	return pipeline.Output{Kind: extract.KindPayslip}, nil
}

// Synchronous classification is shared fairly: a tenant runs one at a
// time (a second concurrent one is refused with 429 and Retry-After,
// storing nothing), so two blocked classifications of one tenant never
// keep another tenant's from running.
func TestClassifyIsSharedBetweenTenants(t *testing.T) {
	t.Parallel()
	fake := &blockingClassifier{entered: make(chan string, 4), release: make(chan struct{})}
	e, _ := setupBare(t, bare{classify: fake})
	acme, bravo := e.tenant("Acme Lending"), e.tenant("Bravo Credit")
	pdf := payslipPDF(t, "1,234.00")

	classify := func(c creds, name string) (int, string, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", name)
		w.Write(pdf)
		mw.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.url+"/v1/archives/classify", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.SetBasicAuth(c.key, c.secret)
		resp, err := e.client.Do(req)
		if err != nil {
			return 0, "", err.Error()
		}
		defer resp.Body.Close()
		var env struct {
			Code string `json:"code"`
			Data struct {
				Classification *struct {
					FileType string `json:"fileType"`
				} `json:"classification"`
			} `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&env)
		detail := env.Code
		if env.Data.Classification != nil {
			detail += " " + env.Data.Classification.FileType
		}
		return resp.StatusCode, resp.Header.Get("Retry-After"), detail
	}

	type answer struct {
		status     int
		retryAfter string
		detail     string
	}
	acmeAnswers := make(chan answer, 2)
	for i := range 2 {
		go func() {
			st, ra, d := classify(acme, fmt.Sprintf("a-%d.pdf", i))
			acmeAnswers <- answer{st, ra, d}
		}()
	}
	<-fake.entered // one of Acme's is running and blocked
	select {
	case a := <-acmeAnswers:
		if a.status != 429 || a.retryAfter == "" || a.detail != "REQUEST_LIMIT_EXCEEDED" {
			t.Errorf("Acme's second classification: %+v, want 429 REQUEST_LIMIT_EXCEEDED with Retry-After", a)
		}
	case <-fake.entered:
		t.Log("both of Acme's classifications run at once")
	case <-time.After(20 * time.Second):
		t.Fatal("Acme's second classification neither ran nor was refused")
	}

	st, _, detail := classify(bravo, "b.pdf")
	if st != 200 || detail != "OK PAYSLIP" {
		t.Fatalf("Bravo's classification while Acme's is blocked: %d %s, want 200 OK PAYSLIP", st, detail)
	}
	select {
	case <-acmeAnswers:
		t.Fatal("Acme's blocked classification ended before Bravo's")
	default:
	}
	close(fake.release)
	if a := <-acmeAnswers; a.status != 200 {
		t.Fatalf("Acme's classification after release: %+v", a)
	}
	var l listOut[archiveOut]
	e.getJSON("/v1/archives", &acme).decode(t, &l)
	if len(l.Items) != 1 {
		t.Fatalf("Acme has %d archives, want 1: the refused classification stores nothing", len(l.Items))
	}
}
