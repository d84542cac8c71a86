// Package openapitest checks HTTP exchanges against talaan's OpenAPI document, as a
// client generated from it would. Only tests import it, so kin-openapi and its router
// stay out of the service's binary.
package openapitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"talaan/internal/api/openapi"
)

// Validator checks HTTP exchanges against the OpenAPI document. It is meant for tests:
// it tells whether the server answers as the document says. It is safe for concurrent
// use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

// loaded parses and validates the embedded document once; kin-openapi documents are
// read-only once loaded.
var loaded = sync.OnceValues(func() (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Spec())
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	// The servers are relative (/v1, and / for /healthz), so routes match whatever the
	// request's scheme and host: tests run on random 127.0.0.1 ports.
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
})

// NewValidator returns a Validator for the embedded document.
func NewValidator() (*Validator, error) { return loaded() }

// Operations lists every operation of the document as "METHOD /v1/path/{param}" (the
// path with its server's base; /healthz has none), sorted, to compare with a server's
// route table.
func (v *Validator) Operations() []string {
	var ops []string
	for path, item := range v.doc.Paths.Map() {
		servers := v.doc.Servers
		if len(item.Servers) > 0 {
			servers = item.Servers
		}
		base := ""
		if len(servers) > 0 {
			base = strings.TrimSuffix(servers[0].URL, "/")
		}
		for method := range item.Operations() {
			ops = append(ops, method+" "+base+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// Check validates one exchange: the request (path, query and header parameters, and
// reqBody against the request body schema; authentication is not checked; skipped when
// the server refused the request with a 4xx) and the
// response (the status must be declared, or covered by a default response; a JSON body
// must match the schema of its status and content type; other bodies, such as files,
// need only a declared content type). It returns nil when both follow the document.
func (v *Validator) Check(req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) error {
	ctx := req.Context()
	name := req.Method + " " + req.URL.Path
	route, params, err := v.router.FindRoute(req)
	switch {
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return fmt.Errorf("no route in openapi.yaml for %s (the path has no %s operation)", name, req.Method)
	case err != nil:
		return fmt.Errorf("no route in openapi.yaml for %s", name)
	}

	opts := &openapi3filter.Options{
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		MultiError:          true,
		SkipSettingDefaults: true,
	}
	opts.WithCustomSchemaErrorFunc(schemaErrorText)

	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(reqBody))
	r.ContentLength = int64(len(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	// A request the server refused (4xx) is allowed not to follow the
	// document: tests send bad requests on purpose. Its answer must.
	if status < 400 || status >= 500 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Errorf("%s: request does not follow openapi.yaml: %s", name, errorText(err))
		}
	}

	if !isJSON(header.Get("Content-Type")) {
		if err := checkOpaque(route.Operation, status, header, respBody); err != nil {
			return fmt.Errorf("%s -> %d: response does not follow openapi.yaml: %w", name, status, err)
		}
		return nil
	}
	respOpts := *opts
	respOpts.IncludeResponseStatus = true
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                &respOpts,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		var respErr *openapi3filter.ResponseError
		if errors.As(err, &respErr) && respErr.Err == nil && respErr.Reason == "status is not supported" {
			return fmt.Errorf("%s -> %d: response does not follow openapi.yaml: status %d is not declared", name, status, status)
		}
		return fmt.Errorf("%s -> %d: response does not follow openapi.yaml: %s", name, status, errorText(err))
	}
	return nil
}

// checkOpaque checks a response whose body is not JSON (a file, the YAML document, plain
// text): its status and content type must be declared.
func checkOpaque(op *openapi3.Operation, status int, header http.Header, body []byte) error {
	resp := op.Responses.Status(status)
	if resp == nil {
		resp = op.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return errors.New("status is not declared")
	}
	ct := header.Get("Content-Type")
	if len(resp.Value.Content) == 0 {
		if len(body) > 0 {
			return fmt.Errorf("a body (%s) where none is declared", ct)
		}
		return nil
	}
	if ct == "" {
		if len(body) == 0 {
			return nil
		}
		return errors.New("no Content-Type")
	}
	if resp.Value.Content.Get(ct) == nil {
		return fmt.Errorf("content type %q is not declared (declared: %s)", ct, strings.Join(slices.Sorted(maps.Keys(resp.Value.Content)), ", "))
	}
	return nil
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// errorText spells out kin-openapi's errors one problem a line.
func errorText(err error) string {
	var me openapi3.MultiError
	var reqErr *openapi3filter.RequestError
	var respErr *openapi3filter.ResponseError
	switch {
	case errors.As(err, &reqErr) && reqErr.Err != nil && errors.As(reqErr.Err, &me):
		var prefix string
		if p := reqErr.Parameter; p != nil {
			prefix = fmt.Sprintf("parameter %q in %s", p.Name, p.In)
		} else if reqErr.RequestBody != nil {
			prefix = "body"
		}
		if reqErr.Reason != "" {
			prefix += ": " + reqErr.Reason
		}
		return prefix + list(me)
	case errors.As(err, &respErr) && respErr.Err != nil && errors.As(respErr.Err, &me):
		return respErr.Reason + list(me)
	case errors.As(err, &me):
		return list(me)
	}
	return err.Error()
}

func list(me openapi3.MultiError) string {
	var b strings.Builder
	for _, e := range me {
		var inner openapi3.MultiError
		if errors.As(e, &inner) && len(inner) > 0 {
			b.WriteString(list(inner))
			continue
		}
		b.WriteString("\n  - ")
		b.WriteString(e.Error())
	}
	return b.String()
}

// schemaErrorText says where a value breaks the schema and why, without kin-openapi's
// dump of the whole schema.
func schemaErrorText(e *openapi3.SchemaError) string {
	at := ""
	if p := e.JSONPointer(); len(p) > 0 {
		at = "at /" + strings.Join(p, "/") + ": "
	}
	if e.Origin != nil {
		return at + e.Origin.Error()
	}
	reason := e.Reason
	switch {
	case e.SchemaField == "enum" && e.Schema != nil && len(e.Schema.Enum) > 12:
		reason = fmt.Sprintf("value is not one of the %d allowed values", len(e.Schema.Enum))
	case reason == "":
		reason = fmt.Sprintf("does not match %q", e.SchemaField)
	}
	switch val := e.Value.(type) {
	case string:
		if len(val) > 40 {
			val = val[:40] + "..."
		}
		return fmt.Sprintf("%s%s (got string %q)", at, reason, val)
	case float64, bool, nil:
		return fmt.Sprintf("%s%s (got %v)", at, reason, val)
	}
	return at + reason
}
