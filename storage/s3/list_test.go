package s3

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// S3 keeps an object's time to the second (MinIO to the millisecond), and
// it cannot be set: the old objects are written, then the cutoff taken,
// then the young ones, a little over a second apart.
func TestListBlobs(t *testing.T) {
	for _, prefix := range []string{"", "talaan/"} {
		t.Run("store prefix "+prefix, func(t *testing.T) {
			f := newFixture(t, Options{Prefix: prefix})
			s, ctx := f.store, context.Background()
			put := func(keys ...string) {
				for _, k := range keys {
					if _, err := s.Put(ctx, k, strings.NewReader(k)); err != nil {
						t.Fatal(err)
					}
				}
			}
			put("t/a/f-1", "t/b/f-2", "other/f-3", checkDir+"/probe-left-by-a-crash")
			time.Sleep(1100 * time.Millisecond)
			cutoff := time.Now()
			time.Sleep(1100 * time.Millisecond)
			put("t/a/f-young")

			for _, tc := range []struct {
				name   string
				prefix string
				want   []string
			}{
				{"everything old, never a probe object", "", []string{"other/f-3", "t/a/f-1", "t/b/f-2"}},
				{"under a prefix", "t/", []string{"t/a/f-1", "t/b/f-2"}},
				{"a prefix with nothing under it", "t/nobody/", nil},
			} {
				t.Run(tc.name, func(t *testing.T) {
					var got []string
					err := s.ListBlobs(ctx, tc.prefix, cutoff, func(key string, mod time.Time) error {
						got = append(got, key)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					slices.Sort(got)
					if !slices.Equal(got, tc.want) {
						t.Errorf("listed %q, want %q", got, tc.want)
					}
				})
			}

			t.Run("fn may delete what it is given", func(t *testing.T) {
				err := s.ListBlobs(ctx, "t/", cutoff, func(key string, _ time.Time) error { return s.Delete(ctx, key) })
				if err != nil {
					t.Fatal(err)
				}
				want := []string{prefix + checkDir + "/probe-left-by-a-crash", prefix + "other/f-3", prefix + "t/a/f-young"}
				if got := objects(t, f.bucket); !slices.Equal(got, want) {
					t.Errorf("bucket holds %q, want %q", got, want)
				}
			})
		})
	}
}
