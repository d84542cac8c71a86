package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// keyed sends a POST with an Idempotency-Key (none when key is "").
func (e *env) keyed(path string, c *creds, key, contentType string, body []byte) response {
	e.t.Helper()
	h := http.Header{}
	if key != "" {
		h.Set("Idempotency-Key", key)
	}
	return e.requestWith(http.MethodPost, path, c, contentType, bytes.NewReader(body), h)
}

func jsonBody(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantItems fails unless a list endpoint's first page (up to 150) has want
// items.
func (e *env) wantItems(path string, c *creds, want int) {
	e.t.Helper()
	r := e.getJSON(path+"?size=150", c)
	if r.status != 200 {
		e.t.Fatalf("GET %s: %d %s", path, r.status, r.raw)
	}
	var l listOut[json.RawMessage]
	r.decode(e.t, &l)
	if len(l.Items) != want {
		e.t.Errorf("GET %s: %d items, want %d", path, len(l.Items), want)
	}
}

func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: got %d %s, want %d", what, r.status, r.raw, status)
	}
}

func wantReplayed(t *testing.T, what string, r response, replayed bool) {
	t.Helper()
	if got := r.header.Get("Idempotent-Replayed") == "true"; got != replayed {
		t.Errorf("%s: Idempotent-Replayed %q, want replayed %v", what, r.header.Get("Idempotent-Replayed"), replayed)
	}
}

// A retried archive, as multipart (a retry draws a new boundary) or as
// Smile's JSON, gets the first answer and stores nothing again.
func TestIdempotencyKeyReplaysArchive(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	slip := part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")}
	jsonArc := jsonBody(t, jsonArchive("", slip))
	bodies := map[string]func() (string, []byte){
		"multipart": func() (string, []byte) {
			return multipartBody(t, slip, part{field: "fileType", data: []byte("PAYSLIP")})
		},
		"json": func() (string, []byte) { return "application/json", jsonArc },
	}
	for name, body := range bodies {
		key := "arc-" + name
		ct, b := body()
		first := e.keyed("/v1/archives", &acme, key, ct, b)
		wantStatus(t, name+" first", first, 200)
		wantReplayed(t, name+" first", first, false)
		ct, b = body()
		retry := e.keyed("/v1/archives", &acme, key, ct, b)
		wantStatus(t, name+" retry", retry, 200)
		wantReplayed(t, name+" retry", retry, true)
		var a, b2 archiveOut
		first.decode(t, &a)
		retry.decode(t, &b2)
		if a.ID == "" || a.ID != b2.ID || a.UserID != b2.UserID {
			t.Errorf("%s: retry answered archive %s of user %s, want %s of %s", name, b2.ID, b2.UserID, a.ID, a.UserID)
		}
	}
	e.wantItems("/v1/archives", &acme, 2)
	e.wantItems("/v1/users", &acme, 2)
	if n := countFiles(t, e); n != 2 {
		t.Errorf("%d files stored, want 2", n)
	}
}

// A retried POST /v1/users answers with the same user and token.
func TestIdempotencyKeyReplaysUser(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	body := jsonBody(t, map[string]any{"externalMetadata": map[string]string{"ref": "loan-1"}})
	first := e.keyed("/v1/users", &acme, "user-1", "application/json", body)
	wantStatus(t, "first", first, 201)
	retry := e.keyed("/v1/users", &acme, "user-1", "application/json", body)
	wantStatus(t, "retry", retry, 201)
	wantReplayed(t, "retry", retry, true)
	if string(first.Data) != string(retry.Data) {
		t.Errorf("retry answered %s, want the first answer %s", retry.Data, first.Data)
	}
	e.wantItems("/v1/users", &acme, 1)
}

