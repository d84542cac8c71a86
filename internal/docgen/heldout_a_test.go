package docgen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func hoALayouts() []string {
	var out []string
	for _, l := range heldOutA() {
		out = append(out, l.Name)
	}
	return out
}

// TestHeldOutADump writes sample documents of every ho-a template to the
// directory named by HOA_DUMP, for looking at them.
func TestHeldOutADump(t *testing.T) {
	dir := os.Getenv("HOA_DUMP")
	if dir == "" {
		t.Skip("HOA_DUMP not set")
	}
	only := os.Getenv("HOA_ONLY")
	for _, l := range hoALayouts() {
		if only != "" && !strings.Contains(l, only) {
			continue
		}
		for seed := int64(1); seed <= 6; seed++ {
			d, err := NewFamily(seed, FamilyHeldOut).PayslipLayout(l, 1)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", l, seed))
			if err := os.WriteFile(f, d.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
			_ = context.Background()
		}
	}
}
