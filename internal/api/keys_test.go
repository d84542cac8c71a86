package api_test

// Reviewer keys: API keys a tenant creates for the people who work its
// review queue. They reach the queue, the archives under review with their
// file links, the audit trail and the file types of their own tenant, and
// nothing else.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"talaan/internal/api"
	"talaan/internal/auth"
	"talaan/storage"
)

// reviewerRoutes are the routes a reviewer key may call.
var reviewerRoutes = []string{
	"GET /v1/archives/-/payslips/listPredictions",
	"GET /v1/archives/-/payslips/queryPrediction",
	"POST /v1/archives/-/payslips/sendManualResult",
	"GET /v1/archives/{id}/audit",
	"GET /v1/archives/{id}",
	"GET /v1/fileTypes",
}

// noAuthRoutes authenticate nobody: the role of a key does not apply.
var noAuthRoutes = []string{"GET /healthz", "GET /readyz", "GET /v1/openapi.yaml", "GET /v1/files/{id}"}

type keyOut struct {
	ID        string  `json:"id"`
	Key       string  `json:"key"`
	Secret    *string `json:"secret"`
	Role      string  `json:"role"`
	Name      string  `json:"name"`
	CreatedAt string  `json:"createdAt"`
	RevokedAt *string `json:"revokedAt"`
}

func (e *env) predictionIDs(c *creds) []string {
	e.t.Helper()
	r := e.getJSON("/v1/archives/-/payslips/listPredictions?size=150", c)
	if r.status != 200 {
		e.t.Fatalf("listPredictions: %d %s", r.status, r.raw)
	}
	var l listOut[struct {
		ArchiveID string `json:"archiveId"`
	}]
	r.decode(e.t, &l)
	var out []string
	for _, it := range l.Items {
		out = append(out, it.ArchiveID)
	}
	return out
}

