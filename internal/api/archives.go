package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"talaan/internal/archive"
	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/storage"
)

func (s *Server) createArchive(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.create(w, r, p, storage.SourceArchive)
}

func (s *Server) createUpload(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.create(w, r, p, storage.SourceUpload)
}

// create stores an archive (tenant) or upload (user token): files to the
// blob store, then the row, its processing job and its ARCHIVE_STARTED
// deliveries in one transaction.
func (s *Server) create(w http.ResponseWriter, r *http.Request, p principal, source string) error {
	in, err := s.receive(w, r, p)
	if err != nil {
		return err
	}
	a, err := s.commitArchive(r.Context(), p, source, in)
	if err != nil {
		s.dropBlobs(context.WithoutCancel(r.Context()), in.files)
		return err
	}
	s.log.Info("archive received", "archive_id", a.ID, "source", source, "files", len(a.Files))
	v, err := s.archiveView(r.Context(), a)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, v)
	return nil
}

func (s *Server) commitArchive(ctx context.Context, p principal, source string, in intake) (storage.Archive, error) {
	now := s.now()
	userID := in.userID
	switch {
	case p.IsUser():
		if userID != "" && userID != p.UserID {
			return storage.Archive{}, &apiError{http.StatusForbidden, codeForbidden, "userId: a user token can only upload for its own user."}
		}
		userID = p.UserID
	case userID == "":
		// Smile: no userId means a new user for this archive.
		u := storage.User{ID: ids.NewAt(ids.User, now), TenantID: p.TenantID, CreatedAt: now}
		tok, _ := s.newToken(p.TenantID, u.ID, now)
		if err := s.archives.CreateUser(ctx, u, tok); err != nil {
			return storage.Archive{}, err
		}
		userID = u.ID
	default:
		if _, err := s.store.GetUser(ctx, p.TenantID, userID); err != nil {
			return storage.Archive{}, problem.OrNotFound(err, "user", userID)
		}
	}
	a := storage.Archive{ID: ids.NewAt(ids.Archive, now), TenantID: p.TenantID, UserID: userID, Source: source,
		ProviderID: "tenant-provided", FileType: in.fileType, Status: storage.StatusStarted, CreatedAt: now, UpdatedAt: now}
	if source == storage.SourceUpload {
		a.ID, a.ProviderID = ids.NewAt(ids.Upload, now), "user-provided"
	}
	if a.FileType == "" {
		a.FileType = "OTHERS"
	}
	for _, f := range in.files {
		f.ArchiveID = a.ID
		a.Files = append(a.Files, f)
	}
	return a, s.archives.Create(ctx, a)
}

// archiveFilter reads the list filters shared by /archives and /uploads.
func archiveFilter(r *http.Request, p principal) (storage.ArchiveFilter, error) {
	pg, err := page(r)
	if err != nil {
		return storage.ArchiveFilter{}, err
	}
	q := r.URL.Query()
	f := storage.ArchiveFilter{TenantID: p.TenantID, UserID: q.Get("userId"), FileType: q.Get("fileType"), Page: pg}
	if p.IsUser() {
		if f.UserID != "" && f.UserID != p.UserID {
			return f, &apiError{http.StatusForbidden, codeForbidden, "userId: a user token can only read its own uploads."}
		}
		f.UserID = p.UserID
	}
	if f.From, err = day(q.Get("startDate"), "startDate", false); err != nil {
		return f, err
	}
	if f.To, err = day(q.Get("endDate"), "endDate", true); err != nil {
		return f, err
	}
	return f, nil
}

// day parses YYYY-MM-DD; end gives the day's last instant.
func day(v, field string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, problem.Invalidf("%s: must be a date YYYY-MM-DD.", field)
	}
	if end {
		t = t.Add(24*time.Hour - time.Microsecond)
	}
	return t, nil
}

func (s *Server) listArchives(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := archiveFilter(r, p)
	if err != nil {
		return err
	}
	return s.writeArchives(w, r, f)
}

func (s *Server) listUploads(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := archiveFilter(r, p)
	if err != nil {
		return err
	}
	f.Source = storage.SourceUpload
	return s.writeArchives(w, r, f)
}

func (s *Server) writeArchives(w http.ResponseWriter, r *http.Request, f storage.ArchiveFilter) error {
	items, next, err := s.store.ListArchives(r.Context(), f)
	if err != nil {
		return err
	}
	out, err := s.archiveViews(r.Context(), items)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, newList(out, next))
	return nil
}

