package api

import (
	"net/http"
	"time"

	"talaan/internal/auth"
	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/storage"
)

type userJSON struct {
	ID               string            `json:"id"`
	ExternalMetadata map[string]string `json:"externalMetadata"`
	CreatedAt        string            `json:"createdAt"`
	Providers        []string          `json:"providers"`
}

type tokenJSON struct {
	ID          string `json:"id"`
	ExpiresAt   string `json:"expiresAt"`
	Mode        string `json:"mode"`
	AccessToken string `json:"accessToken"`
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func userView(u storage.User) userJSON {
	md := u.ExternalMetadata
	if md == nil {
		md = map[string]string{}
	}
	return userJSON{ID: u.ID, ExternalMetadata: md, CreatedAt: ts(u.CreatedAt), Providers: []string{}}
}

type createUserRequest struct {
	ExternalMetadata map[string]string `json:"externalMetadata" validate:"omitempty,max=5,dive,keys,max=50,printascii,endkeys,max=500,printascii"`
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p principal) error {
	var req createUserRequest
	if r.ContentLength != 0 {
		if err := s.decodeJSON(w, r, 64<<10, &req); err != nil {
			return err
		}
	}
	now := s.now()
	u := storage.User{ID: ids.NewAt(ids.User, now), TenantID: p.TenantID, ExternalMetadata: req.ExternalMetadata, CreatedAt: now}
	tok, secret := s.newToken(p.TenantID, u.ID, now)
	if err := s.archives.CreateUser(r.Context(), u, tok); err != nil {
		return err
	}
	s.ok(w, r, http.StatusCreated, map[string]any{"user": userView(u), "token": tokenView(tok, secret)})
	return nil
}

func (s *Server) newToken(tenantID, userID string, now time.Time) (storage.Token, string) {
	secret := "utk_" + ids.Secret(32)
	return storage.Token{ID: ids.NewAt(ids.Token, now), TenantID: tenantID, UserID: userID,
		Hash: auth.HashSecret(secret), ExpiresAt: now.Add(s.cfg.TokenTTL), CreatedAt: now}, secret
}

func tokenView(t storage.Token, secret string) tokenJSON {
	return tokenJSON{ID: t.ID, ExpiresAt: ts(t.ExpiresAt), Mode: "PRODUCTION", AccessToken: secret}
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, p principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	users, next, err := s.store.ListUsers(r.Context(), p.TenantID, pg)
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = userView(u)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, p principal) error {
	u, err := s.store.GetUser(r.Context(), p.TenantID, r.PathValue("id"))
	if err != nil {
		return problem.OrNotFound(err, "user", r.PathValue("id"))
	}
	s.ok(w, r, http.StatusOK, userView(u))
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p principal) error {
	userID := r.URL.Query().Get("userId")
	if userID == "" {
		return problem.Invalidf("userId: is required (query parameter).")
	}
	if _, err := s.store.GetUser(r.Context(), p.TenantID, userID); err != nil {
		return problem.OrNotFound(err, "user", userID)
	}
	tok, secret := s.newToken(p.TenantID, userID, s.now())
	if err := s.store.CreateToken(r.Context(), tok); err != nil {
		return err
	}
	s.ok(w, r, http.StatusCreated, tokenView(tok, secret))
	return nil
}

type fileTypeJSON struct {
	LogoURL   string   `json:"logoUrl"`
	Type      string   `json:"type"`
	TypeLabel string   `json:"typeLabel"`
	Active    bool     `json:"active"`
	Enabled   bool     `json:"enabled"`
	OCR       bool     `json:"ocr"`
	Supported []string `json:"supported"`
}

// fileTypes are the document types talaan reads.
var fileTypes = []fileTypeJSON{
	{Type: "PAYSLIP", TypeLabel: "Payslips", Active: true, Enabled: true, OCR: true, Supported: []string{"INCOMES"}},
	{Type: "TAX_DOCUMENT", TypeLabel: "Tax records (BIR 2316, W-2, 1099-NEC)", Active: true, Enabled: true, OCR: true, Supported: []string{"INCOMES"}},
}

func validFileType(t string) bool {
	for _, ft := range fileTypes {
		if ft.Type == t {
			return true
		}
	}
	return false
}

func (s *Server) listFileTypes(w http.ResponseWriter, r *http.Request, _ principal) error {
	if _, err := page(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var out []fileTypeJSON
	for _, ft := range fileTypes {
		if t := q.Get("type"); t != "" && t != ft.Type {
			continue
		}
		if b := q.Get("active"); b != "" && b != "true" {
			continue
		}
		if b := q.Get("enabled"); b != "" && b != "true" {
			continue
		}
		if b := q.Get("ocr"); b != "" && b != "true" {
			continue
		}
		ft.LogoURL = s.cfg.PublicURL + "/v1/fileTypes#" + ft.Type
		out = append(out, ft)
	}
	s.ok(w, r, http.StatusOK, newList(out, ""))
	return nil
}
