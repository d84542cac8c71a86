package app_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talaan/internal/app"
	"talaan/internal/app/apptest"
)

// A database path that holds something else is refused with the setting
// to fix, and nothing is left open.
func TestOpenNamesTheSettingToFix(t *testing.T) {
	dir := t.TempDir()
	cfg := apptest.Config(dir)
	if err := os.WriteFile(filepath.Join(dir, "talaan.db"), []byte("not a database, a payslip someone saved here"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(t.Context(), cfg, nil)
	if err == nil {
		a.Close()
		t.Fatal("opened a file that is not a database")
	}
	if !strings.HasPrefix(err.Error(), "TALAAN_DATABASE_URL: ") {
		t.Errorf("error %q does not name TALAAN_DATABASE_URL", err)
	}
}

// The wiring serves the API and the console on one handler, and workers
// need an engine.
func TestWebServesAPIAndConsole(t *testing.T) {
	svc := apptest.Start(t, apptest.Config(t.TempDir()), app.Options{}, false)
	for path, want := range map[string]int{"/healthz": 200, "/console/login": 200, "/v1/users": 401} {
		resp, err := http.Get(svc.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	if _, err := svc.Workers(app.Options{}); err == nil {
		t.Error("workers built without an engine")
	}
}
