package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"talaan/internal/archive"
	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/ocr"
	"talaan/storage"
)

// maxJSONBody caps a JSON request with base64 files: one 15 MB file is
// 20 MB of base64. Larger or many files go as multipart/form-data, which
// streams.
const maxJSONBody = 32 << 20

var fileSubtypes = "PAYSLIP PERSONAL_INFORMATION EMPLOYMENT_INFORMATION TAX_PAYMENT COMPANY_ID_FRONT COMPANY_ID_BACK CARD_FRONT CARD_BACK"

type fileObject struct {
	FileSubtype       *string `json:"fileSubtype" validate:"omitempty,oneof=PAYSLIP PERSONAL_INFORMATION EMPLOYMENT_INFORMATION TAX_PAYMENT COMPANY_ID_FRONT COMPANY_ID_BACK CARD_FRONT CARD_BACK"`
	FileName          *string `json:"fileName" validate:"omitempty,max=255"`
	FileExtensionType string  `json:"fileExtensionType" validate:"required,oneof=PDF PNG JPG JPEG TIFF"`
	FileContent       string  `json:"fileContent" validate:"required"`
}

type createArchiveRequest struct {
	UserID   *string      `json:"userId" validate:"omitempty,max=200"`
	FileType *string      `json:"fileType"`
	RawFiles []fileObject `json:"rawFiles" validate:"required,min=1,dive"`
}

// intake is a request's files, already in the blob store, and its fields.
type intake struct {
	userID   string
	fileType string
	files    []storage.RawFile
}

// receive reads an archive or upload request (JSON or multipart), checks
// every file and streams it to the blob store. On error nothing it stored
// is left behind.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, p principal) (in intake, err error) {
	defer func() {
		if err != nil {
			s.dropBlobs(context.WithoutCancel(r.Context()), in.files)
			in.files = nil
		}
	}()
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		err = s.receiveMultipart(w, r, p, &in)
	case "application/json", "":
		err = s.receiveJSON(w, r, p, &in)
	default:
		err = unsupportedMedia("Content-Type %q is not accepted; send application/json (Smile's rawFiles with base64 fileContent) or multipart/form-data.", mt)
	}
	if err != nil {
		return in, err
	}
	if in.fileType != "" && !validFileType(in.fileType) {
		return in, problem.Invalidf("fileType: must be one of PAYSLIP, TAX_DOCUMENT (see GET /v1/fileTypes).")
	}
	return in, nil
}

func (s *Server) receiveJSON(w http.ResponseWriter, r *http.Request, p principal, in *intake) error {
	release, ok := s.jsonSlots.tenant(p.TenantID)
	if !ok {
		return busyTenant("JSON uploads (send files as multipart/form-data to avoid this limit)")
	}
	defer release()
	release, ok, err := s.jsonSlots.any(r.Context(), jsonSlotWait)
	if err != nil {
		return err
	}
	if !ok {
		return busyServer("JSON uploads (multipart/form-data is not limited this way)")
	}
	defer release()
	var req createArchiveRequest
	if err := s.decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return err
	}
	if len(req.RawFiles) > s.cfg.MaxFiles {
		return problem.Invalidf("rawFiles: takes at most %d files per archive.", s.cfg.MaxFiles)
	}
	if req.UserID != nil {
		in.userID = *req.UserID
	}
	if req.FileType != nil {
		in.fileType = *req.FileType
	}
	for i, fo := range req.RawFiles {
		field := fmt.Sprintf("rawFiles[%d]", i)
		if base64.StdEncoding.DecodedLen(len(fo.FileContent)) > int(s.cfg.MaxFileBytes)+3 {
			return tooLarge("%s.fileContent: the file is larger than %s.", field, sizeText(s.cfg.MaxFileBytes))
		}
		data, err := base64.StdEncoding.DecodeString(fo.FileContent)
		if err != nil {
			return problem.Invalidf("%s.fileContent: is not valid base64 (standard alphabet, with padding).", field)
		}
		name, sub := "", ""
		if fo.FileName != nil {
			name = *fo.FileName
		}
		if fo.FileSubtype != nil {
			sub = *fo.FileSubtype
		}
		f, err := s.storeFile(r.Context(), p.TenantID, field, name, sub, fo.FileExtensionType, bytes.NewReader(data))
		if err != nil {
			return err
		}
		in.files = append(in.files, f)
	}
	return nil
}

// maxMultipartBody caps a multipart request: every file at its largest,
// with room for the parts' headers and fields.
func (s *Server) maxMultipartBody() int64 {
	return int64(s.cfg.MaxFiles)*(s.cfg.MaxFileBytes+1<<20) + 1<<20
}

