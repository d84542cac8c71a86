package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"talaan/storage"
)

type authKind int

const (
	authNone   authKind = iota
	authTenant          // HTTP Basic apikey:apisecret
	authUser            // Bearer user token
	authAny             // either
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

// principal is the handlers' name for it.
type principal = Principal

func (p principal) isUser() bool { return p.UserID != "" }

var (
	errNoCredentials  = &apiError{http.StatusUnauthorized, codeBadCredentials, "Authentication is required: HTTP Basic with your API key and secret, or a user's Bearer token where allowed."}
	errBadCredentials = &apiError{http.StatusUnauthorized, codeBadCredentials, "The API key or secret is wrong."}
	errBadToken       = &apiError{http.StatusUnauthorized, codeBadToken, "The token is unknown or has expired; ask for a new one."}
	errTenantOnly     = &apiError{http.StatusForbidden, codeForbidden, "This endpoint needs the tenant's API key and secret; a user token cannot use it."}
	errUserOnly       = &apiError{http.StatusForbidden, codeForbidden, "This endpoint needs a user token (Authorization: Bearer ...); tenants upload with POST /v1/archives."}
	errKeyRevoked     = &apiError{http.StatusUnauthorized, codeBadCredentials, "This API key was revoked; ask the tenant for a new one."}
	errReviewerOnly   = &apiError{http.StatusForbidden, codeForbidden, "This key is a reviewer key: it can only work the review queue."}
	errNoRole         = &apiError{http.StatusForbidden, codeForbidden, "This key has no role that allows this endpoint."}
)

// Errors of AuthenticateBasic, for callers outside the HTTP API (the review
// console): a wrong key or secret, and a revoked API key.
var (
	ErrBadCredentials error = errBadCredentials
	ErrKeyRevoked     error = errKeyRevoked
)

// reviewerPatterns are the routes a reviewer key may call: the review queue,
// the archive under review (its file links) and its audit trail, and the
// file types.
var reviewerPatterns = map[string]bool{
	"GET /v1/archives/-/payslips/listPredictions":   true,
	"GET /v1/archives/-/payslips/queryPrediction":   true,
	"POST /v1/archives/-/payslips/sendManualResult": true,
	"GET /v1/archives/{id}/audit":                   true,
	"GET /v1/archives/{id}":                         true,
	"GET /v1/fileTypes":                             true,
}

// allowed reports whether a key of the role may call the route pattern.
func allowed(role, pattern string) error {
	switch role {
	case storage.RoleAdmin:
		return nil
	case storage.RoleReviewer:
		if reviewerPatterns[pattern] {
			return nil
		}
		return errReviewerOnly
	}
	return errNoRole
}

// HashSecret is how API secrets and tokens are stored: they are long random
// strings, so one SHA-256 is enough and keeps every request cheap.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func (s *Server) authenticate(r *http.Request, kind authKind) (principal, error) {
	if kind == authNone {
		return principal{}, nil
	}
	h := r.Header.Get("Authorization")
	switch {
	case h == "":
		return principal{}, errNoCredentials
	case len(h) > 7 && strings.EqualFold(h[:7], "bearer "):
		// Credentials are checked before the endpoint's kind: a wrong or
		// expired token is a 401 everywhere, never a 403 that suggests
		// only the kind of credential is wrong.
		p, err := s.userPrincipal(r, strings.TrimSpace(h[7:]))
		if err == nil && kind == authTenant {
			return principal{}, errTenantOnly
		}
		return p, err
	}
	key, secret, ok := r.BasicAuth()
	if !ok {
		return principal{}, errNoCredentials
	}
	p, err := s.SignIn(r, key, secret)
	if err != nil {
		return principal{}, err
	}
	// r.Pattern is the route's pattern, set by the ServeMux.
	if err := allowed(p.Role, r.Pattern); err != nil {
		return principal{}, err
	}
	if kind == authUser {
		return principal{}, errUserOnly
	}
	return p, nil
}

// AuthenticateBasic checks a key and secret: the tenant's own key (role
// admin) or, when no tenant has the key, an API key that is not revoked
// (its role). A wrong key or secret is ErrBadCredentials, a revoked key
// ErrKeyRevoked; any other error is the store's. The secret is compared in
// constant time, and an unknown key costs the same hashing as a known one.
func (s *Server) AuthenticateBasic(ctx context.Context, key, secret string) (Principal, error) {
	hash := HashSecret(secret)
	if key == "" || len(key) > 200 {
		subtle.ConstantTimeCompare(hash, make([]byte, 32))
		return Principal{}, errBadCredentials
	}
	t, err := s.store.TenantByAPIKey(ctx, key)
	if err == nil {
		if subtle.ConstantTimeCompare(hash, t.SecretHash) != 1 {
			return Principal{}, errBadCredentials
		}
		return Principal{TenantID: t.ID, Actor: "apikey:" + t.APIKey, Role: storage.RoleAdmin, KeyID: t.ID, KeyName: t.Name}, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return Principal{}, err
	}
	k, err := s.store.APIKeyByKey(ctx, key)
	if errors.Is(err, storage.ErrNotFound) {
		subtle.ConstantTimeCompare(hash, make([]byte, 32)) // same work either way
		return Principal{}, errBadCredentials
	}
	if err != nil {
		return Principal{}, err
	}
	if subtle.ConstantTimeCompare(hash, k.SecretHash) != 1 {
		return Principal{}, errBadCredentials
	}
	if k.RevokedAt != nil {
		return Principal{}, errKeyRevoked
	}
	return Principal{TenantID: k.TenantID, Actor: "apikey:" + k.Key, Role: k.Role, KeyID: k.ID, KeyName: k.Name}, nil
}

func (s *Server) userPrincipal(r *http.Request, token string) (principal, error) {
	if token == "" || len(token) > 200 {
		return principal{}, errBadToken
	}
	tok, err := s.store.TokenByHash(r.Context(), HashSecret(token))
	if errors.Is(err, storage.ErrNotFound) {
		return principal{}, errBadToken
	}
	if err != nil {
		return principal{}, err
	}
	if !s.now().Before(tok.ExpiresAt) {
		return principal{}, errBadToken
	}
	return principal{TenantID: tok.TenantID, UserID: tok.UserID, Actor: "user:" + tok.UserID, Role: RoleUser}, nil
}
