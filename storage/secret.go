package storage

import (
	"context"
	"errors"
	"fmt"
)

// SecretOnce is Store.Secret's rule: return the named secret, creating it
// with gen the first time, so that every process of one deployment shares
// it. read returns the stored value, or an error that is noRows (the
// driver's) when there is none. create stores fresh unless a value is
// already stored (another process won the race) and returns the value
// stored then, the winner's. gen's nil is stored as an empty value.
func SecretOnce(ctx context.Context, name string, gen func() []byte, noRows error,
	read func(ctx context.Context) ([]byte, error), create func(ctx context.Context, fresh []byte) ([]byte, error),
) ([]byte, error) {
	v, err := read(ctx)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, noRows) {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	fresh := gen()
	if fresh == nil {
		fresh = []byte{}
	}
	v, err = create(ctx, fresh)
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return v, nil
}
