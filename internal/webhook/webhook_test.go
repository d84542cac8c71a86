package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const secret = "whsec_test_0123456789"

// receiver is a webhook receiver that checks the signature as a tenant would.
type receiver struct {
	srv      *httptest.Server
	calls    atomic.Int32
	verified atomic.Bool
	header   atomic.Value // http.Header
	body     atomic.Value // []byte
}

func newReceiver(t *testing.T, status int) *receiver {
	t.Helper()
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.calls.Add(1)
		b, _ := io.ReadAll(req.Body)
		r.body.Store(b)
		r.header.Store(req.Header.Clone())
		r.verified.Store(req.Method == http.MethodPost && Verify(secret, b, req.Header.Get(SignatureHeader)))
		w.WriteHeader(status)
		io.WriteString(w, strings.Repeat("x", 200<<10)) // more than is read
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func sampleEvent() Event {
	return Event{
		ID:        "evt-1",
		Version:   Version,
		Type:      "ARCHIVE_PROCESSED",
		CreatedAt: time.Date(2021, 4, 14, 17, 30, 24, 123456789, time.FixedZone("PHT", 8*3600)),
		Data:      map[string]any{"archiveId": "a-1", "status": "ANALYZED"},
	}
}

func TestEventBodyMatchesSmileEnvelope(t *testing.T) {
	body, err := sampleEvent().Body()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id":        `"evt-1"`,
		"version":   `1`,
		"type":      `"ARCHIVE_PROCESSED"`,
		"createdAt": `"2021-04-14T09:30:24Z"`,
		"data":      `{"archiveId":"a-1","status":"ANALYZED"}`,
	}
	if len(got) != len(want) {
		t.Errorf("body has keys %v, want exactly id, version, type, createdAt, data", keys(got))
	}
	for k, v := range want {
		if string(got[k]) != v {
			t.Errorf("%s = %s, want %s", k, got[k], v)
		}
	}
	wantBody := `{"id":"evt-1","version":1,"type":"ARCHIVE_PROCESSED","createdAt":"2021-04-14T09:30:24Z","data":{"archiveId":"a-1","status":"ANALYZED"}}`
	if string(body) != wantBody {
		t.Errorf("body\n %s\nwant\n %s", body, wantBody)
	}
	// json.Marshal of an Event gives the same bytes.
	if b, _ := json.Marshal(sampleEvent()); string(b) != wantBody {
		t.Errorf("json.Marshal(Event) = %s, want the Body bytes", b)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSignAndVerify(t *testing.T) {
	body := []byte(`{"id":"evt-1"}`)
	sig := Sign(secret, body)
	if len(sig) != 128 || strings.ToLower(sig) != sig {
		t.Fatalf("signature %q is not 128 lower-case hex digits", sig)
	}
	if !Verify(secret, body, sig) {
		t.Error("signature does not verify")
	}
	if !Verify(secret, body, strings.ToUpper(sig)) {
		t.Error("upper-case hex of the same signature does not verify")
	}
	if Verify(secret, []byte(`{"id":"evt-2"}`), sig) {
		t.Error("signature verifies a changed body")
	}
	if Verify("other-secret", body, sig) {
		t.Error("signature verifies with another secret")
	}
	for _, bad := range []string{"", "zz", sig[:64]} {
		if Verify(secret, body, bad) {
			t.Errorf("Verify accepted %q", bad)
		}
	}
}

func TestDeliverSignsAndReceiverVerifies(t *testing.T) {
	r := newReceiver(t, http.StatusNoContent)
	d := NewDeliverer(true, 5*time.Second)
	body, _ := sampleEvent().Body()
	status, err := d.Deliver(context.Background(), r.srv.URL+"/hooks", secret, body)
	if err != nil || status != http.StatusNoContent {
		t.Fatalf("Deliver = %d, %v; want 204, nil", status, err)
	}
	if !r.verified.Load() {
		t.Error("receiver could not verify the Smile-Signature")
	}
	h := r.header.Load().(http.Header)
	if got := h.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := h.Get("User-Agent"); got != "talaan-webhooks/1" {
		t.Errorf("User-Agent = %q", got)
	}
	if got := r.body.Load().([]byte); string(got) != string(body) {
		t.Errorf("receiver got body %s, want %s", got, body)
	}

	// The same signature over a changed body fails on the receiving side.
	changed := []byte(strings.Replace(string(body), "ANALYZED", "ERROR", 1))
	if Verify(secret, changed, h.Get(SignatureHeader)) {
		t.Error("received signature verifies a changed body")
	}
}

func TestDeliverNon2xxIsError(t *testing.T) {
	for _, code := range []int{http.StatusBadRequest, http.StatusInternalServerError, http.StatusServiceUnavailable} {
		r := newReceiver(t, code)
		status, err := NewDeliverer(true, 5*time.Second).Deliver(context.Background(), r.srv.URL, secret, []byte(`{}`))
		if status != code {
			t.Errorf("status = %d, want %d", status, code)
		}
		if err == nil || err.Error() != fmt.Sprintf("webhook answered %d", code) {
			t.Errorf("err = %v, want \"webhook answered %d\"", err, code)
		}
	}
}

func TestDeliverDoesNotFollowRedirects(t *testing.T) {
	target := newReceiver(t, http.StatusOK)
	redirect := httptest.NewServer(http.RedirectHandler(target.srv.URL, http.StatusFound))
	t.Cleanup(redirect.Close)
	status, err := NewDeliverer(true, 5*time.Second).Deliver(context.Background(), redirect.URL, secret, []byte(`{}`))
	if status != http.StatusFound || err == nil {
		t.Errorf("Deliver = %d, %v; want 302 and an error", status, err)
	}
	if n := target.calls.Load(); n != 0 {
		t.Errorf("redirect target was called %d times", n)
	}
}

func TestDeliverTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // so the server notices the client hanging up
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	start := time.Now()
	status, err := NewDeliverer(true, 200*time.Millisecond).Deliver(context.Background(), slow.URL, secret, []byte(`{}`))
	if status != 0 || err == nil {
		t.Fatalf("Deliver = %d, %v; want 0 and a timeout error", status, err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("Deliver error %v is not a timeout", err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("timed out after %v, want about 200ms", el)
	}

	// The caller's context bounds it too.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if status, err := NewDeliverer(true, 0).Deliver(ctx, slow.URL, secret, []byte(`{}`)); status != 0 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Deliver with an expiring ctx = %d, %v; want 0, DeadlineExceeded", status, err)
	}
}

func TestDialerRefusesLoopbackUnlessAllowed(t *testing.T) {
	r := newReceiver(t, http.StatusOK)
	port := r.srv.URL[strings.LastIndex(r.srv.URL, ":"):]

	// Not allowed: the URL check refuses it, and so does the dialer when
	// the URL check is bypassed, for the IP and for a name resolving to it.
	d := NewDeliverer(false, 5*time.Second)
	if status, err := d.Deliver(context.Background(), r.srv.URL, secret, []byte(`{}`)); status != 0 || err == nil {
		t.Errorf("Deliver to %s without allowLoopback = %d, %v; want refused", r.srv.URL, status, err)
	}
	for _, u := range []string{"http://127.0.0.1" + port, "http://localhost" + port} {
		status, err := d.post(context.Background(), u, secret, []byte(`{}`))
		if status != 0 || !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("dialing %s without allowLoopback = %d, %v; want ErrForbiddenAddress", u, status, err)
		}
	}
	if n := r.calls.Load(); n != 0 {
		t.Fatalf("receiver was called %d times, want 0", n)
	}

	// Allowed.
	d = NewDeliverer(true, 5*time.Second)
	for _, u := range []string{"http://127.0.0.1" + port, "http://localhost" + port} {
		if status, err := d.Deliver(context.Background(), u, secret, []byte(`{}`)); status != 200 || err != nil {
			t.Errorf("Deliver to %s with allowLoopback = %d, %v; want 200, nil", u, status, err)
		}
	}
}

func TestCheckAddr(t *testing.T) {
	for _, tc := range []struct {
		ip              string
		allowed         bool // without allowLoopback
		allowedLoopback bool // with it
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"127.0.0.1", false, true},
		{"127.9.9.9", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"10.1.2.3", false, false},
		{"172.16.0.1", false, false},
		{"172.31.255.255", false, false},
		{"192.168.1.1", false, false},
		{"::ffff:192.168.1.1", false, false},
		{"fc00::1", false, false},
		{"fd12:3456::1", false, false},
		{"169.254.169.254", false, false},
		{"fe80::1", false, false},
		{"0.0.0.0", false, false},
		{"::", false, false},
		{"224.0.0.1", false, false},
		{"ff02::1", false, false},
		{"100.100.100.200", false, false},
		{"255.255.255.255", false, false},
		{"172.32.0.1", true, true},
		{"8.8.8.8", true, true},
		{"2606:4700::1111", true, true},
		{"2001:4860:4860::8888", true, true},
		{"100.64.0.1", false, false},
		{"fe80::1%eth0", false, false},
		{"fec0::1", false, false}, // site-local, deprecated
		// IPv4 in IPv6. Mapped: judged as the IPv4 address, which is
		// where a dual-stack socket connects.
		{"::ffff:10.0.0.1", false, false},
		{"::ffff:169.254.169.254", false, false},
		{"::ffff:8.8.8.8", true, true},
		// IPv4-compatible (deprecated): refused whatever it holds.
		{"::127.0.0.1", false, false},
		{"::10.0.0.1", false, false},
		{"::8.8.8.8", false, false},
		// Well-known NAT64 prefix: judged as the IPv4 address the
		// translator connects to, and never as our own loopback.
		{"64:ff9b::808:808", true, true},
		{"64:ff9b::8.8.8.8", true, true},
		{"64:ff9b::a00:1", false, false},
		{"64:ff9b::7f00:1", false, false},
		{"64:ff9b::a9fe:a9fe", false, false},
		{"64:ff9b::a00:1%eth0", false, false},
		// Local-use NAT64, 6to4 and Teredo: refused outright.
		{"64:ff9b:1::a00:1", false, false},
		{"64:ff9b:1::808:808", false, false},
		{"2002:7f00:1::", false, false},
		{"2002:a00:1::1", false, false},
		{"2002:808:808::1", false, false},
		{"2002:a00:1::1%1", false, false},
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", false, false},
		{"2001::1", false, false},
		// Documentation, benchmarking and reserved ranges.
		{"2001:db8::1", false, false},
		{"100::1", false, false},
		{"192.0.2.1", false, false},
		{"198.18.0.1", false, false},
		{"198.51.100.1", false, false},
		{"203.0.113.1", false, false},
		{"240.0.0.1", false, false},
		{"192.0.0.8", false, false},
	} {
		ip := netip.MustParseAddr(tc.ip)
		if got := checkAddr(ip, false) == nil; got != tc.allowed {
			t.Errorf("checkAddr(%s, false) allowed = %v, want %v", tc.ip, got, tc.allowed)
		}
		if got := checkAddr(ip, true) == nil; got != tc.allowedLoopback {
			t.Errorf("checkAddr(%s, true) allowed = %v, want %v", tc.ip, got, tc.allowedLoopback)
		}
	}
}

