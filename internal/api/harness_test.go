package api_test

// The harness runs the whole service in the test process: SQLite and the
// blob folder in a temporary directory, the real engine (Tesseract) behind
// River workers, the API on a loopback httptest server, and a webhook
// receiver. Every response the tests read is validated against the
// service's own openapi.yaml.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"talaan/internal/api"
	"talaan/internal/api/openapi/openapitest"
	"talaan/internal/app"
	"talaan/internal/app/apptest"
	"talaan/internal/auth"
	"talaan/internal/ids"
	"talaan/internal/webhook"
	"talaan/storage"
	"talaan/storage/folder"
	"talaan/storage/sqlite"
)

type options struct {
	retention time.Duration
	sweep     time.Duration
	noWorkers bool
}

type env struct {
	t      *testing.T
	dir    string
	url    string
	store  storage.Store
	blobs  storage.Blobs
	hooks  *receiver
	spec   *openapitest.Validator
	client *http.Client
	server *api.Server
}

type creds struct {
	tenantID, key, secret string
	token                 string // user token instead of Basic
}

// openBackends opens a migrated SQLite store and a blob folder in dir,
// closed when the test ends.
func openBackends(t *testing.T, dir string) (*sqlite.Store, *folder.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "talaan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	blobs, err := folder.New(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	return st, blobs
}

func setup(t *testing.T, o options) *env {
	t.Helper()
	if !o.noWorkers {
		needEngine(t)
	}
	dir := t.TempDir()
	cfg := apptest.Config(dir)
	if o.retention != 0 {
		cfg.Retention = o.retention
	}
	if o.sweep != 0 {
		cfg.SweepInterval = o.sweep
	}
	spec, err := openapitest.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	// The tests send wrong credentials on purpose; the throttle has its
	// own test (TestBasicAuthFailuresAreThrottled).
	svc := apptest.Start(t, cfg, app.Options{Engine: engine, WebhookTimeout: 5 * time.Second,
		SignIn: auth.Limits{FailuresPerKey: 1 << 20, FailuresPerAddr: 1 << 20}}, !o.noWorkers)
	return &env{t: t, dir: dir, url: svc.URL, store: svc.Store, blobs: svc.Blobs, hooks: newReceiver(t), spec: spec,
		server: svc.Web.API, client: &http.Client{Transport: &validating{t: t, spec: spec, next: http.DefaultTransport}, Timeout: 2 * time.Minute}}
}

// tenant creates a tenant the way `talaan tenant create` does.
func (e *env) tenant(name string) creds {
	e.t.Helper()
	secret := "sk_" + ids.Secret(32)
	tn := storage.Tenant{ID: ids.New(ids.Tenant), Name: name, APIKey: "ak_" + ids.Secret(12), SecretHash: auth.HashSecret(secret), CreatedAt: time.Now().UTC()}
	if err := e.store.CreateTenant(context.Background(), tn); err != nil {
		e.t.Fatal(err)
	}
	return creds{tenantID: tn.ID, key: tn.APIKey, secret: secret}
}

// response is a decoded envelope.
type response struct {
	status int
	header http.Header
	Code   string          `json:"code"`
	Msg    string          `json:"message"`
	ReqID  string          `json:"requestId"`
	Data   json.RawMessage `json:"data"`
	raw    []byte
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.raw, err)
	}
}

func (e *env) request(method, path string, c *creds, contentType string, body io.Reader) response {
	e.t.Helper()
	return e.requestWith(method, path, c, contentType, body, nil)
}

// requestWith is request with more headers.
func (e *env) requestWith(method, path string, c *creds, contentType string, body io.Reader, header http.Header) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for name, values := range header {
		req.Header[name] = values
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c != nil {
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		} else {
			req.SetBasicAuth(c.key, c.secret)
		}
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.t.Fatalf("%s %s: body is not JSON: %s", method, path, raw)
		}
	}
	return out
}

func (e *env) getJSON(path string, c *creds) response {
	return e.request(http.MethodGet, path, c, "", nil)
}

func (e *env) postJSON(path string, c *creds, v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.request(http.MethodPost, path, c, "application/json", bytes.NewReader(b))
}

type part struct {
	field, name string
	data        []byte
}

func (e *env) postMultipart(path string, c *creds, parts ...part) response {
	ct, body := multipartBody(e.t, parts...)
	return e.request(http.MethodPost, path, c, ct, bytes.NewReader(body))
}

