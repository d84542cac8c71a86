package extract

import "talaan/ocr"

// Kind is the class of a document or page.
type Kind string

const (
	KindPayslip     Kind = "payslip"
	KindBIR2316     Kind = "bir2316"
	KindW2          Kind = "w2"
	Kind1099NEC     Kind = "1099nec"
	KindUnsupported Kind = "unsupported"
)

// Status is the decision for a document.
type Status string

const (
	StatusAnalyzed    Status = "ANALYZED"
	StatusReview      Status = "REVIEW"
	StatusUnsupported Status = "UNSUPPORTED"
	StatusError       Status = "ERROR"
)

// Frequency values follow Smile's list, plus Biweekly (see DESIGN.md).
const (
	FreqHourly      = "Hourly"
	FreqDaily       = "Daily"
	FreqWeekly      = "Weekly"
	FreqBiweekly    = "Biweekly"
	FreqSemimonthly = "Semimonthly"
	FreqMonthly     = "Monthly"
	FreqBimonthly   = "Bimonthly"
	FreqQuarterly   = "Quarterly"
	FreqAnnually    = "Annually"
	FreqVariable    = "Variable"
	FreqUnspecified = "Unspecified"
)

// Income is one income record with Smile's Income fields (and payDate).
// Dates are YYYY-MM-DD; nil means not found / not printed.
type Income struct {
	Employer    *string  `json:"employer"`
	StartDate   *string  `json:"startDate"`
	EndDate     *string  `json:"endDate"`
	PayDate     *string  `json:"payDate"`
	Frequency   *string  `json:"frequency"`
	Currency    *string  `json:"currency"`
	BaseAmount  *float64 `json:"baseAmount"`
	GrossAmount *float64 `json:"grossAmount"`
	NetAmount   *float64 `json:"netAmount"`
}

// Analysis carries what Smile's ArchivePayslipAnalysis and
// ArchiveTaxDocumentAnalysis hold, plus the Philippine contributions.
type Analysis struct {
	Kind             Kind     `json:"kind"`
	EmployerName     string   `json:"employerName,omitempty"`
	EmployeeName     string   `json:"employeeName,omitempty"`
	TaxNumber        string   `json:"taxNumber,omitempty"`
	SSNumber         string   `json:"ssNumber,omitempty"`
	PhilHealthNumber string   `json:"philHealthNumber,omitempty"`
	PagIbigNumber    string   `json:"pagIbigNumber,omitempty"`
	SSS              *float64 `json:"sss,omitempty"`
	PhilHealth       *float64 `json:"philHealth,omitempty"`
	PagIbig          *float64 `json:"pagIbig,omitempty"`
	WithholdingTax   *float64 `json:"withholdingTax,omitempty"`
	TotalDeductions  *float64 `json:"totalDeductions,omitempty"`
}

// Field says where one extracted value came from and how sure we are.
type Field struct {
	Confidence float64  `json:"confidence"`
	Page       int      `json:"page"`
	Box        *ocr.Box `json:"box,omitempty"`
	Text       string   `json:"text"`
	// How names the rule that found the value (for --explain and review).
	How   string     `json:"how,omitempty"`
	Words []ocr.Word `json:"words,omitempty"`
}

// Check is one arithmetic or consistency check.
type Check struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	Detail string `json:"detail,omitempty"`
}

// Record is one extracted income with its evidence.
type Record struct {
	Kind     Kind             `json:"kind"`
	Pages    []int            `json:"pages"`
	Income   Income           `json:"income"`
	Analysis Analysis         `json:"analysis"`
	Fields   map[string]Field `json:"fields"`
	Checks   []Check          `json:"checks"`
	// Doubts lists why a person should look (empty when confident).
	Doubts []Doubt `json:"doubts,omitempty"`
	// endOnly: the document prints its period's end alone, so an empty
	// start is what it says, not a miss.
	endOnly bool
}

// Tamper is a sign that a PDF was edited after it was made (Smile's
// validation.metadata). It never blocks extraction.
type Tamper struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

// Result is the decision for a whole document.
type Result struct {
	Status       Status   `json:"status"`
	Kind         Kind     `json:"kind"`
	Records      []Record `json:"records"`
	ErrorCode    string   `json:"errorCode,omitempty"`
	ErrorMessage string   `json:"errorMessage,omitempty"`
	Tamper       []Tamper `json:"tamper,omitempty"`
}
