// Package docgen generates synthetic Philippine income documents (payslips,
// BIR Form 2316 certificates) and negatives (bills, letters, ID pages) with
// known truth values, for tests and for the accuracy harness.
//
// Every document is drawn from a seeded generator, so the same seed gives the
// same content and the same digital PDF bytes. Amounts are kept in integer
// centavos: gross is the sum of the printed earnings and net is gross less the
// printed deductions, to the centavo.
//
// The digital PDF is built in pure Go (fpdf) with embedded fonts; DejaVu
// (fonts/, Bitstream Vera licence) is embedded because it has the peso sign
// U+20B1, which neither the PDF core fonts nor the Go fonts have.
//
// Raster renderings (Render) need poppler's pdftoppm on PATH at run time; the
// degradations (rotation, blur, noise, perspective, lighting) are pure Go.
package docgen