func (s *Server) getArchive(w http.ResponseWriter, r *http.Request, p principal) error {
	a, err := s.store.GetArchive(r.Context(), p.TenantID, r.PathValue("id"))
	if err != nil {
		return problem.OrNotFound(err, "archive", r.PathValue("id"))
	}
	v, err := s.archiveView(r.Context(), a)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, v)
	return nil
}

func (s *Server) getUpload(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	a, err := s.store.GetArchive(r.Context(), p.TenantID, id)
	if err != nil {
		return problem.OrNotFound(err, "upload", id)
	}
	if a.Source != storage.SourceUpload || (p.IsUser() && a.UserID != p.UserID) {
		return problem.NotFoundf("upload", id)
	}
	v, err := s.archiveView(r.Context(), a)
	if err != nil {
		return err
	}
	s.ok(w, r, http.StatusOK, v)
	return nil
}

// revokeArchive deletes the archive's files and incomes at once; the blob
// deletion is also queued in the same transaction, so it happens even if
// this process dies right after.
func (s *Server) revokeArchive(w http.ResponseWriter, r *http.Request, p principal) error {
	id := r.PathValue("id")
	ctx := r.Context()
	a, err := s.store.GetArchive(ctx, p.TenantID, id)
	if err != nil {
		return problem.OrNotFound(err, "archive", id)
	}
	if a.Status == storage.StatusRevoked {
		return &apiError{http.StatusNotFound, codeMissing, fmt.Sprintf("archive %q was already revoked", id)}
	}
	keys, err := s.archives.Revoke(ctx, a, s.now())
	if err != nil {
		if errors.Is(err, storage.ErrConflict) {
			return &apiError{http.StatusNotFound, codeMissing, fmt.Sprintf("archive %q was already revoked", id)}
		}
		return problem.OrNotFound(err, "archive", id)
	}
	for _, k := range keys {
		if err := s.blobs.Delete(context.WithoutCancel(ctx), k); err != nil {
			s.log.Warn("delete revoked blob (the queued job will retry)", "archive_id", id, "err", err)
		}
	}
	s.log.Info("archive revoked", "archive_id", id)
	writeJSON(w, http.StatusOK, envelope{Code: codeOK, Message: "Success", RequestID: requestID(ctx)})
	return nil
}

// classifyArchive stores the archive like POST /archives, and also reads
// the first file at once to answer with its classification. The stored
// archive is then processed as usual.
func (s *Server) classifyArchive(w http.ResponseWriter, r *http.Request, p principal) error {
	if s.classify == nil {
		return &apiError{http.StatusServiceUnavailable, codeUnavailable, "Classification is not available on this server."}
	}
	// One synchronous classification per tenant at a time, taken before
	// the body is read, so a refused request stores nothing: the client
	// retries, or uses POST /v1/archives, whose processing is queued.
	release, ok := s.classifySlots.tenant(p.TenantID)
	if !ok {
		return busyTenant("synchronous classifications (POST /v1/archives queues the same work without waiting)")
	}
	defer release()
	in, err := s.receive(w, r, p)
	if err != nil {
		return err
	}
	a, err := s.commitArchive(r.Context(), p, storage.SourceArchive, in)
	if err != nil {
		s.dropBlobs(context.WithoutCancel(r.Context()), in.files)
		return err
	}
	view, err := s.archiveView(r.Context(), a)
	if err != nil {
		return err
	}
	ft, err := s.classifyFile(r.Context(), a.Files[0])
	if err != nil {
		return err
	}
	if ft != "" {
		view.Type = ft
		view.Classification = &classificationJSON{FileType: ft}
	}
	s.ok(w, r, http.StatusOK, view)
	return nil
}

func (s *Server) classifyFile(ctx context.Context, f storage.RawFile) (string, error) {
	release, _, err := s.classifySlots.any(ctx, 0)
	if err != nil {
		return "", err
	}
	defer release()
	rc, err := s.blobs.Open(ctx, f.BlobKey)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", f.ID, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", f.ID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	out, err := s.classify.Process(ctx, f.Name, data)
	if err != nil {
		return "", fmt.Errorf("classify %s: %w", f.ID, err)
	}
	return archive.FileType(out.Kind), nil
}
