package api

import (
	"net/http"

	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/internal/webhook"
	"talaan/storage"
)

type createWebhookRequest struct {
	Name           string   `json:"name" validate:"required,min=1,max=200"`
	URL            string   `json:"url" validate:"required,min=1,max=500"`
	EventTypes     []string `json:"eventTypes" validate:"required,min=1,max=20"`
	Active         *bool    `json:"active" validate:"required"`
	IncludePayload bool     `json:"includePayload"`
	Secret         string   `json:"secret" validate:"required,min=1,max=64"`
}

type webhookJSON struct {
	ID             string   `json:"id"`
	CreatedAt      string   `json:"createdAt"`
	Name           string   `json:"name"`
	URL            string   `json:"url"`
	Secret         string   `json:"secret"`
	EventTypes     []string `json:"eventTypes"`
	Active         bool     `json:"active"`
	IncludePayload bool     `json:"includePayload"`
	UpdatedAt      string   `json:"updatedAt"`
}

func webhookView(h storage.Webhook) webhookJSON {
	return webhookJSON{ID: h.ID, CreatedAt: ts(h.CreatedAt), Name: h.Name, URL: h.URL, Secret: h.Secret,
		EventTypes: h.EventTypes, Active: h.Active, IncludePayload: h.IncludePayload, UpdatedAt: ts(h.UpdatedAt)}
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, p principal) error {
	var req createWebhookRequest
	if err := s.decodeJSON(w, r, 64<<10, &req); err != nil {
		return err
	}
	if err := webhook.ValidateURL(req.URL, s.cfg.AllowLoopbackWebhooks); err != nil {
		return problem.Invalidf("url: %s.", err)
	}
	for i, et := range req.EventTypes {
		if !webhook.Subscribable(et) {
			return problem.Invalidf("eventTypes[%d]: %q is not one of Smile's webhook event types (RefWebhookEventType) nor talaan's UPLOAD_STARTED, UPLOAD_ANALYZED, UPLOAD_FAILED, UPLOAD_REVOKED.", i, et)
		}
	}
	now := s.now()
	h := storage.Webhook{ID: ids.NewAt(ids.Webhook, now), TenantID: p.TenantID, Name: req.Name, URL: req.URL,
		Secret: req.Secret, EventTypes: req.EventTypes, Active: *req.Active, IncludePayload: req.IncludePayload,
		CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateWebhook(r.Context(), h); err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, webhookView(h))
	return nil
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, p principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListWebhooks(r.Context(), p.TenantID, pg)
	if err != nil {
		return err
	}
	out := make([]webhookJSON, len(items))
	for i, h := range items {
		out[i] = webhookView(h)
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request, p principal) error {
	h, err := s.store.GetWebhook(r.Context(), p.TenantID, r.PathValue("id"))
	if err != nil {
		return problem.OrNotFound(err, "webhook", r.PathValue("id"))
	}
	s.ok(w, r, http.StatusOK, webhookView(h))
	return nil
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request, p principal) error {
	h, err := s.store.GetWebhook(r.Context(), p.TenantID, r.PathValue("id"))
	if err != nil {
		return problem.OrNotFound(err, "webhook", r.PathValue("id"))
	}
	if err := s.store.DeleteWebhook(r.Context(), p.TenantID, h.ID); err != nil {
		return problem.OrNotFound(err, "webhook", h.ID)
	}
	s.ok(w, r, http.StatusOK, webhookView(h))
	return nil
}

type attemptJSON struct {
	ID         string  `json:"id"`
	WebhookID  string  `json:"webhookId"`
	EventID    string  `json:"eventId"`
	EventType  string  `json:"eventType"`
	Attempt    int     `json:"attempt"`
	StatusCode int     `json:"statusCode"`
	Error      *string `json:"error"`
	DurationMS int64   `json:"durationMs"`
	At         string  `json:"at"`
}

func (s *Server) listAttempts(w http.ResponseWriter, r *http.Request, p principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.store.GetWebhook(r.Context(), p.TenantID, id); err != nil {
		return problem.OrNotFound(err, "webhook", id)
	}
	items, next, err := s.store.ListWebhookAttempts(r.Context(), p.TenantID, id, pg)
	if err != nil {
		return err
	}
	out := make([]attemptJSON, len(items))
	for i, a := range items {
		out[i] = attemptJSON{ID: a.ID, WebhookID: a.WebhookID, EventID: a.EventID, EventType: a.EventType, Attempt: a.Attempt,
			StatusCode: a.StatusCode, Error: strp(webhook.PublicError(a.Error)), DurationMS: a.DurationMS, At: ts(a.At)}
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}
