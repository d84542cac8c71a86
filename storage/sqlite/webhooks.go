package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"talaan/storage"
)

const webhookColumns = `id, tenant_id, name, url, secret, event_types, active, include_payload, created_at, updated_at`

func scanWebhook(sc scanner) (storage.Webhook, error) {
	var w storage.Webhook
	var types string
	var created, updated int64
	err := sc.Scan(&w.ID, &w.TenantID, &w.Name, &w.URL, &w.Secret, &types, &w.Active, &w.IncludePayload, &created, &updated)
	if err != nil {
		return storage.Webhook{}, err
	}
	if err := json.Unmarshal([]byte(types), &w.EventTypes); err != nil {
		return storage.Webhook{}, fmt.Errorf("webhook %s: decode event types: %w", w.ID, err)
	}
	w.CreatedAt, w.UpdatedAt = fromMicros(created), fromMicros(updated)
	return w, nil
}

// CreateWebhook stores w.
func (s *Store) CreateWebhook(ctx context.Context, w storage.Webhook) error {
	types, err := marshalText(w.EventTypes)
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.ID, err)
	}
	_, err = s.writer.ExecContext(ctx, `INSERT INTO webhooks (`+webhookColumns+`) VALUES (`+placeholders(10)+`)`,
		w.ID, w.TenantID, w.Name, w.URL, w.Secret, types, w.Active, w.IncludePayload, micros(w.CreatedAt), micros(w.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.ID, conflict(err))
	}
	return nil
}

// GetWebhook returns the tenant's webhook.
func (s *Store) GetWebhook(ctx context.Context, tenantID, id string) (storage.Webhook, error) {
	w, err := scanWebhook(s.reads.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = ? AND tenant_id = ?`, id, tenantID))
	return one(w, err, "get webhook "+id)
}

// ListWebhooks lists the tenant's webhooks, newest first.
func (s *Store) ListWebhooks(ctx context.Context, tenantID string, p storage.Page) ([]storage.Webhook, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.reads, `SELECT `+webhookColumns+` FROM webhooks`+w.String()+` ORDER BY id DESC LIMIT ?`,
		append(w.args, p.Len()+1), scanWebhook)
	return storage.Paged(items, err, p, func(w storage.Webhook) string { return w.ID }, "list webhooks")
}

// DeleteWebhook deletes the tenant's webhook; its attempts stay.
func (s *Store) DeleteWebhook(ctx context.Context, tenantID, id string) error {
	res, err := s.writer.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ? AND tenant_id = ?`, id, tenantID)
	return affected(res, err, "delete webhook "+id)
}

// WebhooksFor lists the tenant's active webhooks subscribed to eventType or
// to ALL_EVENTS, oldest first.
func (s *Store) WebhooksFor(ctx context.Context, tenantID, eventType string) ([]storage.Webhook, error) {
	items, err := queryList(ctx, s.reads, `SELECT `+webhookColumns+` FROM webhooks
		WHERE tenant_id = ? AND active = 1
		AND EXISTS (SELECT 1 FROM json_each(webhooks.event_types) AS e WHERE e.value IN (?, 'ALL_EVENTS'))
		ORDER BY id`, []any{tenantID, eventType}, scanWebhook)
	if err != nil {
		return nil, fmt.Errorf("webhooks for %s: %w", eventType, err)
	}
	return items, nil
}

// AddWebhookAttempt logs one delivery attempt.
func (s *Store) AddWebhookAttempt(ctx context.Context, a storage.WebhookAttempt) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO webhook_attempts (id, tenant_id, webhook_id, event_id, event_type,
		attempt, status_code, error, duration_ms, at) VALUES (`+placeholders(10)+`)`,
		a.ID, a.TenantID, a.WebhookID, a.EventID, a.EventType, a.Attempt, a.StatusCode, a.Error, a.DurationMS, micros(a.At))
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
	items, err := queryList(ctx, s.reads, `SELECT id, tenant_id, webhook_id, event_id, event_type, attempt, status_code,
		error, duration_ms, at FROM webhook_attempts`+w.String()+` ORDER BY id DESC LIMIT ?`,
		append(w.args, p.Len()+1), scanAttempt)
	return storage.Paged(items, err, p, func(a storage.WebhookAttempt) string { return a.ID }, "list webhook attempts")
}

func scanAttempt(sc scanner) (storage.WebhookAttempt, error) {
	var a storage.WebhookAttempt
	var at int64
	err := sc.Scan(&a.ID, &a.TenantID, &a.WebhookID, &a.EventID, &a.EventType, &a.Attempt, &a.StatusCode,
		&a.Error, &a.DurationMS, &at)
	if err != nil {
		return storage.WebhookAttempt{}, err
	}
	a.At = fromMicros(at)
	return a, nil
}