// The same key with another body or on another endpoint is refused with
// 409, and nothing is created.
func TestIdempotencyKeyWithAnotherRequestConflicts(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	wantStatus(t, "first", e.keyed("/v1/users", &acme, "k", "application/json", []byte(`{"externalMetadata":{"ref":"a"}}`)), 201)
	ct, b := multipartBody(t, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")})
	for name, r := range map[string]response{
		"another body":     e.keyed("/v1/users", &acme, "k", "application/json", []byte(`{"externalMetadata":{"ref":"b"}}`)),
		"another endpoint": e.keyed("/v1/archives", &acme, "k", ct, b),
	} {
		if r.status != 409 || r.Code != "INVALID_PARAMETERS" || !strings.Contains(r.Msg, "Idempotency-Key") || !strings.Contains(r.Msg, "different request") {
			t.Errorf("%s: got %d %s, want 409 INVALID_PARAMETERS about a different request", name, r.status, r.raw)
		}
	}
	e.wantItems("/v1/users", &acme, 1)
	e.wantItems("/v1/archives", &acme, 0)
}

// A key that is empty, too long, not printable ASCII or sent twice is a
// 400 naming the header, and nothing is created.
func TestIdempotencyKeyMustBeValid(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	for name, values := range map[string][]string{
		"empty":          {""},
		"256 characters": {strings.Repeat("k", 256)},
		"not ASCII":      {"clé"},
		"a tab":          {"a\tb"},
		"sent twice":     {"a", "b"},
	} {
		r := e.requestWith(http.MethodPost, "/v1/users", &acme, "application/json", strings.NewReader("{}"),
			http.Header{"Idempotency-Key": values})
		if r.status != 400 || r.Code != "INVALID_PARAMETERS" || !strings.HasPrefix(r.Msg, "Idempotency-Key:") {
			t.Errorf("%s: got %d %s, want 400 INVALID_PARAMETERS naming Idempotency-Key", name, r.status, r.raw)
		}
	}
	e.wantItems("/v1/users", &acme, 0)
	wantStatus(t, "255 printable characters", e.keyed("/v1/users", &acme, strings.Repeat("~", 255), "application/json", []byte("{}")), 201)
}

// Keys belong to the tenant, and a user token's to its user: the same key
// elsewhere is another key.
func TestIdempotencyKeysArePerTenantAndUser(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme, bravo := e.tenant("Acme Lending"), e.tenant("Bravo Credit")
	body := []byte(`{}`)
	a := e.keyed("/v1/users", &acme, "same", "application/json", body)
	b := e.keyed("/v1/users", &bravo, "same", "application/json", body)
	wantStatus(t, "acme", a, 201)
	wantStatus(t, "bravo", b, 201)
	wantReplayed(t, "bravo", b, false)
	var ua, ub struct {
		User  struct{ ID string } `json:"user"`
		Token struct {
			AccessToken string `json:"accessToken"`
		} `json:"token"`
	}
	a.decode(t, &ua)
	b.decode(t, &ub)
	if ua.User.ID == ub.User.ID {
		t.Fatal("two tenants' requests answered with one user")
	}
	again := e.keyed("/v1/users", &acme, "same", "application/json", body)
	wantReplayed(t, "acme retry", again, true)
	if string(again.Data) != string(a.Data) {
		t.Errorf("acme's retry answered %s, want %s", again.Data, a.Data)
	}

	// Two users of one tenant upload with the same key and the same file.
	u2 := e.keyed("/v1/users", &acme, "", "application/json", body)
	var ua2 struct {
		Token struct {
			AccessToken string `json:"accessToken"`
		} `json:"token"`
	}
	u2.decode(t, &ua2)
	slip := part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")}
	ids := map[string]bool{}
	for _, tok := range []string{ua.Token.AccessToken, ua2.Token.AccessToken} {
		ct, mb := multipartBody(t, slip)
		r := e.keyed("/v1/uploads", &creds{token: tok}, "upload-1", ct, mb)
		wantStatus(t, "upload", r, 200)
		wantReplayed(t, "upload", r, false)
		var up archiveOut
		r.decode(t, &up)
		ids[up.ID] = true
	}
	if len(ids) != 2 {
		t.Errorf("two users' uploads under one key answered %d uploads, want 2", len(ids))
	}
}

// A refused request leaves its key free: the corrected retry is stored.
func TestIdempotencyKeyOfAFailureIsFree(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	ct, b := multipartBody(t, part{field: "file", name: "notes.txt", data: []byte("not a payslip")})
	wantStatus(t, "text file", e.keyed("/v1/archives", &acme, "k", ct, b), 415)
	ct, b = multipartBody(t, part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")})
	r := e.keyed("/v1/archives", &acme, "k", ct, b)
	wantStatus(t, "corrected retry", r, 200)
	wantReplayed(t, "corrected retry", r, false)
}

// Concurrent requests with one key create one archive: each gets the
// archive or a 409 saying the first is in progress.
func TestIdempotencyKeyConcurrentDuplicatesCreateOne(t *testing.T) {
	t.Parallel()
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	slip := part{field: "file", name: "slip.pdf", data: payslipPDF(t, "10,500.00")}
	const n = 8
	type answer struct {
		status int
		body   []byte
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		ct, b := multipartBody(t, slip)
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, e.url+"/v1/archives", bytes.NewReader(b))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Idempotency-Key", "race")
			req.SetBasicAuth(acme.key, acme.secret)
			resp, err := e.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			answers[i] = answer{resp.StatusCode, body}
		}()
	}
	wg.Wait()
	archiveIDs := map[string]bool{}
	for _, a := range answers {
		var env struct {
			Message string `json:"message"`
			Data    struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		_ = json.Unmarshal(a.body, &env)
		switch {
		case a.status == 200:
			archiveIDs[env.Data.ID] = true
		case a.status == 409 && strings.Contains(env.Message, "in progress"):
		default:
			t.Errorf("got %d %s, want 200 or 409 in progress", a.status, a.body)
		}
	}
	if len(archiveIDs) != 1 {
		t.Errorf("answers named %d archives, want 1", len(archiveIDs))
	}
	e.wantItems("/v1/archives", &acme, 1)
}
