// Package auth says who is calling: a tenant through one of its keys (HTTP
// Basic on the API, the review console's sign-in form) or one user of a
// tenant through a user token. It keeps the failure limits that hold across
// every way in that takes a key and secret.
package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"talaan/storage"
)

// Principal is who is calling: a tenant through one of its keys (its own
// key, role admin, or an API key with a role), or one user of a tenant
// through a user token (role user).
type Principal struct {
	TenantID string
	UserID   string // set for user tokens only
	// Actor names the caller in the audit trail: "apikey:KEY" for a key
	// (the tenant's own or an API key), "user:ID" for a user token.
	Actor string
	// Role is storage.RoleAdmin or storage.RoleReviewer for a key, RoleUser
	// for a user token.
	Role string
	// KeyID and KeyName name the key in the review trail: an API key's id
	// and name, or the tenant's id and name for the tenant's own key.
	KeyID   string
	KeyName string
}

// RoleUser is the Role of a Principal authenticated with a user token.
const RoleUser = "user"

// IsUser reports whether p is a user's token rather than a tenant's key.
func (p Principal) IsUser() bool { return p.UserID != "" }

// The refusals of Basic, SignIn and Token. Any other error is the store's.
var (
	ErrBadCredentials = errors.New("the API key or secret is wrong")
	ErrKeyRevoked     = errors.New("the API key was revoked")
	ErrBadToken       = errors.New("the token is unknown or has expired")
)

// ThrottledError refuses a sign-in of a key or an address that failed too
// often; it may be tried again After.
type ThrottledError struct {
	After time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-ins; retry after %s", e.After)
}

// HashSecret is how API secrets and tokens are stored: they are long random
// strings, so one SHA-256 is enough and keeps every request cheap.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Limits are the sign-in failure limits: how many wrong sign-ins an API key,
// and a client address, may have in Window before every sign-in of it is
// refused until the window ends (defaults 10, 30 and a minute).
type Limits struct {
	FailuresPerKey  int
	FailuresPerAddr int
	Window          time.Duration
}

// Authenticator checks credentials against the store. It is safe for
// concurrent use; one per process, so that the limits hold across the API
// and the console.
type Authenticator struct {
	store    storage.Store
	log      *slog.Logger
	now      func() time.Time
	throttle *throttle
}

// New builds an Authenticator; now may be nil (the clock).
func New(st storage.Store, lim Limits, log *slog.Logger, now func() time.Time) *Authenticator {
	if lim.FailuresPerKey <= 0 {
		lim.FailuresPerKey = 10
	}
	if lim.FailuresPerAddr <= 0 {
		lim.FailuresPerAddr = 30
	}
	if lim.Window <= 0 {
		lim.Window = time.Minute
	}
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Authenticator{store: st, log: log, now: now,
		throttle: newThrottle(lim.FailuresPerKey, lim.FailuresPerAddr, lim.Window, now)}
}

// Basic checks a key and secret: the tenant's own key (role admin) or, when
// no tenant has the key, an API key that is not revoked (its role). A wrong
// key or secret is ErrBadCredentials, a revoked key ErrKeyRevoked. The
// secret is compared in constant time, and an unknown key costs the same
// hashing as a known one. Basic keeps no count of failures: SignIn does.
func (a *Authenticator) Basic(ctx context.Context, key, secret string) (Principal, error) {
	hash := HashSecret(secret)
	if key == "" || len(key) > 200 {
		subtle.ConstantTimeCompare(hash, make([]byte, 32))
		return Principal{}, ErrBadCredentials
	}
	t, err := a.store.TenantByAPIKey(ctx, key)
	if err == nil {
		if subtle.ConstantTimeCompare(hash, t.SecretHash) != 1 {
			return Principal{}, ErrBadCredentials
		}
		return Principal{TenantID: t.ID, Actor: "apikey:" + t.APIKey, Role: storage.RoleAdmin, KeyID: t.ID, KeyName: t.Name}, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return Principal{}, fmt.Errorf("tenant by key: %w", err)
	}
	k, err := a.store.APIKeyByKey(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		subtle.ConstantTimeCompare(hash, make([]byte, 32)) // same work either way
		return Principal{}, ErrBadCredentials
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api key: %w", err)
	}
	if subtle.ConstantTimeCompare(hash, k.SecretHash) != 1 {
		return Principal{}, ErrBadCredentials
	}
	if k.RevokedAt != nil {
		return Principal{}, ErrKeyRevoked
	}
	return Principal{TenantID: k.TenantID, Actor: "apikey:" + k.Key, Role: k.Role, KeyID: k.ID, KeyName: k.Name}, nil
}

// SignIn is Basic behind the failure limits, for every way in that takes a
// key and secret from a client at addr (ClientAddr), so that one count per
// key and per address holds across them: the attempt is reserved first, a
// wrong key or secret is logged at warn with the key (never the secret) and
// counted, and a throttled key or address is refused with a
// *ThrottledError before its secret is looked at.
func (a *Authenticator) SignIn(ctx context.Context, addr, key, secret string) (Principal, error) {
	shown := logKey(key)
	att, retry, err := a.throttle.reserve(ctx, shownKey(key), addr)
	if err != nil {
		return Principal{}, err
	}
	if att == nil {
		a.log.Debug("basic auth refused: throttled", "api_key", shown, "addr", addr)
		return Principal{}, &ThrottledError{After: retry}
	}
	p, err := a.Basic(ctx, key, secret)
	failed := errors.Is(err, ErrBadCredentials)
	throttled := att.done(failed)
	if failed {
		a.log.Warn("basic auth failed", "api_key", shown, "addr", addr)
	}
	if throttled {
		a.log.Warn("basic auth throttled", "api_key", shown, "addr", addr, "window", a.throttle.window.String())
	}
	return p, err
}

// Token checks a user's Bearer token: unknown or expired is ErrBadToken.
func (a *Authenticator) Token(ctx context.Context, token string) (Principal, error) {
	if token == "" || len(token) > 200 {
		return Principal{}, ErrBadToken
	}
	tok, err := a.store.TokenByHash(ctx, HashSecret(token))
	if errors.Is(err, storage.ErrNotFound) {
		return Principal{}, ErrBadToken
	}
	if err != nil {
		return Principal{}, fmt.Errorf("token: %w", err)
	}
	if !a.now().Before(tok.ExpiresAt) {
		return Principal{}, ErrBadToken
	}
	return Principal{TenantID: tok.TenantID, UserID: tok.UserID, Actor: "user:" + tok.UserID, Role: RoleUser}, nil
}

// shownKey bounds what the throttle keeps of a key: real keys are short.
func shownKey(key string) string {
	if len(key) > 200 {
		key = key[:200]
	}
	return key
}

// logKey is the key as the log shows it: valid UTF-8 and at most 64
// bytes, cut between characters. Keys are identifiers, not secrets.
func logKey(key string) string {
	key = strings.ToValidUTF8(key, "?")
	if len(key) <= 64 {
		return key
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(key[cut]) {
		cut--
	}
	return key[:cut] + "..."
}
