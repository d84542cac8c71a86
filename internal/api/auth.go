package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"talaan/internal/auth"
	"talaan/storage"
)

type authKind int

const (
	authNone   authKind = iota
	authTenant          // HTTP Basic apikey:apisecret
	authUser            // Bearer user token
	authAny             // either
)

// principal is the handlers' name for who is calling.
type principal = auth.Principal

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

// allowed reports whether a key of the role may call the route.
func allowed(role string, rt route) error {
	switch role {
	case storage.RoleAdmin:
		return nil
	case storage.RoleReviewer:
		if rt.reviewer {
			return nil
		}
		return errReviewerOnly
	}
	return errNoRole
}

// authenticate says who calls route rt: credentials are checked before the
// route's kind, so a wrong or expired token is a 401 everywhere, never a
// 403 that suggests only the kind of credential is wrong.
func (s *Server) authenticate(r *http.Request, rt route) (principal, error) {
	if rt.auth == authNone {
		return principal{}, nil
	}
	h := r.Header.Get("Authorization")
	switch {
	case h == "":
		return principal{}, errNoCredentials
	case len(h) > 7 && strings.EqualFold(h[:7], "bearer "):
		p, err := s.auth.Token(r.Context(), strings.TrimSpace(h[7:]))
		if err != nil {
			return principal{}, authError(err)
		}
		if rt.auth == authTenant {
			return principal{}, errTenantOnly
		}
		return p, nil
	}
	key, secret, ok := r.BasicAuth()
	if !ok {
		return principal{}, errNoCredentials
	}
	p, err := s.auth.SignIn(r.Context(), auth.ClientAddr(r), key, secret)
	if err != nil {
		return principal{}, authError(err)
	}
	if err := allowed(p.Role, rt); err != nil {
		return principal{}, err
	}
	if rt.auth == authUser {
		return principal{}, errUserOnly
	}
	return p, nil
}

// authError is the answer to a refused credential; any other error (the
// store's) passes on as a 500.
func authError(err error) error {
	var te *auth.ThrottledError
	switch {
	case errors.Is(err, auth.ErrBadCredentials):
		return errBadCredentials
	case errors.Is(err, auth.ErrKeyRevoked):
		return errKeyRevoked
	case errors.Is(err, auth.ErrBadToken):
		return errBadToken
	case errors.As(err, &te):
		return tooMany(te.After, "Too many failed sign-ins with this API key or from this address; try again in %s seconds.", retryAfterHeader(te.After))
	}
	return fmt.Errorf("authenticate: %w", err)
}
