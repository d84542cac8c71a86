package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

type keyCreds struct {
	KeyID     string `json:"keyId"`
	APIKey    string `json:"apiKey"`
	APISecret string `json:"apiSecret"`
	Role      string `json:"role"`
	TenantID  string `json:"tenantId"`
}

// tenantKey runs `talaan tenant key create` on the data dir with args.
func tenantKey(t *testing.T, dataDir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(talaanBin, append([]string{"tenant", "key", "create"}, args...)...)
	cmd.Env = append(os.Environ(), "TALAAN_DATA_DIR="+dataDir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run talaan: %v", err)
	}
	return out.String(), errb.String(), code
}

// doubtfulPayslipPDF is a text payslip whose net pay does not add up, so
// it waits in review.
func doubtfulPayslipPDF(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	y := 20.0
	for _, l := range [][2]string{
		{"KALAYAAN TRADING CORP.", ""}, {"PAYSLIP", ""}, {"Employee: Juan Dela Cruz", ""},
		{"Pay Period: November 1-15, 2026", ""}, {"Pay Date: November 15, 2026", ""},
		{"Basic Pay", "10,000.00"}, {"Overtime", "2,000.00"}, {"Gross Pay", "12,000.00"},
		{"SSS", "500.00"}, {"PhilHealth", "250.00"}, {"Pag-IBIG", "100.00"}, {"Withholding Tax", "650.00"},
		{"Total Deductions", "1,500.00"}, {"Net Pay", "9,000.00"},
	} {
		p.Text(20, y, l[0])
		if l[1] != "" {
			p.Text(120, y, l[1])
		}
		y += 8
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTenantKeyCreate(t *testing.T) {
	dataDir := t.TempDir()
	tenant := createTenant(t, dataDir)

	// Refusals name what is wrong and print nothing.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tenant", "tn-00000000000000000000000000000000", "--role", "reviewer"}, `no tenant "tn-00000000000000000000000000000000"`},
		{[]string{"--tenant", tenant.TenantID, "--role", "owner"}, `--role "owner" is not a role`},
		{[]string{"--role", "reviewer"}, "--tenant is required"},
	} {
		stdout, stderr, code := tenantKey(t, dataDir, tc.args...)
		if code == 0 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("tenant key create %v: exit %d, stdout %q, stderr %q; want a failure saying %q", tc.args, code, stdout, stderr, tc.want)
		}
	}

	stdout, stderr, code := tenantKey(t, dataDir, "--tenant", tenant.TenantID, "--role", "reviewer", "--name", "Maria (ops)")
	if code != 0 {
		t.Fatalf("tenant key create: exit %d: %s", code, stderr)
	}
	var fields map[string]string
	var key keyCreds
	if err := json.Unmarshal([]byte(stdout), &fields); err != nil || json.Unmarshal([]byte(stdout), &key) != nil {
		t.Fatalf("tenant key create printed %q", stdout)
	}
	if len(fields) != 5 || key.KeyID == "" || key.APIKey == "" || key.APISecret == "" || key.Role != "reviewer" ||
		key.TenantID != tenant.TenantID {
		t.Fatalf("tenant key create printed %q", stdout)
	}
	reviewer := tenantCreds{TenantID: key.TenantID, APIKey: key.APIKey, APISecret: key.APISecret}

	s := serve(t, dataDir, freeAddr(t), "TALAAN_WORKERS=1")
	id := upload(t, s, tenant, "slip.pdf", doubtfulPayslipPDF(t))

	// The reviewer key lists the tenant's review queue.
	deadline := time.Now().Add(60 * time.Second)
	for {
		code, env := s.do(reviewer, http.MethodGet, "/v1/archives/-/payslips/listPredictions", "", nil)
		if code != 200 {
			t.Fatalf("reviewer key: listPredictions: %d %v", code, env)
		}
		items, _ := env["data"].(map[string]any)["items"].([]any)
		if len(items) == 1 && items[0].(map[string]any)["archiveId"] == id {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the payslip is not in the review queue after 60 s: %v", env)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, env := s.do(reviewer, http.MethodGet, "/v1/archives/"+id, "", nil); code != 200 {
		t.Errorf("reviewer key: GET the archive: %d %v", code, env)
	}

	// and nothing else.
	for _, c := range []struct{ method, path, ctype, body string }{
		{http.MethodGet, "/v1/incomes", "", ""},
		{http.MethodPost, "/v1/archives", "application/json", `{"rawFiles": []}`},
		{http.MethodPost, "/v1/keys", "application/json", `{"role": "reviewer"}`},
	} {
		code, env := s.do(reviewer, c.method, c.path, c.ctype, strings.NewReader(c.body))
		if code != 403 || env["code"] != "UNAUTHORIZED_ACCESS" {
			t.Errorf("reviewer key: %s %s: %d %v, want 403 UNAUTHORIZED_ACCESS", c.method, c.path, code, env)
		}
	}
	// The tenant's own key still does everything.
	if code, env := s.do(tenant, http.MethodGet, "/v1/incomes", "", nil); code != 200 {
		t.Errorf("tenant key: GET /v1/incomes: %d %v", code, env)
	}
	// A key made while the server runs works at once; an admin key acts as
	// the tenant.
	stdout, stderr, code = tenantKey(t, dataDir, "--tenant="+tenant.TenantID, "--role=admin")
	if code != 0 || json.Unmarshal([]byte(stdout), &key) != nil || key.Role != "admin" {
		t.Fatalf("tenant key create --role=admin: exit %d %q %s", code, stdout, stderr)
	}
	admin := tenantCreds{TenantID: key.TenantID, APIKey: key.APIKey, APISecret: key.APISecret}
	if code, env := s.do(admin, http.MethodGet, "/v1/incomes", "", nil); code != 200 {
		t.Errorf("admin key: GET /v1/incomes: %d %v", code, env)
	}
	if code, env := s.do(admin, http.MethodGet, "/v1/keys", "", nil); code != 200 || len(env["data"].(map[string]any)["items"].([]any)) != 2 {
		t.Errorf("admin key: GET /v1/keys: %d %v", code, env)
	}
}
