package api_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talaan/internal/api/openapi/openapitest"
	"talaan/internal/ids"
	"talaan/internal/webhook"
	"talaan/storage"
)

// A webhook URL written with an IPv4 address inside IPv6 (NAT64, 6to4,
// Teredo, IPv4-compatible or -mapped) is refused at registration like the
// IPv4 address itself, with a message saying why; public addresses pass.
// The harness allows loopback webhooks, so loopback forms are refused here
// only when they are refused whatever the setting.
func TestWebhookRegistrationRefusesSpecialAddresses(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	register := func(url string) response {
		return e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": url, "eventTypes": []string{"ALL_EVENTS"},
			"active": true, "secret": "s"})
	}
	for _, url := range []string{
		"https://[::127.0.0.1]/hooks",
		"https://[::ffff:10.0.0.1]/hooks",
		"https://[64:ff9b::a00:1]/hooks",
		"https://[64:ff9b::7f00:1]/hooks",
		"https://[64:ff9b:1::808:808]/hooks",
		"https://[2002:7f00:1::]/hooks",
		"https://[2002:a00:1::1]/hooks",
		"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks",
		"https://[fe80::1]/hooks",
		"https://[fc00::1]/hooks",
		"https://0.0.0.0/hooks",
		"https://169.254.169.254/latest/meta-data",
		"https://100.64.0.1/hooks",
	} {
		r := register(url)
		if r.status != 400 || !strings.Contains(r.Msg, "url: webhook url must not point to a private, loopback, link-local or other special-purpose address") {
			t.Errorf("register %s: %d %s; want 400 saying the address is not allowed", url, r.status, r.raw)
		}
	}
	for _, url := range []string{"https://[2606:4700::1111]/hooks", "https://8.8.8.8/hooks", "https://[64:ff9b::808:808]/hooks"} {
		if r := register(url); r.status != 200 {
			t.Errorf("register %s: %d %s; want 200", url, r.status, r.raw)
		}
	}
}

// The attempt log shows a failure's category, never the raw error text that
// attempts stored before categories hold (addresses, the resolver).
func TestWebhookAttemptsShowOnlyCategories(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	r := e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{"ALL_EVENTS"},
		"active": true, "secret": "s"})
	if r.status != 200 {
		t.Fatalf("create webhook: %d %s", r.status, r.raw)
	}
	var h struct{ ID string }
	r.decode(t, &h)

	stored := []struct{ stored, shown string }{
		{"", ""},
		{"connection refused", "connection refused"},
		{"HTTP status 500", "HTTP status 500"},
		{"address not allowed", "address not allowed"},
		{`webhook delivery failed: Post "http://127.0.0.1:9/hooks": dial tcp 127.0.0.1:9: connect: connection refused`, "delivery failed"},
		{"webhook delivery failed: lookup hooks.example on 10.255.255.53:53: no such host", "delivery failed"},
	}
	at := time.Now().UTC().Add(-time.Hour)
	for i, s := range stored {
		a := storage.WebhookAttempt{ID: ids.New(ids.Attempt), TenantID: acme.tenantID, WebhookID: h.ID, EventID: "evt-" + ids.Secret(4),
			EventType: "ARCHIVE_STARTED", Attempt: i + 1, Error: s.stored, At: at.Add(time.Duration(i) * time.Second)}
		if err := e.store.AddWebhookAttempt(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	var got listOut[struct {
		Attempt int     `json:"attempt"`
		Error   *string `json:"error"`
	}]
	e.getJSON("/v1/webhooks/"+h.ID+"/attempts", &acme).decode(t, &got)
	if len(got.Items) != len(stored) {
		t.Fatalf("%d attempts, want %d", len(got.Items), len(stored))
	}
	for _, a := range got.Items {
		want := stored[a.Attempt-1].shown
		switch {
		case want == "" && a.Error != nil:
			t.Errorf("attempt %d: error %q, want null", a.Attempt, *a.Error)
		case want != "" && a.Error == nil:
			t.Errorf("attempt %d: error null, want %q", a.Attempt, want)
		case want != "" && *a.Error != want:
			t.Errorf("attempt %d: error %q, want %q", a.Attempt, *a.Error, want)
		}
	}
}

// A Smile client may subscribe to any of Smile's event types, as the
// docs' own example does (ACCOUNT_CONNECTED + IDENTITY_ADDED), whether
// talaan sends it or not; a type Smile does not have is refused.
func TestEverySmileEventTypeCanBeSubscribed(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	acme := e.tenant("Acme Lending")
	smile, err := openapitest.NewSmile()
	if err != nil {
		t.Fatal(err)
	}
	types := smile.EventTypes()
	if len(types) < 30 {
		t.Fatalf("Smile's spec lists %d event types", len(types))
	}
	for _, ty := range append(types, "UPLOAD_ANALYZED") {
		r := e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{ty},
			"active": true, "secret": "s"})
		if r.status != 200 {
			t.Errorf("subscribe to %s: %d %s", ty, r.status, r.raw)
		}
	}
	r := e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{"ACCOUNT_CONNECTED", "IDENTITY_ADDED"},
		"active": true, "secret": "s"})
	if r.status != 200 {
		t.Errorf("the docs' example: %d %s", r.status, r.raw)
	}
	if r := e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": e.hooks.url, "eventTypes": []string{"PAYSLIP_READ"},
		"active": true, "secret": "s"}); r.status != 400 {
		t.Errorf("an unknown type: %d", r.status)
	}
}

