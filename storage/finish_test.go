package storage

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestFinishedArchive(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	started := Archive{ID: "arc-1", Status: StatusStarted, FileType: "PAYSLIP", Result: json.RawMessage(`{"old":1}`)}
	for _, tc := range []struct {
		name     string
		a        Archive
		f        Finish
		conflict bool
		want     Archive
	}{
		{
			name: "a STARTED archive takes the verdict, keeping its file type and result when the verdict has none",
			a:    started,
			f:    Finish{Status: StatusAnalyzed, Review: true, ErrorCode: "E", ErrorMessage: "M", Reason: "R", At: at},
			want: Archive{ID: "arc-1", Status: StatusAnalyzed, FileType: "PAYSLIP", Result: json.RawMessage(`{"old":1}`),
				ErrorCode: "E", ErrorMessage: "M", Reason: "R", Review: true, UpdatedAt: at},
		},
		{
			name: "the verdict's file type and result replace the archive's",
			a:    started,
			f:    Finish{Status: StatusAnalyzed, FileType: "BIR_2316", Result: json.RawMessage(`{}`), At: at},
			want: Archive{ID: "arc-1", Status: StatusAnalyzed, FileType: "BIR_2316", Result: json.RawMessage(`{}`), UpdatedAt: at},
		},
		{
			name:     "a finished archive is a conflict",
			a:        Archive{Status: StatusAnalyzed},
			f:        Finish{Status: StatusError},
			conflict: true,
		},
		{
			name:     "RequireReview on an archive not waiting for review is a conflict",
			a:        started,
			f:        Finish{Status: StatusAnalyzed, RequireReview: true},
			conflict: true,
		},
		{
			name: "RequireReview on an archive waiting for review applies",
			a:    Archive{Status: StatusStarted, Review: true},
			f:    Finish{Status: StatusAnalyzed, RequireReview: true, At: at},
			want: Archive{Status: StatusAnalyzed, UpdatedAt: at},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := FinishedArchive(tc.a, tc.f)
			if tc.conflict {
				if !errors.Is(err, ErrConflict) {
					t.Fatalf("err = %v, want ErrConflict", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(tc.want)
			if string(gj) != string(wj) {
				t.Errorf("got  %s\nwant %s", gj, wj)
			}
		})
	}
}

func TestIncomesOf(t *testing.T) {
	t.Parallel()
	created := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	at := created.Add(time.Hour)
	a := Archive{ID: "arc-1", TenantID: "ten", UserID: "usr", Source: SourceUpload, ProviderID: "user-provided", CreatedAt: created}
	given := []Income{
		{ID: "inc-1", TenantID: "other", ArchiveID: "other"},
		{ID: "inc-2", UserID: "usr-2", SourceType: SourceArchive, ProviderID: "p", CreatedAt: created, ItemCreatedAt: at},
	}
	got := IncomesOf(a, given, at)
	want := []Income{
		{ID: "inc-1", TenantID: "ten", ArchiveID: "arc-1", UserID: "usr", SourceType: SourceUpload, ProviderID: "user-provided",
			CreatedAt: at, ItemCreatedAt: created},
		{ID: "inc-2", TenantID: "ten", ArchiveID: "arc-1", UserID: "usr-2", SourceType: SourceArchive, ProviderID: "p",
			CreatedAt: created, ItemCreatedAt: at},
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("got  %s\nwant %s", gj, wj)
	}
	if given[0].TenantID != "other" {
		t.Error("IncomesOf changed its argument")
	}
}

func TestAuditOf(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	own := at.Add(-time.Minute)
	a := Archive{ID: "arc-1", TenantID: "ten"}
	got := AuditOf(a, []Audit{{ID: "aud-1"}, {ID: "aud-2", TenantID: "other", At: own}}, at)
	if len(got) != 2 ||
		got[0].TenantID != "ten" || got[0].ArchiveID != "arc-1" || !got[0].At.Equal(at) ||
		got[1].TenantID != "ten" || got[1].ArchiveID != "arc-1" || !got[1].At.Equal(own) {
		t.Errorf("AuditOf = %+v", got)
	}
}

func TestCheckRevoke(t *testing.T) {
	t.Parallel()
	for _, status := range []string{StatusStarted, StatusAnalyzed, StatusUnsupported, StatusError} {
		if err := CheckRevoke(Archive{Status: status}); err != nil {
			t.Errorf("CheckRevoke(%s) = %v, want nil", status, err)
		}
	}
	if err := CheckRevoke(Archive{Status: StatusRevoked}); !errors.Is(err, ErrConflict) {
		t.Errorf("CheckRevoke(REVOKED) = %v, want ErrConflict", err)
	}
}
