package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"talaan/storage"
)

const webhookColumns = `id, tenant_id, name, url, secret, event_types, active, include_payload, created_at, updated_at`

func scanWebhook(sc scanner) (storage.Webhook, error) {
	var w storage.Webhook
	var types []byte
	err := sc.Scan(&w.ID, &w.TenantID, &w.Name, &w.URL, &w.Secret, &types, &w.Active, &w.IncludePayload, &w.CreatedAt, &w.UpdatedAt)
	if err != nil {
		return storage.Webhook{}, err
	}
	if err := json.Unmarshal(types, &w.EventTypes); err != nil {
		return storage.Webhook{}, fmt.Errorf("webhook %s: decode event types: %w", w.ID, err)
	}
	utcTimes(&w.CreatedAt, &w.UpdatedAt)
	return w, nil
}

// CreateWebhook stores w.
func (s *Store) CreateWebhook(ctx context.Context, w storage.Webhook) error {
	types := w.EventTypes
	if types == nil {
		types = []string{} // an array, so that WebhooksFor's ?| applies
	}
	typesJSON, err := marshalText(types)
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.ID, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO webhooks (`+webhookColumns+`) VALUES (`+placeholders(10)+`)`,
		w.ID, w.TenantID, w.Name, w.URL, w.Secret, typesJSON, w.Active, w.IncludePayload, w.CreatedAt, w.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.ID, conflict(err))
	}
	return nil
}

// GetWebhook returns the tenant's webhook.
func (s *Store) GetWebhook(ctx context.Context, tenantID, id string) (storage.Webhook, error) {
	w, err := scanWebhook(s.pool.QueryRow(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	return one(w, err, "get webhook "+id)
}

// ListWebhooks lists the tenant's webhooks, newest first.
func (s *Store) ListWebhooks(ctx context.Context, tenantID string, p storage.Page) ([]storage.Webhook, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.pool, `SELECT `+webhookColumns+` FROM webhooks`+w.String()+` ORDER BY id DESC`+limit(p),
		w.args, scanWebhook)
	return storage.Paged(items, err, p, func(w storage.Webhook) string { return w.ID }, "list webhooks")
}

// DeleteWebhook deletes the tenant's webhook; its attempts stay.
func (s *Store) DeleteWebhook(ctx context.Context, tenantID, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM webhooks WHERE id = $1 AND tenant_id = $2`, id, tenantID)
	return storage.Affected(tag.RowsAffected(), err, "delete webhook "+id)
}

// webhooksForQuery is WebhooksFor's query, apart so a test can explain it.
// ?| is true when the array holds one of the strings.
const webhooksForQuery = `SELECT ` + webhookColumns + ` FROM webhooks
	WHERE tenant_id = $1 AND active AND event_types ?| ARRAY[$2::text, 'ALL_EVENTS']
	ORDER BY id`

// WebhooksFor lists the tenant's active webhooks subscribed to eventType or
// to ALL_EVENTS, oldest first.
func (s *Store) WebhooksFor(ctx context.Context, tenantID, eventType string) ([]storage.Webhook, error) {
	items, err := queryList(ctx, s.pool, webhooksForQuery, []any{tenantID, eventType}, scanWebhook)
	if err != nil {
		return nil, fmt.Errorf("webhooks for %s: %w", eventType, err)
	}
	return items, nil
}

// AddWebhookAttempt logs one delivery attempt.
func (s *Store) AddWebhookAttempt(ctx context.Context, a storage.WebhookAttempt) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO webhook_attempts (id, tenant_id, webhook_id, event_id, event_type,
		attempt, status_code, error, duration_ms, at) VALUES (`+placeholders(10)+`)`,
		a.ID, a.TenantID, a.WebhookID, a.EventID, a.EventType, a.Attempt, a.StatusCode, a.Error, a.DurationMS, a.At)
	if err != nil {
		return fmt.Errorf("add webhook attempt %s: %w", a.ID, conflict(err))
	}
	return nil
}

// ListWebhookAttempts lists the attempts of the tenant's webhook, newest
// first. The attempts of a deleted webhook are still listed; another
// tenant's are not.
func (s *Store) ListWebhookAttempts(ctx context.Context, tenantID, webhookID string, p storage.Page) ([]storage.WebhookAttempt, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.add("webhook_id = ?", webhookID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.pool, `SELECT id, tenant_id, webhook_id, event_id, event_type, attempt, status_code,
		error, duration_ms, at FROM webhook_attempts`+w.String()+` ORDER BY id DESC`+limit(p), w.args, scanAttempt)
	return storage.Paged(items, err, p, func(a storage.WebhookAttempt) string { return a.ID }, "list webhook attempts")
}

func scanAttempt(sc scanner) (storage.WebhookAttempt, error) {
	var a storage.WebhookAttempt
	err := sc.Scan(&a.ID, &a.TenantID, &a.WebhookID, &a.EventID, &a.EventType, &a.Attempt, &a.StatusCode,
		&a.Error, &a.DurationMS, &a.At)
	if err != nil {
		return storage.WebhookAttempt{}, err
	}
	a.At = a.At.UTC()
	return a, nil
}
