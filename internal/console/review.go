package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"talaan/extract"
	"talaan/internal/archive"
	"talaan/internal/problem"
	"talaan/internal/review"
	"talaan/storage"
)

// LowConfidence is the confidence under which a field is flagged for the
// reviewer: the one under which PublishReview records a kept value as
// confirmed.
const LowConfidence = review.LowConfidence

// fieldDef is one editable field of the review form.
type fieldDef struct {
	Name      string // the form's and sendManualResult's name
	Label     string
	Engine    string // the engine's field name (where it was read), "" when none
	Kind      string // date, amount, currency, frequency, text
	Max       int    // text length
	Mandatory bool   // a publish needs it
}

var fieldDefs = []fieldDef{
	{Name: "startDate", Label: "Period start", Engine: "startDate", Kind: "date", Mandatory: true},
	{Name: "endDate", Label: "Period end", Engine: "endDate", Kind: "date"},
	{Name: "payDate", Label: "Pay date", Engine: "payDate", Kind: "date"},
	{Name: "currency", Label: "Currency", Engine: "currency", Kind: "currency", Mandatory: true},
	{Name: "frequency", Label: "Pay frequency", Engine: "frequency", Kind: "frequency"},
	{Name: "baseAmount", Label: "Base pay", Engine: "baseAmount", Kind: "amount"},
	{Name: "grossAmount", Label: "Gross pay", Engine: "grossAmount", Kind: "amount"},
	{Name: "netAmount", Label: "Net pay", Engine: "netAmount", Kind: "amount"},
	{Name: "employerName", Label: "Employer", Engine: "employer", Kind: "text", Max: 200},
	{Name: "employeeName", Label: "Employee", Kind: "text", Max: 200},
	{Name: "taxNumber", Label: "Tax number (TIN)", Kind: "text", Max: 40},
	{Name: "ssNumber", Label: "SSS number", Kind: "text", Max: 40},
	{Name: "philHealthNumber", Label: "PhilHealth number", Kind: "text", Max: 40},
	{Name: "pagIbigNumber", Label: "Pag-IBIG number", Kind: "text", Max: 40},
}

// amountRE is what the form reads as a number: digits with thousands
// commas and a decimal point (the browser's pattern in review.html also
// limits the decimals; review.ValidateManualData decides).
var amountRE = regexp.MustCompile(`^[0-9][0-9,]*(\.[0-9]+)?$`)

// doubtLines are the doubts as the review page lists them.
func doubtLines(ds []extract.Doubt) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = doubtWords(d)
	}
	return out
}

// formValues are the record's values as the form shows them.
func formValues(it review.Item) map[string]string {
	out := make(map[string]string, len(fieldDefs))
	for _, f := range fieldDefs {
		v := it.Value(f.Name)
		switch {
		case v == nil:
			out[f.Name] = ""
		case f.Kind == "amount":
			n, _ := strconv.ParseFloat(*v, 64)
			out[f.Name] = formatAmount(n)
		default:
			out[f.Name] = *v
		}
	}
	return out
}