func (s *Server) receiveMultipart(w http.ResponseWriter, r *http.Request, p principal, in *intake) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxMultipartBody())
	mr, err := r.MultipartReader()
	if err != nil {
		return problem.Unreadable(err, "The multipart body cannot be read: send Content-Type multipart/form-data with a boundary.")
	}
	sub := ""
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return tooLarge("The request is too large: at most %d files of %s each.", s.cfg.MaxFiles, sizeText(s.cfg.MaxFileBytes))
			}
			return problem.Unreadable(err, "The multipart body is malformed: a part's boundary or headers could not be read.")
		}
		name := part.FormName()
		switch name {
		case "file", "files", "rawFiles":
			if len(in.files) == s.cfg.MaxFiles {
				return problem.Invalidf("file: takes at most %d files per archive.", s.cfg.MaxFiles)
			}
			field := fmt.Sprintf("file[%d]", len(in.files))
			f, err := s.storeFile(r.Context(), p.TenantID, field, part.FileName(), sub, "", part)
			if err != nil {
				return err
			}
			in.files = append(in.files, f)
		case "userId", "fileType", "fileSubtype":
			v, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return problem.Invalidf("%s: cannot be read.", name)
			}
			val := strings.TrimSpace(string(v))
			switch name {
			case "userId":
				in.userID = val
			case "fileType":
				in.fileType = val
			case "fileSubtype":
				if val != "" && !strings.Contains(" "+fileSubtypes+" ", " "+val+" ") {
					return problem.Invalidf("fileSubtype: must be one of %s.", strings.ReplaceAll(fileSubtypes, " ", ", "))
				}
				sub = val
			}
		default:
			// Unknown fields are drained, not stored.
			if _, err := io.Copy(io.Discard, io.LimitReader(part, 1<<20)); err != nil {
				return problem.Invalidf("The multipart body cannot be read.")
			}
		}
	}
	if len(in.files) == 0 {
		return problem.Invalidf("file: at least one file is required (a form field named \"file\").")
	}
	return nil
}

var errTooLarge = errors.New("file too large")

type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// storeFile checks one file's real type from its first bytes and streams
// it to the blob store under an unguessable key, refusing it past the size
// limit. field names the file in error messages.
func (s *Server) storeFile(ctx context.Context, tenantID, field, name, subType, declared string, r io.Reader) (storage.RawFile, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, err := br.Peek(1100)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return storage.RawFile{}, tooLarge("%s: the request is too large.", field)
		}
		return storage.RawFile{}, problem.Unreadable(err, "%s: cannot be read; the upload was cut short or malformed.", field)
	}
	if len(head) == 0 {
		return storage.RawFile{}, problem.Invalidf("%s: the file is empty.", field)
	}
	format := ""
	switch ocr.Sniff(head) {
	case ocr.TypePDF:
		format = "PDF"
	case ocr.TypePNG:
		format = "PNG"
	case ocr.TypeJPEG:
		format = "JPEG"
		if declared == "JPG" || strings.EqualFold(path.Ext(name), ".jpg") {
			format = "JPG"
		}
	case ocr.TypeTIFF:
		format = "TIFF"
	default:
		return storage.RawFile{}, unsupportedMedia("%s: the file is not a PDF, PNG, JPEG or TIFF (its content was checked, not its name).", field)
	}
	now := s.now()
	id := ids.NewAt(ids.File, now)
	key := archive.BlobPrefix + tenantID + "/" + id + "-" + ids.Secret(8)
	n, err := s.blobs.Put(ctx, key, &capReader{r: br, left: s.cfg.MaxFileBytes + 1})
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, errTooLarge):
			return storage.RawFile{}, tooLarge("%s: the file is larger than %s.", field, sizeText(s.cfg.MaxFileBytes))
		case errors.As(err, &mbe):
			return storage.RawFile{}, tooLarge("%s: the request is too large.", field)
		}
		return storage.RawFile{}, fmt.Errorf("store %s: %w", field, err)
	}
	if n > s.cfg.MaxFileBytes {
		_ = s.blobs.Delete(context.WithoutCancel(ctx), key)
		return storage.RawFile{}, tooLarge("%s: the file is larger than %s.", field, sizeText(s.cfg.MaxFileBytes))
	}
	name = cleanName(name)
	if name == "" {
		name = id + "." + strings.ToLower(format)
	}
	return storage.RawFile{ID: id, TenantID: tenantID, Name: name, SubType: subType, Format: format,
		Size: n, BlobKey: key, CreatedAt: now, ExpiresAt: now.Add(s.cfg.Retention)}, nil
}

// maxNameRunes is how long a stored file name may be, in characters (the
// JSON fileName's own limit).
const maxNameRunes = 255

// cleanName keeps a file name printable, valid UTF-8 and short; it is
// shown, never used as a path. Control characters go, and so do the
// bidirectional controls that make "invoice\u202Efdp.exe" display as
// "invoiceexe.pdf". A long name is cut on a character boundary, keeping a
// short extension.
func cleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || isBidiControl(r) {
			return -1
		}
		return r
	}, name))
	if utf8.RuneCountInString(name) <= maxNameRunes {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 || ext == name {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	return string(stem[:maxNameRunes-utf8.RuneCountInString(ext)]) + ext
}

// isBidiControl reports the characters that reorder displayed text: the
// marks (LRM, RLM, ALM), embeddings and overrides (U+202A..U+202E) and
// isolates (U+2066..U+2069), plus the other invisible format characters a
// name has no use for (byte order mark, line and paragraph separators).
func isBidiControl(r rune) bool {
	switch {
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0xFEFF, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func (s *Server) dropBlobs(ctx context.Context, files []storage.RawFile) {
	for _, f := range files {
		if err := s.blobs.Delete(ctx, f.BlobKey); err != nil {
			s.log.Warn("delete blob of refused upload", "file_id", f.ID, "err", err)
		}
	}
}
