package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"talaan/extract/parse"
	"talaan/ocr"
)

var companySuffixes = map[string]bool{
	"inc": true, "corp": true, "corporation": true, "co": true, "company": true, "llc": true, "ltd": true,
	"limited": true, "plc": true, "enterprises": true, "enterprise": true, "trading": true, "holdings": true,
	"services": true, "group": true, "industries": true, "llp": true, "lp": true, "cooperative": true,
	"incorporated": true, "opc": true, "airlines": true, "hospital": true, "university": true,
	"mills": true, "center": true, "centers": true, "labs": true, "solutions": true, "systems": true,
	"foods": true, "store": true, "stores": true, "restaurant": true, "clinic": true, "agency": true,
	"foundation": true, "school": true, "academy": true, "college": true, "institute": true, "bank": true,
	"pharmacy": true, "association": true, "cooperatives": true, "coop": true, "hotel": true, "resort": true,
	"laboratories": true, "manufacturing": true, "construction": true, "builders": true, "marketing": true,
	"associates": true,
}

// Words that open the name of a public employer: "Municipality of Pililla",
// "City Government of Naga".
var publicEmployers = [][]string{{"municipality", "of"}, {"city", "of"}, {"city", "government", "of"},
	{"municipal", "government", "of"}, {"provincial", "government", "of"}, {"barangay", "of"}}

// Lines of a government letterhead above the agency's own name: they name
// the employer only when no other name follows them.
var govHeaders = [][]string{{"department", "of"}, {"province", "of"}, {"region"}, {"division", "of"},
	{"schools", "division"}, {"office", "of", "the"}, {"kagawaran", "ng"}, {"lalawigan", "ng"},
	{"commission", "on"}, {"bureau", "of"}, {"komisyon", "sa"}}

// A government unit under a department, and the places letterheads name.
var (
	govUnits  = [][]string{{"division", "of"}, {"schools", "division"}, {"office", "of", "the"}}
	govPlaces = [][]string{{"region"}, {"province", "of"}, {"lalawigan", "ng"}}
)

// Lines that never name an employer: the state itself, the software that
// printed the slip, and a form's captions.
var (
	stateNames   = [][]string{{"republic", "of", "the", "philippines"}, {"republika", "ng", "pilipinas"}}
	softwareMark = map[string]bool{"powered": true, "generated": true, "hris": true, "printed": true, "developed": true}
	byOnly       = map[string]bool{"powered": true, "printed": true, "developed": true}
	softwareWith = map[string]bool{"payroll": true, "hr": true, "hris": true, "human": true, "management": true,
		"information": true, "online": true, "pay": true, "salary": true, "timekeeping": true, "attendance": true,
		"employee": true, "accounting": true}
	captionMark = map[string]bool{"last": true, "first": true, "middle": true, "surname": true, "given": true,
		"signature": true, "mi": true}
)

// notAnEmployer says a line is a state header, a software caption or a form
// caption: "Republic of the Philippines", "Payroll System", "Powered by
// Frappe HR", "(Last Name, First Name, Middle Name)".
func notAnEmployer(s segment) bool {
	f := s.fold
	for _, st := range stateNames {
		if hasRun(f, st) {
			return true
		}
	}
	system := false
	for i, w := range f {
		if softwareMark[w] && (!byOnly[w] || i+1 < len(f) && f[i+1] == "by") {
			return true
		}
		if w == "system" || w == "software" || w == "erp" || w == "systems" && len(f) <= 2 {
			system = true
		}
		if captionMark[w] && i+1 < len(f) && f[i+1] == "name" {
			return true
		}
	}
	if system {
		if len(f) == 1 {
			return true
		}
		for _, w := range f {
			if softwareWith[w] {
				return true
			}
		}
	}
	t := strings.TrimSpace(s.text())
	return strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")
}

