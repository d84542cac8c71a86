package postgres

import (
	"context"
	"fmt"
	"time"

	"talaan/storage"
)

const apiKeyColumns = `id, tenant_id, api_key, secret_hash, role, name, created_at, revoked_at`

func scanAPIKey(sc scanner) (storage.APIKey, error) {
	var k storage.APIKey
	var revoked *time.Time
	if err := sc.Scan(&k.ID, &k.TenantID, &k.Key, &k.SecretHash, &k.Role, &k.Name, &k.CreatedAt, &revoked); err != nil {
		return storage.APIKey{}, err
	}
	k.CreatedAt, k.RevokedAt = k.CreatedAt.UTC(), utcPtr(revoked)
	return k, nil
}

// CreateAPIKey stores k; a duplicate id or key is storage.ErrConflict, an
// unknown tenant storage.ErrNotFound.
func (s *Store) CreateAPIKey(ctx context.Context, k storage.APIKey) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`) VALUES (`+placeholders(8)+`)`,
		k.ID, k.TenantID, k.Key, nonNil(k.SecretHash), k.Role, k.Name, k.CreatedAt, ptrTime(k.RevokedAt))
	if err := insertErr(err, "tenant "+k.TenantID); err != nil {
		return fmt.Errorf("create api key %s: %w", k.ID, err)
	}
	return nil
}

// APIKeyByKey returns the key, revoked or not.
func (s *Store) APIKeyByKey(ctx context.Context, key string) (storage.APIKey, error) {
	k, err := scanAPIKey(s.pool.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE api_key = $1`, key))
	return one(k, err, "api key by key")
}

// GetAPIKey returns the tenant's key.
func (s *Store) GetAPIKey(ctx context.Context, tenantID, id string) (storage.APIKey, error) {
	k, err := scanAPIKey(s.pool.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	return one(k, err, "get api key "+id)
}

// ListAPIKeys lists the tenant's keys, revoked ones included, newest first.
func (s *Store) ListAPIKeys(ctx context.Context, tenantID string, p storage.Page) ([]storage.APIKey, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.pool, `SELECT `+apiKeyColumns+` FROM api_keys`+w.String()+` ORDER BY id DESC`+limit(p),
		w.args, scanAPIKey)
	return storage.Paged(items, err, p, func(k storage.APIKey) string { return k.ID }, "list api keys")
}

// RevokeAPIKey marks the tenant's key revoked; a key revoked before keeps
// its first time.
func (s *Store) RevokeAPIKey(ctx context.Context, tenantID, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 AND tenant_id = $3`,
		at, id, tenantID)
	return storage.Affected(tag.RowsAffected(), err, "revoke api key "+id)
}