// USER_CREATED goes out for a user made with POST /v1/users and for the one
// an archive without userId makes.
func TestUserCreatedIsDelivered(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	e.subscribe(&acme)
	r := e.postJSON("/v1/users", &acme, map[string]any{"externalMetadata": map[string]string{"ref": "L-1"}})
	if r.status != 201 {
		t.Fatalf("create user: %d %s", r.status, r.raw)
	}
	var created struct {
		User struct{ ID string } `json:"user"`
	}
	r.decode(t, &created)
	r = e.postMultipart("/v1/archives", &acme, filePart(t, filepath.Join(dir, "files/d002.pdf")))
	if r.status != 200 {
		t.Fatalf("archive without userId: %d %s", r.status, r.raw)
	}
	var a archiveOut
	r.decode(t, &a)
	for _, userID := range []string{created.User.ID, a.UserID} {
		e.hooks.waitFor(t, "USER_CREATED for "+userID, func(ev webhook.Event) bool {
			d, _ := ev.Data.(map[string]any)
			return ev.Type == "USER_CREATED" && d["userId"] == userID
		})
	}
}

// TASK_FINISHED names the data points saved; a webhook with includePayload
// also gets them (data.payload, Smile's AllDatapointPayload), one without
// does not.
func TestTaskFinishedCarriesThePayloadWhenAsked(t *testing.T) {
	dir, _ := corpusPH(t)
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	plain := newReceiver(t)
	for _, h := range []struct {
		r       *receiver
		payload bool
	}{{e.hooks, true}, {plain, false}} {
		r := e.postJSON("/v1/webhooks", &acme, map[string]any{"name": "x", "url": h.r.url, "eventTypes": []string{"ALL_EVENTS"},
			"active": true, "secret": h.r.secret, "includePayload": h.payload})
		if r.status != 200 {
			t.Fatalf("create webhook: %d %s", r.status, r.raw)
		}
	}
	a := e.analyzed(t, &acme, filepath.Join(dir, "files/d002.pdf"))
	incomes := e.incomes(&acme, "sourceId="+a.ID)
	if len(incomes) != 1 {
		t.Fatalf("%d incomes", len(incomes))
	}
	task := func(rc *receiver) map[string]any {
		rc.waitFor(t, "TASK_FINISHED", func(ev webhook.Event) bool { return ev.Type == "TASK_FINISHED" })
		rc.mu.Lock()
		defer rc.mu.Unlock()
		for _, ev := range rc.events {
			if d, _ := ev.Data.(map[string]any); ev.Type == "TASK_FINISHED" && d["sourceId"] == a.ID {
				return d
			}
		}
		t.Fatal("no TASK_FINISHED for the archive")
		return nil
	}
	with, without := task(e.hooks), task(plain)
	if dp, _ := with["datapoints"].([]any); len(dp) != 1 || dp[0] != "INCOMES" {
		t.Errorf("datapoints %v, want [INCOMES]", with["datapoints"])
	}
	items, _ := with["payload"].(map[string]any)["incomes"].(map[string]any)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != incomes[0].ID || items[0].(map[string]any)["netAmount"] != *incomes[0].NetAmount {
		t.Errorf("payload %v, want the archive's income %s", with["payload"], incomes[0].ID)
	}
	if _, ok := without["payload"]; ok {
		t.Error("a webhook without includePayload got the payload")
	}
}