func TestReviewerKey(t *testing.T) {
	e := setup(t, options{})
	acme := e.tenant("Acme Lending")
	bravo := e.tenant("Bravo Credit")
	keyID, rev := secReviewerKey(t, e, &acme, "Maria (ops)")
	_, bRev := secReviewerKey(t, e, &bravo, "Bravo ops")

	// Two of A's payslips do not add up: both wait in review.
	var docs []string
	for _, net := range []string{"9,000.00", "9,100.00"} {
		var a archiveOut
		r := e.postMultipart("/v1/archives", &acme, part{field: "file", name: "slip.pdf", data: payslipPDF(t, net)})
		if r.status != 200 {
			t.Fatalf("upload: %d %s", r.status, r.raw)
		}
		r.decode(t, &a)
		docs = append(docs, a.ID)
	}
	for _, id := range docs {
		if a := e.waitFinal("/v1/archives/"+id, &acme); a.State.Status != "STARTED" || !a.State.Review {
			t.Fatalf("%s: %+v, want it in review", id, a.State)
		}
	}
	published, waiting := docs[0], docs[1]

	t.Run("AuthenticateBasic tells the role", func(t *testing.T) {
		ctx := context.Background()
		p, err := e.server.Auth().Basic(ctx, rev.key, rev.secret)
		if err != nil {
			t.Fatal(err)
		}
		want := auth.Principal{TenantID: acme.tenantID, Actor: "apikey:" + rev.key, Role: storage.RoleReviewer, KeyID: keyID, KeyName: "Maria (ops)"}
		if p != want {
			t.Errorf("reviewer key: %+v, want %+v", p, want)
		}
		p, err = e.server.Auth().Basic(ctx, acme.key, acme.secret)
		if want := (auth.Principal{TenantID: acme.tenantID, Actor: "apikey:" + acme.key, Role: storage.RoleAdmin,
			KeyID: acme.tenantID, KeyName: "Acme Lending"}); err != nil || p != want {
			t.Errorf("tenant key: %+v %v, want %+v", p, err, want)
		}
		for _, c := range [][2]string{{rev.key, acme.secret}, {rev.key, ""}, {"ak_nope", rev.secret}, {"", ""}} {
			if _, err := e.server.Auth().Basic(ctx, c[0], c[1]); !errors.Is(err, auth.ErrBadCredentials) {
				t.Errorf("AuthenticateBasic(%q, %q): %v, want ErrBadCredentials", c[0], c[1], err)
			}
		}
	})

	t.Run("B's reviewer sees none of A's review items", func(t *testing.T) {
		if got := e.predictionIDs(&bRev); len(got) != 0 {
			t.Errorf("B's reviewer lists %v", got)
		}
		for _, c := range []struct{ method, path string }{
			{http.MethodGet, "/v1/archives/-/payslips/queryPrediction?archiveId=" + waiting},
			{http.MethodGet, "/v1/archives/" + waiting},
			{http.MethodGet, "/v1/archives/" + waiting + "/audit"},
		} {
			if r := e.request(c.method, c.path, &bRev, "", nil); r.status != 404 || r.Code != "MISSING_RESOURCE" {
				t.Errorf("B's reviewer: %s %s: %d %s, want 404", c.method, c.path, r.status, r.raw)
			}
		}
		r := e.postJSON("/v1/archives/-/payslips/sendManualResult", &bRev, map[string]any{"archiveId": waiting, "validFile": false})
		if r.status != 404 {
			t.Errorf("B's reviewer rejects A's document: %d %s, want 404", r.status, r.raw)
		}
		if a := e.waitFinal("/v1/archives/"+waiting, &acme); a.State.Status != "STARTED" || !a.State.Review {
			t.Errorf("A's document after B's reviewer: %+v", a.State)
		}
	})

	t.Run("A's reviewer works A's queue", func(t *testing.T) {
		got := e.predictionIDs(&rev)
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(docs)); !slices.Equal(got, want) {
			t.Fatalf("predictions: %v, want %v", got, want)
		}
		r := e.getJSON("/v1/archives/-/payslips/queryPrediction?archiveId="+published, &rev)
		var pred struct {
			ArchiveID string   `json:"archiveId"`
			NetAmount *float64 `json:"netAmount"`
			Doubts    []string `json:"doubts"`
		}
		r.decode(t, &pred)
		if r.status != 200 || pred.ArchiveID != published || len(pred.Doubts) == 0 {
			t.Fatalf("queryPrediction: %d %s", r.status, r.raw)
		}
		if r := e.getJSON("/v1/fileTypes", &rev); r.status != 200 {
			t.Errorf("fileTypes: %d %s", r.status, r.raw)
		}

		// The archive and its file, through the signed link.
		r = e.getJSON("/v1/archives/"+published, &rev)
		var a archiveOut
		r.decode(t, &a)
		if r.status != 200 || len(a.RawFiles) != 1 || a.RawFiles[0].URL == "" {
			t.Fatalf("GET archive: %d %s", r.status, r.raw)
		}
		f := secFetch(t, e, a.RawFiles[0].URL, "")
		if f.status != 200 || !bytes.HasPrefix(f.raw, []byte("%PDF")) {
			t.Fatalf("file link: %d %.100q", f.status, f.raw)
		}

		// A correction, recorded under the reviewer's key.
		r = e.postJSON("/v1/archives/-/payslips/sendManualResult", &rev, map[string]any{"archiveId": published, "validFile": true,
			"checkedFields": []string{"netAmount"}, "data": map[string]any{"netAmount": 10500}})
		if r.status != 200 {
			t.Fatalf("sendManualResult: %d %s", r.status, r.raw)
		}
		if a := e.waitFinal("/v1/archives/"+published, &acme); a.State.Status != "ANALYZED" {
			t.Fatalf("after the correction: %+v", a.State)
		}
		incomes := e.incomes(&acme, "sourceId="+published)
		if len(incomes) != 1 || incomes[0].NetAmount == nil || *incomes[0].NetAmount != 10500 || !incomes[0].Reviewed {
			t.Fatalf("incomes: %+v", incomes)
		}
		r = e.getJSON("/v1/archives/"+published+"/audit", &rev)
		var audit listOut[struct {
			Actor    string  `json:"actor"`
			Field    string  `json:"field"`
			NewValue *string `json:"newValue"`
		}]
		r.decode(t, &audit)
		found := false
		for _, it := range audit.Items {
			if it.Actor != "apikey:"+rev.key {
				t.Errorf("audit entry by %q, want apikey:%s", it.Actor, rev.key)
			}
			if it.Field == "netAmount" && it.NewValue != nil && *it.NewValue == "10500" {
				found = true
			}
		}
		if r.status != 200 || !found {
			t.Fatalf("audit: %d %s", r.status, r.raw)
		}
		if got := e.predictionIDs(&rev); !slices.Equal(got, []string{waiting}) {
			t.Errorf("predictions after publishing: %v, want [%s]", got, waiting)
		}
	})

	t.Run("every other route is refused to a reviewer key", func(t *testing.T) {
		patterns := e.server.Patterns()
		for _, p := range append(slices.Clone(reviewerRoutes), noAuthRoutes...) {
			if !slices.Contains(patterns, p) {
				t.Errorf("%s is not in the route table", p)
			}
		}
		idOf := map[string]string{"archives": waiting, "keys": keyID}
		n := 0
		for _, pattern := range patterns {
			if slices.Contains(reviewerRoutes, pattern) || slices.Contains(noAuthRoutes, pattern) {
				continue
			}
			n++
			method, p, _ := strings.Cut(pattern, " ")
			if strings.Contains(p, "{id}") {
				id, ok := idOf[strings.Split(p, "/")[2]]
				if !ok {
					id = "x-0123"
				}
				p = strings.Replace(p, "{id}", id, 1)
			}
			var r response
			if method == http.MethodPost {
				r = e.request(method, p, &rev, "application/json", strings.NewReader(`{"role": "reviewer", "userId": "x"}`))
			} else {
				r = e.request(method, p, &rev, "", nil)
			}
			if r.status != 403 || r.Code != "UNAUTHORIZED_ACCESS" || !strings.Contains(r.Msg, "reviewer key") || string(r.Data) != "{}" {
				t.Errorf("reviewer key: %s %s: %d %s, want 403 UNAUTHORIZED_ACCESS", method, p, r.status, r.raw)
			}
		}
		if n < 18 {
			t.Errorf("only %d routes checked", n)
		}
		// Nothing changed: the waiting document, and the keys.
		if a := e.waitFinal("/v1/archives/"+waiting, &acme); a.State.Status != "STARTED" || !a.State.Review {
			t.Errorf("A's document after the reviewer's refused calls: %+v", a.State)
		}
		var keys listOut[keyOut]
		e.getJSON("/v1/keys", &acme).decode(t, &keys)
		if len(keys.Items) != 1 || keys.Items[0].ID != keyID || keys.Items[0].RevokedAt != nil {
			t.Errorf("A's keys after the reviewer's refused calls: %+v", keys.Items)
		}
	})

	t.Run("only an admin key creates keys", func(t *testing.T) {
		r := e.postJSON("/v1/keys", &rev, map[string]any{"role": "reviewer"})
		if r.status != 403 || r.Code != "UNAUTHORIZED_ACCESS" {
			t.Errorf("reviewer key creates a key: %d %s", r.status, r.raw)
		}
		_, token := secUser(t, e, &acme, "key-probe")
		for _, c := range []creds{{token: token}} {
			if r := e.postJSON("/v1/keys", &c, map[string]any{"role": "reviewer"}); r.status != 403 || r.Code != "UNAUTHORIZED_ACCESS" {
				t.Errorf("user token creates a key: %d %s", r.status, r.raw)
			}
			if r := e.getJSON("/v1/keys", &c); r.status != 403 {
				t.Errorf("user token lists keys: %d %s", r.status, r.raw)
			}
			if r := e.request(http.MethodDelete, "/v1/keys/"+keyID, &c, "", nil); r.status != 403 {
				t.Errorf("user token revokes a key: %d %s", r.status, r.raw)
			}
		}
		if r := e.postJSON("/v1/keys", nil, map[string]any{"role": "reviewer"}); r.status != 401 {
			t.Errorf("no credentials: %d %s", r.status, r.raw)
		}

		// An admin API key (the CLI makes them) acts as the tenant.
		k, secret := api.NewAPIKey(acme.tenantID, storage.RoleAdmin, "deploy", time.Now().UTC())
		if err := e.store.CreateAPIKey(context.Background(), k); err != nil {
			t.Fatal(err)
		}
		admin := creds{tenantID: acme.tenantID, key: k.Key, secret: secret}
		if r := e.getJSON("/v1/incomes", &admin); r.status != 200 {
			t.Errorf("admin key: GET /v1/incomes: %d %s", r.status, r.raw)
		}
		r = e.postJSON("/v1/keys", &admin, map[string]any{"role": "reviewer", "name": "by the admin key"})
		if r.status != 201 {
			t.Fatalf("admin key creates a key: %d %s", r.status, r.raw)
		}
		if r := e.request(http.MethodDelete, "/v1/keys/"+k.ID, &acme, "", nil); r.status != 200 {
			t.Fatalf("revoke the admin key: %d %s", r.status, r.raw)
		}
		if r := e.getJSON("/v1/incomes", &admin); r.status != 401 {
			t.Errorf("revoked admin key: %d %s", r.status, r.raw)
		}
	})

	t.Run("creating and listing keys", func(t *testing.T) {
		for _, body := range []map[string]any{
			{"role": "admin"}, {"role": "REVIEWER"}, {}, {"role": "reviewer", "name": strings.Repeat("n", 201)}, {"role": 1},
		} {
			r := e.postJSON("/v1/keys", &acme, body)
			field := "role"
			if _, ok := body["name"]; ok {
				field = "name"
			}
			if r.status != 400 || !strings.HasPrefix(r.Msg, field+":") {
				t.Errorf("POST /v1/keys %v: %d %s, want 400 naming %s", body, r.status, r.raw, field)
			}
		}
		r := e.postJSON("/v1/keys", &acme, map[string]any{"role": "reviewer", "name": "  Jo  "})
		var k keyOut
		r.decode(t, &k)
		if r.status != 201 || r.Code != "CREATED" || k.Role != "reviewer" || k.Name != "Jo" || k.Secret == nil || *k.Secret == "" ||
			k.RevokedAt != nil || !strings.HasPrefix(k.ID, "key-") {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		fresh := creds{tenantID: acme.tenantID, key: k.Key, secret: *k.Secret}
		if got := e.predictionIDs(&fresh); !slices.Equal(got, []string{waiting}) {
			t.Errorf("a fresh reviewer key lists %v", got)
		}

		// Lists page newest first and never show a secret.
		var all []keyOut
		cursor := ""
		for range 10 {
			r := e.getJSON("/v1/keys?size=2"+cursor, &acme)
			if r.status != 200 || bytes.Contains(r.raw, []byte(`"secret"`)) || bytes.Contains(r.raw, []byte(*k.Secret)) ||
				bytes.Contains(r.raw, []byte(rev.secret)) {
				t.Fatalf("GET /v1/keys: %d %s", r.status, r.raw)
			}
			var l listOut[keyOut]
			r.decode(t, &l)
			all = append(all, l.Items...)
			if l.NextCursor == "" {
				break
			}
			cursor = "&cursor=" + l.NextCursor
		}
		if len(all) != 4 || all[0].ID != k.ID || all[len(all)-1].ID != keyID {
			t.Errorf("keys of A: %+v", all)
		}
		var bKeys listOut[keyOut]
		e.getJSON("/v1/keys", &bravo).decode(t, &bKeys)
		if len(bKeys.Items) != 1 || bKeys.Items[0].Key != bRev.key {
			t.Errorf("keys of B: %+v", bKeys.Items)
		}
		// B cannot revoke A's key, and cannot tell it exists.
		r = e.request(http.MethodDelete, "/v1/keys/"+k.ID, &bravo, "", nil)
		missing := e.request(http.MethodDelete, "/v1/keys/key-00000000000000000000000000000000", &bravo, "", nil)
		if r.status != 404 || missing.status != 404 || strings.ReplaceAll(r.Msg, k.ID, "ID") != strings.ReplaceAll(missing.Msg, "key-00000000000000000000000000000000", "ID") {
			t.Errorf("B revokes A's key: %d %s; an unknown key: %d %s", r.status, r.raw, missing.status, missing.raw)
		}
	})

	t.Run("a revoked key stops working at once", func(t *testing.T) {
		r := e.request(http.MethodDelete, "/v1/keys/"+keyID, &acme, "", nil)
		var k keyOut
		r.decode(t, &k)
		if r.status != 200 || k.ID != keyID || k.RevokedAt == nil || k.Secret != nil {
			t.Fatalf("revoke: %d %s", r.status, r.raw)
		}
		for _, p := range []string{"/v1/archives/-/payslips/listPredictions", "/v1/archives/" + waiting, "/v1/fileTypes"} {
			if r := e.getJSON(p, &rev); r.status != 401 || r.Code != "INVALID_CREDENTIALS" {
				t.Errorf("revoked key: GET %s: %d %s, want 401", p, r.status, r.raw)
			}
		}
		r = e.postJSON("/v1/archives/-/payslips/sendManualResult", &rev, map[string]any{"archiveId": waiting, "validFile": false})
		if r.status != 401 {
			t.Errorf("revoked key publishes: %d %s", r.status, r.raw)
		}
		if _, err := e.server.Auth().Basic(context.Background(), rev.key, rev.secret); !errors.Is(err, auth.ErrKeyRevoked) {
			t.Errorf("AuthenticateBasic of a revoked key: %v, want ErrKeyRevoked", err)
		}
		// A wrong secret for a revoked key says only that it is wrong.
		if _, err := e.server.Auth().Basic(context.Background(), rev.key, "sk_wrong"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("AuthenticateBasic of a revoked key with a wrong secret: %v, want ErrBadCredentials", err)
		}
		// Revoking again keeps the first time; the tenant's own key works.
		r = e.request(http.MethodDelete, "/v1/keys/"+keyID, &acme, "", nil)
		var again keyOut
		r.decode(t, &again)
		if r.status != 200 || again.RevokedAt == nil || *again.RevokedAt != *k.RevokedAt {
			t.Errorf("second revoke: %d %s", r.status, r.raw)
		}
		if got := e.predictionIDs(&acme); !slices.Equal(got, []string{waiting}) {
			t.Errorf("the tenant's own key lists %v", got)
		}
		// B's reviewer is untouched.
		if r := e.getJSON("/v1/archives/-/payslips/listPredictions", &bRev); r.status != 200 {
			t.Errorf("B's reviewer after A revoked its key: %d %s", r.status, r.raw)
		}
	})
}
