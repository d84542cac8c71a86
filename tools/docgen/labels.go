package docgen

import "talaan/extract"

// Label is one line of labels.jsonl, in the schema of the developer corpus
// (shared/corpus-ph/labels.jsonl).
type Label struct {
	File    string           `json:"file"`
	Kind    string           `json:"kind"`
	Quality string           `json:"quality"`
	Source  string           `json:"source"`
	License string           `json:"license"`
	Expect  string           `json:"expect"`
	Incomes []extract.Income `json:"incomes"`
	Notes   string           `json:"notes"`
}

// Label describes d rendered at q and stored as file (a path relative to
// the labels file); params are the rendering's parameters, if any.
func (d Doc) Label(file string, q Quality, params string) Label {
	l := Label{
		File:    file,
		Kind:    string(d.Kind),
		Quality: string(q),
		Source:  "generated",
		License: "CC0-1.0",
		Expect:  "income",
		Incomes: d.Incomes,
		Notes:   d.Notes + "; rendering " + string(q),
	}
	if q == QualityLowRes {
		l.Quality = "low-res" // the corpus's spelling
	}
	if d.Kind == extract.KindUnsupported {
		l.Kind = "other"
		l.Expect = "unsupported"
	}
	if l.Incomes == nil {
		l.Incomes = []extract.Income{}
	}
	if params != "" {
		l.Notes += "; render " + params
	}
	return l
}
