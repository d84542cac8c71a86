// Package parse reads the small values that payslips and tax records print:
// money amounts, dates, pay periods, pay frequencies, Philippine ID numbers
// and currencies, and folds label text so OCR'd labels can be matched
// fuzzily.
//
// Every function takes text and returns values: the package does no I/O,
// does not log and has no state. It is tolerant of the mistakes OCR makes
// (O for 0, l for 1, a comma read as a period) and says so through
// confidences and repair notes rather than guessing silently.
package parse
