package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"talaan/storage"

	"github.com/riverqueue/river"
)

// CreateTenant stores t; a duplicate id or API key is storage.ErrConflict.
func (s *Store) CreateTenant(ctx context.Context, t storage.Tenant) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO tenants (id, name, api_key, secret_hash, created_at)
		VALUES (?, ?, ?, ?, ?)`, t.ID, t.Name, t.APIKey, nonNil(t.SecretHash), micros(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("create tenant %s: %w", t.ID, conflict(err))
	}
	return nil
}

// TenantByAPIKey returns the tenant with the API key.
func (s *Store) TenantByAPIKey(ctx context.Context, apiKey string) (storage.Tenant, error) {
	var t storage.Tenant
	var created int64
	err := s.reads.QueryRowContext(ctx, `SELECT id, name, api_key, secret_hash, created_at
		FROM tenants WHERE api_key = ?`, apiKey).Scan(&t.ID, &t.Name, &t.APIKey, &t.SecretHash, &created)
	t.CreatedAt = fromMicros(created)
	return one(t, err, "tenant by api key")
}

// CreateUser stores the user, its first token and jobs in one transaction.
func (s *Store) CreateUser(ctx context.Context, u storage.User, tok storage.Token, jobs ...river.InsertManyParams) error {
	args, err := userArgs(u)
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.ID, err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, insertSQL("users", userColumns, 1), args...); err != nil {
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
	_, err := q.ExecContext(ctx, `INSERT INTO tokens (id, tenant_id, user_id, hash, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, tok.ID, tok.TenantID, tok.UserID, nonNil(tok.Hash), micros(tok.ExpiresAt), micros(tok.CreatedAt))
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
	return []any{u.ID, u.TenantID, meta, micros(u.CreatedAt)}, nil
}

func scanUser(sc scanner) (storage.User, error) {
	var u storage.User
	var meta string
	var created int64
	if err := sc.Scan(&u.ID, &u.TenantID, &meta, &created); err != nil {
		return storage.User{}, err
	}
	if err := json.Unmarshal([]byte(meta), &u.ExternalMetadata); err != nil {
		return storage.User{}, fmt.Errorf("user %s: decode metadata: %w", u.ID, err)
	}
	u.CreatedAt = fromMicros(created)
	return u, nil
}

// GetUser returns the tenant's user.
func (s *Store) GetUser(ctx context.Context, tenantID, id string) (storage.User, error) {
	u, err := scanUser(s.reads.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ? AND tenant_id = ?`, id, tenantID))
	return one(u, err, "get user "+id)
}

// ListUsers lists the tenant's users, newest first.
func (s *Store) ListUsers(ctx context.Context, tenantID string, p storage.Page) ([]storage.User, string, error) {
	var w where
	w.add("tenant_id = ?", tenantID)
	w.addConds(p.Conds()...)
	items, err := queryList(ctx, s.reads, `SELECT `+userColumns+` FROM users`+w.String()+` ORDER BY id DESC LIMIT ?`,
		append(w.args, p.Len()+1), scanUser)
	return storage.Paged(items, err, p, func(u storage.User) string { return u.ID }, "list users")
}

// CreateToken stores a token of an existing user.
func (s *Store) CreateToken(ctx context.Context, tok storage.Token) error {
	if err := insertToken(ctx, s.writer, tok); err != nil {
		return fmt.Errorf("create %w", err)
	}
	return nil
}

// TokenByHash returns the token with the hash, expired or not; the caller
// checks ExpiresAt.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (storage.Token, error) {
	var t storage.Token
	var expires, created int64
	err := s.reads.QueryRowContext(ctx, `SELECT id, tenant_id, user_id, hash, expires_at, created_at
		FROM tokens WHERE hash = ?`, nonNil(hash)).Scan(&t.ID, &t.TenantID, &t.UserID, &t.Hash, &expires, &created)
	t.ExpiresAt, t.CreatedAt = fromMicros(expires), fromMicros(created)
	return one(t, err, "token by hash")
}

// queryList runs a query and scans every row.
func queryList[T any](ctx context.Context, q querier, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return storage.CollectRows(rows, scan)
}
