// Package tesseract is the ocr.Engine backed by Tesseract through gosseract,
// with Leptonica deskewing and Tesseract's orientation detection. It is the
// only package of talaan that uses cgo.
//
// # What it needs at run time
//
//   - libtesseract 5 and libleptonica (Debian: libtesseract5, liblept5; to
//     build: libtesseract-dev, libleptonica-dev, pkg-config).
//   - tessdata: the traineddata of every language in Options.Languages
//     (default eng; Debian: tesseract-ocr-eng, tesseract-ocr-fil) and
//     osd.traineddata for orientation detection (tesseract-ocr-osd), in
//     Options.TessdataPrefix, TESSDATA_PREFIX or Tesseract's built-in path.
//   - OMP_THREAD_LIMIT=1 in the environment when the process starts:
//     libtesseract's OpenMP threads make every page 2-3x slower on a shared
//     machine. Call EnsureThreadLimit first thing in main.
//   - 80-170 MB of memory per client in the Pool.
package tesseract
