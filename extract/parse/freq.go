package parse

import (
	"strings"
	"time"
)

// Frequencies are returned as the strings of the extract.Freq* constants.
var freqWords = map[string]string{
	"hourly": "Hourly", "perhour": "Hourly", "anhour": "Hourly",
	"daily": "Daily", "perday": "Daily", "arawan": "Daily",
	"weekly": "Weekly", "everyweek": "Weekly", "perweek": "Weekly", "lingguhan": "Weekly",
	"biweekly": "Biweekly", "everytwoweeks": "Biweekly", "every2weeks": "Biweekly", "everyotherweek": "Biweekly",
	"fortnightly": "Biweekly",
	"semimonthly": "Semimonthly", "twiceamonth": "Semimonthly", "twicemonthly": "Semimonthly",
	"kinsenas": "Semimonthly", "kinsenan": "Semimonthly", "kinsena": "Semimonthly",
	"monthly": "Monthly", "permonth": "Monthly", "everymonth": "Monthly", "buwanan": "Monthly",
	"bimonthly": "Bimonthly", "everytwomonths": "Bimonthly", "every2months": "Bimonthly", "everyothermonth": "Bimonthly",
	"quarterly": "Quarterly", "perquarter": "Quarterly", "everyquarter": "Quarterly",
	"annual": "Annually", "annually": "Annually", "yearly": "Annually", "peryear": "Annually", "perannum": "Annually",
	"taunan": "Annually",
}

// NormalizeFrequency maps a printed pay frequency ("Semi-Monthly",
// "every two weeks", "Kinsenas", "yearly") to one of "Hourly", "Daily",
// "Weekly", "Biweekly", "Semimonthly", "Monthly", "Bimonthly", "Quarterly",
// "Annually". It tolerates a label around the word ("Pay Frequency:
// Monthly") and small OCR slips ("Montly"). "Bi-monthly" means every two
// months here; use NormalizeFrequencyPH for Philippine documents.
func NormalizeFrequency(word string) (string, bool) {
	folded := Fold(word)
	joined := strings.ReplaceAll(folded, " ", "")
	if f := freqWords[joined]; f != "" {
		return f, true
	}
	if f := statedFrequency(folded); f != "" {
		return f, true
	}
	best, bestSim, tie := "", 0.0, false
	for key, f := range freqWords {
		if len(key) < 6 {
			continue
		}
		switch sim := similarFolded(joined, key); {
		case sim > bestSim:
			best, bestSim, tie = f, sim, false
		case sim == bestSim && f != best:
			tie = true
		}
	}
	if bestSim < 0.8 || tie {
		return "", false
	}
	return best, true
}

// NormalizeFrequencyPH is NormalizeFrequency for Philippine documents,
// where "bi-monthly" pay is customarily twice a month: it maps
// "bi-monthly" and "bimonthly" to "Semimonthly".
func NormalizeFrequencyPH(word string) (string, bool) {
	f, ok := NormalizeFrequency(word)
	if f == "Bimonthly" && !strings.Contains(strings.ReplaceAll(Fold(word), " ", ""), "every") {
		f = "Semimonthly"
	}
	return f, ok
}

// InferFrequency names the pay frequency a period implies: "Weekly"
// (7 days), "Biweekly" (14), "Semimonthly" (the 1st to the 15th, the 16th
// to the month's end, or any 15 or 16 days), "Monthly" (a calendar month,
// or 28 to 31 days), "Bimonthly" (two calendar months), "Quarterly" (three
// calendar months, or 89 to 92 days), "Annually" (a calendar year, or 365
// or 366 days) and "Daily" (one day). ok is false for other lengths.
func InferFrequency(start, end time.Time) (freq string, ok bool) {
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	s := time.Date(sy, sm, sd, 0, 0, 0, 0, time.UTC)
	e := time.Date(ey, em, ed, 0, 0, 0, 0, time.UTC)
	if e.Before(s) || e.Sub(s) > maxPeriodDays*24*time.Hour {
		return "", false
	}
	days := int(e.Sub(s).Hours()/24+0.5) + 1
	monthEnd := e.AddDate(0, 0, 1).Day() == 1
	months := (ey-sy)*12 + int(em-sm) + 1
	whole := sd == 1 && monthEnd
	switch {
	case whole && months == 12:
		return "Annually", true
	case whole && months == 3:
		return "Quarterly", true
	case whole && months == 2:
		return "Bimonthly", true
	case whole && months == 1:
		return "Monthly", true
	case months == 1 && (sd == 1 && ed == 15 || sd == 16 && monthEnd):
		return "Semimonthly", true
	case days == 1:
		return "Daily", true
	case days == 7:
		return "Weekly", true
	case days == 14:
		return "Biweekly", true
	case days == 15 || days == 16:
		return "Semimonthly", true
	case days >= 28 && days <= 31:
		return "Monthly", true
	case days >= 89 && days <= 92:
		return "Quarterly", true
	case days == 365 || days == 366:
		return "Annually", true
	}
	return "", false
}
