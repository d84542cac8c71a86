package worker_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"talaan/internal/ids"
	"talaan/storage"
)

// syncBuffer is a log destination the workers may write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newLoggedRig is newRig with the log kept, and deliveries that time out
// after timeout.
func newLoggedRig(t *testing.T, logTo io.Writer, timeout time.Duration) *rig {
	t.Helper()
	return newRigLogged(t, &flakyEngine{}, true, logTo, timeout)
}

// A failed delivery's attempt shows the tenant only the failure's category;
// the server's log has the whole error at warn, with the webhook's id and
// without the event's body.
func TestWebhookAttemptShowsCategoryAndLogKeepsDetail(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "stack trace of the receiver")
	}))
	t.Cleanup(failing.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := l.Addr().String()
	l.Close()

	var logs syncBuffer
	r := newLoggedRig(t, &logs, 300*time.Millisecond)
	tenant := r.tenant(t)
	cases := []struct {
		name, url, want string
		detail          string // in the log line of the attempt
	}{
		{"unresolvable host", "https://nothing-here.invalid/hooks", "DNS failed", "nothing-here.invalid"},
		{"refused port", "http://" + refused + "/hooks", "connection refused", refused},
		// Stored before the address rules were tightened: the delivery
		// checks again.
		{"disallowed address", "https://[64:ff9b::a00:1]/hooks", "address not allowed", "special-purpose"},
		{"slow receiver", slow.URL + "/hooks", "timeout", "Timeout"},
		{"server error", failing.URL + "/hooks", "HTTP status 500", "500"},
	}
	hooks := make([]storage.Webhook, len(cases))
	now := time.Now().UTC()
	for i, tc := range cases {
		hooks[i] = storage.Webhook{ID: ids.New(ids.Webhook), TenantID: tenant, Name: tc.name, URL: tc.url, Secret: "sekret",
			EventTypes: []string{"ARCHIVE_STARTED"}, Active: true, CreatedAt: now, UpdatedAt: now}
		if err := r.store.CreateWebhook(context.Background(), hooks[i]); err != nil {
			t.Fatal(err)
		}
	}
	r.archive(t, tenant)

	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			att := firstAttempt(t, r, tenant, hooks[i].ID)
			if att.Error != tc.want {
				t.Errorf("attempt error %q, want exactly %q", att.Error, tc.want)
			}
			line := logLine(t, &logs, hooks[i].ID)
			category := "category=" + tc.want
			if strings.Contains(tc.want, " ") {
				category = "category=" + strconv.Quote(tc.want)
			}
			for _, want := range []string{"level=WARN", tc.detail, category} {
				if !strings.Contains(line, want) {
					t.Errorf("log line %q does not contain %q", line, want)
				}
			}
		})
	}
	if out := logs.String(); strings.Contains(out, `"type":"ARCHIVE_STARTED"`) || strings.Contains(out, "stack trace of the receiver") ||
		strings.Contains(out, `\"archiveId\"`) {
		t.Errorf("the log holds an event body or a receiver's answer:\n%s", out)
	}
}

// firstAttempt waits for the webhook's first logged attempt.
func firstAttempt(t *testing.T, r *rig, tenant, webhookID string) storage.WebhookAttempt {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		at, _, err := r.store.ListWebhookAttempts(context.Background(), tenant, webhookID, storage.Page{Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(at) > 0 {
			return at[len(at)-1] // newest first
		}
		if time.Now().After(deadline) {
			t.Fatalf("no attempt logged for %s", webhookID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logLine returns the first warning logged about the webhook.
func logLine(t *testing.T, logs *syncBuffer, webhookID string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "webhook_id="+webhookID) && strings.Contains(line, "level=WARN") {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no warning logged for webhook %s", webhookID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
