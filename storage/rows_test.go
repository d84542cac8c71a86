package storage

import (
	"errors"
	"fmt"
	"testing"
)

func TestOne(t *testing.T) {
	t.Parallel()
	noRows := errors.New("no rows in result set")
	if v, err := One(7, nil, noRows, "get x 1"); v != 7 || err != nil {
		t.Errorf("found: %v, %v; want 7, nil", v, err)
	}
	v, err := One(7, fmt.Errorf("scan: %w", noRows), noRows, "get x 1")
	if v != 0 || !errors.Is(err, ErrNotFound) || err.Error() != "get x 1: not found" {
		t.Errorf("no row: %v, %v; want 0, get x 1: not found", v, err)
	}
	broken := errors.New("connection reset")
	v, err = One(7, broken, noRows, "get x 1")
	if v != 0 || !errors.Is(err, broken) || errors.Is(err, ErrNotFound) || err.Error() != "get x 1: connection reset" {
		t.Errorf("failed read: %v, %v; want 0, get x 1: connection reset", v, err)
	}
}

// fakeRows yields ints, then err.
type fakeRows struct {
	vals []int
	i    int
	err  error
}

func (r *fakeRows) Next() bool { r.i++; return r.i <= len(r.vals) }
func (r *fakeRows) Err() error { return r.err }
func (r *fakeRows) Scan(dest ...any) error {
	*(dest[0].(*int)) = r.vals[r.i-1]
	return nil
}

func scanInt(sc Scanner) (int, error) {
	var v int
	err := sc.Scan(&v)
	return v, err
}

func TestCollectRows(t *testing.T) {
	t.Parallel()
	got, err := CollectRows(&fakeRows{vals: []int{3, 2, 1}}, scanInt)
	if err != nil || fmt.Sprint(got) != "[3 2 1]" {
		t.Errorf("got %v, %v; want [3 2 1], nil", got, err)
	}
	broken := errors.New("broken")
	if got, err := CollectRows(&fakeRows{vals: []int{1}, err: broken}, scanInt); !errors.Is(err, broken) || got != nil {
		t.Errorf("a result that fails: %v, %v; want nil, broken", got, err)
	}
	bad := func(Scanner) (int, error) { return 0, broken }
	if got, err := CollectRows(&fakeRows{vals: []int{1}}, bad); !errors.Is(err, broken) || got != nil {
		t.Errorf("a row that does not scan: %v, %v; want nil, broken", got, err)
	}
}

func TestInsertError(t *testing.T) {
	t.Parallel()
	driver := errors.New("UNIQUE constraint failed: tenants.id")
	for _, tc := range []struct {
		name                     string
		err                      error
		duplicate, missingParent bool
		is                       error
		want                     string
	}{
		{"no error", nil, false, false, nil, ""},
		{"a duplicate key is a conflict", driver, true, false, ErrConflict, "conflict: UNIQUE constraint failed: tenants.id"},
		{"a missing parent row is not found", driver, false, true, ErrNotFound, "tenant ten: not found"},
		{"another error is kept", driver, false, false, driver, "UNIQUE constraint failed: tenants.id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := InsertError(tc.err, tc.duplicate, tc.missingParent, "tenant ten")
			if tc.want == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.is) || err.Error() != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAffected(t *testing.T) {
	t.Parallel()
	if err := Affected(1, nil, "revoke x 1"); err != nil {
		t.Errorf("one row: %v, want nil", err)
	}
	if err := Affected(0, nil, "revoke x 1"); !errors.Is(err, ErrNotFound) || err.Error() != "revoke x 1: not found" {
		t.Errorf("no row: %v, want revoke x 1: not found", err)
	}
	broken := errors.New("database is locked")
	if err := Affected(0, broken, "revoke x 1"); !errors.Is(err, broken) || err.Error() != "revoke x 1: database is locked" {
		t.Errorf("a failed statement: %v, want revoke x 1: database is locked", err)
	}
}
