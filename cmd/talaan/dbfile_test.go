package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A 0-byte talaan.db (a failed copy, a restore that did not happen) must
// stop talaan with a message naming the setting and the file, and stay as
// it is: taking it for a new database would start the service with no
// tenants and write over the evidence.
func TestMigrateRefusesAnEmptyDatabaseFile(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	db := filepath.Join(dataDir, "talaan.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	mtime := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(db, mtime, mtime); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(talaanBin, "migrate")
	cmd.Env = append(os.Environ(), "TALAAN_DATA_DIR="+dataDir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("talaan migrate on an empty talaan.db succeeded:\n%s", out)
	}
	want := "TALAAN_DATABASE_URL: " + db + " is not a SQLite database (0 bytes); move it away or restore it"
	if !strings.Contains(string(out), want) {
		t.Errorf("output\n%s\nwant it to contain\n%s", out, want)
	}
	fi, err := os.Stat(db)
	if err != nil || fi.Size() != 0 || !fi.ModTime().Equal(mtime) {
		t.Errorf("talaan.db was changed: %v", err)
	}
	for _, sib := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(db + sib); err == nil {
			t.Errorf("talaan.db%s was created", sib)
		}
	}
}
