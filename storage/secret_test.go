package storage

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestSecretOnce(t *testing.T) {
	t.Parallel()
	noRows := errors.New("no rows")
	// table is a settings table of one name; won is another process's
	// value stored between read and create.
	type table struct {
		v         []byte
		won       []byte
		readErr   error
		generated int
	}
	run := func(tb *table) ([]byte, error) {
		read := func(context.Context) ([]byte, error) {
			if tb.readErr != nil {
				return nil, tb.readErr
			}
			if tb.v == nil {
				return nil, fmt.Errorf("scan: %w", noRows)
			}
			return tb.v, nil
		}
		create := func(_ context.Context, fresh []byte) ([]byte, error) {
			if tb.won != nil {
				tb.v = tb.won
			}
			if tb.v == nil {
				tb.v = fresh
			}
			return tb.v, nil
		}
		gen := func() []byte { tb.generated++; return []byte("fresh") }
		return SecretOnce(t.Context(), "s", gen, noRows, read, create)
	}
	for _, tc := range []struct {
		name      string
		tb        table
		want      string
		generated int
	}{
		{"a stored secret is returned as is", table{v: []byte("old")}, "old", 0},
		{"the first call creates the secret", table{}, "fresh", 1},
		{"a race's winner is returned", table{won: []byte("theirs")}, "theirs", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := run(&tc.tb)
			if err != nil || string(got) != tc.want || tc.tb.generated != tc.generated {
				t.Errorf("got %q, %v after %d gen calls; want %q after %d", got, err, tc.tb.generated, tc.want, tc.generated)
			}
		})
	}
	broken := errors.New("disk I/O error")
	if _, err := run(&table{readErr: broken}); !errors.Is(err, broken) || err.Error() != "secret s: disk I/O error" {
		t.Errorf("a failed read: %v, want secret s: disk I/O error", err)
	}
}
