package extract

import (
	"strings"
	"testing"

	"talaan/ocr"
)

// slipUnder is a small payslip under a letterhead, so a test can vary the
// letterhead and nothing else.
func slipUnder(head string) string {
	return strings.Trim(head, "\n") + `
PAYSLIP
Pay Period: June 1-15, 2025
Basic Salary              10,000.00
Gross Pay                 10,000.00
SSS                          500.00
PhilHealth                   250.00
Pag-IBIG                     200.00
Total Deductions             950.00
Net Pay                    9,050.00
`
}

func TestFindEmployerLetterheads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, head, want string
		published        bool
	}{
		{"state header over the agency's name", "Republic of the Philippines\nDepartment of Education\nSan Isidro National High School",
			"San Isidro National High School", true},
		{"a municipality as employer", "Republic of the Philippines\nProvince of Rizal\nMUNICIPALITY OF PILILLA", "MUNICIPALITY OF PILILLA", true},
		{"a commission over the state university it runs", "Republic of the Philippines\nCommission on Higher Education\nBICOL STATE UNIVERSITY",
			"BICOL STATE UNIVERSITY", true},
		{"a bureau over a regional office's hospital", "Republic of the Philippines\nBureau of Corrections\nNew Bilibid Prison Hospital",
			"New Bilibid Prison Hospital", true},
		{"a department with no name under it is doubted", "Republic of the Philippines\nDepartment of Agriculture",
			"Department of Agriculture", false},
		{"a schools division under its department", "Republic of the Philippines\nDepartment of Education\nSchools Division of Cebu Province",
			"Schools Division of Cebu Province", true},
		{"a region under a department is no unit", "Republic of the Philippines\nDepartment of Education\nRegion VII",
			"Department of Education", false},
		{"software caption above the company", "Payroll System\nKalinaw Garments Corp.", "Kalinaw Garments Corp.", true},
		{"powered-by line above the company", "Powered by Frappe HR\nBaybay Cooperative", "Baybay Cooperative", true},
		{"form caption above the company", "(Last Name, First Name, Middle Name)\nTala Foundation", "Tala Foundation", true},
		{"OCR debris before an upper-case name", "(3) SAMPAGUITA TRADING CORPORATION", "SAMPAGUITA TRADING CORPORATION", true},
		{"a bullet after the name", "Liwayway Bakery Inc. |", "Liwayway Bakery Inc.", true},
		{"a number that is part of the name stays", "3 Kings Bakeshop Inc.", "3 Kings Bakeshop Inc.", true},
		{"a software company keeps its name", "Ulap Software Inc.", "Ulap Software Inc.", true},
		{"a row of column captions above the letterhead", "Co.      FILE      DEPT.      CLOCK NUMBER\nABC      126543    123456     12345\nANY COMPANY CORP.",
			"ANY COMPANY CORP.", true},
		{"a check stub's detach line above the company", "Pay to                    Pay Date           Net Pay\nROSALIE R. NAVARRO        2022-04-22         1,524.40\n                          DETACH AND RETAIN FOR YOUR RECORDS\nSampaguita Beverages Enterprises",
			"Sampaguita Beverages Enterprises", true},
		{"a detach note in lower case above the company", "Detach here - keep this statement\nHabagat Farms Corporation", "Habagat Farms Corporation", true},
		{"an employee surnamed Co on a check stub's strip", "Employee                  Pay Date\nMYLENE N. CO              Aug 30, 2024\nGINTO-LUNAS JANITORIAL SERVICES, INC.\nEmployee:   MYLENE N. CO",
			"GINTO-LUNAS JANITORIAL SERVICES, INC.", true},
		{"a name-like line above the company still competes", "Kalinaw Garments\nHabagat Farms Corporation", "Habagat Farms Corporation", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := Extract(docOf(slipUnder(tt.head)), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records (status %s), want 1", len(res.Records), res.Status)
			}
			r := res.Records[0]
			if got := str(r.Income.Employer); got != tt.want {
				t.Errorf("employer = %q, want %q (%+v)", got, tt.want, r.Fields["employer"])
			}
			if f := r.Fields["employer"]; (f.Confidence >= 0.8) != tt.published {
				t.Errorf("employer confidence %.2f (%s), published want %v", f.Confidence, f.How, tt.published)
			}
		})
	}
}

func TestEmployerLabelRefusesCaptions(t *testing.T) {
	t.Parallel()
	text := slipUnder("Habi Weaving Co.\nEmployer: (Last Name, First Name, Middle Name)")
	res := Extract(docOf(text), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("got %d records", len(res.Records))
	}
	if got := str(res.Records[0].Income.Employer); got != "Habi Weaving Co." {
		t.Errorf("employer = %q, want Habi Weaving Co.", got)
	}
}

