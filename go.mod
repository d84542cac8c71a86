module talaan

go 1.26.8

require (
	github.com/go-pdf/fpdf v0.9.0 // indirect
	github.com/otiai10/gosseract/v2 v2.4.1 // indirect
	github.com/pdfcpu/pdfcpu v0.15.0 // indirect
	golang.org/x/image v0.47.0 // indirect
)