func hasRun(f []string, run []string) bool {
	for i := 0; i+len(run) <= len(f); i++ {
		if slices.Equal(f[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

func startsWithRun(f []string, runs [][]string) bool {
	for _, run := range runs {
		if len(f) > len(run) && slices.Equal(f[:len(run)], run) {
			return true
		}
	}
	return false
}

// Words that make a line a title or a caption, not a company name.
var titleWords = map[string]bool{
	"payslip": true, "pay": true, "slip": true, "stub": true, "statement": true, "earnings": true,
	"employee": true, "period": true, "date": true, "confidential": true, "advice": true, "payroll": true,
	"salary": true, "voucher": true, "name": true, "address": true, "copy": true, "form": true,
	"certificate": true, "deposit": true, "check": true, "cheque": true, "page": true, "net": true,
}

// segment is a run of words in a row with no wide gap.
type segment struct {
	words []ocr.Word
	fold  []string
	box   ocr.Box
}

func (s segment) text() string { return joinWords(s.words, 0, len(s.words)) }

func (l *layout) segments(r *row) []segment {
	var out []segment
	for k, w := range r.words {
		if len(out) == 0 || w.Box.X0-out[len(out)-1].box.X1 > l.lineH*1.8 {
			out = append(out, segment{box: w.Box})
		}
		s := &out[len(out)-1]
		s.words = append(s.words, w)
		s.fold = append(s.fold, r.fold[k])
		s.box = s.box.Union(w.Box)
	}
	return out
}

// findEmployer finds the employer's name: after an employer label, or a
// company-like name near the top of the first page.
func findEmployer(ls []*layout) (string, Field, bool) {
	name, f, ok := employerByLabel(ls[0], -1)
	if !ok {
		name, f, ok = employerAtTop(ls[0])
	}
	if ok && ls[0].page.Source == ocr.SourceOCR {
		if q := nameReading(name); q < 1 {
			if clean, cf, found := cleanElsewhere(ls[0], name, f); found {
				return clean, cf, true
			}
			f.Confidence *= q
		}
	}
	return name, f, ok
}

// cleanElsewhere finds the name read cleanly on another line of the page:
// the words of name that read as whole words, printed on a line of their
// own with no misread glyph ("Handog Printing Press Co." in a footer for
// "VF) Handog Printing Press Co." in the letterhead). It returns that
// reading with f's confidence.
func cleanElsewhere(l *layout, name string, f Field) (string, Field, bool) {
	var core []string
	for _, w := range strings.Fields(name) {
		if nameReading(w) == 1 && !strings.ContainsAny(w, "()[]{}") {
			core = append(core, w)
		}
	}
	want := strings.Join(core, " ")
	if len(core) < 2 || len(want) < 8 {
		return "", Field{}, false
	}
	for _, r := range l.rows {
		for _, s := range l.segments(r) {
			s = trimDebris(s)
			t := cleanName(s.text())
			if !strings.EqualFold(t, want) || nameReading(t) < 1 || (f.Box != nil && s.box == *f.Box) {
				continue
			}
			b := s.box
			return t, Field{Confidence: f.Confidence, Page: l.page.Number, Box: &b, Text: s.text(),
				How: f.How + ", read cleanly on another line", Words: s.words}, true
		}
	}
	return "", Field{}, false
}

// nameReading is how far an OCR'd name can be trusted letter by letter:
// a mark inside a word ("Genera!", "Serv1ces") is a misread glyph.
func nameReading(name string) float64 {
	q := 1.0
	// Brackets that do not pair ("VF) Handog Printing Press Co.") are a
	// logo or a rule read as letters.
	if strings.Count(name, "(") != strings.Count(name, ")") || strings.Count(name, "[") != strings.Count(name, "]") {
		q *= 0.6
	}
	words := strings.Fields(name)
	capitalised := 0
	for _, w := range words {
		if r := []rune(w)[0]; unicode.IsUpper(r) {
			capitalised++
		}
	}
	for _, w := range words {
		// A document title fused into the name's last word by OCR
		// ("…SUPPLY COREmployee-Pay Statement", "Enterpris@smployee"):
		// what the name ends with is unknown. The whole word "Employees"
		// (an employees' cooperative) is a name's.
		lw := strings.ToLower(strings.Trim(w, ".,;:'’"))
		if lw != "employee" && lw != "employees" && strings.Contains(lw, "oyee") || strings.Contains(lw, "statement") || strings.Contains(lw, "payslip") {
			q *= 0.5
		}
		// In a name whose words are capitalised, one in lower case that is
		// no connector is a capital misread ("llog" for "Ilog").
		if r := []rune(w)[0]; unicode.IsLower(r) && capitalised > 0 && !nameConnector(w) {
			q *= 0.6
		}
		rs := []rune(strings.TrimRight(w, ".,;:"))
		for i, r := range rs {
			odd := !unicode.IsLetter(r) && !strings.ContainsRune("&'’-()/", r) && !(unicode.IsDigit(r) && allDigits(rs))
			if odd || (i > 0 && unicode.IsDigit(r) != unicode.IsDigit(rs[i-1]) && r != '-') {
				q *= 0.6
				break
			}
		}
	}
	return q
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// employerByLabel reads the name after or under an employer caption.
// Captions on rows from `until` on are not read (a tax form's previous
// employer); -1 reads them all.
func employerByLabel(l *layout, until int) (string, Field, bool) {
	for _, h := range l.findLabels(lblEmployer) {
		if until >= 0 && h.row >= until {
			continue
		}
		r := l.rows[h.row]
		// "Employer TIN", "Employer Share", "Company ID" are not names.
		if h.to < len(r.words) {
			switch r.fold[h.to] {
			case "tin", "id", "share", "address", "s", "no", "number", "code", "contribution", "er", "paid", "benefits", "loan",
				"information", "identification", "type":
				continue
			}
		}
		// A one-word caption ("Company") names what follows only when it
		// ends with a colon, or stands alone with the name under it.
		single := h.to-h.from == 1 && !strings.Contains(h.phrase, " ")
		// A caption starts its segment: "... CONTRIBUTION - EMPLOYER" and
		// "TIBAY RESORT COMPANY" end with the word, they are not captions.
		if single && h.from > 0 && h.box.X0-r.words[h.from-1].Box.X1 < l.lineH*1.8 && !itemRe.MatchString(r.words[h.from-1].Text) {
			continue
		}
		colon := strings.HasSuffix(r.words[h.to-1].Text, ":")
		name := ""
		if !single || colon {
			name = l.nameAfter(r, h)
		}
		alone := h.to >= len(r.words) || r.words[h.to].Box.X0-h.box.X1 > l.lineH*3
		if name == "" && h.row+1 < len(l.rows) && (!single || colon || alone) {
			nr := l.rows[h.row+1]
			for _, s := range l.segments(nr) {
				if overlap1D(h.box.X0-l.lineH, h.box.X1+l.lineH*6, s.box.X0, s.box.X1) > 0 && looksLikeName(s) {
					name = cleanName(s.text())
					break
				}
			}
		}
		if name != "" && !notAnEmployer(segment{fold: foldFields(name), words: []ocr.Word{{Text: name}}}) && !captionHead(name) {
			return name, l.textField(h, 0.93*h.quality, "employer label", name), true
		}
	}
	return "", Field{}, false
}

// garbled says OCR could read almost none of a segment (its words' mean
// confidence under 0.5): the top of a fax header cut by the page's edge,
// speckle read as letters. It is no name, and no name above the letterhead.
func (l *layout) garbled(s segment) bool {
	if l.page.Source != ocr.SourceOCR || len(s.words) == 0 {
		return false
	}
	sum := 0.0
	for _, w := range s.words {
		sum += w.Conf
	}
	return sum/float64(len(s.words)) < 0.5
}

// employerAtTop takes the first organisation named at the top of the page:
// a name with a legal suffix, or a public employer ("Municipality of …").
// Lacking one, it takes the first name-like line, trusted less, and a
// government letterhead's lines ("Department of …") only when no other
// name follows them. State headers, software and form captions never count.
func employerAtTop(l *layout) (string, Field, bool) {
	limit := l.page.Height * 0.3
	var fallback, header *segment
	fallbackConf, headerConf := 0.0, 0.5
	for i, r := range l.rows {
		if r.box.Y0 > limit {
			break
		}
		segs := l.segments(r)
		// Three or more cells on a row are a table's or a form's captions
		// ("Co. FILE DEPT. CLOCK NUMBER"), not a letterhead line.
		cells := len(segs) >= 3
		for _, s := range segs {
			s = trimDebris(s)
			if hasCompanySuffix(s) {
				s = trimAfterSuffix(s)
			}
			if !looksLikeName(s) || hasHeaderWord(s) || looksLikeAddress(s) || notAnEmployer(s) || l.garbled(s) {
				continue
			}
			if hasCompanySuffix(s) || startsWithRun(s.fold, publicEmployers) {
				if len(r.nums) > 0 || l.employeeNamed(s.text()) {
					// a payee or a bank in a table row, not the letterhead;
					// the employee's name with a surname that reads as a
					// suffix ("MYLENE N. CO") on a check stub's strip
					continue
				}
				q := 0.9
				if fallback != nil {
					// another name sits above it, nearer the letterhead
					q = 0.7
				}
				b := s.box
				return cleanName(s.text()), Field{Confidence: q * l.wordsConf(s.words), Page: l.page.Number, Box: &b, Text: s.text(), How: howCompanyAtTop, Words: s.words}, true
			}
			if startsWithRun(s.fold, govHeaders) {
				// Letterheads run from the department down to the unit
				// that employs ("Department of Education" over "Schools
				// Division of Cebu Province"): the last line that names a
				// unit, not a region or a province, is the most specific.
				s := s
				if header == nil {
					header = &s
				} else if startsWithRun(s.fold, govUnits) && !startsWithRun(s.fold, govPlaces) {
					header, headerConf = &s, 0.85
				}
				continue
			}
			if fallback == nil && i < 3 && !cells && !captionOrDate(s) && !sentence(s) {
				s := s
				fallback = &s
				fallbackConf = 0.6
				if s.box.Height() >= l.lineH*1.15 {
					fallbackConf = 0.7
				}
			}
		}
	}
	if fallback == nil && header != nil {
		fallback, fallbackConf = header, headerConf
	}
	if fallback != nil {
		b := fallback.box
		return cleanName(fallback.text()), Field{Confidence: fallbackConf, Page: l.page.Number, Box: &b, Text: fallback.text(), How: "first line at the top", Words: fallback.words}, true
	}
	return "", Field{}, false
}

// employeeNamed says name is the employee's: the page prints it after an
// employee caption, on the caption's row.
func (l *layout) employeeNamed(name string) bool {
	want := strings.Join(foldFields(cleanName(name)), " ")
	if want == "" {
		return false
	}
	for _, h := range l.findLabels(lblEmployee) {
		after := strings.Join(l.rows[h.row].fold[h.to:], " ")
		if strings.HasPrefix(strings.TrimSpace(after), want) {
			return true
		}
	}
	return false
}

// sentence says a segment is an instruction or a note ("Detach here -
// keep this statement", "DETACH AND RETAIN FOR YOUR RECORDS"), not a name:
// two words or more in lower case that join no name, or a word of address
// no name holds.
func sentence(s segment) bool {
	for _, f := range s.fold {
		switch f {
		case "your", "you", "this", "here", "please", "detach", "retain", "keep":
			return true
		}
	}
	lower := 0
	for _, w := range s.words {
		if r, _ := utf8.DecodeRuneInString(w.Text); unicode.IsLower(r) && !nameConnector(w.Text) {
			lower++
		}
	}
	return lower >= 2
}

// nameConnector says a word in lower case may join a name's words ("and",
// "de", "ng").
func nameConnector(w string) bool {
	switch strings.ToLower(w) {
	case "and", "of", "de", "la", "del", "ng", "y", "at", "the", "sa", "for", "e":
		return true
	}
	return false
}

// howCompanyAtTop names the rule that reads the employer as the company
// named at the top of the page.
const howCompanyAtTop = "company name at the top"

// captionHead says a name read after an employer caption is the next
// cell's caption ("Employee No.", "Designation"): the caption matched was
// an employee's one misread ("Employes Name"), or its value went unread.
func captionHead(name string) bool {
	f := foldFields(name)
	if len(f) == 0 {
		return false
	}
	switch f[0] {
	case "employee", "employees", "name", "designation", "position", "department", "dept", "date", "no", "number", "id", "tin":
		return true
	}
	return false
}

// trimDebris drops the marks OCR reads from rules, bullets and logos at
// either end of a line ("(3) ", "| ", " —"): words with no letter.
func trimDebris(s segment) segment {
	i, j := 0, len(s.words)
	for i < j && (debris(s.words[i].Text) || i+1 < j && logoResidue(s.words[i].Text, s.words[i+1].Text)) {
		i++
	}
	for j > i && (debris(s.words[j-1].Text) || j-1 > i && trailingResidue(s.words[j-1].Text, s.fold[j-2])) {
		j--
	}
	if i == 0 && j == len(s.words) || i == j {
		return s
	}
	out := segment{words: s.words[i:j], fold: s.fold[i:j], box: s.words[i].Box}
	for _, w := range out.words {
		out.box = out.box.Union(w.Box)
	}
	return out
}

// logoResidue says w, a word of one or two letters, the first in lower
// case, before a capitalised word, is what OCR read off a logo or a rule
// beside a letterhead ("i Lunas Beverages…", "ce Dalisay Trading", "eS
// Tanglaw-Alon Fishing"): names do not open with such a word, but with a
// particle ("de", "la", "ng") they may.
func logoResidue(w, next string) bool {
	rs := []rune(w)
	if first, _ := utf8.DecodeRuneInString(next); len(rs) == 0 || len(rs) > 2 || !unicode.IsUpper(first) {
		return false
	}
	if !unicode.IsLower(rs[0]) || !all(rs, unicode.IsLetter) {
		return false
	}
	switch w {
	case "de", "la", "el", "ng", "sa", "y", "of", "at", "an", "a":
		return false
	}
	return true
}

// trailingResidue says w, a word of one or two small letters after a
// company's suffix (prev, folded) that ends the line, is what OCR read off
// a mark or a rule beside it ("ARAW APPAREL, INC. oe"): a name's words do
// not go on after its suffix in small letters.
func trailingResidue(w, prev string) bool {
	rs := []rune(w)
	return len(rs) <= 2 && companySuffixes[prev] && all(rs, unicode.IsLower)
}

func all(rs []rune, f func(rune) bool) bool {
	for _, r := range rs {
		if !f(r) {
			return false
		}
	}
	return true
}

// debris says a word is marks, not part of a name: it has no letter, and
// is not a plain number ("3 Kings Bakery", "Studio 54").
func debris(w string) bool {
	return !strings.ContainsFunc(w, unicode.IsLetter) && strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsDigit(r) })
}

func foldFields(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if f := foldWord(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (l *layout) nameAfter(r *row, h labelHit) string {
	var parts []string
	lastX := h.box.X1
	for k := h.to; k < len(r.words); k++ {
		w := r.words[k]
		if w.Box.X0-lastX > l.lineH*5 && len(parts) > 0 {
			break
		}
		if w.Box.X0-lastX > l.page.Width/3 {
			break
		}
		parts = append(parts, w.Text)
		lastX = w.Box.X1
	}
	s := cleanName(strings.Join(parts, " "))
	if len(strings.Fields(s)) == 0 || !strings.ContainsFunc(s, isLetter) {
		return ""
	}
	return s
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func looksLikeName(s segment) bool {
	letters := 0
	for _, w := range s.words {
		for _, c := range w.Text {
			if isLetter(c) {
				letters++
			}
		}
	}
	if letters < 4 {
		return false
	}
	title := 0
	for _, f := range s.fold {
		if titleWords[f] {
			title++
		}
	}
	return title*2 < len(s.fold) && !(title > 0 && len(s.fold) <= 2)
}

// hasCompanySuffix says the segment is a name with a company word in it
// ("Company" alone is a caption, not a name).
func hasCompanySuffix(s segment) bool {
	suffix, other := false, false
	for _, f := range s.fold {
		if companySuffixes[f] {
			suffix = true
		} else if len(f) >= 2 {
			other = true
		}
	}
	return suffix && other
}

// cleanName trims separators and label punctuation around a name, and a
// logo's initials printed before it ("GWS Ginhawa Wellness Spa").
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, ":-–|·• ")
	s = strings.TrimRight(s, ",:;-–|·• ")
	f := strings.Fields(s)
	for len(f) > 1 && debris(f[0]) {
		f = f[1:] // "(3) ACME CORP": a bullet or a logo read as marks
	}
	for len(f) > 1 && debris(f[len(f)-1]) {
		f = f[:len(f)-1]
	}
	if len(f) > 2 && isInitialsOf(f[0], f[1:]) {
		f = f[1:]
	}
	for i, w := range f {
		// A capital I read as a small l before another: "llog" is
		// "Ilog"; no name's word opens with two small l's.
		if rs := []rune(w); len(rs) > 2 && rs[0] == 'l' && rs[1] == 'l' && unicode.IsLower(rs[2]) {
			f[i] = "I" + string(rs[1:])
		}
	}
	// "Inc." read with its c as an e, or its I as a small l: no name
	// ends in "Ine".
	if n := len(f); n > 1 {
		switch strings.TrimRight(f[n-1], ".,") {
		case "Ine", "lnc":
			f[n-1] = "Inc."
		case "INE", "lNC":
			f[n-1] = "INC."
		}
	}
	return strings.Join(f, " ")
}

func isInitialsOf(tok string, all []string) bool {
	var words []string
	for _, w := range all {
		switch strings.ToLower(w) {
		case "and", "of", "the", "&", "de", "y":
			continue
		}
		words = append(words, w)
	}
	if len(tok) < 2 || len(tok) > 6 || len(tok) > len(words) || strings.ToUpper(tok) != tok {
		return false
	}
	for i, c := range tok {
		w := words[i]
		if w == "" || !strings.EqualFold(w[:1], string(c)) {
			return false
		}
	}
	return true
}

func hasHeaderWord(s segment) bool {
	for _, f := range s.fold {
		if _, ok := headerWords[f]; ok {
			return true
		}
		switch f {
		case "description", "deductions", "taxes", "total":
			return true
		}
	}
	return false
}

// trimAfterSuffix cuts a name after its last company suffix when title
// words follow it on the same line ("... Co. PAYROLL SLIP").
func trimAfterSuffix(s segment) segment {
	last := -1
	for i, f := range s.fold {
		if companySuffixes[f] {
			last = i
		}
	}
	if last < 0 || last == len(s.fold)-1 {
		return s
	}
	// The words cut must be the title's: a misread word between the
	// suffix and the title ("Services Enterpris@gmpioyee Pay Statement")
	// may be the name's own last word.
	for _, f := range s.fold[last+1 : last+2] {
		if titleWords[f] {
			out := segment{words: s.words[:last+1], fold: s.fold[:last+1], box: s.words[0].Box}
			for _, w := range out.words {
				out.box = out.box.Union(w.Box)
			}
			return out
		}
	}
	return s
}

// looksLikeAddress says a line is a street address, not a name.
// A name that opens with a number ("3 Kings Bakeshop Inc.") is a name when
// it carries a company suffix and no street word.
func looksLikeAddress(s segment) bool {
	for _, f := range s.fold {
		switch f {
		case "st", "street", "brgy", "barangay", "ave", "avenue", "blvd", "road", "rd", "city", "floor", "bldg", "building", "unit", "highway", "suite":
			return true
		}
	}
	return len(s.words) > 0 && s.words[0].Text[0] >= '0' && s.words[0].Text[0] <= '9' && !hasCompanySuffix(s)
}

// captionOrDate says a line is a caption with its value ("Pay Period:
// June 1-15, 2025"), not a name: a word ends with a colon, or it holds a
// date.
func captionOrDate(s segment) bool {
	for _, w := range s.words {
		if strings.HasSuffix(w.Text, ":") {
			return true
		}
	}
	if _, ok := parse.ParsePeriod(s.text()); ok {
		return true
	}
	for i := range s.words {
		for n := 1; n <= 3 && i+n <= len(s.words); n++ {
			if _, ok := parse.ParseDate(joinWords(s.words, i, i+n), parse.DateHint{}); ok {
				return true
			}
		}
	}
	return false
}