func TestNotAnEmployer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		not  bool
	}{
		{"Republic of the Philippines", true},
		{"REPUBLIKA NG PILIPINAS", true},
		{"Payroll System", true},
		{"HRIS", true},
		{"System", true},
		{"Powered by OrangeHRM", true},
		{"System generated payslip", true},
		{"(Last Name, First Name, Middle Name)", true},
		{"(Signature over printed name)", true},
		{"Acme Systems Inc.", false},
		{"Baylor Health System", false},
		{"Ulap Software Inc.", false},
		{"Bank of the Philippine Islands", false},
	}
	for _, tt := range tests {
		s := segment{fold: foldFields(tt.line), words: wordsOf(tt.line)}
		if got := notAnEmployer(s); got != tt.not {
			t.Errorf("notAnEmployer(%q) = %v, want %v", tt.line, got, tt.not)
		}
	}
}

func wordsOf(s string) []ocr.Word {
	var ws []ocr.Word
	for _, f := range strings.Fields(s) {
		ws = append(ws, ocr.Word{Text: f})
	}
	return ws
}

func TestEmployerIsTheLetterheadNotAPayee(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, head, want string
		published        bool
	}{
		{"a bank in the deposit table", `
Orthopedic Associates of Livonia
74 Batterson Park Road
Direct Deposits     Type          Account       Amount
People's Bank C     Checking      ***0000       3,096.49`, "Orthopedic Associates of Livonia", true},
		{"a company under a name line is doubted", `
Lara P. Cruz
Employee
Masinop Hardware Corp.`, "Masinop Hardware Corp.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := Extract(docOf(slipUnder(tt.head)), Options{})
			if len(res.Records) != 1 {
				t.Fatalf("got %d records", len(res.Records))
			}
			r := res.Records[0]
			if got := str(r.Income.Employer); got != tt.want {
				t.Errorf("employer = %q, want %q", got, tt.want)
			}
			if f := r.Fields["employer"]; (f.Confidence >= 0.8) != tt.published {
				t.Errorf("employer confidence %.2f (%s), published want %v", f.Confidence, f.How, tt.published)
			}
		})
	}
}

// A title cut after the company suffix takes only the title's words: a
// misread word between them may be the name's own last word, so the line is
// kept whole and doubted rather than published short.
func TestTitleCutKeepsAMisreadLastWord(t *testing.T) {
	t.Parallel()
	res := Extract(ocrDoc(slipUnder("Kawayan IT Services and Services Enterpris@gmpioyee Pay Statement"), 0.95), Options{})
	r := res.Records[0]
	if got := str(r.Income.Employer); got == "Kawayan IT Services and Services" || r.Fields["employer"].Confidence >= 0.85 {
		t.Errorf("employer %q at %.2f: want the line kept whole and doubted", got, r.Fields["employer"].Confidence)
	}
	res = Extract(ocrDoc(slipUnder("Kawayan IT Services Enterprises Pay Statement"), 0.95), Options{})
	if got := str(res.Records[0].Income.Employer); got != "Kawayan IT Services Enterprises" {
		t.Errorf("employer %q, want the title cut off", got)
	}
}

// What a fax machine prints across the top is no name above the letterhead:
// read whole, its cells are no name; cut by the page's edge, it is debris
// OCR was not sure of. Either way the company under it is the first name
// at the top, and published.
func TestEmployerUnderAFaxHeader(t *testing.T) {
	t.Parallel()
	const name = "Alon Water Refilling Corp."
	t.Run("a readable header", func(t *testing.T) {
		t.Parallel()
		doc := ocrDoc(slipUnder("JUL-10-2026 09:45 FROM: (02) 8986-6673 TO: HR/PAYROLL P.001/001\n"+name), 0.95)
		res := Extract(doc, Options{})
		if len(res.Records) != 1 {
			t.Fatalf("got %d records, want 1", len(res.Records))
		}
		if got, f := str(res.Records[0].Income.Employer), res.Records[0].Fields["employer"]; got != name || f.Confidence < minConfidence("employer") {
			t.Errorf("employer %q at %.2f, want %q published", got, f.Confidence, name)
		}
	})
	t.Run("a header cut by the edge", func(t *testing.T) {
		t.Parallel()
		doc := ocrDoc(slipUnder("SO NEE GENESEO PAYROLL\n"+name), 0.95)
		for i := range doc.Pages[0].Words {
			if doc.Pages[0].Words[i].Line == 0 {
				doc.Pages[0].Words[i].Conf = 0.1
			}
		}
		res := Extract(doc, Options{})
		if len(res.Records) != 1 {
			t.Fatalf("got %d records, want 1", len(res.Records))
		}
		if got, f := str(res.Records[0].Income.Employer), res.Records[0].Fields["employer"]; got != name || f.Confidence < minConfidence("employer") {
			t.Errorf("employer %q at %.2f, want %q published", got, f.Confidence, name)
		}
	})
}

