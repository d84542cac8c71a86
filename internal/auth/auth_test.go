package auth_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"talaan/internal/auth"
	"talaan/storage"
	"talaan/storage/sqlite"
)

func newStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return st
}

// A key that failed its limit is refused, even with the right secret,
// until the window ends; another address is counted apart.
func TestSignInThrottlesAKeyUntilTheWindowEnds(t *testing.T) {
	ctx := t.Context()
	st := newStore(t)
	now := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	tn := storage.Tenant{ID: "ten_1", Name: "Acme", APIKey: "ak_1", SecretHash: auth.HashSecret("sk_right"), CreatedAt: now}
	if err := st.CreateTenant(ctx, tn); err != nil {
		t.Fatal(err)
	}
	a := auth.New(st, auth.Limits{FailuresPerKey: 3, FailuresPerAddr: 100, Window: time.Minute}, nil, func() time.Time { return now })
	for i := range 3 {
		if _, err := a.SignIn(ctx, "10.0.0.1", "ak_1", "sk_wrong"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("wrong secret %d: %v, want ErrBadCredentials", i+1, err)
		}
	}
	var te *auth.ThrottledError
	if _, err := a.SignIn(ctx, "10.0.0.2", "ak_1", "sk_right"); !errors.As(err, &te) || te.After != time.Minute {
		t.Fatalf("right secret after 3 failures: %v, want a ThrottledError of a minute", err)
	}
	now = now.Add(time.Minute)
	p, err := a.SignIn(ctx, "10.0.0.2", "ak_1", "sk_right")
	if err != nil || p.TenantID != "ten_1" || p.Role != storage.RoleAdmin || p.Actor != "apikey:ak_1" {
		t.Fatalf("after the window: %+v, %v", p, err)
	}
}

func TestTokenExpires(t *testing.T) {
	ctx := t.Context()
	st := newStore(t)
	now := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	if err := st.CreateTenant(ctx, storage.Tenant{ID: "ten_1", Name: "Acme", APIKey: "ak_1", SecretHash: auth.HashSecret("s"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, storage.User{ID: "usr_1", TenantID: "ten_1", CreatedAt: now}, storage.Token{ID: "tok_1", TenantID: "ten_1",
		UserID: "usr_1", Hash: auth.HashSecret("tk_1"), ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	a := auth.New(st, auth.Limits{}, nil, func() time.Time { return now })
	p, err := a.Token(ctx, "tk_1")
	if err != nil || !p.IsUser() || p.UserID != "usr_1" || p.Role != auth.RoleUser {
		t.Fatalf("live token: %+v, %v", p, err)
	}
	if _, err := a.Token(ctx, "tk_2"); !errors.Is(err, auth.ErrBadToken) {
		t.Fatalf("unknown token: %v", err)
	}
	now = now.Add(time.Hour)
	if _, err := a.Token(ctx, "tk_1"); !errors.Is(err, auth.ErrBadToken) {
		t.Fatalf("expired token: %v", err)
	}
}
