package api

import (
	"net/http"
	"strings"
	"time"

	"talaan/internal/auth"
	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/storage"
)

// API keys: a tenant's additional credentials with a role. Only an admin
// (the tenant's own key, or an admin API key) may manage them; the API
// creates reviewer keys (`talaan tenant key create` also makes admin ones).

type createKeyRequest struct {
	Role string `json:"role" validate:"required,oneof=reviewer"`
	Name string `json:"name" validate:"max=200"`
}

type apiKeyJSON struct {
	ID        string  `json:"id"`
	Key       string  `json:"key"`
	Secret    string  `json:"secret,omitempty"` // in the create reply only
	Role      string  `json:"role"`
	Name      string  `json:"name"`
	CreatedAt string  `json:"createdAt"`
	RevokedAt *string `json:"revokedAt"`
}

func apiKeyView(k storage.APIKey) apiKeyJSON {
	v := apiKeyJSON{ID: k.ID, Key: k.Key, Role: k.Role, Name: k.Name, CreatedAt: ts(k.CreatedAt)}
	if k.RevokedAt != nil {
		v.RevokedAt = strp(ts(*k.RevokedAt))
	}
	return v
}

// NewAPIKey makes a key of the tenant with the role, and its secret (shown
// once; the key keeps only its hash). The caller stores it with
// storage.Store.CreateAPIKey.
func NewAPIKey(tenantID, role, name string, now time.Time) (storage.APIKey, string) {
	secret := "sk_" + ids.Secret(32)
	return storage.APIKey{ID: ids.NewAt(ids.APIKey, now), TenantID: tenantID, Key: "ak_" + ids.Secret(12),
		SecretHash: auth.HashSecret(secret), Role: role, Name: name, CreatedAt: now}, secret
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request, p principal) error {
	var req createKeyRequest
	if err := s.decodeJSON(w, r, 16<<10, &req); err != nil {
		return err
	}
	k, secret := NewAPIKey(p.TenantID, req.Role, strings.TrimSpace(req.Name), s.now())
	if err := s.store.CreateAPIKey(r.Context(), k); err != nil {
		return err
	}
	v := apiKeyView(k)
	v.Secret = secret
	s.ok(w, r, http.StatusCreated, v)
	return nil
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, p principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListAPIKeys(r.Context(), p.TenantID, pg)
	if err != nil {
		return err
	}
	out := make([]apiKeyJSON, len(items))
	for i, k := range items {
		out[i] = apiKeyView(k)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	if err := s.store.RevokeAPIKey(r.Context(), p.TenantID, id, s.now()); err != nil {
		return problem.OrNotFound(err, "key", id)
	}
	k, err := s.store.GetAPIKey(r.Context(), p.TenantID, id)
	if err != nil {
		return problem.OrNotFound(err, "key", id)
	}
	s.ok(w, r, http.StatusOK, apiKeyView(k))
	return nil
}