// TestEmployerOCRRepairs: a logo's residue read as a small word before the
// letterhead ("i", "ce") is dropped, and a capital I read as a small l
// before another ("llog") is restored; a particle that opens a name stays.
func TestEmployerOCRRepairs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ head, want string }{
		{"i Lunas Beverages and Supply Company", "Lunas Beverages and Supply Company"},
		{"ce Dalisay Beverages Trading Corp.", "Dalisay Beverages Trading Corp."},
		{"llog-Sibol IT Services Co.", "Ilog-Sibol IT Services Co."},
		{"de la Paz Bakeshop Inc.", "de la Paz Bakeshop Inc."},
		{"Narra Steel Works Holdings, Ine.", "Narra Steel Works Holdings, Inc."},
		{"eS Tanglaw-Alon Fishing Enterprises", "Tanglaw-Alon Fishing Enterprises"},
		{"ARAW APPAREL, INC. oe", "ARAW APPAREL, INC."},
	} {
		res := Extract(ocrDoc(slipUnder(tc.head), 0.95), Options{})
		if len(res.Records) != 1 {
			t.Fatalf("%q: got %d records, want 1", tc.head, len(res.Records))
		}
		if got, f := str(res.Records[0].Income.Employer), res.Records[0].Fields["employer"]; got != tc.want || f.Confidence < minConfidence("employer") {
			t.Errorf("%q: employer %q at %.2f, want %q published", tc.head, got, f.Confidence, tc.want)
		}
	}
}

// TestEmployerCaptionMisreadFromEmployee: "Employee Name" read "Employes
// Name" looks like an employer caption; the cell beside it is the next
// caption, never the employer.
func TestEmployerCaptionMisreadFromEmployee(t *testing.T) {
	t.Parallel()
	text := slipUnder(`EKS Anahaw Dental Care Corp.                    PAY SLIP
Employes Name     Employee No.     Designation     Department
TORRES, Jose I.   EADC6429         Driver          Logistics`)
	res := Extract(ocrDoc(text, 0.95), Options{})
	if len(res.Records) != 1 {
		t.Fatalf("got %d records, want 1", len(res.Records))
	}
	if got := str(res.Records[0].Income.Employer); got != "EKS Anahaw Dental Care Corp." {
		t.Errorf("employer %q", got)
	}
}

// TestOneEmployerAcrossSlips: two slips of one document whose letterheads
// OCR read a letter apart ("CALL", "CALE") carry the reading OCR was surer
// of; as sure, both are doubted; different names are left alone.
func TestOneEmployerAcrossSlips(t *testing.T) {
	t.Parallel()
	slip := func(name, period string) string {
		return name + `
PAYROLL VOUCHER
Pay Period: ` + period + `
Basic Salary              10,000.00
Gross Pay                 10,000.00
SSS                          500.00
Total Deductions             500.00
Net Pay                    9,500.00
`
	}
	doc := func(a, b string, confB float64) *ocr.Document {
		d := &ocr.Document{Type: ocr.TypeTIFF, Pages: []ocr.Page{
			pageFromText(1, slip(a, "04/16/2025 - 04/30/2025"), ocr.SourceOCR, 0.96),
			pageFromText(2, slip(b, "05/01/2025 - 05/15/2025"), ocr.SourceOCR, 0.96),
		}}
		for i, w := range d.Pages[1].Words {
			if w.Text == "CALE" {
				d.Pages[1].Words[i].Conf = confB
			}
		}
		return d
	}
	for _, tt := range []struct {
		name, a, b string
		confB      float64
		want       [2]string
		published  bool
	}{
		{"the surer reading", "KALINAW CALL CENTER CORP.", "KALINAW CALE CENTER CORP.", 0.90,
			[2]string{"KALINAW CALL CENTER CORP.", "KALINAW CALL CENTER CORP."}, true},
		{"as sure, doubted", "KALINAW CALL CENTER CORP.", "KALINAW CALE CENTER CORP.", 0.96,
			[2]string{"KALINAW CALL CENTER CORP.", "KALINAW CALE CENTER CORP."}, false},
		{"other names", "KALINAW CALL CENTER CORP.", "MASIGLA TRADING CORP.", 0.90,
			[2]string{"KALINAW CALL CENTER CORP.", "MASIGLA TRADING CORP."}, true},
	} {
		res := Extract(doc(tt.a, tt.b, tt.confB), Options{})
		if len(res.Records) != 2 {
			t.Fatalf("%s: %d records", tt.name, len(res.Records))
		}
		for i, r := range res.Records {
			if got := str(r.Income.Employer); got != tt.want[i] {
				t.Errorf("%s: slip %d employer %q, want %q", tt.name, i+1, got, tt.want[i])
			}
		}
		if got := res.Status == StatusAnalyzed; got != tt.published {
			t.Errorf("%s: status %s, published want %v", tt.name, res.Status, tt.published)
		}
	}
}