func TestValidateURL(t *testing.T) {
	if err := ValidateURL("https://example.com/"+strings.Repeat("a", 480), false); err != nil {
		t.Errorf("a 500-character url refused: %v", err)
	}
	for _, tc := range []struct {
		url           string
		allowLoopback bool
		wantErr       string // "" for ok
	}{
		{"https://example.com/hooks", false, ""},
		{"https://example.com:8443/hooks?x=1", false, ""},
		{"HTTPS://Example.com/hooks", false, ""},
		{"http://127.0.0.1:8080/hooks", true, ""},
		{"http://localhost:8080/hooks", true, ""},
		{"http://[::1]:8080/hooks", true, ""},
		{"http://127.0.0.1:8080/hooks", false, "must use https"},
		{"http://example.com/hooks", false, "must use https"},
		{"http://example.com/hooks", true, "must use https"},
		{"http://10.0.0.1/hooks", true, "must use https"},
		{"https://user:pass@example.com/hooks", false, "user name or password"},
		{"https://user@example.com/hooks", false, "user name or password"},
		{"/hooks", false, "absolute"},
		{"example.com/hooks", false, "absolute"},
		{"ftp://example.com/hooks", false, "must use https"},
		{"https:///hooks", false, "host"},
		{"https:example.com", false, "host"},
		{"", false, "required"},
		{"https://example.com/" + strings.Repeat("a", 481), false, "at most 500"},
		{"https://10.0.0.1/hooks", false, "private"},
		{"https://169.254.169.254/latest", true, "private"},
		{"https://127.0.0.1/hooks", false, "localhost"},
		{"https://127.0.0.1/hooks", true, ""},
		{"https://localhost/hooks", false, "localhost"},
		{"https://exa mple.com/", false, "not a valid URL"},
		{"https://[2606:4700::1111]/hooks", false, ""},
		{"https://8.8.8.8/hooks", false, ""},
		{"https://[::127.0.0.1]/hooks", true, "special-purpose"},
		{"https://[::ffff:10.0.0.1]/hooks", true, "special-purpose"},
		{"https://[64:ff9b::a00:1]/hooks", true, "special-purpose"},
		{"https://[64:ff9b::7f00:1]/hooks", true, "special-purpose"},
		{"https://[2002:7f00:1::]/hooks", true, "special-purpose"},
		{"https://[2002:a00:1::1]/hooks", true, "special-purpose"},
		{"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks", true, "special-purpose"},
		{"https://[fe80::1%25eth0]/hooks", true, "special-purpose"},
		{"https://[fc00::1]/hooks", true, "special-purpose"},
		{"https://0.0.0.0/hooks", true, "special-purpose"},
		{"https://100.64.0.1/hooks", true, "special-purpose"},
	} {
		err := ValidateURL(tc.url, tc.allowLoopback)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ValidateURL(%q, %v) = %v, want ok", tc.url, tc.allowLoopback, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ValidateURL(%q, %v) = %v, want an error containing %q", tc.url, tc.allowLoopback, err, tc.wantErr)
		case err != nil && !strings.HasPrefix(err.Error(), "webhook url "):
			t.Errorf("ValidateURL(%q) error %q is not a sentence about the webhook url", tc.url, err)
		}
	}
}