// multipartBody is a multipart/form-data body of the parts, under a new
// random boundary, and its Content-Type.
func multipartBody(t *testing.T, parts ...part) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.name != "" {
			w, err = mw.CreateFormFile(p.field, p.name)
		} else {
			w, err = mw.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

func filePart(t *testing.T, path string) part {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return part{field: "file", name: filepath.Base(path), data: b}
}

// jsonArchive is Smile's JSON body with base64 files.
func jsonArchive(userID string, files ...part) map[string]any {
	var raw []map[string]any
	for _, f := range files {
		ext := strings.ToUpper(strings.TrimPrefix(filepath.Ext(f.name), "."))
		raw = append(raw, map[string]any{"fileExtensionType": ext, "fileName": f.name, "fileSubtype": "PAYSLIP",
			"fileContent": base64.StdEncoding.EncodeToString(f.data)})
	}
	body := map[string]any{"rawFiles": raw}
	if userID != "" {
		body["userId"] = userID
	}
	return body
}

type archiveOut struct {
	ID         string `json:"id"`
	UserID     string `json:"userId"`
	ProviderID string `json:"providerId"`
	Type       string `json:"type"`
	State      struct {
		Status       string  `json:"status"`
		ErrorCode    *string `json:"errorCode"`
		ErrorMessage *string `json:"errorMessage"`
		Review       bool    `json:"review"`
		Reason       *string `json:"reason"`
	} `json:"state"`
	RawFiles []struct {
		ID        string  `json:"id"`
		URL       string  `json:"url"` // "" once the file is gone
		Format    string  `json:"format"`
		Size      int     `json:"size"`
		ExpiresAt string  `json:"expiresAt"`
		DeletedAt *string `json:"deletedAt"`
	} `json:"rawFiles"`
	Classification *struct {
		FileType string `json:"fileType"`
	} `json:"classification"`
	Analysis   map[string]any `json:"analysis"`
	Validation *struct {
		Computation *struct {
			ResultCode string `json:"resultCode"`
		} `json:"computation"`
	} `json:"validation"`
}

type incomeOut struct {
	ID          string   `json:"id"`
	Employer    *string  `json:"employer"`
	StartDate   *string  `json:"startDate"`
	EndDate     *string  `json:"endDate"`
	Currency    *string  `json:"currency"`
	Frequency   *string  `json:"frequency"`
	BaseAmount  *float64 `json:"baseAmount"`
	GrossAmount *float64 `json:"grossAmount"`
	NetAmount   *float64 `json:"netAmount"`
	Reviewed    bool     `json:"reviewed"`
	Metadata    struct {
		SourceID   string `json:"sourceId"`
		SourceType string `json:"sourceType"`
		UserID     string `json:"userId"`
		ProviderID string `json:"providerId"`
	} `json:"metadata"`
}

type listOut[T any] struct {
	NextCursor string `json:"nextCursor"`
	Items      []T    `json:"items"`
}

// waitFinal polls until the archive leaves processing (final or in review).
func (e *env) waitFinal(path string, c *creds) archiveOut {
	e.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		r := e.getJSON(path, c)
		if r.status != 200 {
			e.t.Fatalf("GET %s: %d %s", path, r.status, r.raw)
		}
		var a archiveOut
		r.decode(e.t, &a)
		if a.State.Status != storage.StatusStarted || a.State.Review {
			return a
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s still processing after 2 minutes", path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (e *env) incomes(c *creds, query string) []incomeOut {
	e.t.Helper()
	r := e.getJSON("/v1/incomes?"+query, c)
	if r.status != 200 {
		e.t.Fatalf("GET incomes: %d %s", r.status, r.raw)
	}
	var l listOut[incomeOut]
	r.decode(e.t, &l)
	return l.Items
}

// validating checks every request and response against openapi.yaml.
type validating struct {
	t    *testing.T
	spec *openapitest.Validator
	next http.RoundTripper
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(reqBody))
	err = v.spec.Check(check, reqBody, resp.StatusCode, resp.Header, body)
	if err != nil && (resp.StatusCode == 404 || resp.StatusCode == 405) && strings.Contains(err.Error(), "no route in openapi.yaml") {
		err = nil // a path or method the API does not have: nothing to check against
	}
	if err != nil {
		v.t.Errorf("openapi: %s %s -> %d does not match openapi.yaml: %v\nbody: %.600s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
	return resp, nil
}

// receiver is a webhook endpoint that checks signatures and, since the
// tests subscribe with ALL_EVENTS, that every event is one of Smile's types
// and reads as Smile's own schema of it says (openapitest.Smile).
type receiver struct {
	t      *testing.T
	smile  *openapitest.Smile
	url    string
	secret string
	mu     sync.Mutex
	events []webhook.Event
	bad    int
	fail   int // answer 500 to this many deliveries first
}

func newReceiver(t *testing.T) *receiver {
	smile, err := openapitest.NewSmile()
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{t: t, smile: smile, secret: "s3cret-" + ids.Secret(4)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fail > 0 {
			r.fail--
			w.WriteHeader(500)
			return
		}
		if !webhook.Verify(r.secret, body, req.Header.Get("Smile-Signature")) {
			r.bad++
			w.WriteHeader(400)
			return
		}
		var ev struct {
			ID        string         `json:"id"`
			Version   int            `json:"version"`
			Type      string         `json:"type"`
			CreatedAt time.Time      `json:"createdAt"`
			Data      map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &ev); err != nil || ev.Version != 1 || ev.ID == "" {
			r.bad++
			w.WriteHeader(400)
			return
		}
		if err := r.smile.CheckEvent(body); err != nil {
			r.t.Errorf("webhook: an ALL_EVENTS subscriber got an event a Smile client cannot read: %v\n%s", err, body)
		}
		r.events = append(r.events, webhook.Event{ID: ev.ID, Version: ev.Version, Type: ev.Type, CreatedAt: ev.CreatedAt, Data: ev.Data})
		w.WriteHeader(204)
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

// analyzed sends the file as an archive of c's and waits until it is
// ANALYZED; the test fails otherwise.
func (e *env) analyzed(t *testing.T, c *creds, path string) archiveOut {
	t.Helper()
	r := e.postMultipart("/v1/archives", c, filePart(t, path))
	if r.status != 200 {
		t.Fatalf("archive %s: %d %s", path, r.status, r.raw)
	}
	var a archiveOut
	r.decode(t, &a)
	if got := e.waitFinal("/v1/archives/"+a.ID, c); got.State.Status != "ANALYZED" {
		t.Fatalf("archive %s: status %s, want ANALYZED", path, got.State.Status)
	}
	return a
}

// subscribe registers the receiver for all events of the tenant.
func (e *env) subscribe(c *creds) {
	e.t.Helper()
	r := e.postJSON("/v1/webhooks", c, map[string]any{"name": "test", "url": e.hooks.url, "eventTypes": []string{"ALL_EVENTS"},
		"active": true, "secret": e.hooks.secret})
	if r.status != 200 {
		e.t.Fatalf("create webhook: %d %s", r.status, r.raw)
	}
}

// waitFor waits until an event matches.
func (r *receiver) waitFor(t *testing.T, what string, match func(webhook.Event) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r.mu.Lock()
		found := slices.ContainsFunc(r.events, match)
		r.mu.Unlock()
		if found {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 30 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitEvents waits until the events for the archive include every wanted
// type, and returns the archive's events in arrival order.
func (r *receiver) waitEvents(archiveID string, want ...string) []string {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r.mu.Lock()
		var got []string
		for _, ev := range r.events {
			d, _ := ev.Data.(map[string]any)
			if d["archiveId"] == archiveID || d["sourceId"] == archiveID {
				got = append(got, ev.Type)
			}
		}
		bad := r.bad
		r.mu.Unlock()
		if bad > 0 {
			r.t.Fatalf("%d webhook deliveries had a bad signature or envelope", bad)
		}
		missing := false
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			missing = missing || !found
		}
		if !missing {
			return got
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("events for %s: got %v, want %v", archiveID, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// payslipPDF makes a digital payslip; a net that does not add up sends it
// to review.
func payslipPDF(t *testing.T, net string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	lines := [][2]string{
		{"KALAYAAN TRADING CORP.", ""}, {"PAYSLIP", ""}, {"Employee: Juan Dela Cruz", ""},
		{"Pay Period: November 1-15, 2026", ""}, {"Pay Date: November 15, 2026", ""},
		{"Basic Pay", "10,000.00"}, {"Overtime", "2,000.00"}, {"Gross Pay", "12,000.00"},
		{"SSS", "500.00"}, {"PhilHealth", "250.00"}, {"Pag-IBIG", "100.00"}, {"Withholding Tax", "650.00"},
		{"Total Deductions", "1,500.00"}, {"Net Pay", net},
	}
	y := 20.0
	for _, l := range lines {
		p.Text(20, y, l[0])
		if l[1] != "" {
			p.Text(120, y, l[1])
		}
		y += 8
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// countFiles counts the blobs in the store's folder (temp files aside).
func countFiles(t *testing.T, e *env) int {
	t.Helper()
	n := 0
	root := filepath.Join(e.dir, "files")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "/.tmp/") {
			n++
		}
		return nil
	})
	return n
}

// bombPNG is a tiny PNG that claims 60000x60000 pixels.
func bombPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// IHDR width and height live at bytes 16..24; fix the CRC after.
	binary.BigEndian.PutUint32(b[16:], 60000)
	binary.BigEndian.PutUint32(b[20:], 60000)
	crc := crc32.ChecksumIEEE(b[12:29])
	binary.BigEndian.PutUint32(b[29:], crc)
	return b
}

// needEngine skips a test that reads documents when the build has no
// Tesseract (-tags notesseract).
func needEngine(t *testing.T) {
	t.Helper()
	if engine == nil {
		t.Skip("reads documents: needs Tesseract (this test binary was built with -tags notesseract)")
	}
}
