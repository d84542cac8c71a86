package api_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"talaan/internal/api"
	"talaan/internal/auth"
	"talaan/storage"
	"talaan/storage/sqlite"
)

// countingStore counts the lookups of API keys: each is one checked
// secret.
type countingStore struct {
	*sqlite.Store
	lookups atomic.Int64
}

func (s *countingStore) TenantByAPIKey(ctx context.Context, key string) (storage.Tenant, error) {
	s.lookups.Add(1)
	return s.Store.TenantByAPIKey(ctx, key)
}

// from returns a client whose connections come from the loopback address
// ip (Linux routes all of 127.0.0.0/8 to lo).
func from(t *testing.T, e *env, ip string) *http.Client {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: &validating{t: t, spec: e.spec, next: tr}, Timeout: 30 * time.Second}
}

// signIn calls GET /v1/users with Basic key:secret through client and
// returns the status, the Retry-After header and the envelope's code.
func signIn(t *testing.T, e *env, client *http.Client, key, secret string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.url+"/v1/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(key, secret)
	resp, err := client.Do(req)
	if err != nil {
		t.Errorf("sign in: %v", err)
		return 0, "", ""
	}
	defer resp.Body.Close()
	var env struct {
		Code      string `json:"code"`
		RequestID string `json:"requestId"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.RequestID == "" {
		t.Errorf("sign in: %d without the envelope (%v)", resp.StatusCode, err)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), env.Code
}

// Wrong Basic sign-ins are logged with the key, never the secret, and
// throttled per key and per address: concurrent guesses cannot race past
// the limit, and while throttled even the right secret is refused with 429
// and Retry-After; other keys and addresses go on as before.
func TestBasicAuthFailuresAreThrottled(t *testing.T) {
	t.Parallel()
	var cs *countingStore
	e, logs := setupBare(t, bare{
		cfg:   api.Config{SignIn: auth.Limits{FailuresPerKey: 5, FailuresPerAddr: 12, Window: time.Hour}},
		store: func(s *sqlite.Store) storage.Store { cs = &countingStore{Store: s}; return cs },
	})
	acme, bravo := e.tenant("Acme Lending"), e.tenant("Bravo Credit")
	home, other, guesser := from(t, e, "127.0.0.1"), from(t, e, "127.0.0.2"), from(t, e, "127.0.0.3")

	// 20 concurrent wrong guesses at Acme's key: at most 5 are checked.
	before := cs.lookups.Load()
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	retries := make([]string, 20)
	codes := make([]string, 20)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], retries[i], codes[i] = signIn(t, e, home, acme.key, "sk_wrong-guess-"+strconv.Itoa(i))
		}()
	}
	wg.Wait()
	if n := cs.lookups.Load() - before; n > 5 {
		t.Errorf("%d guesses were checked, want at most 5", n)
	}
	unauthorized, limited := 0, 0
	for i, st := range statuses {
		switch {
		case st == 401 && codes[i] == "INVALID_CREDENTIALS":
			unauthorized++
		case st == 429 && codes[i] == "REQUEST_LIMIT_EXCEEDED":
			limited++
			if n, err := strconv.Atoi(retries[i]); err != nil || n < 1 {
				t.Errorf("429 with Retry-After %q, want whole seconds", retries[i])
			}
		default:
			t.Errorf("guess answered %d %s", st, codes[i])
		}
	}
	if unauthorized != 5 || limited != 15 {
		t.Errorf("%d answered 401 and %d answered 429, want 5 and 15", unauthorized, limited)
	}

	cases := []struct {
		name   string
		client *http.Client
		c      creds
		status int
	}{
		{"the right secret of a throttled key", home, acme, 429},
		{"the throttled key from another address", other, acme, 429},
		{"another key from the same address", home, bravo, 200},
	}
	for _, tc := range cases {
		if st, _, code := signIn(t, e, tc.client, tc.c.key, tc.c.secret); st != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, st, code, tc.status)
		}
	}

	// An address guessing many keys is throttled for every key.
	for i := 0; i < 12; i++ {
		if st, _, code := signIn(t, e, guesser, "ak_guess"+strconv.Itoa(i), "nope"); st != 401 {
			t.Fatalf("guess %d: %d %s, want 401", i, st, code)
		}
	}
	if st, _, code := signIn(t, e, guesser, bravo.key, bravo.secret); st != 429 {
		t.Errorf("a right secret from a throttled address: %d %s, want 429", st, code)
	}
	if st, _, code := signIn(t, e, other, bravo.key, bravo.secret); st != 200 {
		t.Errorf("the same key from another address: %d %s, want 200", st, code)
	}

	// Reserving attempts does not refuse a busy tenant: more concurrent
	// right sign-ins than the limit all pass.
	charlie, busy := e.tenant("Charlie Finance"), from(t, e, "127.0.0.4")
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _, codes[i] = signIn(t, e, busy, charlie.key, charlie.secret)
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 200 {
			t.Errorf("concurrent right sign-in %d: %d %s, want 200", i, st, codes[i])
		}
	}

	log := logs.String()
	if !strings.Contains(log, "level=WARN msg=\"basic auth failed\" api_key="+acme.key) {
		t.Errorf("no warning with the key id in the log:\n%.2000s", log)
	}
	for _, secret := range []string{"sk_wrong-guess-", "nope", acme.secret, bravo.secret} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds a secret (%q)", secret)
		}
	}
}
