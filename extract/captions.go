package extract

import "strings"

// Captions are written many ways: in English, Tagalog or Taglish, in
// payroll abbreviations ("GR. PAY", "TOT. DED.", "W/TAX"), or both
// languages at once ("Gross Earnings / Kabuuang Kita"). Rather than list
// every spelling in every vocabulary, each row also carries its words
// rewritten into the vocabularies' English (its canonical words), and the
// label search matches phrases against those too. A canonical word keeps
// the span of the printed words it came from, so a hit still points at the
// printed caption.

// canonTok is one canonical word and the printed words it stands for.
type canonTok struct {
	w        string
	from, to int // word indices in the row, to exclusive
}

// captionPhrases rewrite runs of printed words, folded, that mean one thing
// only together ("petsa ng sahod" is the pay date; "petsa" alone is a
// date), and abbreviations too short to expand alone ("g pay").
var captionPhrases = map[string]string{
	"petsa ng sahod": "pay date", "petsa ng bayad": "pay date", "petsa ng pagbabayad": "pay date",
	"araw ng sahod": "pay date", "araw ng bayad": "pay date", "petsa ng pasahod": "pay date",
	"petsa ng pagbayad": "pay date",
	"panahon ng sahod":  "pay period", "panahon ng pasahod": "pay period", "saklaw na petsa": "period covered",
	"petsa ng saklaw": "period covered", "sakop na petsa": "period covered",
	"halagang matatanggap": "net pay", "halagang natanggap": "net pay", "halagang tatanggapin": "net pay",
	"pangalan ng empleyado": "employee name", "pangalan ng kumpanya": "company name",
	"g pay": "gross pay", "n pay": "net pay", "w h tax": "withholding tax", "wh tax": "withholding tax",
	"w tax": "withholding tax",
}

// captionRewrites rewrite single printed words, folded: Tagalog caption words
// and payroll abbreviations. An empty rewrite drops the word (a plural
// marker).
var captionRewrites = map[string]string{
	// Tagalog and Taglish.
	"kabuuang": "total", "kabuuan": "total", "kita": "earnings", "kinita": "earnings",
	"sahod": "salary", "sweldo": "salary", "suweldo": "salary", "pasahod": "payroll",
	"netong": "net", "neto": "net", "kaltas": "deductions", "kaltasin": "deductions", "bawas": "deductions",
	"mga": "", "matatanggap": "net pay", "tatanggapin": "net pay", "buwis": "tax",
	"batayang": "basic", "batayan": "basic", "pangunahing": "basic", "empleyado": "employee", "manggagawa": "employee",
	"pangalan": "name", "panahon": "period", "saklaw": "coverage", "kumpanya": "company", "kompanya": "company", "petsa": "date",
	// Abbreviations.
	"tot": "total", "ttl": "total", "amt": "amount", "pmt": "payment", "pymt": "payment", "paymt": "payment", "gr": "gross", "grs": "gross",
	"ded": "deductions", "deds": "deductions", "deduc": "deductions", "deduct": "deductions", "dedn": "deductions",
	"dedns": "deductions", "dt": "date", "prd": "period", "emp": "employee", "empl": "employee",
	"sal": "salary", "reg": "regular", "contrib": "contribution", "contri": "contribution", "prem": "premium", "wtax": "withholding tax",
	"whtax": "withholding tax",
}

// canonWords rewrites a row's folded words into canonical words.
func canonWords(fold []string) []canonTok {
	// Split words joined by slashes ("kaltas/bawas", "w/tax"), keeping
	// each part's word index.
	type part struct {
		w   string
		idx int
	}
	var parts []part
	for i, f := range fold {
		if !strings.Contains(f, "/") {
			parts = append(parts, part{f, i})
			continue
		}
		for _, p := range strings.FieldsFunc(f, notAlnum) {
			parts = append(parts, part{p, i})
		}
	}
	var out []canonTok
	emit := func(words string, from, to int) {
		for _, w := range strings.Fields(words) {
			// "Kaltas/Bawas" is one caption, not "deductions deductions".
			if n := len(out); n > 0 && out[n-1].w == w && out[n-1].to >= from {
				out[n-1].to = max(out[n-1].to, to)
				continue
			}
			out = append(out, canonTok{w: w, from: from, to: to})
		}
	}
	for i := 0; i < len(parts); {
		matched := false
		for n := 3; n >= 2; n-- {
			if i+n > len(parts) {
				continue
			}
			ws := make([]string, n)
			for k := range n {
				ws[k] = parts[i+k].w
			}
			if c, ok := captionPhrases[strings.Join(ws, " ")]; ok {
				emit(c, parts[i].idx, parts[i+n-1].idx+1)
				i += n
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		p := parts[i]
		if c, ok := captionRewrites[p.w]; ok {
			emit(c, p.idx, p.idx+1)
		} else if p.w != "" {
			emit(p.w, p.idx, p.idx+1)
		}
		i++
	}
	return out
}

// canonDiffers says the canonical words of a row are not just its folded
// words, so matching them can find what matching the folded words did not.
func canonDiffers(fold []string, canon []canonTok) bool {
	n := 0
	for _, f := range fold {
		if f != "" {
			n++
		}
	}
	if n != len(canon) {
		return true
	}
	k := 0
	for _, f := range fold {
		if f == "" {
			continue
		}
		if canon[k].w != f {
			return true
		}
		k++
	}
	return false
}

// canonLabels finds phrases among a row's canonical words. Only exact
// matches count (a rewritten caption that is also misread is left to
// review), and they count as exact: the rewrite is a fixed table, and a
// caption it spells out in full ("NET AMT." as "net amount") must win over
// the shorter phrase its first word spells ("net").
func (l *layout) canonLabels(r *row, phrases []string) []labelHit {
	if !r.canonDiff {
		return nil
	}
	var out []labelHit
	for _, ph := range phrases {
		pw := strings.Fields(ph)
		for k := 0; k+len(pw) <= len(r.canon); k++ {
			ok := true
			for m, w := range pw {
				if r.canon[k+m].w != w {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			from, to := r.canon[k].from, r.canon[k+len(pw)-1].to
			// A phrase the folded words already spell is found by the
			// ordinary search.
			if strings.Join(r.fold[from:to], " ") == ph || l.spansGap(r, from, to) {
				continue
			}
			if n := len(out); n > 0 && out[n-1].phrase == ph && from < out[n-1].to {
				// One caption said in two languages over shared words
				// ("Petsa ng Bayad/Pay Date"): one hit spanning both, so
				// that what follows it is its value.
				from = out[n-1].from
				out = out[:n-1]
			}
			box := r.words[from].Box
			for m := from + 1; m < to; m++ {
				box = box.Union(r.words[m].Box)
			}
			out = append(out, labelHit{row: r.idx, from: from, to: to, box: box, quality: 1, phrase: ph})
		}
	}
	return out
}

// canonFoldText is the page's canonical words, a row a line, for phrase
// cues.
func canonFoldText(rows []*row) string {
	var sb strings.Builder
	for _, r := range rows {
		for i, c := range r.canon {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(c.w)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
