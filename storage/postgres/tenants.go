package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"talaan/storage"
)

// CreateTenant stores t; a duplicate id or API key is storage.ErrConflict.
func (s *Store) CreateTenant(ctx context.Context, t storage.Tenant) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO tenants (id, name, api_key, secret_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`, t.ID, t.Name, t.APIKey, nonNil(t.SecretHash), t.CreatedAt)
	if err != nil {
		return fmt.Errorf("create tenant %s: %w", t.ID, conflict(err))
	}
	return nil
}

// TenantByAPIKey returns the tenant with the API key.
func (s *Store) TenantByAPIKey(ctx context.Context, apiKey string) (storage.Tenant, error) {
	var t storage.Tenant
	err := s.pool.QueryRow(ctx, `SELECT id, name, api_key, secret_hash, created_at
		FROM tenants WHERE api_key = $1`, apiKey).Scan(&t.ID, &t.Name, &t.APIKey, &t.SecretHash, &t.CreatedAt)
	t.CreatedAt = t.CreatedAt.UTC()
	return one(t, err, "tenant by api key")
}

// CreateUser stores the user, its first token and jobs in one transaction.
func (s *Store) CreateUser(ctx context.Context, u storage.User, tok storage.Token, jobs ...river.InsertManyParams) error {
	args, err := userArgs(u)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.ID, err)
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4)`, args...); err != nil {
			return conflict(err)
		}
		if err := insertToken(ctx, tx, tok); err != nil {
			return err
		}
		return storage.InsertJobs(ctx, s.inserter, tx, jobs)
	})
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.ID, err)
	}
	return nil
}

func insertToken(ctx context.Context, q querier, tok storage.Token) error {
	_, err := q.Exec(ctx, `INSERT INTO tokens (id, tenant_id, user_id, hash, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, tok.ID, tok.TenantID, tok.UserID, nonNil(tok.Hash), tok.ExpiresAt, tok.CreatedAt)
	if err := insertErr(err, "user "+tok.UserID); err != nil {
		return fmt.Errorf("token %s: %w", tok.ID, err)
	}
	return nil
}

const userColumns = `id, tenant_id, external_metadata, created_at`

// userArgs are the values of userColumns.
func userArgs(u storage.User) ([]any, error) {
	meta, err := marshalText(u.ExternalMetadata)
	if err != nil {
		return nil, err
	}
	return []any{u.ID, u.TenantID, meta, u.CreatedAt}, nil
}

func scanUser(sc scanner) (storage.User, error) {
	var u storage.User
	var meta []byte
	if err := sc.Scan(&u.ID, &u.TenantID, &meta, &u.CreatedAt); err != nil {
		return storage.User{}, err
	}
	if err := json.Unmarshal(meta, &u.ExternalMetadata); err != nil {
		return storage.User{}, fmt.Errorf("user %s: decode metadata: %w", u.ID, err)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, nil
}

// GetUser returns the tenant's user.
func (s *Store) GetUser(ctx context.Context, tenantID, id string) (storage.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	return one(u, err, "get user "+id)
}

// ListUsers lists the tenant's users, newest first.
func (s *Store) ListUsers(ctx context.Context, tenantID string, p storage.Page) ([]storage.User, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.pool, `SELECT `+userColumns+` FROM users`+w.String()+` ORDER BY id DESC`+limit(p),
		w.args, scanUser)
	return storage.Paged(items, err, p, func(u storage.User) string { return u.ID }, "list users")
}

// CreateToken stores a token of an existing user; ErrNotFound when the user
// does not exist.
func (s *Store) CreateToken(ctx context.Context, tok storage.Token) error {
	if err := insertToken(ctx, s.pool, tok); err != nil {
		return fmt.Errorf("create %w", err)
	}
	return nil
}

// TokenByHash returns the token with the hash, expired or not; the caller
// checks ExpiresAt.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (storage.Token, error) {
	var t storage.Token
	err := s.pool.QueryRow(ctx, `SELECT id, tenant_id, user_id, hash, expires_at, created_at
		FROM tokens WHERE hash = $1`, nonNil(hash)).Scan(&t.ID, &t.TenantID, &t.UserID, &t.Hash, &t.ExpiresAt, &t.CreatedAt)
	t.ExpiresAt, t.CreatedAt = t.ExpiresAt.UTC(), t.CreatedAt.UTC()
	return one(t, err, "token by hash")
}

// utcTimes converts times read from the database to UTC in place.
func utcTimes(ts ...*time.Time) {
	for _, t := range ts {
		*t = t.UTC()
	}
}
