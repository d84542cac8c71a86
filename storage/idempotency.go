package storage

import (
	"context"
	"fmt"
	"time"
)

// IdempotencyTTL is how long a key keeps the answer of its first request:
// a retry within it gets that answer again, and after it the key is free.
const IdempotencyTTL = 24 * time.Hour

// Idempotency is one Idempotency-Key of a client: reserved while its first
// request runs (Status 0), then holding that request's answer until
// ExpiresAt. A key belongs to its TenantID and Owner ("" for the tenant's
// API keys, the user's id for a user token).
type Idempotency struct {
	TenantID string
	Owner    string
	Key      string
	// RequestID is the request that reserved the key; only it completes or
	// releases the reservation.
	RequestID string
	// Fingerprint is the SHA-256 of the first request (method, path and
	// body), set when it completes.
	Fingerprint []byte
	// Status and Body are the first request's answer; Status is 0 while
	// the request is in flight.
	Status int
	Body   []byte
	// LockedUntil ends an in-flight reservation whose request never
	// completes (its process died): after it the key may be reserved again.
	LockedUntil time.Time
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// InFlight reports whether the key's first request has not answered yet.
func (k Idempotency) InFlight() bool { return k.Status == 0 }

// Holds reports whether the stored key still belongs to its request at now:
// an answer until it expires, a reservation until its lock runs out.
func (k Idempotency) Holds(now time.Time) bool {
	if k.InFlight() {
		return now.Before(k.LockedUntil) && now.Before(k.ExpiresAt)
	}
	return now.Before(k.ExpiresAt)
}

// ReserveOnce is Store.ReserveIdempotency's rule, run by the store in one
// transaction: insert stores want unless its key exists (false then); read
// returns the stored key, locked for the rest of the transaction; replace
// overwrites it with want. A stored key that still holds at
// want.CreatedAt is returned with false; one that no longer holds (expired,
// or a reservation whose lock ran out) is taken over.
func ReserveOnce(ctx context.Context, want Idempotency,
	insert func(ctx context.Context) (bool, error),
	read func(ctx context.Context) (Idempotency, error),
	replace func(ctx context.Context) error,
) (Idempotency, bool, error) {
	inserted, err := insert(ctx)
	if err != nil {
		return Idempotency{}, false, fmt.Errorf("insert: %w", err)
	}
	if inserted {
		return want, true, nil
	}
	held, err := read(ctx)
	if err != nil {
		return Idempotency{}, false, fmt.Errorf("read: %w", err)
	}
	if held.Holds(want.CreatedAt) {
		return held, false, nil
	}
	if err := replace(ctx); err != nil {
		return Idempotency{}, false, fmt.Errorf("take over: %w", err)
	}
	return want, true, nil
}
