package archive

import (
	"path/filepath"
	"testing"
	"time"

	"talaan/extract"
	"talaan/storage"
	"talaan/storage/sqlite"
)

// A payslip that arrives again, in another archive or twice in one, goes
// to a person naming what it repeats; another payslip of the same employer
// and period with another net pay is published as usual.
func TestHoldRepeats(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	if err := st.CreateTenant(ctx, storage.Tenant{ID: "ten-1", Name: "Acme", APIKey: "ak", SecretHash: []byte("h"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateUser(ctx, storage.User{ID: "usr-1", TenantID: "ten-1", CreatedAt: now},
		storage.Token{ID: "tok-1", TenantID: "ten-1", UserID: "usr-1", Hash: []byte("t"), ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	slipOf := func(employer string, net float64) extract.Income {
		in := slip("2026-11-01", "PHP")
		end := "2026-11-15"
		in.EndDate, in.Employer, in.NetAmount = &end, &employer, &net
		return in
	}
	first := storage.Archive{ID: "a-1", TenantID: "ten-1", UserID: "usr-1", Source: storage.SourceArchive, Status: storage.StatusStarted, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateArchive(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	f, err := Decide(first, []FileResult{out(extract.StatusAnalyzed, extract.KindPayslip, "", slipOf("Kalayaan Tool Works Corp.", 14102.30))}, now)
	if err != nil || st.FinishArchive(ctx, f, nil) != nil || len(f.Incomes) != 1 {
		t.Fatalf("first archive: %v, %d incomes", err, len(f.Incomes))
	}

	second := storage.Archive{ID: "a-2", TenantID: "ten-1", UserID: "usr-1", Source: storage.SourceUpload, Status: storage.StatusStarted, CreatedAt: now, UpdatedAt: now}
	files := []FileResult{
		out(extract.StatusAnalyzed, extract.KindPayslip, "", slipOf("KALAYAAN  Tool Works Corp.", 14102.30)), // the same slip again
		out(extract.StatusAnalyzed, extract.KindPayslip, "", slipOf("Kalayaan Tool Works Corp.", 9500.00)),   // another slip
		out(extract.StatusAnalyzed, extract.KindPayslip, "", slipOf("Kalayaan Tool Works Corp.", 9500.00)),   // that one twice
	}
	if err := HoldRepeats(ctx, st, second, files); err != nil {
		t.Fatal(err)
	}
	wantHeld := []bool{true, false, true}
	for i, fr := range files {
		held := fr.Output.Status == extract.StatusReview
		if held != wantHeld[i] {
			t.Errorf("file %d: status %s, want held %v", i, fr.Output.Status, wantHeld[i])
			continue
		}
		if held {
			d := fr.Output.Records[0].Doubts
			if len(d) != 1 || d[0].Kind != extract.DoubtRepeat || d[0].Detail == "" {
				t.Errorf("file %d: doubts %v, want one repeat naming what it repeats", i, d)
			}
		}
	}
	if d := files[0].Output.Records[0].Doubts[0].Detail; d != "the same employer, pay period and net pay as income "+f.Incomes[0].ID+" of archive a-1" {
		t.Errorf("doubt %q", d)
	}
}
