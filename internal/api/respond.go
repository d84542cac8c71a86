package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"

	"talaan/internal/ids"
	"talaan/internal/problem"
	"talaan/storage"
)

// Smile's response codes.
const (
	codeOK             = "OK"
	codeCreated        = "CREATED"
	codeBadCredentials = "INVALID_CREDENTIALS"
	codeBadParams      = "INVALID_PARAMETERS"
	codeBadToken       = "INVALID_TOKEN"
	codeForbidden      = "UNAUTHORIZED_ACCESS"
	codeMissing        = "MISSING_RESOURCE"
	codeServerError    = "SERVER_ERROR"
	codeBadMethod      = "UNSUPPORTED_METHOD"
	codeUnavailable    = "SERVER_UNAVAILABLE"
	codeLimit          = "REQUEST_LIMIT_EXCEEDED"
	codeTimeLimit      = "TIME_LIMIT_EXCEEDED"
)

// apiError is an error with the status, Smile code and public message the
// client gets. Any other error is a 500 whose chain only the log sees.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

// problemStatus is the status and Smile code of each kind of problem (a
// request that cannot be taken, something not there, a credential that may
// not): the one place the API maps the application's problems.
var problemStatus = map[problem.Kind]apiError{
	problem.Invalid:   {http.StatusBadRequest, codeBadParams, ""},
	problem.Conflict:  {http.StatusBadRequest, codeBadParams, ""},
	problem.NotFound:  {http.StatusNotFound, codeMissing, ""},
	problem.Forbidden: {http.StatusForbidden, codeForbidden, ""},
}

func tooLarge(format string, a ...any) error {
	return &apiError{http.StatusRequestEntityTooLarge, codeBadParams, fmt.Sprintf(format, a...)}
}

func unsupportedMedia(format string, a ...any) error {
	return &apiError{http.StatusUnsupportedMediaType, codeBadParams, fmt.Sprintf(format, a...)}
}

type envelope struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
	Data      any    `json:"data,omitempty"`
}

type ctxKey int

const requestIDKey ctxKey = 1

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// withRequestID gives every request an id, returned in the envelope and the
// X-Request-Id header, and logs the request's outcome (never its body).
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := ids.Secret(16)
		id = id[:8] + "-" + id[8:12] + "-" + id[12:16] + "-" + id[16:20] + "-" + id[20:32]
		w.Header().Set("X-Request-Id", id)
		rw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		lvl := slog.LevelDebug
		if rw.status >= 500 {
			lvl = slog.LevelWarn
		}
		s.log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "status", rw.status, "request_id", id)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) ok(w http.ResponseWriter, r *http.Request, status int, data any) {
	code := codeOK
	if status == http.StatusCreated {
		code = codeCreated
	}
	writeJSON(w, status, envelope{Code: code, Message: "Success", RequestID: requestID(r.Context()), Data: data})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	writeRaw(w, status, b.Bytes())
}

// writeRaw answers with a JSON document already encoded.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// fail answers with the error's envelope; unexpected errors are logged
// with the request id and answered with a generic 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var pe *problem.Error
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &pe) && pe.Kind != problem.Internal:
		st := problemStatus[pe.Kind]
		ae = &apiError{st.status, st.code, pe.Text()}
		if pe.Err != nil {
			s.log.Info("request refused", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r.Context()), "status", ae.status, "err", pe.Err)
		}
	case errors.Is(err, storage.ErrNotFound):
		ae = &apiError{http.StatusNotFound, codeMissing, "The resource was not found."}
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return // the client went away
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r.Context()), "err", err)
		ae = &apiError{http.StatusInternalServerError, codeServerError, "Something went wrong on our side. Quote the requestId if you contact support."}
	}
	var re *retryError
	if errors.As(err, &re) {
		w.Header().Set("Retry-After", retryAfterHeader(re.after))
	}
	if ae.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="talaan"`)
	}
	writeJSON(w, ae.status, envelope{Code: ae.code, Message: ae.message, RequestID: requestID(r.Context()), Data: struct{}{}})
}

// decodeJSON reads a JSON body of at most limit bytes into v and validates it.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return unsupportedMedia("Content-Type %q is not accepted here; send application/json.", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &mbe):
			return tooLarge("The request body is larger than %s. Send large files as multipart/form-data.", sizeText(limit))
		case errors.Is(err, io.EOF):
			return problem.Invalidf("The request body is empty; send a JSON object.")
		case errors.As(err, &te):
			return problem.Invalidf("%s: must be %s.", te.Field, jsonTypeName(te.Type.Kind().String()))
		case errors.As(err, &se):
			return problem.Invalidf("The request body is not valid JSON (at byte %d).", se.Offset)
		}
		return problem.Invalidf("The request body is not valid JSON: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	return s.check(v)
}

// sizeText says a byte limit the way a person reads it: "15 MB", "64 KB",
// "1.5 MB", "100 bytes"; never rounded down to "0 MB".
func sizeText(n int64) string {
	unit := func(size int64, name string) string {
		if n%size == 0 {
			return strconv.FormatInt(n/size, 10) + " " + name
		}
		return strconv.FormatFloat(float64(n)/float64(size), 'f', 1, 64) + " " + name
	}
	switch {
	case n >= 1<<20:
		return unit(1<<20, "MB")
	case n >= 1<<10:
		return unit(1<<10, "KB")
	case n == 1:
		return "1 byte"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a number"
}

// check validates v with the struct tags; the error names the JSON field.
func (s *Server) check(v any) error {
	err := s.validate.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) || len(verrs) == 0 {
		return problem.Invalidf("The request is not valid.")
	}
	fe := verrs[0]
	field := fe.Namespace()
	if i := strings.IndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	return problem.Invalidf("%s: %s.", field, describe(fe))
}

func describe(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "oneof":
		return "must be one of " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "min":
		if fe.Kind().String() == "slice" {
			return "needs at least " + fe.Param() + " item(s)"
		}
		return "must be at least " + fe.Param() + " characters"
	case "max":
		if fe.Kind().String() == "slice" || fe.Kind().String() == "map" {
			return "takes at most " + fe.Param() + " item(s)"
		}
		return "must be at most " + fe.Param() + " characters"
	case "base64":
		return "must be base64 (standard alphabet, with padding)"
	case "url":
		return "must be an absolute URL"
	case "printascii":
		return "must be printable ASCII"
	case "datetime":
		return "must be a date YYYY-MM-DD"
	case "gte":
		return "must be at least " + fe.Param()
	}
	return "is not valid (" + fe.Tag() + ")"
}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	return v
}

// page reads size and cursor. Cursors are opaque: base64 of the last id.
func page(r *http.Request) (storage.Page, error) {
	p := storage.Page{Size: storage.DefaultPageSize}
	q := r.URL.Query()
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > storage.MaxPageSize {
			return p, problem.Invalidf("size: must be a number from 1 to %d.", storage.MaxPageSize)
		}
		p.Size = n
	}
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(raw) == 0 || len(raw) > 100 {
			return p, problem.Invalidf("cursor: is not a cursor this API returned.")
		}
		p.After = string(raw)
	}
	return p, nil
}

func cursor(next string) string {
	if next == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(next))
}

// list is the data of a list response.
type list[T any] struct {
	NextCursor string `json:"nextCursor,omitempty"`
	Items      []T    `json:"items"`
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{NextCursor: cursor(next), Items: items}
}
