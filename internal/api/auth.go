package api

import (
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

// principal is who is calling: a tenant (with its API key), or one user
// of a tenant through a user token.
type principal struct {
	TenantID string
	UserID   string // set for user tokens only
	Actor    string // for the audit trail: "apikey:..." or "user:..."
}

func (p principal) isUser() bool { return p.UserID != "" }

var (
	errNoCredentials  = &apiError{http.StatusUnauthorized, codeBadCredentials, "Authentication is required: HTTP Basic with your API key and secret, or a user's Bearer token where allowed."}
	errBadCredentials = &apiError{http.StatusUnauthorized, codeBadCredentials, "The API key or secret is wrong."}
	errBadToken       = &apiError{http.StatusUnauthorized, codeBadToken, "The token is unknown or has expired; ask for a new one."}
	errTenantOnly     = &apiError{http.StatusForbidden, codeForbidden, "This endpoint needs the tenant's API key and secret; a user token cannot use it."}
	errUserOnly       = &apiError{http.StatusForbidden, codeForbidden, "This endpoint needs a user token (Authorization: Bearer ...); tenants upload with POST /v1/archives."}
)

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
	t, err := s.store.TenantByAPIKey(r.Context(), key)
	if errors.Is(err, storage.ErrNotFound) {
		subtle.ConstantTimeCompare(HashSecret(secret), make([]byte, 32)) // same work either way
		return principal{}, errBadCredentials
	}
	if err != nil {
		return principal{}, err
	}
	if subtle.ConstantTimeCompare(HashSecret(secret), t.SecretHash) != 1 {
		return principal{}, errBadCredentials
	}
	if kind == authUser {
		return principal{}, errUserOnly
	}
	return principal{TenantID: t.ID, Actor: "apikey:" + t.APIKey}, nil
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
	return principal{TenantID: tok.TenantID, UserID: tok.UserID, Actor: "user:" + tok.UserID}, nil
}
