package api

import (
	"crypto/hmac"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"talaan/internal/problem"
	"talaan/storage"
)

var errBadLink = &apiError{http.StatusForbidden, codeForbidden, "This file link is invalid or has expired; read the archive again for a fresh link."}

// getFile serves a file through a signed link: the signature covers the
// file id and the expiry; a revoked or expired file is gone whatever the
// link says.
func (s *Server) getFile(w http.ResponseWriter, r *http.Request, _ principal) error {
	id := r.PathValue("id")
	q := r.URL.Query()
	exp, err := strconv.ParseInt(q.Get("expires"), 10, 64)
	if err != nil || !hmac.Equal([]byte(q.Get("signature")), []byte(s.sign(id, exp))) {
		return errBadLink
	}
	if s.now().Unix() >= exp {
		return errBadLink
	}
	f, err := s.store.GetFile(r.Context(), "", id)
	if err != nil {
		return problem.OrNotFound(err, "file", id)
	}
	if f.DeletedAt != nil || !s.now().Before(f.ExpiresAt) {
		return &apiError{http.StatusNotFound, codeMissing, "The file was deleted (revoked or past its retention)."}
	}
	rc, err := s.blobs.Open(r.Context(), f.BlobKey)
	if errors.Is(err, storage.ErrNotFound) {
		return &apiError{http.StatusNotFound, codeMissing, "The file was deleted (revoked or past its retention)."}
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	ct := map[string]string{"PDF": "application/pdf", "PNG": "image/png", "JPG": "image/jpeg", "JPEG": "image/jpeg", "TIFF": "image/tiff"}[f.Format]
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, rc); err != nil {
		s.log.Debug("file download interrupted", "file_id", id, "err", err)
	}
	return nil
}
