package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	t.Run("in version order, other files skipped", func(t *testing.T) {
		t.Parallel()
		fsys := fstest.MapFS{
			"m/0010_ten.sql":   file("ten"),
			"m/0002_two.sql":   file("two"),
			"m/README.md":      file("notes"),
			"m/0001_one.sql":   file("one"),
			"m/sub/0003_x.sql": file("nested"),
		}
		ms, err := LoadMigrations(fsys, "m")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprintf("%d %s %s", m.Version, m.Name, m.SQL))
		}
		want := "1 0001_one.sql one|2 0002_two.sql two|10 0010_ten.sql ten"
		if strings.Join(got, "|") != want {
			t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
		}
	})
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no number", fstest.MapFS{"m/init.sql": file("")}, "name is not NNNN_name.sql"},
		{"not a number", fstest.MapFS{"m/x1_init.sql": file("")}, "name is not NNNN_name.sql"},
		{"version zero", fstest.MapFS{"m/0000_init.sql": file("")}, "name is not NNNN_name.sql"},
		{"shared version", fstest.MapFS{"m/0001_a.sql": file(""), "m/01_b.sql": file("")}, "share version 1"},
		{"no folder", fstest.MapFS{}, "read migrations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadMigrations(tc.fsys, "m")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// fakeVersions is a version table in memory; a transaction's changes are
// kept only when it commits.
type fakeVersions struct {
	applied map[int]bool
	ran     []string
	failOn  string
}

type fakeMigrationTx struct {
	v       *fakeVersions
	applied []int
	ran     []string
}

func (tx *fakeMigrationTx) Applied(_ context.Context, version int) (bool, error) {
	return tx.v.applied[version], nil
}

func (tx *fakeMigrationTx) Exec(_ context.Context, sql string) error {
	if sql == tx.v.failOn {
		return errors.New("syntax error")
	}
	tx.ran = append(tx.ran, sql)
	return nil
}

func (tx *fakeMigrationTx) Record(_ context.Context, m Migration) error {
	tx.applied = append(tx.applied, m.Version)
	return nil
}

func (v *fakeVersions) inTx(_ context.Context, fn func(MigrationTx) error) error {
	tx := &fakeMigrationTx{v: v}
	if err := fn(tx); err != nil {
		return err
	}
	for _, n := range tx.applied {
		v.applied[n] = true
	}
	v.ran = append(v.ran, tx.ran...)
	return nil
}

func TestApplyMigrations(t *testing.T) {
	t.Parallel()
	ms := []Migration{{1, "0001_a.sql", "a"}, {2, "0002_b.sql", "b"}, {3, "0003_c.sql", "c"}}
	t.Run("applies the pending ones in order, once", func(t *testing.T) {
		t.Parallel()
		v := &fakeVersions{applied: map[int]bool{1: true}}
		for range 2 {
			if err := ApplyMigrations(t.Context(), ms, v.inTx); err != nil {
				t.Fatal(err)
			}
		}
		if got := strings.Join(v.ran, ","); got != "b,c" {
			t.Errorf("ran %q, want b,c", got)
		}
	})
	t.Run("stops at a failing migration, which is not recorded", func(t *testing.T) {
		t.Parallel()
		v := &fakeVersions{applied: map[int]bool{}, failOn: "b"}
		err := ApplyMigrations(t.Context(), ms, v.inTx)
		if err == nil || !strings.Contains(err.Error(), "migrate 0002_b.sql: syntax error") {
			t.Errorf("err = %v, want migrate 0002_b.sql: syntax error", err)
		}
		if got := strings.Join(v.ran, ","); got != "a" || v.applied[2] || v.applied[3] {
			t.Errorf("ran %q, applied %v; want only a", got, v.applied)
		}
	})
}