// formatAmount shows an amount with two decimals when it has at most two.
func formatAmount(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if f, _ := strconv.ParseFloat(s, 64); f == v {
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// parseForm reads the reviewer's values and builds the correction; the
// rules are review.ValidateManualData's, with its words. A field not sent, or
// blank where nothing was read, leaves the value read (nil); a value that
// was read cannot be blanked, since sendManualResult cannot remove one.
func parseForm(form url.Values, current map[string]string) (review.ManualData, map[string]string, map[string]string) {
	var d review.ManualData
	values, errs := map[string]string{}, map[string]string{}
	strField := map[string]**string{
		"startDate": &d.StartDate, "endDate": &d.EndDate, "payDate": &d.PayDate, "currency": &d.Currency,
		"frequency": &d.Frequency, "employerName": &d.EmployerName, "employeeName": &d.EmployeeName,
		"taxNumber": &d.TaxNumber, "ssNumber": &d.SSNumber, "philHealthNumber": &d.PhilHealthNumber,
		"pagIbigNumber": &d.PagIbigNumber,
	}
	numField := map[string]**float64{"baseAmount": &d.BaseAmount, "grossAmount": &d.GrossAmount, "netAmount": &d.NetAmount}
	for _, f := range fieldDefs {
		_, sent := form[f.Name]
		v := strings.TrimSpace(form.Get(f.Name))
		values[f.Name] = v
		if !sent { // not in the form: the value read stays
			values[f.Name] = current[f.Name]
			if f.Mandatory && current[f.Name] == "" {
				errs[f.Name] = "Is required: the document's value could not be read, so give it."
			}
			continue
		}
		if v == "" {
			switch {
			case current[f.Name] != "":
				errs[f.Name] = "Cannot be emptied: give the value the document shows."
			case f.Mandatory:
				errs[f.Name] = "Is required: the document's value could not be read, so give it."
			}
			continue
		}
		if f.Kind == "amount" {
			n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
			if !amountRE.MatchString(v) || err != nil {
				errs[f.Name] = sentence(review.ManualRule(f.Name))
				continue
			}
			*numField[f.Name] = &n
			continue
		}
		s := v
		*strField[f.Name] = &s
	}
	for _, fe := range review.ValidateManualData(&d) {
		if errs[fe.Field] == "" {
			errs[fe.Field] = sentence(fe.Message)
		}
	}
	return d, values, errs
}

// sentence makes the API's phrase ("must be ...") a sentence.
func sentence(phrase string) string {
	if phrase == "" {
		return ""
	}
	return strings.ToUpper(phrase[:1]) + phrase[1:] + "."
}

type fieldView struct {
	fieldDef
	Value    string
	Error    string
	Required bool
	// Evidence: where the value was read.
	HasConf    bool
	Confidence float64
	Low        bool
	Missing    bool
	Page       int
	HasBox     bool
	X, Y, W, H float64 // percent of the page
	Source     string
	How        string
}

type pageView struct {
	N        int
	Src      string
	Width    float64
	Height   float64
	Rotation int
	Geometry bool
}

type fileView struct {
	ID, Name, Format string
	Link             string
	Selected         bool
	Gone             bool
}

type auditView struct {
	At, Action, Actor, Who, Field, Old, New string
}

type reviewData struct {
	Head
	ID           string
	UserID       string
	FileType     string
	Status       string
	Reason       string
	ErrorMessage string
	Age          string
	Received     string
	Actionable   bool
	Corrected    bool
	Doubts       []string
	Files        []fileView
	FileGone     bool
	Pages        []pageView
	NoGeometry   bool
	Rotated      bool
	Fields       []fieldView
	Frequencies  []string
	Audit        []auditView
	FormError    string
	Position     int
	QueueLen     int
	SkipLink     string
	PublishURL   string
	RejectURL    string
	FieldErrors  int
}

func (c *Console) review(w http.ResponseWriter, r *http.Request, s *session) {
	it, err := c.reviews.Get(r.Context(), s.TenantID, r.PathValue("id"))
	if err != nil || it.Archive.Status == storage.StatusRevoked {
		if err == nil {
			err = storage.ErrNotFound
		}
		c.fail(w, r, s, err)
		return
	}
	d, err := c.reviewData(r.Context(), s, it, r.URL.Query().Get("file"))
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	d.Flash = flashes[r.URL.Query().Get("msg")]
	c.render(w, r, "review", http.StatusOK, d)
}

func (c *Console) reviewData(ctx context.Context, s *session, it review.Item, fileID string) (reviewData, error) {
	a := it.Archive
	now := c.now()
	d := reviewData{Head: c.head(s, "Review "+a.ID), ID: a.ID, UserID: a.UserID, FileType: a.FileType, Status: a.Status,
		Reason: a.Reason, ErrorMessage: a.ErrorMessage, Age: ago(now.Sub(a.CreatedAt)),
		Received: a.CreatedAt.Format("2006-01-02 15:04 MST"), Actionable: a.Status == storage.StatusStarted && a.Review,
		Corrected: it.Corrected, Doubts: doubtLines(it.Doubts), Frequencies: review.Frequencies,
		PublishURL: "/console/archives/" + url.PathEscape(a.ID) + "/publish",
		RejectURL:  "/console/archives/" + url.PathEscape(a.ID) + "/reject",
		SkipLink:   "/console/archives/" + url.PathEscape(a.ID) + "/next"}

	// The document: the file the record was read from, or the one asked for.
	if fileID == "" {
		fileID = it.FileID
	}
	res, _ := archive.Decode(a.Result)
	var sel *storage.RawFile
	for i, f := range a.Files {
		fv := fileView{ID: f.ID, Name: f.Name, Format: f.Format, Gone: f.DeletedAt != nil || !now.Before(f.ExpiresAt),
			Link: "/console/archives/" + url.PathEscape(a.ID) + "?file=" + url.QueryEscape(f.ID)}
		if f.ID == fileID || (sel == nil && i == len(a.Files)-1) {
			fv.Selected, sel = true, &a.Files[i]
			d.FileGone = fv.Gone
		}
		d.Files = append(d.Files, fv)
	}
	if sel != nil && sel.ID != fileID { // an unknown id: the last file is shown
		for i := range d.Files {
			d.Files[i].Selected = d.Files[i].ID == sel.ID
		}
	}
	if sel != nil && !d.FileGone {
		var count int
		var geom map[int]pageView
		for _, fr := range res.Files {
			if fr.FileID == sel.ID {
				count = fr.Output.Pages
				geom = map[int]pageView{}
				for _, pi := range fr.Output.PageInfo {
					geom[pi.Number] = pageView{Width: pi.Width, Height: pi.Height, Rotation: ((pi.Rotation % 360) + 360) % 360, Geometry: pi.Width > 0 && pi.Height > 0}
				}
			}
		}
		if count == 0 {
			n, err := c.pageCount(ctx, *sel)
			if err != nil {
				c.log.Warn("console: page count", "file_id", sel.ID, "err", err)
			}
			count = n
		}
		count = min(max(count, 1), maxPages)
		for n := 1; n <= count; n++ {
			pv := geom[n]
			pv.N = n
			pv.Src = fmt.Sprintf("/console/archives/%s/files/%s/pages/%d.png", url.PathEscape(a.ID), url.PathEscape(sel.ID), n)
			d.NoGeometry = d.NoGeometry || !pv.Geometry
			d.Rotated = d.Rotated || pv.Rotation != 0
			d.Pages = append(d.Pages, pv)
		}
	}

	// The fields, with the evidence for each when the record came from the
	// shown file.
	values := formValues(it)
	missing := map[string]bool{}
	for _, db := range it.Doubts {
		if db.Kind == extract.DoubtMissing {
			missing[db.Field] = true
		}
	}
	sameFile := sel != nil && sel.ID == it.FileID
	for _, f := range fieldDefs {
		fv := fieldView{fieldDef: f, Value: values[f.Name], Required: f.Mandatory || values[f.Name] != ""}
		if f.Engine != "" {
			fv.Missing = missing[f.Engine] && fv.Value == ""
			if ev, ok := it.Fields[f.Engine]; ok && fv.Value != "" {
				// Once a person published the record, the engine's doubt
				// about its reading no longer applies to the value shown.
				fv.HasConf, fv.Confidence, fv.Low = !it.Corrected, ev.Confidence, !it.Corrected && ev.Confidence < LowConfidence
				fv.Source, fv.How, fv.Page = ev.Text, ev.How, ev.Page
				if ev.Box != nil && sameFile && ev.Page >= 1 && ev.Page <= len(d.Pages) {
					pg := d.Pages[ev.Page-1]
					if pg.Geometry {
						fv.HasBox = true
						fv.X, fv.Y = ev.Box.X0/pg.Width*100, ev.Box.Y0/pg.Height*100
						fv.W, fv.H = ev.Box.Width()/pg.Width*100, ev.Box.Height()/pg.Height*100
					}
				}
			}
		}
		d.Fields = append(d.Fields, fv)
	}

	for _, e := range it.Audit {
		who := e.ActorName
		if who == "" {
			who = e.Actor
		}
		d.Audit = append(d.Audit, auditView{At: e.At.Format("2006-01-02 15:04:05 MST"), Action: e.Action, Actor: e.Actor, Who: who, Field: e.Field,
			Old: deref(e.OldValue), New: deref(e.NewValue)})
	}

	if d.Actionable {
		q, _, err := c.reviewQueue(ctx, s.TenantID)
		if err != nil {
			return d, err
		}
		d.QueueLen = len(q)
		for i, e := range q {
			if e.ID == a.ID {
				d.Position = i + 1
			}
		}
	}
	return d, nil
}

func deref(s *string) string {
	if s == nil {
		return "—"
	}
	return *s
}

// publish sends the corrected values out as sendManualResult does, then
// opens the next document.
func (c *Console) publish(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	it, ok := c.actionable(w, r, s)
	if !ok {
		return
	}
	data, values, errs := parseForm(r.PostForm, formValues(it))
	formErr := ""
	if len(errs) == 0 {
		yes := true
		err := c.reviews.Publish(ctx, s.principal(), review.ManualResult{ArchiveID: it.Archive.ID, ValidFile: &yes, Data: &data})
		if err == nil {
			c.log.Info("console: published", "archive_id", it.Archive.ID, "actor", s.Actor)
			c.openNext(w, r, s, it.Archive, "published")
			return
		}
		var pe *problem.Error
		switch {
		case !errors.As(err, &pe) || (pe.Kind != problem.Invalid && pe.Kind != problem.Conflict):
			c.fail(w, r, s, err)
			return
		case pe.Kind == problem.Conflict: // published meanwhile (by someone else)
			c.openNext(w, r, s, it.Archive, "gone")
			return
		}
		// A problem with data.netAmount goes beside the field.
		if field, ok := strings.CutPrefix(pe.Field, "data."); ok && isField(field) && pe.Message != "" {
			errs[field] = strings.ToUpper(pe.Message[:1]) + pe.Message[1:]
		} else {
			formErr = pe.Text()
		}
	}
	d, err := c.reviewData(ctx, s, it, "")
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	for i := range d.Fields {
		d.Fields[i].Value = values[d.Fields[i].Name]
		d.Fields[i].Error = errs[d.Fields[i].Name]
	}
	d.FieldErrors = len(errs)
	d.FormError = formErr
	if formErr == "" {
		d.FormError = "Nothing was published: correct the fields marked below."
	}
	c.render(w, r, "review", http.StatusUnprocessableEntity, d)
}

func isField(name string) bool {
	for _, f := range fieldDefs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// reject marks the document as not an income document.
func (c *Console) reject(w http.ResponseWriter, r *http.Request, s *session) {
	it, ok := c.actionable(w, r, s)
	if !ok {
		return
	}
	no := false
	if err := c.reviews.Publish(r.Context(), s.principal(), review.ManualResult{ArchiveID: it.Archive.ID, ValidFile: &no}); err != nil {
		if pe := (*problem.Error)(nil); errors.As(err, &pe) && pe.Kind == problem.Conflict {
			c.openNext(w, r, s, it.Archive, "gone")
			return
		}
		c.fail(w, r, s, err)
		return
	}
	c.log.Info("console: rejected", "archive_id", it.Archive.ID, "actor", s.Actor)
	c.openNext(w, r, s, it.Archive, "rejected")
}

// actionable loads the archive of an action; one no longer in review sends
// the reviewer on to the next document.
func (c *Console) actionable(w http.ResponseWriter, r *http.Request, s *session) (review.Item, bool) {
	it, err := c.reviews.Get(r.Context(), s.TenantID, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, err)
		return it, false
	}
	if it.Archive.Status != storage.StatusStarted || !it.Archive.Review {
		c.openNext(w, r, s, it.Archive, "gone")
		return it, false
	}
	return it, true
}

// skip opens the next document without changing this one.
func (c *Console) skip(w http.ResponseWriter, r *http.Request, s *session) {
	it, err := c.reviews.Get(r.Context(), s.TenantID, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	c.openNext(w, r, s, it.Archive, "skipped")
}

// openNext redirects to the document after cur in the queue (oldest
// first, wrapping round), or to the queue when none is left.
func (c *Console) openNext(w http.ResponseWriter, r *http.Request, s *session, cur storage.Archive, msg string) {
	q, _, err := c.reviewQueue(r.Context(), s.TenantID)
	if err != nil {
		c.fail(w, r, s, err)
		return
	}
	next := ""
	for _, e := range q {
		if e.ID == cur.ID {
			continue
		}
		if next == "" {
			next = e.ID // wraps round to the oldest
		}
		if e.Created.After(cur.CreatedAt) || (e.Created.Equal(cur.CreatedAt) && e.ID > cur.ID) {
			next = e.ID
			break
		}
	}
	if next == "" {
		switch msg {
		case "published", "rejected":
			msg += "-last"
		default:
			msg = "empty"
		}
		http.Redirect(w, r, "/console/?msg="+msg, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/console/archives/"+url.PathEscape(next)+"?msg="+msg, http.StatusSeeOther)
}
